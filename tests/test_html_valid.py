"""Every page the bundled theme renders is valid HTML (Nu HTML checker) with a sound outline.

The bundled site is checked as built, and so is a small site whose article has a local image,
image credits, a credit under a notice of its own and the Markdown features news copy uses.
"""

from __future__ import annotations

import itertools
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from lxml import html

from tests.helpers import vnu
from tests.photos import write_photo_site

REPO = Path(__file__).resolve().parent.parent
SEED_PAGE = "2022/02/28/russia-makes-demands-for-ceasefire-in-ukraine/index.html"


def build(source: Path, out: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "build", "--source", str(source), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"build of {source} failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def png(width: int = 4, height: int = 3) -> bytes:
    """A small, valid RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x2a\x6f\xb0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


FIXTURE_ARTICLE = """\
---
title: Talks resume at the border
date: 2022-03-01 10:30
updated: 2022-03-02 08:00
summary: Delegations met again on Tuesday; a third round is planned.
author: Jane Doe
tags: [Ukraine, Diplomacy, Belarus]
image:
  src: photo.png
  alt: A blue square standing in for a photograph of the venue
  caption: The venue near the border
  credit: Jane Doe
  source: Example Agency
  source_url: https://agency.example/photos/1
  license: CC BY-SA 4.0
credits:
  - title: Map of the border region
    credit: Jane Doe
    license: permission
    notice: "© Jane Doe, used with permission"
  - title: Background reporting
    source: Example Wire
    source_url: https://wire.example/story
---
The delegations met again on Tuesday, the agency said.[^1] "We will talk," one delegate said --
and *no one* expected a result. See [the agency's report](https://agency.example/report).

## What was agreed

- humanitarian corridors
- a third round of talks

### Who attended

| Side | Delegation head |
|---|---|
| Ukraine | D. Arakhamia |
| Russia | V. Medinsky |

> Quoted from a statement.

Raw <b>HTML</b> is shown as text, and `code` is marked up.

---

~~Earlier reports~~ were corrected.

[^1]: Example Agency, 1 March 2022.
"""

SECOND_ARTICLE = """\
---
title: A second item
date: 2022-02-27
tags: [Ukraine]
---
A short item without image or credits.
"""


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(REPO, tmp_path_factory.mktemp("bundled") / "public")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fixture")
    (root / "site.yaml").write_text(
        "title: Fixture Brief\nbase_url: https://fixture.example/\ntimezone: UTC\n"
        'description: A test site.\ncopyright: "© Fixture Brief"\npaginate: 1\n'
        "publisher:\n  name: Fixture Media\n  url: https://fixture.example/about\n",
        encoding="utf-8",
    )
    (root / "content").mkdir()
    (root / "content" / "photo.png").write_bytes(png())
    (root / "content" / "x.md").write_text(FIXTURE_ARTICLE, encoding="utf-8")
    (root / "content" / "y.md").write_text(SECOND_ARTICLE, encoding="utf-8")
    out = build(root, root / "public")
    page = html.parse(str(out / "2022/03/01/talks-resume-at-the-border/index.html")).getroot()
    # the things this site exists to check are really on the page
    assert page.xpath("//figure/picture/source/@type") == ["image/webp"]
    assert [re.sub(r"\.[0-9a-f]{16}\.", ".KEY.", s) for s in page.xpath("//figure//img/@src")] == [
        "../../../../media/photo.KEY.4.png"
    ]
    assert (out / "media/photo.png").is_file()
    assert "© Jane Doe, used with permission" in page.text_content()
    assert page.cssselect(".footnotes") and page.cssselect(".body table")
    assert (out / "page/2/index.html").is_file()
    return out


def html_files(root: Path) -> list[Path]:
    files = sorted(root.rglob("*.html"))
    assert files, f"no HTML files under {root}"
    return files


def vnu_errors(files: list[Path]) -> list[str]:
    """Errors the Nu HTML checker finds in `files`, one readable line each."""
    return [
        f"{m.get('url', '?').removeprefix('file:')}:{m.get('lastLine', '?')}: "
        f"{m.get('type')}: {m.get('message')}\n    {m.get('extract', '').strip()}"
        for m in vnu(files)
    ]


def outline_problems(root: Path) -> list[str]:
    """Pages without exactly one h1, or whose heading levels skip (h2 to h4)."""
    problems = []
    for path in html_files(root):
        rel = path.relative_to(root).as_posix()
        doc = html.parse(str(path)).getroot()
        levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        if levels.count(1) != 1:
            problems.append(f"{rel}: {levels.count(1)} h1 elements")
        if levels and levels[0] != 1:
            problems.append(f"{rel}: first heading is h{levels[0]}")
        for before, after in itertools.pairwise(levels):
            if after > before + 1:
                problems.append(f"{rel}: heading level jumps from h{before} to h{after}")
    return problems


def test_bundled_site_is_valid_html(bundled: Path) -> None:
    files = html_files(bundled)
    assert bundled / SEED_PAGE in files and bundled / "404.html" in files
    errors = vnu_errors(files)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_fixture_site_with_image_and_credits_is_valid_html(fixture_site: Path) -> None:
    errors = vnu_errors(html_files(fixture_site))
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A desk's site: sections, authors, standalone pages, menus and photos."""
    root = tmp_path_factory.mktemp("desk")
    site = shutil.copytree(
        REPO / "tests" / "sites" / "newsroom", root / "site"
    )  # the cache stays out of the repo
    return build(site, root / "public")


def test_newsroom_site_is_valid_html(newsroom: Path) -> None:
    files = html_files(newsroom)
    kinds = {f.parent.relative_to(newsroom).parts[:1] for f in files}
    assert {("world",), ("authors",), ("about",)} <= kinds
    assert vnu_errors(files) == []
    assert outline_problems(newsroom) == []


def test_every_page_has_one_h1_and_no_skipped_heading_levels(
    bundled: Path, fixture_site: Path
) -> None:
    problems = outline_problems(bundled) + outline_problems(fixture_site)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_photo_site(tmp_path_factory.mktemp("photos") / "site")
    return build(root, root / "public")


def test_pages_with_processed_photos_are_valid_html(photo_site: Path) -> None:
    """`<picture>`, `srcset`, `sizes` and `loading` on the lead photo, the
    body's figure, the cards and the credits page's thumbnails, as the checker reads them."""
    article = photo_site / "2022/03/01/talks-resume-at-the-border/index.html"
    page = html.parse(str(article)).getroot()
    lead = page.xpath("//figure[@class='lead-image']//img")
    assert len(lead) == 1 and "loading" not in lead[0].attrib
    assert len(page.xpath("//figure[@class='body-figure']//img[@loading='lazy']")) == 1
    assert vnu_errors(html_files(photo_site)) == []
