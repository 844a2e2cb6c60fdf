"""The sitemap: what crawlers read to find the site's pages (robots.txt is in hosting)."""

from __future__ import annotations

from collections.abc import Sequence

from brief.config import SiteConfig
from brief.render.feeds import escape, when
from brief.render.urls import absolute
from brief.site.pages import Page, PageKind


def sitemap(config: SiteConfig, pages: Sequence[Page]) -> bytes:
    """sitemaps.org XML listing every page but the 404 page, with last-modified dates."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in pages:
        if page.kind is PageKind.NOT_FOUND:
            continue
        out.append(f"  <url><loc>{escape(absolute(page.url, config.base_url))}</loc>")
        modified = page.context.modified
        if modified is not None:
            out.append(f"    <lastmod>{when(modified)}</lastmod>")
        out.append("  </url>")
    out.append("</urlset>\n")
    return "\n".join(out).encode("utf-8")
