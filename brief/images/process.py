"""Making a photo's derived files with Pillow: decode once, orient, resize, encode.

What is published carries none of the camera's metadata: no EXIF (GPS position, body and
lens serial numbers, the owner's name), no comments, only the colour profile (kept, or, for
a CMYK photo, applied on the way to sRGB) and the credit as XMP. Encoding is deterministic:
the same source and settings give the same bytes, so incremental builds stay identical to
clean ones.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, PngImagePlugin

from brief.images.plan import Picture, Variant
from brief.images.probe import MAX_PIXELS
from brief.images.xmp import xmp_packet

_SRGB = ImageCms.createProfile("sRGB")


class ImageFailed(Exception):
    """A photo that could be probed but not decoded (truncated, corrupt in its data)."""


def derive(file: Path, picture: Picture) -> dict[str, bytes]:
    """Every file of `picture` made from `file`, by site path. Raises `ImageFailed`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as opened:
                opened.seek(0)  # an animated GIF or WebP: its first frame
                opened.load()
                icc = opened.info.get("icc_profile")
                gif = opened.copy() if picture.original.format == "gif" else None
                im = ImageOps.exif_transpose(opened)
                if im.size != (picture.width, picture.height):
                    im = opened.copy()  # an orientation the probe could not see: as planned
                if im.size != (picture.width, picture.height):
                    raise ValueError(f"it is {im.width} x {im.height} px, not as its header said")
        im, icc = _rgb(im, icc)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageFailed(
            f"image '{file.name}' has more than {MAX_PIXELS // 1_000_000} million pixels; "
            "make it smaller before publishing it"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageFailed(
            f"image '{file.name}' cannot be decoded ({exc}); the file is damaged or cut "
            "short: export it again from the original"
        ) from None
    im.info = {}  # EXIF, comments, XMP of the source: none of it is published
    xmp = xmp_packet(picture.rights)
    out: dict[str, bytes] = {}
    made: dict[tuple[int, int, str, bool], bytes] = {}  # the full-size one is the original's
    frames: dict[tuple[int, int], Image.Image] = {im.size: im}
    # widest first, so each size is resized from the one just above it, not from the whole
    for variant in sorted(picture.files, key=lambda v: (v.crop, -v.width)):
        if variant.format == "gif" and gif is not None:
            out[variant.path] = _gif(gif)
            continue
        shape = (variant.width, variant.height, variant.format, variant.crop)
        if shape not in made:
            frame = _crop(im, variant, picture) if variant.crop else _resized(frames, variant)
            made[shape] = _encode(frame, variant, picture.quality, icc, xmp)
        out[variant.path] = made[shape]
    return {v.path: out[v.path] for v in picture.files}


def _rgb(im: Image.Image, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """`im` in a mode every encoder takes (RGB, RGBA, L, LA), and the profile to embed."""
    if im.mode == "CMYK":
        if icc:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                converted = ImageCms.profileToProfile(im, source, _SRGB, outputMode="RGB")
                if converted is not None:
                    return converted, None
            except (ImageCms.PyCMSError, OSError):
                pass  # a broken profile: the plain conversion below
        return im.convert("RGB"), None
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit greyscale PNG
        return im.convert("I").point(lambda v: v / 257).convert("L"), icc
    if im.mode == "F":
        return im.convert("L"), icc
    if im.mode in ("P", "PA"):
        return im.convert("RGBA" if _has_alpha(im) else "RGB"), icc
    if im.mode == "1":
        return im.convert("L"), icc
    if im.mode not in ("RGB", "RGBA", "L", "LA"):
        return im.convert("RGBA" if "A" in im.mode else "RGB"), icc
    return im, icc


def _has_alpha(im: Image.Image) -> bool:
    return im.mode == "PA" or "transparency" in im.info


def _resized(frames: dict[tuple[int, int], Image.Image], variant: Variant) -> Image.Image:
    """The frame of `variant`'s size, made from the smallest frame made so far that is at
    least twice as wide (or the whole photo), and kept for the next."""
    size = (variant.width, variant.height)
    if size not in frames:
        wide = [f for s, f in frames.items() if s[0] >= 2 * size[0]]
        source = (
            min(wide, key=lambda f: f.width)
            if wide
            else max(frames.values(), key=lambda f: f.width)
        )
        frames[size] = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return frames[size]


def _crop(im: Image.Image, variant: Variant, picture: Picture) -> Image.Image:
    """The social card: the largest cut of its shape around the centre, then resized."""
    size = (variant.width, variant.height)
    w, h = picture.width, picture.height
    if w * variant.height > h * variant.width:
        cw, ch = round(h * variant.width / variant.height), h
    else:
        cw, ch = w, round(w * variant.height / variant.width)
    left, top = (w - cw) // 2, (h - ch) // 2
    cut = im.crop((left, top, left + cw, top + ch))
    if cut.size == size:
        return cut
    return cut.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _flat(im: Image.Image) -> Image.Image:
    """A photo without transparency, for JPEG: transparent parts on white."""
    if im.mode in ("RGBA", "LA"):
        base = Image.new("RGB", im.size, (255, 255, 255))
        base.paste(im.convert("RGBA"), mask=im.convert("RGBA").getchannel("A"))
        return base
    return im


def _encode(
    im: Image.Image, variant: Variant, quality: int, icc: bytes | None, xmp: bytes
) -> bytes:
    buf = io.BytesIO()
    extra: dict[str, object] = {"icc_profile": icc} if icc else {}
    kind = variant.format
    if kind == "jpeg":
        im = _flat(im)
        # progressive JPEG has optimal Huffman tables already: `optimize` would only add time
        im.save(buf, "JPEG", quality=quality, progressive=True, xmp=xmp, **extra)
    elif kind == "png":
        info = PngImagePlugin.PngInfo()
        if xmp:
            info.add_itxt("XML:com.adobe.xmp", xmp.decode("utf-8"))
        im.save(buf, "PNG", pnginfo=info, compress_level=4, **extra)
    elif kind == "webp":
        im.save(buf, "WEBP", quality=quality, method=4, xmp=xmp, exif=b"", **extra)
    elif kind == "avif":
        # speed 8 of 10: libavif's default (6) takes six times as long for a few per cent
        im.save(buf, "AVIF", quality=quality, speed=8, xmp=xmp, exif=b"", max_threads=1, **extra)
    else:  # pragma: no cover - plan makes no other
        raise ValueError(kind)
    return buf.getvalue()


def _gif(frame: Image.Image) -> bytes:
    """A GIF original: its first frame, without its comments and extensions."""
    frame.info = {k: v for k, v in frame.info.items() if k in ("transparency",)}
    buf = io.BytesIO()
    frame.save(buf, "GIF")
    return buf.getvalue()
