"""The one Markdown renderer: CommonMark plus what news copy needs.

Tables, strikethrough, footnotes, heading anchors and typographic quotes and dashes. Raw
HTML is escaped unless the site opts in; markdown-it's link validation keeps `javascript:`,
`vbscript:`, `file:` and non-image `data:` URLs from ever becoming links.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from brief.config import MarkdownOptions
from brief.slugs import slugify


def _heading_slug(text: str) -> str:
    return slugify(text) or "section"


@lru_cache(maxsize=8)
def renderer(options: MarkdownOptions) -> MarkdownIt:
    """A configured parser; built once per options value (it is costly to set up)."""
    md = MarkdownIt(
        "commonmark",
        {"html": options.html, "typographer": options.typographer, "linkify": False},
    )
    md.enable(["table", "strikethrough"])
    if options.typographer:
        md.enable(["replacements", "smartquotes"])
    md.use(footnote_plugin)
    if options.anchors:
        md.use(anchors_plugin, min_level=2, max_level=4, slug_func=_heading_slug)
    return md


def render(body: str, options: MarkdownOptions) -> str:
    """The HTML of an article body. Never run through a template engine."""
    html: str = renderer(options).render(body)
    return html


def render_inline(text: str, options: MarkdownOptions) -> str:
    """Inline Markdown (emphasis, quotes, links) for one-line fields such as a caption."""
    html: str = renderer(options).renderInline(text)
    return html
