"""Reading an image file safely, once, when the article that shows it is parsed.

A probe opens the file with Pillow (which reads the header only), refuses what cannot be
published (not an image, a decompression bomb, a side too long for WebP) with a message that
says how to fix it, and digests the bytes: the digest, not the file's mtime, names and caches
every file derived from it, so a fresh checkout with `.brief/` restored makes nothing again.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 64_000_000
"""The most pixels brief decodes (a 64 MP photo, 9800 x 6500, bigger than any news camera
gives): decoded, it takes about 200 MB; a file that claims more is a decompression bomb, or
a scan to be made smaller before it is published."""
MAX_SIDE = 16_383
"""The longest side brief accepts: WebP's limit, and far past any screen (a 1 x 50,000
strip is refused, not resized to nothing)."""
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
"""Files brief resizes; an SVG is published as it is."""
FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
"""Pillow's format names brief reads, and how brief calls them."""

Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # deliberately: Pillow's own default is 89 MP


@dataclass(frozen=True)
class Probe:
    """What an image file is, as far as planning its derived files needs."""

    width: int
    """As shown: after its EXIF orientation is applied."""
    height: int
    format: str
    """`jpeg`, `png`, `gif`, `webp` or `avif`."""
    digest: str
    """Of the file's bytes."""
    animated: bool = False


def is_raster(path: Path | str) -> bool:
    return str(path).lower().endswith(RASTER_SUFFIXES)


def probe(path: Path) -> Probe | str:
    """The probe of the image file at `path`, or why it cannot be published (a message)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"image '{path.name}' cannot be read ({exc.strerror or exc})"
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                kind = FORMATS.get(im.format or "")
                width, height = im.size
                turned = _orientation(im, kind) in (5, 6, 7, 8)
                animated = bool(getattr(im, "is_animated", False))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _too_big(path)
    except UnidentifiedImageError:
        if data[:256].lstrip().lower().startswith((b"<!doctype", b"<html", b"<")):
            return (
                f"image '{path.name}' is an HTML page, not an image (a download that "
                "failed?); save the photo itself (JPEG, PNG, WebP) under this name"
            )
        return (
            f"image '{path.name}' is not an image brief can read; save it as JPEG, PNG, "
            "WebP, GIF or AVIF"
        )
    except (OSError, ValueError, SyntaxError) as exc:  # a header too damaged to read
        return f"image '{path.name}' is damaged ({exc}); export it again from the original"
    if kind is None:
        return (
            f"image '{path.name}' is a {im.format} file; brief publishes JPEG, PNG, GIF, "
            "WebP and AVIF: convert it to JPEG or PNG"
        )
    if width * height > MAX_PIXELS:
        return _too_big(path)
    if max(width, height) > MAX_SIDE:
        return (
            f"image '{path.name}' is {width} x {height} px; a side longer than {MAX_SIDE} px "
            "cannot be published (WebP's limit); crop it or make it smaller"
        )
    if turned:
        width, height = height, width
    return Probe(width, height, kind, digest, animated)


def _too_big(path: Path) -> str:
    return (
        f"image '{path.name}' has more than {MAX_PIXELS // 1_000_000} million pixels (a "
        "decompression bomb, or a scan far larger than a page shows); make it smaller, "
        "e.g. 4000 px wide, before publishing it"
    )


def _orientation(im: Image.Image, kind: str | None) -> int:
    """The EXIF orientation the header gives, without decoding pixels (a PNG's `eXIf`
    after its image data is not read: `process` then keeps the planned shape)."""
    if kind in ("jpeg", "webp", "avif"):
        return int(im.getexif().get(0x0112) or 0)
    raw = im.info.get("exif")
    if isinstance(raw, bytes):
        exif = Image.Exif()
        exif.load(raw)
        return int(exif.get(0x0112) or 0)
    return 0
