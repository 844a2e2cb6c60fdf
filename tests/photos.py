"""Photo-like test images made with Pillow, deterministically from a seed: smooth colour
fields with grain, so they compress like photos, and EXIF (GPS, serial numbers,
orientation) when asked for."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image
from PIL.ExifTags import IFD

GPS = {1: "N", 2: (50.0, 27.0, 1.5), 3: "E", 4: (30.0, 31.0, 22.0)}
"""Kyiv, as a camera writes it into GPSInfo."""
SERIALS = {0xA431: "BODY-SERIAL-4711", 0xA435: "LENS-SERIAL-0815"}
"""BodySerialNumber and LensSerialNumber in the Exif IFD."""


def picture(width: int, height: int, seed: int = 0) -> Image.Image:
    """An RGB image of `width` x `height` that looks, to an encoder, like a photo."""
    rnd = random.Random(seed)
    field = Image.frombytes("RGB", (8, 6), rnd.randbytes(8 * 6 * 3))
    field = field.resize((width, height), Image.Resampling.BICUBIC)
    gw, gh = max(1, width // 2), max(1, height // 2)
    grain = Image.frombytes("L", (gw, gh), rnd.randbytes(gw * gh)).resize((width, height))
    return Image.blend(field, Image.merge("RGB", (grain, grain, grain)), 0.12)


def photo(
    width: int = 640,
    height: int = 427,
    seed: int = 0,
    *,
    fmt: str = "JPEG",
    gps: bool = False,
    orientation: int | None = None,
    quality: int = 88,
) -> bytes:
    """The bytes of a photo file; with `gps`, EXIF with a GPS position, the camera's and
    the lens's serial numbers and a maker's note of an owner."""
    im = picture(width, height, seed)
    exif = Image.Exif()
    if gps:
        exif.get_ifd(IFD.GPSInfo).update(GPS)
        exif.get_ifd(IFD.Exif).update(SERIALS)
        exif[0x013B] = "Artist Private Name"
    if orientation is not None:
        exif[0x0112] = orientation
    buf = io.BytesIO()
    options: dict[str, object] = {"exif": exif} if len(exif) or gps else {}
    if fmt == "JPEG":
        options["quality"] = quality
    im.save(buf, fmt, **options)
    return buf.getvalue()


PHOTO_ARTICLE = """\
---
title: Talks resume at the border
date: 2022-03-01 10:30
summary: Delegations met again on Tuesday; a third round is planned.
author: Jane Doe
tags: [Ukraine, Diplomacy]
image:
  src: photos/venue.jpg
  alt: The conference hall near the border, before the delegations arrived
  caption: The venue near the border
  credit: Jane Doe
  source: Example Agency
  source_url: https://agency.example/photos/1
  license: CC BY-SA 4.0
figures:
  photos/table.jpg:
    credit: Sam Roe
    license: CC BY 4.0
---
The delegations met again on Tuesday, the agency said. Both sides brought new proposals,
and the talks ran late into the evening.

![Delegates seated at a long table](photos/table.jpg "The delegations at the table")

A third round is planned for next week, the agency said; no date has been set.
"""


def write_photo_site(root: Path) -> Path:
    """A small site whose stories lead with photos (generated, photo-like JPEGs), one with a
    captioned, credited photo in its body: the site processed photos are checked on."""
    (root / "content" / "photos").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(
        "title: Photo Desk\nbase_url: https://photos.example/\ntimezone: UTC\n"
        'description: Stories told in photos.\ncopyright: "© Photo Desk"\npaginate: 6\n',
        encoding="utf-8",
    )
    (root / "content" / "photos" / "venue.jpg").write_bytes(photo(2400, 1600, seed=11))
    (root / "content" / "photos" / "table.jpg").write_bytes(photo(1600, 1067, seed=12, gps=True))
    (root / "content" / "talks.md").write_text(PHOTO_ARTICLE, encoding="utf-8")
    for i in range(5):
        name = f"story{i}.jpg"
        (root / "content" / "photos" / name).write_bytes(photo(1200, 800, seed=20 + i))
        (root / "content" / f"story-{i}.md").write_text(
            f"---\ntitle: Story {i} from the region\ndate: 2022-02-2{i} 09:00\n"
            f"summary: What happened on day {i}.\ntags: [Ukraine]\n"
            f"image:\n  src: photos/{name}\n  alt: ''\n  credit: Sam Roe\n  license: CC0 1.0\n"
            f"---\nThe story of day {i}.\n",
            encoding="utf-8",
        )
    return root
