"""Photos that are not what they seem: cut short, a decompression bomb, a web page saved
as `.jpg`, a strip 50,000 px long; and the odd but real ones (CMYK, 16-bit, animated).
Each is a clear message at the line that references it, never a traceback or a hang, and a
refused build leaves the previous output as it was. Every fixture is made here, with Pillow.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.helpers import Site, article, tree
from tests.hostile.battery import assert_refused, good_build
from tests.photos import photo, picture

LEAD = "\n  src: {name}\n  alt: A photo\n  license: CC0 1.0"
"""The lead image's `src:` is on line 4 of the file, its value at column 8."""


def _bomb() -> bytes:
    buf = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buf, "PNG")  # 100 MP in a few kilobytes
    return buf.getvalue()


def _strip() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (1, 50_000), 128).save(buf, "PNG")
    return buf.getvalue()


HTML = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head></html>\n"
REFUSED = {
    "bomb.png": (
        _bomb(),
        "image 'bomb.png' has more than 64 million pixels (a decompression bomb, or a scan "
        "far larger than a page shows); make it smaller, e.g. 4000 px wide, before "
        "publishing it",
    ),
    "page.jpg": (
        HTML,
        "image 'page.jpg' is an HTML page, not an image (a download that failed?); save the "
        "photo itself (JPEG, PNG, WebP) under this name",
    ),
    "strip.png": (
        _strip(),
        "image 'strip.png' is 1 x 50000 px; a side longer than 16383 px cannot be "
        "published (WebP's limit); crop it or make it smaller",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_lead_image_that_cannot_be_published_is_refused_at_its_src(
    site: Site, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    before = good_build(site, capsys)
    data, message = REFUSED[name]
    site.write(f"content/{name}", data)
    site.write("content/a.md", article(image=LEAD.format(name=name)))
    assert_refused(site, site.build(capsys=capsys), before, f"content/a.md:5:8: error: {message}")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_body_image_that_cannot_be_published_is_refused_at_its_path(
    site: Site, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    before = good_build(site, capsys)
    data, message = REFUSED[name]
    site.write(f"content/{name}", data)
    site.write("content/a.md", article(body=f"Text.\n\n![A photo]({name})"))
    assert_refused(site, site.build(capsys=capsys), before, f"content/a.md:7:12: error: {message}")


def test_a_photo_cut_short_is_refused_at_its_line_when_it_is_decoded(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    before = good_build(site, capsys)
    whole = photo(800, 600)
    site.write("content/cut.jpg", whole[: len(whole) // 2])
    site.write("content/a.md", article(image=LEAD.format(name="cut.jpg")))
    result = site.build(capsys=capsys)
    assert result.code == 1 and result.out == "", result
    lines = result.err.splitlines()
    assert lines[0].startswith("content/a.md:5: error: image 'cut.jpg' cannot be decoded ("), lines
    assert lines[0].endswith(
        "); the file is damaged or cut short: export it again from the original"
    )
    assert lines[1:] == ["brief: build failed: 1 error"]
    assert "Traceback" not in result.err
    assert tree(site.public) == before


def test_a_refused_photo_is_refused_by_the_command_too_without_a_traceback(site: Site) -> None:
    site.write("content/page.jpg", HTML)
    site.write("content/a.md", article(image=LEAD.format(name="page.jpg")))
    result = site.run("build", "--source", str(site.root))
    assert result.code == 1
    assert "Traceback" not in result.err and "page.jpg' is an HTML page" in result.err


def test_cmyk_and_16_bit_photos_are_published_as_srgb_and_8_bit(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    buf = io.BytesIO()
    picture(640, 480).convert("CMYK").save(buf, "JPEG", quality=90)
    site.write("content/print.jpg", buf.getvalue())
    deep = io.BytesIO()
    Image.linear_gradient("L").resize((300, 200)).convert("I").point(lambda v: v * 257).convert(
        "I;16"
    ).save(deep, "PNG")
    site.write("content/scan.png", deep.getvalue())
    site.write(
        "content/a.md", article(image=LEAD.format(name="print.jpg"), body="![A scan](scan.png)")
    )
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    published = [p for p in tree(site.public) if p.startswith("media/")]
    assert len(published) > 6
    for rel in published:
        assert Image.open(site.public / rel).mode in ("RGB", "L"), rel


def test_an_animated_gif_is_a_warning_and_shows_its_first_frame(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    frames = [Image.new("RGB", (90, 60), c) for c in ((200, 0, 0), (0, 200, 0))]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0)
    site.write("content/loop.gif", buf.getvalue())
    site.write("content/a.md", article(body="Text.\n\n![A loop](loop.gif)"))
    result = site.build(capsys=capsys)
    assert result.code == 0
    assert result.err == (
        "content/a.md:7:11: warning: image 'loop.gif' is animated; brief publishes its first "
        "frame as a still (a moving picture belongs in a video file)\n"
    )
    gif = Image.open(site.public / "media/loop.gif")
    assert not getattr(gif, "is_animated", False)
