"""The files an imported post uses - its lead image, the images its body shows, the media
files it links to (`MEDIA_SUFFIXES`: PDFs, audio, video) - found where the old site kept
them, copied into content/ with the articles, and named there by each article.

Where a file goes:

- a file the old site served from its root (Jekyll: any file of the site folder, so
  `/img/x.png` is `img/x.png`; Hugo: `static/img/x.png`, or a file under its content/,
  served at its path) goes to the same path under content/ (`content/img/x.png`), which
  brief reads `/img/x.png` from: a root-based path stays as written, a relative one is
  written root-based;
- a resource of a Hugo page bundle (`photo.jpg` beside its `index.md`) goes to a folder
  beside the article, named as the article file is (`content/2021/2021-03-01-trip/photo.jpg`,
  written `2021-03-01-trip/photo.jpg`): bundles that all call their image `cover.jpg` do not
  collide, and the folder travels with its article.

How the old site resolved a path (each generator's `media_spots`): a root-based one from
the site's root; a relative one in the body from the post's old address, as a browser did,
and in front-matter from the site's root, as themes use it; Hugo looks in the page's own
bundle first. `..` never climbs above the root (a browser stops there too), and a file
reached through a symlink that leads out of the old site is never read.

Each reference is found with brief's own Markdown renderer, so only what renders as an
image or link counts (not code), and rewritten where the article names the file otherwise
than the post did; the rewritten body is read again to make sure. Where the copies go, and
what is refused there, is `copies`'s.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

from brief.config import MarkdownOptions
from brief.content.figures import IMAGE_SUFFIXES, is_remote
from brief.content.markdown import render
from brief.content.sources import MEDIA_SUFFIXES
from brief.errors import Problem
from brief.importer.bodies import fenced_ranges
from brief.importer.posts import ImageRef, Post, warn
from brief.paths import inside
from brief.yamlmap import CONTROL


@dataclass(frozen=True)
class Spot:
    """A place an old site may keep a file that a post names: one of `site_path` and
    `resource` is given."""

    file: Path
    """In the old site, as joined (symlinks not yet resolved)."""
    site_path: str | None = None
    """Where the old site served it, from its root (`/img/x.png`)."""
    resource: str | None = None
    """Its path in the post's own page bundle (`photo.jpg`, `gallery/1.jpg`)."""

    def reference(self, stem: str) -> str:
        """How the article names the file: root-based, or from the article's folder into
        the folder `stem` beside it."""
        if self.resource is not None:
            return f"{stem}/{self.resource}"
        assert self.site_path is not None
        return self.site_path


class OldSite(Protocol):
    """What finding media needs of an old site (`jekyll.JekyllSite`, `hugo.HugoSite`)."""

    @property
    def root(self) -> Path:
        """The site's folder: nothing outside it is read."""

    def media_spots(self, post: Post, path: str, lead: bool, old_url: str | None) -> list[Spot]:
        """Where the site kept the file `path` names (decoded, without query or fragment),
        best first. `lead`: the post's lead image, from front-matter; `old_url`: the
        post's old address, which relative paths in its body are from."""

    def old_shown(self, path: Path) -> str:
        """A path in the site as named to the user."""


def site_path(path: str, page: str) -> str:
    """The site path a browser on the page at `page` asked for by `path`: a relative one
    from the page's folder; `.` and `..` resolved, never above the root."""
    folder = page if page.endswith("/") else posixpath.dirname(page).rstrip("/") + "/"
    normal = posixpath.normpath(path if path.startswith("/") else folder + path)
    return "/" + normal.lstrip("/")


class Kind(StrEnum):
    """What a post does with a file; prints as messages name it."""

    IMAGE = "image"
    LINK = "linked file"


@dataclass(frozen=True)
class Need:
    """A file an article names, and where the old site has it (or not)."""

    kind: Kind
    written: str
    """The path as the post writes it, decoded (`/img/x.png`, `photo.jpg`)."""
    reference: str
    """The path as the article writes it, decoded: where in content/ the file must be."""
    source: Path | None
    """The old site's file, symlinks resolved; None: the old site does not have it."""
    source_shown: str
    """That file as named to the user, or every place it was looked for."""
    post: str
    line: int | None
    column: int | None = None


@dataclass(frozen=True)
class PostMedia:
    """A post's body with its references made to name the copies, its lead image the
    same way, the files they need, and what could not be done."""

    body: str
    image: ImageRef | None
    needs: tuple[Need, ...]
    problems: tuple[Problem, ...]


