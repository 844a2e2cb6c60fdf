"""Atom feeds, and the XML escaping every machine-readable output shares.

Written directly rather than through templates: the format is fixed by a standard, every URL
in it must be absolute, and escaping is done by one function we can test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import brief
from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.figures import localized
from brief.i18n import catalogue
from brief.render.urls import absolute, site_links
from brief.site import routes

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids even escaped (a vertical tab or ESC pasted from a word
processor): one would make the whole feed unreadable."""


def escape(text: str) -> str:
    """Text for XML element content, with characters XML forbids dropped. (xml.sax.saxutils
    would import urllib.request, a fifth of brief's start-up, for three replacements.)"""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + escape(text).replace('"', "&quot;") + '"'


def when(value: dt.datetime) -> str:
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

    gettext = catalogue(config).gettext  # for the words of the body's figure credits

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
        f"  <updated>{when(updated) if updated else '1970-01-01T00:00:00Z'}</updated>",
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
            f"    <published>{when(art.date)}</published>",
            f"    <updated>{when(art.updated or art.date)}</updated>",
        ]
        if art.author:
            out.append(f"    <author><name>{escape(art.author)}</name></author>")
        for ref in art.tags:
            out.append(
                f"    <category term={quoteattr(ref.slug)} label={quoteattr(ref.name)}"
                f" scheme={quoteattr(a(routes.TAGS))}/>"
            )
        if art.summary:
            out.append(f"    <summary>{escape(art.summary)}</summary>")
        if config.feed.content == "full":
            out.append(
                f'    <content type="html" xml:base={quoteattr(url)}>{escape(site_links(localized(art.html, gettext), a))}</content>'
            )
        out.append("  </entry>")
    out.append("</feed>\n")
    return "\n".join(out).encode("utf-8")
