"""The credits page, `/credits/`: every credit of the site by its terms, each work once,
with links to the articles that use it, read back from the built page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import html

from brief.build.gather import gather
from brief.config import load_config
from brief.site.credits import group_of
from tests.helpers import PNG_BYTES, REPO, Site, article

PAGE = "credits/index.html"


def _groups(doc: html.HtmlElement) -> dict[str, list[tuple[str, list[str]]]]:
    """Heading id -> (credit line, headlines that use it) of each entry, in order."""
    found = {}
    for section in doc.cssselect(".credit-group"):
        heading = section.cssselect("h2")[0]
        found[heading.get("id")] = [
            (
                " ".join(li.cssselect(".credit")[0].text_content().split()),
                [a.text_content() for a in li.cssselect(".credit-uses a")],
            )
            for li in section.cssselect(".credit-entry")
        ]
    return found


def _resolves(site: Site, href: str) -> bool:
    """Whether a link of the credits page leads to a built file."""
    target = urljoin("https://x.example/credits/", href)
    path = target.removeprefix("https://x.example/").split("#")[0]
    rel = path + "index.html" if path.endswith("/") or not path else path
    return (site.public / rel).is_file()


def test_every_credit_of_the_newsroom_once_per_group_with_working_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "desk"
    shutil.copytree(
        REPO / "tests/sites/newsroom", root, ignore=shutil.ignore_patterns(".brief", "public")
    )
    desk = Site(root)
    assert desk.build(capsys=capsys).code == 0
    doc = html.fromstring(desk.page(PAGE))
    groups = _groups(doc)

    # What the site credits, from the plan: each published article's attributions.
    site = gather(load_config(root))
    assert site.edition is not None
    expected: dict[str, dict[str, set[str]]] = {}
    for a in (*site.edition.articles, *site.edition.pages):
        for credit in a.attributions:
            uses = expected.setdefault(f"licence-{group_of(credit)}", {})
            uses.setdefault(credit.license.id if credit.license else "", set()).add(a.title)
    assert (
        set(groups)
        == set(expected)
        == {
            "licence-by",
            "licence-by-sa",
            "licence-public-domain",
        }
    )
    for group, entries in groups.items():
        lines = [line for line, _ in entries]
        assert len(lines) == len(set(lines)), f"{group} lists a work twice: {lines}"
        assert {t for _, titles in entries for t in titles} == set().union(
            *expected[group].values()
        )
    assert groups["licence-by"] == [
        ("Image by The Desk, licensed under CC BY 4.0.", ["Airspace closed to civilian flights"])
    ]
    assert groups["licence-public-domain"] == [
        (
            "The crossing where the delegations met by The Desk, dedicated to the public "
            "domain (CC0 1.0).",
            ["Talks open at the border"],
        )
    ]
    # every link leads somewhere: articles and images built, licences to their deeds
    main = doc.cssselect("main")[0]
    local = [a.get("href") for a in main.iter("a") if not a.get("href").startswith("http")]
    assert local and all(_resolves(desk, h) for h in local), local
    for anchor in (h for h in local if h.startswith("#")):
        assert doc.get_element_by_id(anchor[1:]) is not None
    deeds = [a.get("href") for a in main.cssselect("a[rel=license]")]
    assert deeds == [
        "https://creativecommons.org/licenses/by/4.0/",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ]
    images = [img.get("src") for img in main.iter("img")]
    assert len(images) == 3 and all(_resolves(desk, src) for src in images)
    footer = [a.get("href") for a in doc.cssselect(".footer-nav a")]
    assert "./" in footer  # the newsroom's menu names credits; here it is this page


CREDITS = """\
credits:
  - title: Map of the region
    credit: OpenStreetMap contributors
    source: OpenStreetMap
    source_url: https://www.openstreetmap.org/
    license: CC BY-SA 2.0
  - title: Wire photo
    credit: AP
    license: all-rights-reserved
    notice: "© AP. All rights reserved."
  - title: Family letter
    credit: The family
    license: permission
    notice: "Used with permission of the family"
  - title: Old map
    license: PDM 1.0
  - title: Chart
    credit: Bob
    license: CC0 1.0
  - title: Quote
    source: Wire
    notice: "Courtesy of Wire"
  - title: Background
    source: Some Wire
  - title: Poster
    credit: Studio
    license: CC BY-NC-ND 4.0"""


def test_a_work_used_twice_is_one_entry_and_groups_follow_the_terms(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/lead.png", PNG_BYTES)
    site.write("content/other.png", PNG_BYTES + b"x")
    lead = "{src: lead.png, alt: A lead, credit: Jane, license: CC BY 4.0}"
    site.write("content/a.md", article("First use", "2022-02-01", image=lead))
    site.write("content/b.md", article("Second use", "2022-02-02", image=lead))
    other = "{src: other.png, alt: Another, credit: Jane, license: CC BY 4.0}"
    site.write("content/c.md", article("Same credit, other photo", "2022-02-03", image=other))
    site.write("content/d.md", f"---\ntitle: Many terms\ndate: 2022-02-04\n{CREDITS}\n---\nText.\n")
    site.write("content/e.md", f"---\ntitle: Map again\ndate: 2022-02-05\n{CREDITS}\n---\nText.\n")
    assert site.build(capsys=capsys).code == 0
    doc = html.fromstring(site.page(PAGE))
    groups = _groups(doc)
    assert list(groups) == [
        "licence-by",
        "licence-by-sa",
        "licence-by-nc-nd",
        "licence-public-domain",
        "licence-permission",
        "licence-all-rights-reserved",
        "licence-notice",
        "licence-unstated",
    ]
    assert [uses for _, uses in groups["licence-by"]] == [
        ["Second use", "First use"],  # one photo, both articles (newest first)
        ["Same credit, other photo"],
    ]
    assert groups["licence-by-sa"] == [
        (
            "Map of the region by OpenStreetMap contributors, OpenStreetMap, licensed under "
            "CC BY-SA 2.0.",
            ["Map again", "Many terms"],
        )
    ]
    assert [line for line, _ in groups["licence-public-domain"]] == [
        "Chart by Bob, dedicated to the public domain (CC0 1.0).",
        "Old map, in the public domain.",
    ]
    assert (
        groups["licence-all-rights-reserved"][0][0]
        == "Wire photo by AP. © AP. All rights reserved."
    )
    assert groups["licence-notice"][0][0] == "Quote, Wire. Courtesy of Wire"
    assert groups["licence-unstated"][0][0] == "Background, Some Wire."
    headings = [h.text_content() for h in doc.cssselect(".credit-group h2")]
    assert headings[:2] == ["Attribution (CC BY)", "Attribution-ShareAlike (CC BY-SA)"]
    assert headings[3] == "Public domain (CC0 and the Public Domain Mark)"
    assert [a.text_content() for a in doc.cssselect(".credit-groups a")] == headings
    thumbs = [img.get("src") for img in doc.cssselect(".credit-thumb img")]
    assert [re.sub(r"\.[0-9a-f]{16}\.", ".KEY.", t) for t in thumbs] == [
        "../media/lead.KEY.1.png",
        "../media/other.KEY.1.png",
    ]
    footer = [a.text_content() for a in doc.cssselect(".footer-nav a")]
    assert footer[-2:] == ["Archive", "Credits"]


def test_a_site_without_credits_says_so_and_has_no_link(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    assert site.build(capsys=capsys).code == 0
    doc = html.fromstring(site.page(PAGE))
    assert doc.cssselect(".empty")[0].text == "Nothing on this site needs a credit yet."
    front = html.fromstring(site.page("index.html"))
    assert "Credits" not in [a.text_content() for a in front.cssselect(".footer-nav a")]


def test_a_big_sites_credits_are_on_pages_of_two_hundred(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    many = "".join(
        f"  - {{title: Photo {n:03d}, credit: Agency, license: CC BY 4.0}}\n" for n in range(210)
    )
    site.write("content/a.md", f"---\ntitle: Many\ndate: 2022-02-01\ncredits:\n{many}---\nText.\n")
    pd = "{title: Old map, license: PDM 1.0}"
    site.write("content/b.md", article("Map", "2022-02-02", credits=f"[{pd}]"))
    assert site.build(capsys=capsys).code == 0
    first = html.fromstring(site.page(PAGE))
    second = html.fromstring(site.page("credits/page/2/index.html"))
    assert [len(e) for e in _groups(first).values()] == [200]
    assert {k: len(e) for k, e in _groups(second).items()} == {
        "licence-by": 10,
        "licence-public-domain": 1,
    }
    lines = [line for doc in (first, second) for e in _groups(doc).values() for line, _ in e]
    assert len(lines) == len(set(lines)) == 211
    # every page lists every group, linking where its list begins
    assert [a.get("href") for a in second.cssselect(".credit-groups a")] == [
        "../../#licence-by",
        "#licence-public-domain",
    ]
    assert [s.text for s in first.cssselect(".credit-count")] == ["210 works", "1 work"]
    assert second.cssselect("title")[0].text == "Credits, page 2 – Test Brief"
    assert [a.get("href") for a in first.cssselect(".pagination a")] == ["page/2/"]
