"""Every site path brief makes, in one place: where each kind of page and file lives.

Pages, feeds, sitemaps and templates ask here rather than spelling paths themselves, so a
path changes in one line and two features cannot quietly claim the same one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

HOME = "/"
FEED = "/feed.xml"
RSS = "/rss.xml"
JSON_FEED = "/feed.json"
TAGS = "/tags/"
NOT_FOUND = "/404.html"
FEEDS = "/feeds/"
"""A page about the feeds, for readers: a feed opened in a browser is no page to read."""
SITEMAP = "/sitemap.xml"
NEWS_SITEMAP = "/news-sitemap.xml"
"""Google News' sitemap: the articles of the last two days."""
CORRECTIONS = "/corrections/"
"""Every correction on the site, newest first; only while there is one."""
CORRECTIONS_FEED = "/corrections/feed.xml"
ROBOTS = "/robots.txt"
AUTHORS = "/authors/"
CREDITS = "/credits/"
"""Every credit of the site's images and sources, by licence: what a rights holder checks."""
SEARCH = "/search/"
"""The search page (unless site.yaml says `search: false`)."""
SEARCH_INDEX = "/pagefind/"
"""The folder of the search index and Pagefind's own scripts, made after the pages."""
MAX_SHARDS = 64
"""The reader's browser loads a small index file from every shard before the first result."""
SEARCH_SCRIPT = "/search.js"
"""The theme's script that starts the search page's UI: published only with search on."""


def search_shards(urls: Sequence[str], per_shard: int) -> int:
    """How many shards the index of the pages at `urls` is made in: the fewest, a power of
    two, of at most `per_shard` pages each (up to `MAX_SHARDS`), and none empty (an empty
    bundle has no index for the browser to merge). A power of two, so the count changes
    only when the site doubles: every shard is indexed again then, and otherwise only one
    that a changed page is in (a shard is as slow to index as its pages are many)."""
    shards = 1
    while shards * per_shard < len(urls) and shards < MAX_SHARDS:
        shards *= 2
    if shards == 1:
        return 1
    digests = [_url_digest(url) for url in urls]
    while shards > 1 and len({d % shards for d in digests}) < shards:
        shards //= 2
    return shards


def search_shard(url: str, shards: int) -> int:
    """The shard of the page at `url`: by a digest of the URL, so a page stays in its
    shard whatever is added or removed around it, and every shard holds a like share of
    old and new stories (a word's weight in one shard is close to its weight in all)."""
    return 0 if shards == 1 else _url_digest(url) % shards


def _url_digest(url: str) -> int:
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big")


SHARD_PREFIX = "shard-"


def shard_bundle(shard: int) -> str:
    """The folder of a shard's index: the first is the search page's own bundle (with
    Pagefind's scripts), the others are merged into it in the browser."""
    return SEARCH_INDEX if shard == 0 else f"{SEARCH_INDEX}{SHARD_PREFIX}{shard}/"


def bundle_of(path: str) -> str:
    """The shard folder (`/pagefind/` or `/pagefind/shard-3/`) that the index file at site
    path `path` (one under `SEARCH_INDEX`) is in: `shard_bundle` read back."""
    rest = path[len(SEARCH_INDEX) :]
    if rest.startswith(SHARD_PREFIX) and "/" in rest:
        return SEARCH_INDEX + rest[: rest.index("/") + 1]
    return SEARCH_INDEX


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


@dataclass(frozen=True)
class FeedFormat:
    """A feed format brief writes: a listing with feeds (the site, each topic, section and
    author) has one in each format site.yaml's `feed.formats` (or `feed.groups`) names, as
    `file` in the listing's folder (`/feed.xml`, `/tags/ukraine/rss.xml`)."""

    name: str
    """`atom`, `rss` or `json`, as site.yaml writes it."""
    file: str
    type: str
    """Its media type, for `type=` of links to it and the Content-Type it is served with."""
    label: str
    """Its name on the feeds page (`Atom`, `RSS`, `JSON`): the same in every language (so
    `JSON`, not `JSON Feed`, whose second word a page in Ukrainian would show in English)."""

    def url(self, folder: str) -> str:
        """The feed of the listing at site path `folder` (`/`, `/world/`)."""
        return folder + self.file


FEED_FORMATS = {
    f.name: f
    for f in (
        FeedFormat("atom", FEED.lstrip("/"), "application/atom+xml", "Atom"),
        FeedFormat("rss", RSS.lstrip("/"), "application/rss+xml", "RSS"),
        FeedFormat("json", JSON_FEED.lstrip("/"), "application/feed+json", "JSON"),
    )
}
"""By name, in the order feeds are listed; `config.FEED_FORMATS` holds the same names."""


def year_url(year: int) -> str:
    """The archive of a year: `/2022/` (always at this shape, whatever the permalink)."""
    return f"/{year:04d}/"


def month_url(year: int, month: int) -> str:
    return f"/{year:04d}/{month:02d}/"


def day_url(year: int, month: int, day: int) -> str:
    """The edition of one day: `/2022/02/28/`."""
    return f"/{year:04d}/{month:02d}/{day:02d}/"


def page_url(first: str, number: int) -> str:
    """Page `number` of a listing that starts at `first`: `first`, then `first/page/2/`..."""
    return first if number == 1 else f"{first}page/{number}/"


def output_path(url: str) -> str:
    """Pretty URLs: `/a/b/` is written as `a/b/index.html`; `/x.xml` as `x.xml`."""
    path = url.lstrip("/")
    return path + "index.html" if url.endswith("/") else path
