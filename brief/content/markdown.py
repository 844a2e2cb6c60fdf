"""The one Markdown renderer: CommonMark plus what news copy needs.

Tables, strikethrough, footnotes, heading ids and typographic quotes and dashes. Raw HTML is
escaped unless the site opts in; link validation keeps `javascript:`, `vbscript:`, `file:` and
non-image `data:` URLs from ever becoming links.

Rendering Markdown is most of a cold build's time. markdown-it-pyrs (the Rust port of
markdown-it, from the markdown-it-py maintainers) renders the same dialect about ten times
faster, so it is used where it is installed; markdown-it-py with mdit-py-plugins is the
fallback on platforms without its wheels. Heading ids are added here, the same way for both.

`render` returns a `Rendered`: the HTML and, with their source lines, the body's headings,
links and images, so editorial checks and body media read them instead of parsing the
Markdown again. markdown-it-pyrs renders HTML and builds a tree in two separate calls, so
the structure comes from a second, lean pass (block rules, links and images only) that skips
what cannot hold a link; markdown-it-py gives both from one token stream.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any
from urllib.parse import unquote

from brief.config import MarkdownOptions
from brief.slugs import slugify
from brief.yamlmap import CONTROL

markdown_it_pyrs: ModuleType | None
try:
    import markdown_it_pyrs
except ImportError:  # pragma: no cover - platforms without a wheel
    markdown_it_pyrs = None

# The CommonMark block and inline rules, without raw HTML, which is added only on request.
_CORE = [
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
    "reference", "autolink", "backticks", "emphasis", "entity", "escape", "image", "link",
    "newline", "table", "strikethrough", "footnote",
]  # fmt: skip
_BLOCKS = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph"]
_STRUCTURE = [*_BLOCKS, "reference", "table", "autolink", "backticks", "image", "link"]
"""The lean pass: every rule that decides where a link, image or heading is (blocks, code
spans that hide link syntax, reference definitions), none that only styles text."""
_HEADING = re.compile(r"<h([2-4])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_HAS_STRUCTURE = re.compile(r"<(?:h[1-6][ >]|a |img )")
"""In rendered HTML: a heading, a link or an image, so the lean pass has something to find."""


MAX_NESTING = 100
"""Block quotes and lists nested deeper than this are refused before rendering: the Rust
renderer recurses once per level and overflows its stack (a crash, not an error) somewhere
past 30,000, and no article needs more than a handful."""
MAX_DELIMITER_RUN = 1000
"""Likewise for a run of `*` or `_` (emphasis delimiters), which crashes it past 100,000."""
_DEEP_BLOCKS = re.compile(
    rf"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{{1,9}}[.)](?=[ \t]))){{{MAX_NESTING + 1}}}"
)
_DEEP_INDENT = re.compile(rf"[ \t]{{{2 * MAX_NESTING},}}(?:>|[-*+][ \t]|\d{{1,9}}[.)][ \t])")
_CONTAINER_START = frozenset(" \t>-*+0123456789")


def nesting_problem(body: str) -> tuple[int, str] | None:
    """(line within the body, message) if `body` nests deeper than brief renders, else None.

    Checked before rendering, so a hostile or broken article is an error with its line, never
    a crash of the whole build. Most lines are ruled out by their length or first character.
    """
    for mark in ("*", "_"):
        at = body.find(mark * (MAX_DELIMITER_RUN + 1))
        if at >= 0:
            return body.count("\n", 0, at) + 1, (
                f"this line has a run of more than {MAX_DELIMITER_RUN} '{mark}' characters; "
                "brief renders no more, so shorten or split it"
            )
    for number, line in enumerate(body.split("\n"), 1):
        if len(line) <= MAX_NESTING or line[0] not in _CONTAINER_START:
            continue
        if _DEEP_BLOCKS.match(line) or _DEEP_INDENT.match(line):
            return number, (
                f"this line nests block quotes or lists more than {MAX_NESTING} levels deep; "
                "brief renders no deeper, so shorten or split it"
            )
    return None


@dataclass(frozen=True)
class Heading:
    level: int
    """1 to 6; level 1 competes with the headline."""
    text: str
    """The heading's plain text."""
    line: int
    """Line in the article file where it starts."""


