"""Every site path brief makes, in one place: where each kind of page and file lives.

Pages, feeds, sitemaps and templates ask here rather than spelling paths themselves, so a
path changes in one line and two features cannot quietly claim the same one.
"""

from __future__ import annotations

HOME = "/"
FEED = "/feed.xml"
TAGS = "/tags/"
NOT_FOUND = "/404.html"
FEEDS = "/feeds/"
"""A page about the feeds, for readers: a feed opened in a browser is no page to read."""
SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
AUTHORS = "/authors/"


def tag_url(slug: str) -> str:
    return f"{TAGS}{slug}/"


def tag_feed_url(slug: str) -> str:
    return f"{TAGS}{slug}/feed.xml"


def section_url(slug: str) -> str:
    """A desk's front: `/world/` (site.yaml keeps section slugs off brief's own paths)."""
    return f"/{slug}/"


def section_feed_url(slug: str) -> str:
    return f"/{slug}/feed.xml"


def author_url(slug: str) -> str:
    return f"{AUTHORS}{slug}/"


def author_feed_url(slug: str) -> str:
    return f"{AUTHORS}{slug}/feed.xml"


def page_url(first: str, number: int) -> str:
    """Page `number` of a listing that starts at `first`: `first`, then `first/page/2/`..."""
    return first if number == 1 else f"{first}page/{number}/"


def output_path(url: str) -> str:
    """Pretty URLs: `/a/b/` is written as `a/b/index.html`; `/x.xml` as `x.xml`."""
    path = url.lstrip("/")
    return path + "index.html" if url.endswith("/") else path
