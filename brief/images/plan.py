"""The derived files of one photo: which widths and formats, at which content-addressed
names, planned from its probe and the site's `images:` settings without decoding a pixel.

A name carries a digest of everything its bytes depend on (the source's bytes, the settings,
the credit written into it, Pillow's version), so a file once published under a name never
changes: hosts may cache `/media/…/kyiv.3fa9c1e2b4d5a6f7.800.webp` for a year.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import PIL

from brief.config import IMAGE_FORMATS, ImageOptions

if TYPE_CHECKING:  # the cache names these classes; loading it must not load Pillow's codecs
    from brief.images.probe import Probe

METHOD = "1"
"""Raise when what `process` makes of the same settings changes: every name changes too."""
SOCIAL = (1200, 630)
"""Open Graph's recommended card (1.91:1), the size Facebook, LinkedIn and X show large."""
DEFAULT_WIDTH = 1200
"""The `<img src>` a browser without `srcset` support shows: the widest up to this."""
MIME = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
}
SUFFIX = {"jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp", "avif": "avif"}


@dataclass(frozen=True)
class Rights:
    """Who made a photo and under which terms, as its XMP carries them (IPTC Photo
    Metadata, the fields Google Images shows)."""

    creator: str | None = None
    """dc:creator (IPTC Creator)."""
    credit_line: str | None = None
    """photoshop:Credit (IPTC Credit Line), e.g. "Jane Doe / Reuters"."""
    copyright: str | None = None
    """dc:rights (IPTC Copyright Notice)."""
    web_statement: str | None = None
    """xmpRights:WebStatement: the licence's deed, or the source page."""
    licensor_url: str | None = None
    """plus:Licensor/plus:LicensorURL: where to ask for a licence."""
    source: str | None = None
    """photoshop:Source (IPTC Source): the agency or archive."""


@dataclass(frozen=True)
class Variant:
    """One file made from a photo."""

    path: str
    """The site path it is published at (`/media/…`)."""
    width: int
    height: int
    format: str
    """`jpeg`, `png`, `gif`, `webp` or `avif`."""
    crop: bool = False
    """The social card: cut to 1.91:1 around the centre, then resized."""

    @property
    def type(self) -> str:
        return MIME[self.format]


@dataclass(frozen=True)
class SourceSet:
    """The widths of one format: a `<source>` (or the `<img>`'s own `srcset`)."""

    type: str
    variants: tuple[Variant, ...]
    """Narrowest first."""


@dataclass(frozen=True)
class Picture:
    """A photo's derived files and what pages need to show them (see the `picture` macro
    in layouts/partials/macros.html)."""

    key: str
    """Digest of everything the files' bytes depend on; part of every derived name."""
    width: int
    """Of the photo as shown (EXIF orientation applied), which `original` keeps."""
    height: int
    original: Variant
    """The photo at its own path and size, re-encoded without its camera metadata (never
    the file as uploaded: that may tell where it was taken)."""
    sets: tuple[SourceSet, ...]
    """Best format first; the last is the original's format (or PNG for a GIF), which every
    browser shows, for the `<img>`."""
    quality: int
    social: Variant | None = None
    """The lead image's 1.91:1 card for og:image."""
    rights: Rights = field(default_factory=Rights)
    line: int = field(default=0, compare=False)
    """Where the article references it, for messages (a move changes no file)."""
    digest: str = ""
    """Of the source file's bytes (the probe's): a photo whose mtime changed but whose bytes
    did not (a fresh clone) is known by it to be the one its article was parsed with."""

    @property
    def fallback(self) -> SourceSet:
        return self.sets[-1]

    @property
    def sources(self) -> tuple[SourceSet, ...]:
        """The `<source>` elements: every set but the fallback."""
        return self.sets[:-1]

    @property
    def src(self) -> Variant:
        """The `<img src>`: the widest fallback file up to `DEFAULT_WIDTH`."""
        fits = [v for v in self.fallback.variants if v.width <= DEFAULT_WIDTH]
        return fits[-1] if fits else self.fallback.variants[0]

    @property
    def files(self) -> tuple[Variant, ...]:
        """Every file to publish, the original first."""
        social = (self.social,) if self.social else ()
        return (self.original, *(v for s in self.sets for v in s.variants), *social)


def plan_picture(
    site_path: str,
    probe: Probe,
    options: ImageOptions,
    rights: Rights,
    social: bool = False,
    line: int = 0,
) -> Picture:
    """The derived files of the photo published at `site_path` (`/media/photos/kyiv.jpg`).

    Widths above the photo's own are dropped and its own is offered instead: never upscaled.
    A photo wider than every width is offered at those widths only (its own size is the
    `original`).
    """
    key = _key(probe, options, rights, social)
    stem = site_path.rsplit(".", 1)[0] if "." in site_path.rsplit("/", 1)[-1] else site_path
    base = f"{stem}.{key[:16]}"
    w, h = probe.width, probe.height
    widths = [x for x in options.widths if x < w]
    if len(widths) < len(options.widths):  # some are wider than the photo: its own instead
        widths.append(w)
    fallback = "png" if probe.format in ("png", "gif") else "jpeg"
    formats = [f for f in IMAGE_FORMATS if f in options.formats and f != fallback] + [fallback]
    sets = tuple(
        SourceSet(
            MIME[f],
            tuple(
                Variant(f"{base}.{x}.{SUFFIX[f]}", x, max(1, round(h * x / w)), f) for x in widths
            ),
        )
        for f in formats
    )
    card = None
    if social:
        cw, ch = _card_size(w, h)
        card = Variant(f"{base}.social.jpg", cw, ch, "jpeg", crop=True)
    original = Variant(site_path, w, h, probe.format)
    return Picture(key, w, h, original, sets, options.quality, card, rights, line, probe.digest)


def _card_size(w: int, h: int) -> tuple[int, int]:
    """1200 x 630, or the largest 1.91:1 cut of a smaller photo (never upscaled)."""
    cw, ch = SOCIAL
    if w >= cw and h >= ch:
        return cw, ch
    if w * ch > h * cw:  # wider than the card: the full height
        return max(1, round(h * cw / ch)), h
    return w, max(1, round(w * ch / cw))


def _key(probe: Probe, options: ImageOptions, rights: Rights, social: bool) -> str:
    parts = (
        METHOD,
        PIL.__version__,
        probe.digest,
        options.widths,
        options.formats,
        options.quality,
        rights,
        social,
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