@dataclass(frozen=True)
class Link:
    url: str
    """As written in the Markdown (relative links are not resolved here)."""
    line: int


@dataclass(frozen=True)
class BodyImage:
    src: str
    """As written in the Markdown."""
    alt: str
    title: str | None
    """The `"..."` after the path: a caption."""
    line: int


@dataclass(frozen=True)
class Rendered:
    """An article body as HTML, and what it contains, each located in the file.

    The HTML is kept compressed (`of`, `html`): a build holds every article's body from
    parse to exit, and reads each one when it renders that article's page or feed entry,
    so at 100,000 articles the bodies were a quarter of its memory and of its cache's
    bytes; a body compresses to about a third and comes back in microseconds."""

    packed: bytes
    """The HTML, UTF-8, compressed by zlib (level 1: quick, and most of what 9 saves)."""
    headings: tuple[Heading, ...] = ()
    links: tuple[Link, ...] = ()
    images: tuple[BodyImage, ...] = ()

    @classmethod
    def of(
        cls,
        html: str,
        headings: tuple[Heading, ...] = (),
        links: tuple[Link, ...] = (),
        images: tuple[BodyImage, ...] = (),
    ) -> Rendered:
        return cls(zlib.compress(html.encode("utf-8"), 1), headings, links, images)

    @property
    def html(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8")

    def with_html(self, html: str) -> Rendered:
        return Rendered.of(html, self.headings, self.links, self.images)


Place = tuple[int, int | None]
"""(1-based line, 1-based column or None when the text was not found)."""


def locate(
    lines: Sequence[str], line: int, needles: Sequence[tuple[str, int]], nth: int = 0
) -> Place:
    """Where in the file's `lines` the `nth` (0-based) occurrence of the first of `needles`
    found is written, from `line` to the end of its paragraph (one renderer gives every link
    of a paragraph the paragraph's first line). A needle is (text, lead): the place given is
    `lead` characters into the text, so `("(/a/", 1)` places the URL, not the `(`.

    Parsing keeps lines, not columns: a problem about a link or image finds its column
    here, by its text, so only a file with a problem costs anything."""
    block: list[str] = []
    for text in lines[line - 1 :]:
        if block and not text.strip():
            break
        block.append(text)
    joined = "\n".join(block)
    for needle, lead in needles:
        if not needle:
            continue
        at = -1
        for _ in range(nth + 1):
            at = joined.find(needle, at + 1)
            if at < 0:
                break
        if at >= 0:
            before = joined[:at]
            return line + before.count("\n"), at - (before.rfind("\n") + 1) + 1 + lead
    return line, None


def spellings(url: str) -> tuple[str, ...]:
    """How a URL that Markdown normalised may have been written: as it is, or with its
    percent-escapes undone (`/%C3%A9t%C3%A9/` was most likely typed as `/été/`)."""
    plain = unquote(url)
    return (url, plain) if plain != url else (url,)


def destination(url: str) -> list[tuple[str, int]]:
    """Needles for `locate` that place a link or image destination as written: `(url`,
    `(<url`, then the bare URL (a reference definition `[id]: url`)."""
    found = [(f"({s}", 1) for s in spellings(url)]
    found += [(f"(<{s}", 2) for s in spellings(url)]
    return found + [(s, 0) for s in spellings(url)]


def engine() -> str:
    """Which Markdown implementation renders (part of the build cache key)."""
    return "markdown-it-pyrs" if markdown_it_pyrs is not None else "markdown-it-py"


Parts = tuple[list[Heading], list[Link], list[BodyImage]]
Renderer = Callable[[str, int], tuple[str, Parts]]
"""(body, lines before it in the file) -> (HTML, what the body contains)."""


@lru_cache(maxsize=8)
def _renderer(options: MarkdownOptions) -> Renderer:
    """A configured render function; built once per options value."""
    if markdown_it_pyrs is not None:
        return _rust_renderer(markdown_it_pyrs, options)
    return _python_renderer(options)


def _rust_renderer(rs: ModuleType, options: MarkdownOptions) -> Renderer:
    names: list[Any] = list(_CORE)
    raw = ["html_block", "html_inline"] if options.html else []
    names += raw
    if options.typographer:
        names += ["replacements", "smartquotes"]
    full = rs.MarkdownIt("zero").enable_many(names)
    lean = rs.MarkdownIt("zero").enable_many(_STRUCTURE + raw)

    def render(body: str, offset: int) -> tuple[str, Parts]:
        out: str = full.render(body)
        parts: Parts = ([], [], [])
        if _HAS_STRUCTURE.search(out):
            data = body.encode("utf-8")  # the tree's source map counts bytes

            def line(node: Any) -> int:
                return offset + 1 + data.count(b"\n", 0, node.srcmap[0])

            for node in lean.tree(body).walk():
                name = node.name
                if name == "text" or name == "paragraph":
                    continue
                if name == "link" or name == "autolink":  # `<https://...>` is a link too
                    parts[1].append(Link(node.meta["url"], line(node)))
                elif name == "image":
                    title = node.meta.get("title")
                    parts[2].append(BodyImage(node.meta["url"], _text(node), title, line(node)))
                elif name == "heading" or name == "lheading":
                    parts[0].append(Heading(node.meta["level"], _text(node), line(node)))
        return out, parts

    return render


def _text(node: Any) -> str:
    """The plain text of a tree node's descendants."""
    return "".join(
        str(n.meta.get("content", "")) for n in node.walk(include_self=False) if n.name == "text"
    )


def _python_renderer(options: MarkdownOptions) -> Renderer:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": options.html, "typographer": options.typographer})
    md.enable(["table", "strikethrough"])
    if options.typographer:
        md.enable(["replacements", "smartquotes"])
    md.use(footnote_plugin)

    def render(body: str, offset: int) -> tuple[str, Parts]:
        env: dict[str, Any] = {}
        tokens = md.parse(body, env)
        parts: Parts = ([], [], [])
        heading: int | None = None
        for token in tokens:
            if token.type == "heading_open":
                heading = int(token.tag[1])
            elif token.type == "inline" and token.map is not None:
                # Inline tokens know only the line their block starts on.
                where = offset + 1 + token.map[0]
                if heading is not None:
                    parts[0].append(Heading(heading, _inline_text(token.children), where))
                    heading = None
                for child in token.children or ():
                    if child.type == "link_open":
                        parts[1].append(Link(str(child.attrs.get("href", "")), where))
                    elif child.type == "image":
                        title = child.attrs.get("title")
                        parts[2].append(
                            BodyImage(
                                str(child.attrs.get("src", "")),
                                _inline_text(child.children),
                                str(title) if title else None,
                                where,
                            )
                        )
        html_out: str = md.renderer.render(tokens, md.options, env)
        return html_out, parts

    return render


def _inline_text(tokens: Sequence[Any] | None) -> str:
    return "".join(t.content for t in tokens or () if t.type in ("text", "code_inline"))


def add_heading_ids(body: str) -> str:
    """Give `##`-`####` headings unique ids from their text, so sections can be linked to."""
    used: dict[str, int] = {}

    def one(match: re.Match[str]) -> str:
        text = html.unescape(_TAG.sub("", match.group(2)))
        base = slugify(text) or "section"
        n = used.get(base, 0)
        used[base] = n + 1
        ident = base if n == 0 else f"{base}-{n}"
        level = match.group(1)
        return f'<h{level} id="{html.escape(ident)}">{match.group(2)}</h{level}>'

    return _HEADING.sub(one, body)


def render(body: str, options: MarkdownOptions, lines_before: int = 0) -> Rendered:
    """An article body rendered, never run through a template engine.

    `lines_before` is how many lines of the file come before the body, so the lines of
    headings, links and images are lines of the file. Control characters, which HTML
    forbids, are dropped first; a vertical tab (a line break pasted from a word processor)
    becomes a space. Neither changes a line number.
    """
    if CONTROL.search(body) is not None:
        body = CONTROL.sub(lambda m: " " if m.group() == "\v" else "", body)
    out, (headings, links, images) = _renderer(options)(body, lines_before)
    if options.anchors:
        out = add_heading_ids(out)
    return Rendered.of(out, tuple(headings), tuple(links), tuple(images))
