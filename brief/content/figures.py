"""Images in an article's body: their files found and published, their credits attached.

Markdown renders `![A map](map.png "The front line")` as written. This module makes of it
what pages show, once, when the article is parsed:

- a local file (a path next to the article, or from `content/` when it starts with `/`) is
  found by the rule the lead image follows (`local_file`: inside content/, symlinks
  resolved) and published under `/media/`; its `src` becomes that site path, which each
  page and feed then turns into its own kind of link (`render.urls.site_links`);
- every body image gets `loading="lazy"` and `decoding="async"`, and a local one its
  `width`/`height` when its header gives them (`image_size`: PNG, GIF, JPEG, WebP);
- an image alone in its paragraph with a caption (its Markdown title) or a `figures:`
  entry becomes `<figure class="body-figure">` with a `<figcaption>`, in place of the
  paragraph (a figure inside a `<p>` is not valid HTML); an image inside a sentence stays
  inline;
- what cannot be published is an error at its `![` or path: no alt text, no file, a file
  outside content/ or not an image, and a `figures:` key that no image of the body uses.

Only what the renderer produced is touched: `<img src="..." alt="...">` tags whose `src`
is an image the Markdown holds. Text and code never contain a `"`, which the renderer
escapes, so no written text can look like such a tag.
"""

from __future__ import annotations

import hashlib
import html
import re
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote, urlsplit

import markupsafe

from brief.config import SiteConfig
from brief.content.article import MEDIA_PREFIX, Credit, Figure, Image
from brief.content.markdown import BodyImage, Rendered, destination, locate
from brief.content.pictures import picture_of
from brief.content.sources import Source
from brief.errors import Problem, Severity, did_you_mean, has_errors
from brief.paths import display_path, inside, stat
from brief.yamlmap import CONTROL

FIGURE_KEYS = ("caption", "credit", "source", "source_url", "license", "notice")
"""The keys of one `figures:` entry: those of `image:` without `src` and `alt`, which the
Markdown gives."""

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
"""What a body image's file may be (in any case): never an article's source, a draft's
among them, published under /media/ by a mistyped path."""
_IMG = re.compile(r'(<p>)?<img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")? ?/?>(</p>)?')
"""An image as the renderer writes it, with the paragraph around it when it stands alone."""
_URL_SAFE = "/-._~!$&'()*+,;=:@"
CREDIT_LABEL = "Image: %(creator)s"
"""The words of a figure's credit: the catalogue string of the lead image's credit in the
theme, written in English when the body is parsed and put in the site's language by
`localized` wherever the body is shown."""
_CREDIT = re.compile(r'<span class="figure-credit">Image: ([^<]*)</span>')
NO_ALT = (
    "image {src} has no alt text; describe it for readers who cannot see it: "
    "![What it shows]({src}) (an image that is only decoration belongs in the theme's "
    "stylesheet, not in the article)"
)


@dataclass(frozen=True)
class FigureEntry:
    """One key of `figures:` as read from front-matter, with where it is written."""

    key: str
    """The image as the body writes it (`map.png`, `/images/map.png`)."""
    line: int
    column: int
    credit: Credit
    """Its caption is `credit.title`."""


class NotFound(str):
    """Why an image path cannot be used, when the reason is only that no file is there
    (yet): the one problem `brief import` leaves for later."""


def local_file(raw: str, article: Path, config: SiteConfig) -> Path | str:
    """The file an image path names, resolved, or why it cannot be used (a message).

    `raw` is a path relative to the folder of the article file `article`, or from
    `content/` when it starts with `/`. Whatever it leads to, symlinks followed, must lie
    inside content/: `../../etc/passwd` and a link to a secret are refused alike.
    """
    content = config.content_dir
    candidate = content / raw.lstrip("/") if raw.startswith("/") else article.parent / raw
    try:
        if "\x00" in raw or not inside(candidate, content):
            return (
                f"image '{raw}' lies outside content/; put the file next to the article or "
                "under content/"
            )
        if candidate.is_file():
            return candidate.resolve()
    except (OSError, ValueError):  # a name too long for the file system
        pass
    return NotFound(
        f"image file '{raw}' not found (looked for {display_path(candidate, config.root)})"
    )


