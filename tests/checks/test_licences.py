"""licence-nc-nd: NC and ND licences on a site that does not say it is non-commercial."""

from __future__ import annotations

import dataclasses

import pytest

from brief.checks.licences import check_licences, non_commercial
from brief.config import load_config
from tests.checks.kit import articles
from tests.helpers import Site, article

IMAGE = """
  src: https://example.org/photo.jpg
  alt: A photo
  credit: Jane Roe
  license: {licence}"""
CREDITS = """
  - title: A map
    credit: Map Makers
    license: CC BY-SA 4.0
  - title: A chart
    notice: © Chart Desk
  -   license: CC BY-NC-ND 3.0
      credit: Anon"""


@pytest.mark.parametrize(
    ("copyright", "commercial"),
    [
        ("© Test Media Ltd", True),
        ("", True),
        ("© A student paper, non-commercial", False),
        ("Text under CC BY-NC-SA 4.0", False),
        ("https://creativecommons.org/licenses/by-nc/4.0/", False),
        ("Noncommercial use only", False),
        ("CC BY-SA 4.0", True),
    ],
)
def test_what_counts_as_commercial(site: Site, copyright: str, commercial: bool) -> None:
    config = dataclasses.replace(load_config(site.root), copyright=copyright)
    assert non_commercial(config) is not commercial


def test_nc_and_nd_are_warned_at_their_licence_line(site: Site) -> None:
    site.write("content/a.md", article(title="A", image=IMAGE.format(licence="CC BY-NC 4.0")))
    site.write("content/b.md", article(title="B", image=IMAGE.format(licence="CC BY 4.0")))
    site.write("content/c.md", article(title="C", credits=CREDITS))
    site.write(
        "content/d.md",
        article(
            title="D",
            image="{src: 'https://example.org/x.jpg', alt: X, license: CC BY-ND 4.0}",
        ),
    )
    config, found = articles(site)
    tail = "and this site's copyright does not say it is non-commercial; check the terms or get permission"
    assert [p.format() for p in check_licences(found, config)] == [
        f"content/a.md:8:3: warning: the image is licensed CC BY-NC 4.0, which does not allow "
        f"commercial use, {tail}",
        f"content/c.md:10:7: warning: credit 3 is licensed CC BY-NC-ND 3.0, which allows "
        f"neither commercial use nor adapted versions, {tail}",
        f"content/d.md:4:1: warning: the image is licensed CC BY-ND 4.0, which does not allow "
        f"adapted versions (a crop or an overlaid caption may be one), {tail}",
    ]
    free = dataclasses.replace(config, copyright="© A non-commercial blog")
    assert list(check_licences(found, free)) == []