def find_media(
    post: Post,
    body: str,
    image: ImageRef | None,
    image_line: int | None,
    site: OldSite,
    old_url: str | None,
    stem: str,
    options: MarkdownOptions,
) -> PostMedia:
    """Every local file the converted `body` and the lead `image` name, found in `site`.
    `stem`: the article file's name without `.md`, which names the folder its bundle's
    files go to."""
    finder = _Finder(post, site, old_url, stem)
    kinds: dict[str, Kind] = {}
    for kind, path in _references(body, options):
        if kinds.get(path) is not Kind.IMAGE:  # an image and a link to it: the image counts
            kinds[path] = kind
    new: dict[str, str] = {}
    for path, kind in kinds.items():
        line, column = _old_place(post, path)
        if kind is Kind.IMAGE and not path.lower().endswith(IMAGE_SUFFIXES):
            finder.problems.append(
                Problem(
                    post.shown,
                    line,
                    column,
                    f"image '{path}' is not an image file; brief shows "
                    f"{', '.join(IMAGE_SUFFIXES)} files: make it a link, or remove it",
                )
            )
            continue
        found = finder.need(kind, path, False, line, column)
        if found is not None and found.reference != path:
            new[path] = found.reference
    rewritten = _rewrite(body, new)
    if new:  # every reference the renderer sees must now name its copy
        missed = {path for _, path in _references(rewritten, options) if path in new}
        for path in sorted(missed, key=body.find):
            line, column = _old_place(post, path)
            finder.problems.append(
                Problem(
                    post.shown,
                    line,
                    column,
                    f"cannot rewrite '{path}' to '{new[path]}', where the article finds its "
                    "copy: write it in the post as an inline ![alt](path) or [text](path)",
                )
            )
    lead = finder.lead(image, image_line)
    return PostMedia(rewritten, lead, tuple(finder.needs.values()), tuple(finder.problems))


class _Finder:
    """The files of one post, each looked up once."""

    def __init__(self, post: Post, site: OldSite, old_url: str | None, stem: str) -> None:
        self.post = post
        self.site = site
        self.old_url = old_url
        self.stem = stem
        self.needs: dict[tuple[bool, str], Need] = {}
        self.problems: list[Problem] = []

    def need(
        self, kind: Kind, path: str, lead: bool, line: int | None, column: int | None
    ) -> Need | None:
        """The file `path` names, or None when it is refused (with an error)."""
        if (lead, path) in self.needs:
            return self.needs[(lead, path)]
        spots = self.site.media_spots(self.post, path, lead, self.old_url)
        what = "image" if kind is Kind.IMAGE else "link"
        if not spots:
            self.problems.append(
                Problem(
                    self.post.shown,
                    line,
                    column,
                    f"{kind} '{path}' names the site's root, not a file: correct the path, "
                    f"or remove the {what}",
                )
            )
            return None
        found = _look(spots, self.site.root)
        if isinstance(found, Spot):
            self.problems.append(
                Problem(
                    self.post.shown,
                    line,
                    column,
                    f"{kind} '{path}' is reached through a symlink that leads out of the old "
                    f"site ({self.site.old_shown(found.file)}); brief import copies only the "
                    f"old site's own files: copy the file in, or remove the {what}",
                )
            )
            return None
        if found is not None:
            spot, source = found
            shown = self.site.old_shown(spot.file)
        else:  # perhaps already in content/, where the article will look (see `copies.place`)
            spot, source = spots[0], None
            shown = _listed([self.site.old_shown(s.file) for s in spots])
        one = Need(
            kind,
            path,
            spot.reference(self.stem),
            source,
            shown,
            self.post.shown,
            line,
            column,
        )
        self.needs[(lead, path)] = one
        return one

    def lead(self, image: ImageRef | None, line: int | None) -> ImageRef | None:
        """The lead image as the article names it; None (with a warning) for a file brief
        cannot show as an image."""
        if image is None or is_remote(image.src):
            return image  # an URL: `compose.image_lines` decides
        path = _plain(urlsplit(image.src).path)
        if not path.lower().endswith(IMAGE_SUFFIXES):
            self.problems.append(
                warn(
                    self.post.shown,
                    line,
                    f"image '{image.src}' is not an image file (brief shows "
                    f"{', '.join(IMAGE_SUFFIXES)} files); the article has no image",
                    "image",
                )
            )
            return None
        found = self.need(Kind.IMAGE, path, True, line, None)
        return image if found is None else replace(image, src=found.reference)