def published_path(file: Path, config: SiteConfig, content: Path | None = None) -> str:
    """The site path of a local image file (`/media/maps/front.png`): one per file, whichever
    articles show it and however they write its path. `content` is the content folder
    resolved, for a caller that asks for many (resolving it is most of the cost)."""
    return MEDIA_PREFIX + file.relative_to(content or config.content_dir.resolve()).as_posix()


def is_remote(src: str) -> bool:
    """An image brief does not publish or check: an URL with a scheme (`https:`, `data:`)
    or a host (`//cdn.example.org/x.png`)."""
    return src.startswith("//") or bool(urlsplit(src).scheme)


class _Places:
    """Columns of problems, found in the file's text only once there is a problem."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._lines: list[str] | None = None

    def _find(self, image: BodyImage, nth: int) -> tuple[int, int | None]:
        if self._lines is None:
            self._lines = self.source.text.split("\n")
        bang = f"![{image.alt}]"
        needles = destination(image.src) if image.src else [(bang + "()", 0), (bang + "(<>)", 0)]
        # a reference (`![alt][ref]`) has its path elsewhere: place its `![`
        return locate(self._lines, image.line, [*needles, (bang + "[", 0), (bang, 0)], nth)

    def at_path(self, image: BodyImage, nth: int, message: str) -> Problem:
        line, column = self._find(image, nth)
        return Problem(self.source.shown, line, column, message)

    def at_bang(self, image: BodyImage, nth: int, message: str) -> Problem:
        """At the `![` that starts the image."""
        line, column = self._find(image, nth)
        if column is not None and self._lines is not None:
            start = self._lines[line - 1].rfind("![", 0, column + 1)
            column = start + 1 if start >= 0 else column
        return Problem(self.source.shown, line, column, message)


def attach(
    rendered: Rendered,
    entries: Sequence[FigureEntry],
    source: Source,
    config: SiteConfig,
    problems: list[Problem],
    required: bool = True,
) -> tuple[Rendered, tuple[Figure, ...]]:
    """The body as pages show it and its figures (one per image file, in the order first
    shown); every problem is appended to `problems`. An article without images costs a
    look at two empty tuples. Without `required`, a file that is not there is no problem
    (see `parse_article`)."""
    if not rendered.images and not entries:
        return rendered, ()
    places = _Places(source)
    before = len(problems)
    found: dict[str, Figure | None] = {}
    """By `src` as rendered: the figure, or None for a remote image without an entry."""
    captions: dict[str, str] = {}
    """By `src` as rendered: the caption its `figures:` entry gives."""
    seen: dict[tuple[int, str], int] = {}
    by_key = {e.key: e for e in entries}
    used: set[str] = set()
    for image in rendered.images:
        nth = seen.get((image.line, image.src), 0)
        seen[(image.line, image.src)] = nth + 1
        written = _plain(image.src)
        if not image.alt.strip():
            problems.append(places.at_bang(image, nth, NO_ALT.format(src=written or "file.png")))
        if image.src in found:
            continue
        entry = by_key.get(written) or by_key.get(image.src)
        credit: Credit | None = None
        if entry is not None:
            used.add(entry.key)
            credit = entry.credit
            if credit.title is not None:
                captions[image.src] = credit.title
            elif image.title:  # the credits name the work by its caption in the body
                credit = replace(credit, title=image.title)
        line = entry.line if entry else 0
        if is_remote(image.src):
            found[image.src] = (
                Figure(written, None, image.src, credit, line=line) if entry else None
            )
            continue
        parts = urlsplit(image.src)
        path = _plain(parts.path)
        if not path:
            found[image.src] = None
            problems.append(
                places.at_bang(
                    image,
                    nth,
                    f"image ![{image.alt}]({image.src}) names no file; write the file's "
                    "path, e.g. ![What it shows](map.png)",
                )
            )
            continue
        file = local_file(path, source.path, config)
        if isinstance(file, NotFound) and not required:
            found[image.src] = None
            continue
        if not isinstance(file, str) and not file.name.lower().endswith(IMAGE_SUFFIXES):
            file = (
                f"image '{path}' is not an image file; brief shows "
                f"{', '.join(IMAGE_SUFFIXES)} files"
            )
        if isinstance(file, str):
            found[image.src] = None
            problems.append(places.at_path(image, nth, file))
            continue
        suffix = image.src[len(parts.path) :]  # `?v=2`, `#layer`: kept as written
        site_path = published_path(file, config)
        url = quote(site_path, safe=_URL_SAFE) + suffix
        picture, error, warning = picture_of(file, site_path, credit, config, False, image.line)
        if error:
            found[image.src] = None
            problems.append(places.at_path(image, nth, error))
            continue
        if warning:
            problems.append(replace(places.at_path(image, nth, warning), severity=Severity.WARNING))
        size = (picture.width, picture.height) if picture else image_size(file)
        found[image.src] = Figure(written, file, url, credit, size, stat(file), line, picture)
    paths = list(dict.fromkeys(_plain(i.src) for i in rendered.images if i.src))
    for entry in entries:
        if entry.key not in used:
            problems.append(_unused(entry, paths, source))
    if has_errors(problems[before:]):
        return rendered, ()  # the article is refused: nothing to publish
    out = _IMG.sub(_rewriter(found, captions), rendered.html)
    return rendered.with_html(out), tuple(f for f in found.values() if f is not None)


def _plain(url: str) -> str:
    """A path as the writer most likely typed it: percent-escapes undone (`my%20map.png` is
    `<my map.png>`), unless that gives a control character, which no file name brief
    reads has and no message should print."""
    plain = unquote(url)
    return url if CONTROL.search(plain) else plain


def _unused(entry: FigureEntry, paths: list[str], source: Source) -> Problem:
    close = did_you_mean(entry.key, paths) if paths else None
    if close:
        hint = f"did you mean '{close}'?"
    elif paths:
        more = f" and {len(paths) - 4} more" if len(paths) > 5 else ""
        hint = f"its images are {', '.join(paths[:4] if more else paths)}{more}"
    else:
        hint = "the body has no images"
    return Problem(
        source.shown,
        entry.line,
        entry.column,
        f"figures: '{entry.key}' is not an image in this article's body; {hint} (a key is "
        "the image's path as the body writes it)",
    )


def _rewriter(
    found: dict[str, Figure | None], captions: dict[str, str]
) -> Callable[[re.Match[str]], str]:
    """Rewrites one `<img>` of the rendered body (see the module's docstring)."""

    def one(match: re.Match[str]) -> str:
        opened, src_attr, alt, title, closed = match.groups()
        src = html.unescape(src_attr)
        if src not in found:
            return match.group(0)  # not an image of the Markdown (raw HTML)
        figure = found[src]
        url = html.escape(figure.url) if figure and figure.file else src_attr
        credit = figure.credit if figure else None
        as_figure = bool(opened and closed and (title or credit))
        attrs = f'src="{url}" alt="{alt}"'
        if title and not as_figure:
            attrs += f' title="{title}"'
        if figure and figure.size:
            attrs += f' width="{figure.size[0]}" height="{figure.size[1]}"'
        attrs += ' loading="lazy" decoding="async"'
        if not as_figure:
            return f"{opened or ''}<img {attrs}>{closed or ''}"
        # `title` is already escaped for an attribute, which is escaped enough for text
        caption = title or (html.escape(captions[src]) if src in captions else None)
        spans = [f'<span class="caption">{caption}</span>'] if caption else []
        if credit and credit.creator:
            words = CREDIT_LABEL % {"creator": html.escape(credit.creator)}
            spans.append(f'<span class="figure-credit">{words}</span>')
        figcaption = f"<figcaption>{' '.join(spans)}</figcaption>" if spans else ""
        return f'<figure class="body-figure"><img {attrs}>{figcaption}</figure>'

    return one


def localized(body: str, gettext: Callable[[str], str]) -> str:
    """A rendered body with its figures' credit words in the site's language: `gettext` is
    the catalogue's, whose text is markup as in templates (the creator is escaped already)."""
    if '<span class="figure-credit">' not in body:
        return body
    words = gettext(CREDIT_LABEL)
    if words == CREDIT_LABEL:
        return body
    return _CREDIT.sub(
        lambda m: f'<span class="figure-credit">{words % {"creator": m.group(1)}}</span>', body
    )


_BODY_IMG = re.compile(r'<img src="([^"]*)" alt="([^"]*)"([^>]*)>')
"""An `<img>` as `attach` writes it."""


def pictures(body: str, macro: Callable[..., str], figures: Sequence[Figure], sizes: str) -> str:
    """A rendered body with each processed photo's `<img>` made by `macro` (the theme's
    `picture`: `<picture>`, `srcset`, `sizes`), which pages use; feeds keep the `<img>`."""
    by_url = {html.escape(f.url): f.picture for f in figures if f.picture is not None}
    if not by_url:
        return body

    def one(match: re.Match[str]) -> str:
        picture = by_url.get(match.group(1))
        if picture is None or ' title="' in match.group(3):
            return match.group(0)
        return str(macro(match.group(1), markupsafe.Markup(match.group(2)), picture, sizes))

    return _BODY_IMG.sub(one, body)


def digest(source_digest: str, figures: Sequence[Figure], lead: Image | None = None) -> str:
    """The article's digest: its file's, and the pixel sizes its body shows and the names
    of its photos' derived files, which come from the image files (an image replaced by
    another changes the page)."""
    sizes: list[object] = [(f.url, f.size, f.picture and f.picture.key) for f in figures if f.size]
    if lead is not None and lead.picture is not None:
        sizes.append(lead.picture.key)
    if not sizes:
        return source_digest
    text = f"{source_digest}|{sizes!r}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def current(figure: Figure) -> bool:
    """The figure's file is still the one that was read (a build re-parses the article
    when it was changed, replaced or removed)."""
    return figure.file is None or stat(figure.file) == figure.stat


# Image sizes from file headers: a few bytes, never the whole file, and no dependency.

MAX_SEGMENTS = 64
"""JPEG segments walked before giving up (metadata comes before the size)."""


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels as shown, from a PNG, GIF, JPEG or WebP header, or None
    (another format, such as SVG, or a file too damaged to tell)."""
    try:
        with path.open("rb") as f:
            head = f.read(32)
            if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
                return _positive(*struct.unpack(">II", head[16:24]))
            if head[:6] in (b"GIF87a", b"GIF89a"):
                return _positive(*struct.unpack("<HH", head[6:10]))
            if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
                return _webp(head)
            if head[:2] == b"\xff\xd8":
                f.seek(2)
                return _jpeg(f)
    except (OSError, struct.error):
        pass
    return None


def _positive(width: int, height: int) -> tuple[int, int] | None:
    return (width, height) if width > 0 and height > 0 else None


def _webp(head: bytes) -> tuple[int, int] | None:
    kind = head[12:16]
    if kind == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        w, h = struct.unpack("<HH", head[26:30])
        return _positive(w & 0x3FFF, h & 0x3FFF)
    if kind == b"VP8L" and head[20] == 0x2F:
        b = head[21:25]
        w = 1 + (b[0] | (b[1] & 0x3F) << 8)
        h = 1 + (b[1] >> 6 | b[2] << 2 | (b[3] & 0x0F) << 10)
        return _positive(w, h)
    if kind == b"VP8X":
        w = 1 + int.from_bytes(head[24:27], "little")
        h = 1 + int.from_bytes(head[27:30], "little")
        return _positive(w, h)
    return None


_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
"""Start-of-frame markers, which carry the size (C4, C8 and CC are other tables)."""


def _jpeg(f: BinaryIO) -> tuple[int, int] | None:
    turned = False
    for _ in range(MAX_SEGMENTS):
        marker = f.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        if marker[1] in (0xD8, 0x01) or 0xD0 <= marker[1] <= 0xD7:
            continue  # markers without a length
        length = struct.unpack(">H", f.read(2))[0]
        if length < 2:
            return None
        if marker[1] in _SOF:
            h, w = struct.unpack(">xHH", f.read(5))
            return _positive(*((h, w) if turned else (w, h)))
        data = f.read(length - 2) if marker[1] == 0xE1 else b""
        if data.startswith(b"Exif\x00\x00"):
            turned = _orientation(data[6:]) in (5, 6, 7, 8)  # shown turned a quarter
        elif not data:
            f.seek(length - 2, 1)
    return None


def _orientation(tiff: bytes) -> int:
    """The EXIF orientation tag (1 to 8) of a TIFF block, or 0."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return 0
    first = struct.unpack(order + "I", tiff[4:8])[0]
    if first + 2 > len(tiff):
        return 0
    count = struct.unpack(order + "H", tiff[first : first + 2])[0]
    for i in range(min(count, 256)):
        at = first + 2 + 12 * i
        if at + 12 > len(tiff):
            break
        tag, _, _, value = struct.unpack(order + "HHIH", tiff[at : at + 10])
        if tag == 0x0112:
            return int(value)
    return 0
