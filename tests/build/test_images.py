"""Photos through whole builds: what is published, what pages say of it, and the cache
that makes each photo once (by its bytes, not its mtime)."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from PIL import Image

from brief.build import build
from brief.config import load_config
from tests.helpers import Site, article, tree
from tests.photos import photo

LEAD = """
  src: photos/kyiv.jpg
  alt: A street in Kyiv at dusk
  caption: Kyiv at dusk
  credit: Jane Doe
  source: Reuters
  source_url: https://example.org/photos/1
  license: CC BY 4.0"""
BODY = '![A crowd in the square](photos/crowd.jpg "The square at noon")\n\nMore text.'


def photo_site(site: Site) -> Site:
    site.write("content/photos/kyiv.jpg", photo(2000, 1333, seed=1, gps=True))
    site.write("content/photos/crowd.jpg", photo(900, 600, seed=2, gps=True, orientation=6))
    site.write("content/photos/other.jpg", photo(640, 480, seed=3))
    site.write("content/a.md", article(image=LEAD, body=BODY))
    site.write(
        "content/b.md",
        article(
            title="Other",
            date="2022-03-01",
            image="\n  src: photos/other.jpg\n  alt: A field\n  license: CC0 1.0",
        ),
    )
    return site


def media(site: Site) -> list[str]:
    return sorted(p for p in tree(site.public) if p.startswith("media/"))


def test_the_lead_and_body_photos_are_published_in_each_width_and_format(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    photo_site(site)
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    assert "processed 3 images (" in result.out
    files = media(site)
    kyiv = [f for f in files if f.startswith("media/photos/kyiv")]
    assert [re.sub(r"\.[0-9a-f]{16}\.", ".KEY.", f) for f in kyiv] == [
        "media/photos/kyiv.KEY.1200.jpg",
        "media/photos/kyiv.KEY.1200.webp",
        "media/photos/kyiv.KEY.1600.jpg",
        "media/photos/kyiv.KEY.1600.webp",
        "media/photos/kyiv.KEY.480.jpg",
        "media/photos/kyiv.KEY.480.webp",
        "media/photos/kyiv.KEY.800.jpg",
        "media/photos/kyiv.KEY.800.webp",
        "media/photos/kyiv.KEY.social.jpg",
        "media/photos/kyiv.jpg",
    ]
    for f in files:
        width = Image.open(site.public / f).width
        named = re.search(r"\.(\d+)\.\w+$", f)
        if named:
            assert width == int(named.group(1)), f
    # the body photo is shown turned (EXIF orientation 6): 600 x 900, never upscaled
    crowd = sorted(Image.open(site.public / f).size for f in files if "crowd" in f)
    assert crowd == [(480, 720)] * 2 + [(600, 900)] * 3


def test_no_published_file_tells_where_a_photo_was_taken(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    photo_site(site)
    assert site.build(capsys=capsys).code == 0
    for rel, data in tree(site.public).items():
        if rel.startswith("media/"):
            im = Image.open(site.public / rel)
            assert dict(im.getexif()) == {}, rel
        for secret in (b"BODY-SERIAL-4711", b"LENS-SERIAL-0815", b"Artist Private Name"):
            assert secret not in data, (rel, secret)


def test_pages_show_pictures_with_sizes_and_the_first_photo_loaded_at_once(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    photo_site(site)
    assert site.build(capsys=capsys).code == 0
    page = site.page("2022/02/28/hello/index.html")
    lead = re.search(r'<figure class="lead-image">\s*(<picture>.*?</picture>)', page, re.S)
    assert lead, page
    assert '<source type="image/webp" srcset="../../../../media/photos/kyiv.' in lead.group(1)
    assert " 480w, " in lead.group(1) and ' 1600w"' in lead.group(1)
    img = re.search(r"<img [^>]*>", lead.group(1))
    assert img
    tag = img.group(0)
    assert 'width="2000" height="1333"' in tag
    assert 'loading="lazy"' not in tag and 'decoding="async"' in tag
    assert re.search(r'src="[^"]+\.1200\.jpg"', tag)
    body = page.split('<div class="body">', 1)[1]
    figure = re.search(r'<figure class="body-figure"><picture>.*?</picture>', body, re.S)
    assert figure, body
    assert 'width="600" height="900"' in figure.group(0)
    assert 'alt="A crowd in the square" loading="lazy" decoding="async"' in figure.group(0)
    # every <img> of every page is sized
    for rel, data in tree(site.public).items():
        if rel.endswith(".html"):
            for tag in re.findall(rb"<img [^>]*>", data):
                assert b' width="' in tag and b' height="' in tag, (rel, tag)
    home = site.page("index.html")
    first, second = re.findall(r"<picture>.*?</picture>", home, re.S)[:2]
    assert 'loading="lazy"' in second
    assert 'loading="lazy"' not in first


def test_og_image_is_the_social_card_with_its_size(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    photo_site(site)
    assert site.build(capsys=capsys).code == 0
    page = site.page("2022/02/28/hello/index.html")
    found = re.search(
        r'<meta property="og:image" content="https://news.example.org/(media/[^"]+)">', page
    )
    assert found, page
    assert Image.open(site.public / found.group(1)).size == (1200, 630)
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert (
        f'<meta name="twitter:image" content="https://news.example.org/{found.group(1)}">' in page
    )
    # a smaller photo gets a smaller card, of the same shape
    other = site.page("2022/03/01/other/index.html")
    assert '<meta property="og:image:width" content="640">' in other
    assert '<meta property="og:image:height" content="336">' in other


def test_a_site_default_image_is_the_card_of_pages_without_a_photo(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write(
        "site.yaml", site.root.joinpath("site.yaml").read_text() + "images:\n  default: /card.png\n"
    )
    site.write("content/a.md", article())
    assert site.build(capsys=capsys).code == 0
    page = site.page("2022/02/28/hello/index.html")
    assert '<meta property="og:image" content="https://news.example.org/card.png">' in page


def _build(site: Site) -> tuple[int, int]:
    report = build(load_config(site.root))
    return report.images.images, report.images.files


def test_a_rebuild_processes_no_photo_and_one_changed_photo_processes_one(
    site: Site,
) -> None:
    photo_site(site)
    assert _build(site)[0] == 3
    site.write("content/a.md", article(image=LEAD, body=BODY + "\n\nAn edit."))
    assert _build(site) == (0, 0)
    site.write("content/photos/crowd.jpg", photo(900, 600, seed=9))
    assert _build(site)[0] == 1
    clean = site.root.parent / "clean"
    shutil.copytree(site.root, clean, ignore=shutil.ignore_patterns("public", ".brief"))
    build(load_config(clean))
    assert tree(clean / "public") == tree(site.public)


def test_a_fresh_checkout_with_the_cache_restored_processes_no_photo(site: Site) -> None:
    photo_site(site)
    assert _build(site)[0] == 3
    checkout = site.root.parent / "checkout"
    shutil.copytree(site.root, checkout, ignore=shutil.ignore_patterns("public"))
    later = os.stat(checkout / "site.yaml").st_mtime + 3600
    for path in checkout.rglob("*"):
        os.utime(path, (later, later))  # a checkout: every file new
    fresh = Site(checkout)
    assert _build(fresh) == (0, 0)
    assert tree(fresh.public) == tree(site.public)


def test_the_report_says_what_was_processed(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    photo_site(site)
    result = site.build(capsys=capsys)
    assert re.search(r", processed 3 images \(\d+ files\) in \d+\.\d s[,)]", result.out), result.out
    site.write("content/a.md", article(image=LEAD, body=BODY + " More."))
    again = site.build(capsys=capsys)
    assert again.code == 0 and "processed" not in again.out


def test_an_svg_is_published_as_it_is(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>'
    site.write("content/map.svg", svg)
    site.write("content/a.md", article(body="![A map](map.svg)"))
    assert site.build(capsys=capsys).code == 0
    assert media(site) == ["media/map.svg"]
    assert (site.public / "media/map.svg").read_bytes() == svg
