"""The images stage on real files: probe, plan and process, read back with Pillow and lxml."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, features

from brief.config import ImageOptions
from brief.images.plan import Picture, Rights, plan_picture
from brief.images.probe import Probe, probe
from brief.images.process import derive
from brief.images.xmp import NAMESPACES
from tests.photos import photo, picture

RIGHTS = Rights(
    creator='Jane "JD" Doe & <Sons>',
    credit_line="Jane Doe / Reuters & Co",
    copyright="© 2022 Jane Doe <all rights>",
    web_statement="https://creativecommons.org/licenses/by/4.0/",
    licensor_url="https://example.org/licence?a=1&b=2",
    source="Reuters",
)
NS = {**NAMESPACES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "x": "adobe:ns:meta/"}


def planned(path: Path, options: ImageOptions | None = None, social: bool = False) -> Picture:
    found = probe(path)
    assert isinstance(found, Probe), found
    return plan_picture("/media/" + path.name, found, options or ImageOptions(), RIGHTS, social)


def opened(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def test_each_width_below_the_photos_own_in_each_format_and_never_larger(tmp_path: Path) -> None:
    src = tmp_path / "street.jpg"
    src.write_bytes(photo(1000, 750))
    pic = planned(src)
    made = derive(src, pic)
    sizes = {path: (opened(data).format, opened(data).size) for path, data in made.items()}
    key = pic.key[:16]
    assert sizes == {
        "/media/street.jpg": ("JPEG", (1000, 750)),
        f"/media/street.{key}.480.webp": ("WEBP", (480, 360)),
        f"/media/street.{key}.800.webp": ("WEBP", (800, 600)),
        f"/media/street.{key}.1000.webp": ("WEBP", (1000, 750)),
        f"/media/street.{key}.480.jpg": ("JPEG", (480, 360)),
        f"/media/street.{key}.800.jpg": ("JPEG", (800, 600)),
        f"/media/street.{key}.1000.jpg": ("JPEG", (1000, 750)),
    }
    assert pic.src.width == 1000 and (pic.width, pic.height) == (1000, 750)


def test_a_photo_smaller_than_every_width_is_offered_at_its_own_size(tmp_path: Path) -> None:
    src = tmp_path / "icon.png"
    picture(300, 200).save(src)
    made = derive(src, planned(src))
    assert sorted(opened(d).size for d in made.values()) == [(300, 200)] * 3
    assert {opened(d).format for d in made.values()} == {"PNG", "WEBP"}


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow has no AVIF")
def test_avif_comes_first_when_asked_for(tmp_path: Path) -> None:
    src = tmp_path / "a.jpg"
    src.write_bytes(photo(900, 600))
    pic = planned(src, ImageOptions(widths=(480,), formats=("webp", "avif")))
    assert [s.type for s in pic.sets] == ["image/avif", "image/webp", "image/jpeg"]
    made = derive(src, pic)
    assert {opened(d).format for d in made.values()} == {"AVIF", "WEBP", "JPEG"}


def _xmp(data: bytes) -> etree._Element:
    im = opened(data)
    raw = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")
    assert raw, f"no XMP in the {im.format}"
    raw = raw.encode() if isinstance(raw, str) else raw
    start = raw.index(b"<x:xmpmeta")
    end = raw.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    return etree.fromstring(raw[start:end])


@pytest.mark.parametrize("name", ["photo.jpg", "chart.png", "still.webp"])
def test_every_derived_file_carries_the_credit_in_xmp_even_with_markup_in_it(
    tmp_path: Path, name: str
) -> None:
    src = tmp_path / name
    picture(700, 500).save(src)
    made = derive(src, planned(src, social=True))
    assert len(made) >= 5
    for data in made.values():
        root = _xmp(data)

        def text(path: str, root: etree._Element = root) -> list[str]:
            return [str(t) for t in root.xpath(path + "/text()", namespaces=NS)]

        assert text("//dc:creator/rdf:Seq/rdf:li") == [RIGHTS.creator]
        assert text("//dc:rights/rdf:Alt/rdf:li") == [RIGHTS.copyright]
        assert text("//photoshop:Credit") == [RIGHTS.credit_line]
        assert text("//photoshop:Source") == [RIGHTS.source]
        assert text("//xmpRights:WebStatement") == [RIGHTS.web_statement]
        assert text("//plus:Licensor/rdf:Seq/rdf:li/plus:LicensorURL") == [RIGHTS.licensor_url]


def test_gps_serial_numbers_and_the_rest_of_exif_are_gone_from_every_file(tmp_path: Path) -> None:
    src = tmp_path / "scene.jpg"
    src.write_bytes(photo(900, 600, gps=True))
    assert Image.open(src).getexif().get_ifd(0x8825)  # the source tells where it was taken
    made = derive(src, planned(src, social=True))
    for path, data in made.items():
        im = opened(data)
        assert dict(im.getexif()) == {}, path
        assert "exif" not in im.info, path
        for secret in (b"BODY-SERIAL", b"LENS-SERIAL", b"Artist Private", b"Exif\x00\x00"):
            assert secret not in data, (path, secret)


def test_the_orientation_is_applied_and_the_size_is_the_one_shown(tmp_path: Path) -> None:
    im = Image.new("RGB", (600, 300), (255, 255, 255))
    im.paste((255, 0, 0), (0, 0, 60, 60))  # a red corner at the top left as stored
    src = tmp_path / "turned.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise
    im.save(src, quality=95, exif=exif)
    pic = planned(src)
    assert (pic.width, pic.height) == (300, 600)
    for data in derive(src, pic).values():
        out = opened(data).convert("RGB")
        assert out.width * 2 == out.height
        # turned clockwise, the red corner is at the top right
        pixel = out.getpixel((out.width - 3, 3))
        assert isinstance(pixel, tuple) and pixel[0] > 200 and pixel[1] < 80, pixel


def test_a_cmyk_jpeg_and_a_16_bit_png_come_out_as_sRGB_and_8_bit(tmp_path: Path) -> None:
    cmyk = tmp_path / "print.jpg"
    picture(500, 400).convert("CMYK").save(cmyk, quality=90)
    deep = tmp_path / "scan.png"
    Image.linear_gradient("L").resize((500, 400)).convert("I").point(lambda v: v * 257).convert(
        "I;16"
    ).save(deep)
    assert Image.open(deep).mode.startswith("I")
    for src in (cmyk, deep):
        for data in derive(src, planned(src)).values():
            assert opened(data).mode in ("RGB", "L"), src


def test_the_social_card_is_a_1200_by_630_cut_of_a_large_photo(tmp_path: Path) -> None:
    src = tmp_path / "wide.jpg"
    src.write_bytes(photo(2000, 1500))
    pic = planned(src, social=True)
    assert pic.social is not None
    card = opened(derive(src, pic)[pic.social.path])
    assert (card.format, card.size) == ("JPEG", (1200, 630))


def test_the_social_card_of_a_small_photo_is_not_upscaled(tmp_path: Path) -> None:
    src = tmp_path / "small.jpg"
    src.write_bytes(photo(800, 800))
    pic = planned(src, social=True)
    assert pic.social is not None and (pic.social.width, pic.social.height) == (800, 420)
    assert opened(derive(src, pic)[pic.social.path]).size == (800, 420)


def test_the_same_source_and_settings_give_the_same_bytes(tmp_path: Path) -> None:
    src = tmp_path / "again.jpg"
    src.write_bytes(photo(1300, 900, seed=5))
    formats = ("webp", "avif") if features.check("avif") else ("webp",)
    pic = planned(src, ImageOptions(formats=formats), social=True)
    assert derive(src, pic) == derive(src, pic)


def test_the_names_change_with_the_bytes_settings_and_credit(tmp_path: Path) -> None:
    src = tmp_path / "n.jpg"
    src.write_bytes(photo(600, 400, seed=1))
    found = probe(src)
    assert isinstance(found, Probe)
    base = plan_picture("/media/n.jpg", found, ImageOptions(), RIGHTS).key
    src.write_bytes(photo(600, 400, seed=2))
    other = probe(src)
    assert isinstance(other, Probe)
    keys = {
        base,
        plan_picture("/media/n.jpg", other, ImageOptions(), RIGHTS).key,
        plan_picture("/media/n.jpg", found, ImageOptions(quality=60), RIGHTS).key,
        plan_picture("/media/n.jpg", found, ImageOptions(widths=(320,)), RIGHTS).key,
        plan_picture("/media/n.jpg", found, ImageOptions(), Rights(creator="Other")).key,
    }
    assert len(keys) == 5
    assert plan_picture("/media/n.jpg", found, ImageOptions(), RIGHTS).key == base


def test_an_animated_gif_is_probed_as_animated_and_published_as_its_first_frame(
    tmp_path: Path,
) -> None:
    src = tmp_path / "loop.gif"
    frames = [Image.new("RGB", (120, 80), c) for c in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    frames[0].save(src, save_all=True, append_images=frames[1:], duration=100, loop=0)
    found = probe(src)
    assert isinstance(found, Probe) and found.animated
    made = derive(src, planned(src))
    gif = opened(made["/media/loop.gif"])
    assert gif.format == "GIF" and not getattr(gif, "is_animated", False)
    assert {opened(d).format for p, d in made.items() if p != "/media/loop.gif"} == {"PNG", "WEBP"}


def test_the_colour_profile_is_kept_in_every_file(tmp_path: Path) -> None:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    src = tmp_path / "graded.jpg"
    picture(640, 480).save(src, quality=90, icc_profile=profile)
    made = derive(src, planned(src, social=True))
    assert {opened(d).info.get("icc_profile") == profile for d in made.values()} == {True}
