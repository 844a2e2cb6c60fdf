"""The corrections feed, `/corrections/feed.xml`: every correction on the site as an Atom
entry, newest first, so that a reader (or another newsroom) can follow what was put right.

An entry's id is the corrected article's URL with `#correction-N`, N counting that
article's corrections from its oldest: corrections are added later than the ones before,
so an entry keeps its id when more follow.
"""

from __future__ import annotations

from collections.abc import Sequence

import brief
from brief.config import SiteConfig
from brief.i18n import catalogue
from brief.render.feeds import escape, quoteattr, when
from brief.render.urls import absolute
from brief.site import routes
from brief.site.pages import CorrectionItem


def feed_title(config: SiteConfig) -> str:
    return f"{catalogue(config).gettext('Corrections')} – {config.title}"


def corrections_feed(config: SiteConfig, items: Sequence[CorrectionItem]) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of the latest `config.feed.entries` corrections."""
    latest = list(items[: config.feed.entries])

    def a(path: str) -> str:
        return absolute(path, config.base_url)

    site_author = config.author or config.publisher
    updated = when(latest[0].date) if latest else "1970-01-01T00:00:00Z"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <id>{escape(a(routes.CORRECTIONS_FEED))}</id>",
        f"  <title>{escape(feed_title(config))}</title>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(a(routes.CORRECTIONS_FEED))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(a(routes.CORRECTIONS))}/>',
        f"  <author><name>{escape(site_author.name if site_author else config.title)}</name></author>",
        f'  <generator version="{brief.__version__}">brief</generator>',
    ]
    if config.copyright:
        out.append(f"  <rights>{escape(config.copyright)}</rights>")
    for item in latest:
        url = a(item.article.url)
        out += [
            "  <entry>",
            f"    <id>{escape(url)}#correction-{item.index + 1}</id>",
            f"    <title>{escape(item.article.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
            f"    <published>{when(item.date)}</published>",
            f"    <updated>{when(item.date)}</updated>",
            f"    <summary>{escape(item.text)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>\n")
    return "\n".join(out).encode("utf-8")
