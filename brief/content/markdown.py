"""The one Markdown renderer: CommonMark plus what news copy needs.

Tables, strikethrough, footnotes, heading ids and typographic quotes and dashes. Raw HTML is
escaped unless the site opts in; link validation keeps `javascript:`, `vbscript:`, `file:` and
non-image `data:` URLs from ever becoming links.

Rendering Markdown is most of a cold build's time. markdown-it-pyrs (the Rust port of
markdown-it, from the markdown-it-py maintainers) renders the same dialect about ten times
faster, so it is used where it is installed; markdown-it-py with mdit-py-plugins is the
fallback on platforms without its wheels. Heading ids are added here, the same way for both.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from types import ModuleType
from typing import Any

from brief.config import MarkdownOptions
from brief.content.slugs import slugify

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
_HEADING = re.compile(r"<h([2-4])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def engine() -> str:
    """Which Markdown implementation renders (part of the build cache key)."""
    return "markdown-it-pyrs" if markdown_it_pyrs is not None else "markdown-it-py"


@lru_cache(maxsize=8)
def _renderer(options: MarkdownOptions) -> Callable[[str], str]:
    """A configured render function; built once per options value."""
    if markdown_it_pyrs is not None:
        names: list[Any] = list(_CORE)
        if options.html:
            names += ["html_block", "html_inline"]
        if options.typographer:
            names += ["replacements", "smartquotes"]
        md_rs = markdown_it_pyrs.MarkdownIt("zero").enable_many(names)
        render_rs: Callable[[str], str] = md_rs.render
        return render_rs

    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": options.html, "typographer": options.typographer})
    md.enable(["table", "strikethrough"])
    if options.typographer:
        md.enable(["replacements", "smartquotes"])
    md.use(footnote_plugin)
    render_py: Callable[[str], str] = md.render
    return render_py


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


def render(body: str, options: MarkdownOptions) -> str:
    """The HTML of an article body. Never run through a template engine."""
    out = _renderer(options)(body)
    return add_heading_ids(out) if options.anchors else out
