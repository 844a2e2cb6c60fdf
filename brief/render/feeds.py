"""Machine-readable outputs: Atom feeds, the sitemap and robots.txt.

Written directly rather than through templates: their formats are fixed by standards, every
URL in them must be absolute, and escaping is done by one function we can test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import brief
from brief.config import SiteConfig
from brief.content.article import Article
from brief.render.urls import absolute
from brief.site.edition import Edition
from brief.site.pages import Page


def escape(text: str) -> str:
    """Text for XML element content. (xml.sax.saxutils would import urllib.request, a
    fifth of brief's start-up, for three replacements.)"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + escape(text).replace('"', "&quot;") + '"'


def _when(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(
    config: SiteConfig,
    articles: Sequence[Article],
    *,
    feed_path: str,
    page_path: str,
    title: str,
) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of the latest `config.feed.entries` articles."""
    latest = list(articles[: config.feed.entries])

    def a(path: str) -> str:
        return absolute(path, config.base_url)

    updated = max((x.updated or x.date for x in latest), default=None)
    site_author = config.author or config.publisher
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <id>{escape(a(feed_path))}</id>",
        f"  <title>{escape(title)}</title>",
    ]
    if config.description:
        out.append(f"  <subtitle>{escape(config.description)}</subtitle>")
    out += [
        f"  <updated>{_when(updated) if updated else '1970-01-01T00:00:00Z'}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(a(feed_path))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(a(page_path))}/>',
        f"  <author><name>{escape(site_author.name if site_author else config.title)}</name></author>",
        f'  <generator version="{brief.__version__}">brief</generator>',
    ]
    if config.copyright:
        out.append(f"  <rights>{escape(config.copyright)}</rights>")
    for art in latest:
        url = a(art.url)
        out += [
            "  <entry>",
            f"    <id>{escape(url)}</id>",
            f"    <title>{escape(art.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
            f"    <published>{_when(art.date)}</published>",
            f"    <updated>{_when(art.updated or art.date)}</updated>",
        ]
        if art.author:
            out.append(f"    <author><name>{escape(art.author)}</name></author>")
        for ref in art.tags:
            out.append(
                f"    <category term={quoteattr(ref.slug)} label={quoteattr(ref.name)}"
                f" scheme={quoteattr(a('/tags/'))}/>"
            )
        if art.summary:
            out.append(f"    <summary>{escape(art.summary)}</summary>")
        if config.feed.content == "full":
            out.append(
                f'    <content type="html" xml:base={quoteattr(url)}>{escape(art.html)}</content>'
            )
        out.append("  </entry>")
    out.append("</feed>\n")
    return "\n".join(out).encode("utf-8")


@dataclass(frozen=True)
class Generated:
    """A file made in code: its path, what decides its bytes, and how to make them."""

    path: str
    signature: tuple[object, ...]
    """Everything the bytes depend on (besides the site config)."""
    make: Callable[[], bytes]


def _entries(articles: Sequence[Article], limit: int) -> tuple[object, ...]:
    return tuple((a.digest, a.source) for a in articles[:limit])


def generated(edition: Edition, pages: Sequence[Page]) -> list[Generated]:
    """The site feed, one feed per tag, the sitemap and robots.txt."""
    config = edition.config
    limit = config.feed.entries
    files = [
        Generated(
            "feed.xml",
            ("feed", _entries(edition.articles, limit)),
            partial(
                atom,
                config,
                edition.articles,
                feed_path="/feed.xml",
                page_path="/",
                title=config.title,
            ),
        )
    ]
    for tag in edition.tags:
        files.append(
            Generated(
                tag.feed_url.lstrip("/"),
                ("tag-feed", tag.name, _entries(tag.articles, limit)),
                partial(
                    atom,
                    config,
                    tag.articles,
                    feed_path=tag.feed_url,
                    page_path=tag.url,
                    title=f"{tag.name} – {config.title}",
                ),
            )
        )
    files.append(
        Generated(
            "sitemap.xml",
            (
                "sitemap",
                tuple(p.url for p in pages),
                tuple((a.updated or a.date).timestamp() for a in edition.articles),
            ),
            partial(sitemap, config, pages),
        )
    )
    files.append(Generated("robots.txt", ("robots",), partial(robots, config)))
    return files


def sitemap(config: SiteConfig, pages: Sequence[Page]) -> bytes:
    """sitemaps.org XML listing every page but the 404 page, with last-modified dates."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in pages:
        if page.kind == "404":
            continue
        out.append(f"  <url><loc>{escape(absolute(page.url, config.base_url))}</loc>")
        article = page.context.get("article")
        if isinstance(article, Article):
            out.append(f"    <lastmod>{_when(article.updated or article.date)}</lastmod>")
        out.append("  </url>")
    out.append("</urlset>\n")
    return "\n".join(out).encode("utf-8")


def robots(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute('/sitemap.xml', config.base_url)}\n".encode()
