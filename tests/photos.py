"""Photo-like test images made with Pillow, deterministically from a seed: smooth colour
fields with grain, so they compress like photos, and EXIF (GPS, serial numbers,
orientation) when asked for."""

from __future__ import annotations

import io
import random

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
