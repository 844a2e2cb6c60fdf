"""RSS 2.0 feeds (https://www.rssboard.org/rss-specification), beside the Atom ones: the same
entries, images and credits (see `feeds`), in the elements RSS readers know.

- `<guid isPermaLink="true">` is the article's URL, as Atom's `<id>` is;
- dates are RFC 822 (`Mon, 28 Feb 2022 13:30:00 GMT`), in GMT so no reader misreads a zone;
- the byline is `<dc:creator>` (RSS's `<author>` must be an e-mail address);
- the section and the tags are `<category>`s whose `domain` is where their pages live (the
  section's front is `domain` + its slug, as a topic's is);
- `<description>` is the summary, written as HTML (RSS readers read it so); the whole
  article, when `feed.content` is `full`, is `<content:encoded>`;
- an `<atom:link rel="self">`, which RSS lacks and readers use to know the feed's address.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from functools import partial

import brief
from brief.config import SiteConfig
from brief.content.article import Article
from brief.i18n import Catalogue, catalogue
from brief.render.feeds import (
    MEDIA_NS,
    entry_content,
    escape,
    images,
    kept,
    media_elements,
    quoteattr,
    site_author,
)
from brief.render.urls import absolute
from brief.site import routes

NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": MEDIA_NS,
}


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc822(value: dt.datetime) -> str:
    """A date as RSS writes it, in GMT, with English names whatever the locale: what
    `email.utils.format_datetime(..., usegmt=True)` gives, without the `email` package
    (10 ms of every build that writes a page)."""
    u = value.astimezone(dt.UTC)
    return (
        f"{_DAYS[u.weekday()]}, {u.day:02d} {_MONTHS[u.month - 1]} {u.year:04d} "
        f"{u.hour:02d}:{u.minute:02d}:{u.second:02d} GMT"
    )


def _rss_item(art: Article, config: SiteConfig, words: Catalogue) -> tuple[str, ...]:
    """The lines of one article's `<item>`, the same in every RSS feed that carries it."""

    def a(path: str) -> str:
        return absolute(path, config.base_url)

    author = site_author(config)
    out: list[str] = []
    url = a(art.url)
    out += [
        "    <item>",
        f"      <title>{escape(art.title)}</title>",
        f"      <link>{escape(url)}</link>",
        f'      <guid isPermaLink="true">{escape(url)}</guid>',
        f"      <pubDate>{rfc822(art.date)}</pubDate>",
    ]
    byline = art.author or (author.name if author else None)
    if byline:
        out.append(f"      <dc:creator>{escape(byline)}</dc:creator>")
    if art.section:
        out.append(
            f"      <category domain={quoteattr(a(routes.HOME))}>"
            f"{escape(art.section.name)}</category>"
        )
    for ref in art.tags:
        out.append(
            f"      <category domain={quoteattr(a(routes.TAGS))}>{escape(ref.name)}</category>"
        )
    if art.summary:
        out.append(
            f"      <description>{escape(html.escape(art.summary, quote=False))}</description>"
        )
    if config.feed.content == "full":
        out.append(
            f"      <content:encoded>{entry_content(art, config, words).xml}</content:encoded>"
        )
    out += media_elements(images(art, a), "      ", bool(art.summary))
    out.append("    </item>")
    return tuple(out)


def rss(
    config: SiteConfig,
    articles: Sequence[Article],
    *,
    feed_path: str,
    page_path: str,
    title: str,
    words: Catalogue | None = None,
) -> bytes:
    """An RSS 2.0 feed of the latest `config.feed.entries` articles, with Media RSS for
    their images."""
    latest = list(articles[: config.feed.entries])

    def a(path: str) -> str:
        return absolute(path, config.base_url)

    words = words or catalogue(config)  # the credit words of the entries' HTML
    xmlns = " ".join(f"xmlns:{k}={quoteattr(v)}" for k, v in NAMESPACES.items())
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<rss version="2.0" {xmlns}>',
        "  <channel>",
        f"    <title>{escape(title)}</title>",
        f"    <link>{escape(a(page_path))}</link>",
        # required: the site's description, or its name when it has none
        f"    <description>{escape(config.description or config.title)}</description>",
        f"    <language>{escape(config.language)}</language>",
    ]
    if config.copyright:
        out.append(f"    <copyright>{escape(config.copyright)}</copyright>")
    if latest:
        out.append(f"    <lastBuildDate>{rfc822(max(x.modified for x in latest))}</lastBuildDate>")
    out += [
        f"    <generator>brief {escape(brief.__version__)}</generator>",
        f'    <atom:link rel="self" type="application/rss+xml" href={quoteattr(a(feed_path))}/>',
    ]
    for art in latest:
        out += kept("rss", art, config, words, partial(_rss_item, art, config, words))
    out += ["  </channel>", "</rss>\n"]
    return "\n".join(out).encode("utf-8")
