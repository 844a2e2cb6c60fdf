"""Body images that try to publish what is not the site's: a symlink out of content/, a
symlinked folder, a secret beside the site. Each is refused at its place, nothing is copied,
and the previous output stays as it was (the conftest checks nothing else was written)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.helpers import PNG_BYTES, Run, Site, article, tree
from tests.hostile.battery import good_build

OUTSIDE = (
    "error: image '{}' lies outside content/; put the file next to the article or under content/"
)


def _refused(site: Site, result: Run, before: dict[str, bytes], *lines: str) -> None:
    """Exit 1 with exactly these errors (the listing also warns of each symlink), and the
    previous output as it was."""
    assert result.code == 1, result.err
    assert [line for line in result.err.splitlines() if ": error: " in line] == list(lines)
    assert tree(site.public) == before
    assert not any(b"SECRET" in data for data in tree(site.public).values())


@pytest.fixture
def secret(site: Site) -> Path:
    path = site.root.parent / "secret.png"
    path.write_bytes(PNG_BYTES + b"SECRET")
    return path


def test_a_symlinked_image_leading_out_of_content_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], secret: Path
) -> None:
    before = good_build(site, capsys)
    (site.root / "content" / "photo.png").symlink_to(secret)
    (site.root / "content" / "passwd.png").symlink_to("/etc/passwd")
    site.write("content/a.md", article(body="![A photo](photo.png) ![Users](/passwd.png)"))
    _refused(
        site,
        site.build(capsys=capsys),
        before,
        "content/a.md:5:12: " + OUTSIDE.format("photo.png"),
        "content/a.md:5:32: " + OUTSIDE.format("/passwd.png"),
    )


def test_an_image_in_a_symlinked_folder_out_of_content_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], secret: Path
) -> None:
    before = good_build(site, capsys)
    os.symlink(secret.parent, site.root / "content" / "shared")
    site.write("content/a.md", article(body=f"![A photo](shared/{secret.name})"))
    _refused(
        site,
        site.build(capsys=capsys),
        before,
        "content/a.md:5:12: " + OUTSIDE.format(f"shared/{secret.name}"),
    )


def test_a_symlink_inside_content_is_published_under_its_target(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link that stays inside content/ is the site's own choice: the file it leads to is
    published, once, under its own path."""
    site.write("content/images/map.png", PNG_BYTES)
    (site.root / "content" / "map.png").symlink_to("images/map.png")
    site.write("content/a.md", article(body="![A map](map.png) ![Again](images/map.png)"))
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    published = sorted(p for p in tree(site.public) if p.startswith("media/"))
    assert [re.sub(r"\.[0-9a-f]{16}\.", ".KEY.", p) for p in published] == [
        "media/images/map.KEY.1.png",
        "media/images/map.KEY.1.webp",
        "media/images/map.png",
    ]