def _look(spots: Sequence[Spot], root: Path) -> tuple[Spot, Path] | Spot | None:
    """The first spot that holds a file, with the file resolved; a spot reached through a
    symlink out of `root` (refused, and nothing after it is looked at); or None."""
    for spot in spots:
        try:
            if "\x00" in str(spot.file) or not (spot.file.is_symlink() or spot.file.exists()):
                continue
            if not inside(spot.file, root):
                return spot
            resolved = spot.file.resolve()
            if resolved.is_file():
                return spot, resolved
        except (OSError, ValueError):  # a name too long for the file system
            continue
    return None


def _listed(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- references in a body, and rewriting them -------------------------------------------------


def _plain(url: str) -> str:
    """A path with its percent-escapes undone, as the file is named (as `figures` reads
    it), unless that gives a control character."""
    plain = unquote(url)
    return url if CONTROL.search(plain) else plain


def _references(body: str, options: MarkdownOptions) -> list[tuple[Kind, str]]:
    """The local files the body shows (images) or links to (links to media files), as the
    renderer reads them, in order: (kind, decoded path without query or fragment)."""
    if "](" not in body and "]:" not in body:
        return []
    rendered = render(body, options)
    found = [(Kind.IMAGE, _local(i.src)) for i in rendered.images]
    found += [(Kind.LINK, _local(link.url)) for link in rendered.links]
    return [
        (kind, path)
        for kind, path in found
        if path and (kind is Kind.IMAGE or path.lower().endswith(MEDIA_SUFFIXES))
    ]


def _local(url: str) -> str:
    """The decoded path of a local URL; "" for a remote one or a fragment."""
    if not url or url.startswith("#") or is_remote(url):
        return ""
    return _plain(urlsplit(url).path)


_INLINE = re.compile(
    r"\]\([ \t]*\n?[ \t]*(<(?:[^<>\n\\]|\\.)*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+)"
)
"""The destination of an inline link or image, `](path "title")`, as CommonMark reads one."""
_DEFINITION = re.compile(
    r"^ {0,3}\[(?:[^\[\]\\]|\\.)+\]:[ \t]*\n?[ \t]*(<(?:[^<>\n\\]|\\.)*>|\S+)", re.MULTILINE
)
"""The destination of a reference definition, `[id]: path`."""
_CODE = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])*?(?<!`)\1(?!`)")
"""A code span, within one paragraph."""
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _rewrite(body: str, new: dict[str, str]) -> str:
    """`body` with each link or image destination whose decoded path is a key of `new`
    changed to name that path instead (query, fragment and title kept); nothing in code."""
    if not new:
        return body
    fences = fenced_ranges(body)
    blanked = list(body)
    for start, end in fences:
        blanked[start:end] = " " * (end - start)
    spans = fences + [m.span() for m in _CODE.finditer("".join(blanked))]
    found = [m.span(1) for m in _INLINE.finditer(body)]
    found += [m.span(1) for m in _DEFINITION.finditer(body)]
    out: list[str] = []
    pos = 0
    for start, end in sorted(found):
        if start < pos or any(a <= start < b for a, b in spans):
            continue
        token = body[start:end]
        bracketed = token.startswith("<")
        inner = token[1:-1] if bracketed else token
        cut = min((i for i in (inner.find("?"), inner.find("#")) if i >= 0), default=len(inner))
        path = _plain(html.unescape(_ESCAPE.sub(r"\1", inner[:cut])))
        if path not in new:
            continue
        out += [body[pos:start], _destination(new[path], inner[cut:], bracketed)]
        pos = end
    return "".join(out) + body[pos:]


def _destination(path: str, rest: str, bracketed: bool) -> str:
    """`path` (decoded) and a query or fragment as written, as a Markdown destination."""
    text = re.sub(r"%(?=[0-9A-Fa-f]{2})", "%25", path)
    text = text.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E") + rest
    return f"<{text}>" if bracketed or re.search(r"[\s()]", text) else text


def _old_place(post: Post, path: str) -> tuple[int | None, int | None]:
    """Where the post writes `path` (its first occurrence): line and column in its file."""
    body = post.matter.body
    spelled = (path, quote(path, safe="/-._~!$&'()*+,;=:@"))
    for needle, lead in (
        [(f"({s}", 1) for s in spelled]
        + [(f"<{s}", 1) for s in spelled]
        + [(f'"{s}', 1) for s in spelled]
        + [(s, 0) for s in spelled]
    ):
        at = body.find(needle)
        if at >= 0:
            at += lead
            line = post.matter.body_offset + body.count("\n", 0, at) + 1
            return line, at - (body.rfind("\n", 0, at) + 1) + 1
    return None, None
