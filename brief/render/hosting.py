"""What a static host reads besides the pages: redirects for old URLs, cache rules, a custom
domain, robots.txt.

Every rule for how long a file may be cached lives here (`cache_control`), so the `_headers`
file that Netlify and Cloudflare Pages read and the headers `brief deploy` sets on S3 objects
never disagree.
"""

from __future__ import annotations

import fnmatch
import html
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from brief.config import SiteConfig
from brief.content.article import Article
from brief.errors import Problem
from brief.i18n import catalogue, right_to_left
from brief.render.assets import IMMUTABLE
from brief.render.urls import absolute, relative, rooted
from brief.site import routes

REVALIDATE = "public, max-age=0, must-revalidate"
"""Pages, feeds and sitemaps: a reader sees a correction at once (the host answers 304 when
nothing changed)."""
HOUR = "public, max-age=3600"
"""Other files under a stable name (images, downloads): replaced rarely, seen within the hour."""

_FRESH = frozenset({".html", ".htm", ".xml", ".txt", ".json", ".webmanifest", ""})

CNAME = "CNAME"
NOJEKYLL = ".nojekyll"
HEADERS = "_headers"
REDIRECTS = "_redirects"


def cache_control(path: str, config: SiteConfig, hashed: frozenset[str]) -> str:
    """How long a host may keep the output file `path` (relative, posix): the site's own
    rules first (`host.cache`, first match wins), then brief's."""
    return _cache_rule(path, config, hashed)[0]


def _cache_rule(path: str, config: SiteConfig, hashed: frozenset[str]) -> tuple[str, bool]:
    """`cache_control`, and whether a rule named the file (a site rule, or its hash)
    rather than brief's defaults by kind of file."""
    for pattern, value in config.host.cache:
        if fnmatch.fnmatchcase(path, pattern.lstrip("/")):
            return value, True
    if path in hashed:
        return IMMUTABLE, True
    if path.startswith(SEARCH_INDEX):
        return _index_rule(path), False
    if posixpath.splitext(path)[1].lower() in _FRESH or path.endswith("/"):
        return REVALIDATE, False
    return HOUR, False


SEARCH_INDEX = routes.SEARCH_INDEX.lstrip("/")
SEARCH_HASHED = tuple(f"{SEARCH_INDEX}{d}/" for d in ("fragment", "index", "filter"))
"""Pagefind's folders of files named by their content's hash: a name never gets other bytes.
The rest of its bundle (`pagefind-entry.json`, which names the current index, its scripts
and WebAssembly, under fixed names) changes with each index or Pagefind version."""


def _index_rule(path: str) -> str:
    """The hashed folders are those of each shard's bundle too (`pagefind/shard-3/index/`);
    `_headers` names only the first bundle's (a rule per shard would pass the hosts' limits
    on rules), so elsewhere a host revalidates the shards' files."""
    bundle = routes.bundle_of("/" + path).lstrip("/")
    rest = path[len(bundle) :]
    return IMMUTABLE if (SEARCH_INDEX + rest).startswith(SEARCH_HASHED) else REVALIDATE


@dataclass(frozen=True)
class Alias:
    """An old URL of an article: a small page there sends readers (and crawlers) on."""

    path: str
    """The output file, relative: `old/url/index.html`."""
    url: str
    """The old site path, `/old/url/`."""
    article: Article


def aliases(
    articles: Sequence[Article], taken: dict[str, str]
) -> tuple[list[Alias], list[Problem]]:
    """Each published article's aliases, and an error for each that would replace another
    output (`taken`: case-folded output path -> what makes it) or another alias."""
    found: list[Alias] = []
    problems: list[Problem] = []
    claimed: dict[str, str] = {}
    for article in articles:
        for url in article.aliases:
            path = routes.output_path(url)
            key = path.casefold()
            other = taken.get(key) or claimed.get(key)
            if other is not None:
                problems.append(
                    Problem(
                        article.source,
                        article.lines.get("aliases"),
                        None,
                        f"alias '{url}' is the address of {other} too; remove the alias or "
                        "change that page's URL",
                    )
                )
                continue
            claimed[key] = f"{article.source} (an alias)"
            found.append(Alias(path, url, article))
    return found, problems


MOVED = "This article has moved to %(link)s."
"""The text of an alias page (a catalogue string, like the theme's)."""


def moved_text(config: SiteConfig) -> str:
    """`MOVED` in the site's language: what an alias page's bytes depend on besides the
    article's address and title."""
    return catalogue(config).gettext(MOVED)


def redirect_page(alias: Alias, config: SiteConfig, moved: str | None = None) -> bytes:
    """A page that forwards at once: a refresh for browsers, a canonical link and `noindex`
    so search engines file the article under its one real address. `moved` is `moved_text`,
    for a caller that makes many."""
    target = relative(alias.article.url, alias.url)
    full = absolute(alias.article.url, config.base_url)
    title = html.escape(alias.article.title)
    lang = html.escape(config.language)
    direction = ' dir="rtl"' if right_to_left(config.language) else ""
    # The catalogue's text is markup, as in templates; only the link is filled in.
    link = f'<a href="{html.escape(target)}">{title}</a>'
    moved = (moved or moved_text(config)) % {"link": link}
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"{direction}>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{html.escape(full)}">\n'
        f'<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={html.escape(target)}">\n'
        f"</head>\n<body>\n<p>{moved}</p>\n</body>\n</html>\n"
    ).encode()


def redirects_file(found: Iterable[Alias], config: SiteConfig) -> bytes:
    """`_redirects` as Netlify and Cloudflare Pages read it: old path, new path, 301."""
    lines = [
        f"{rooted(a.url, config.base_path)} {rooted(a.article.url, config.base_path)} 301"
        for a in found
    ]
    return ("\n".join(sorted(lines)) + "\n").encode()


def headers_file(paths: Iterable[str], config: SiteConfig, hashed: frozenset[str]) -> bytes:
    """`_headers` (Netlify, Cloudflare Pages): the files under content-hash names, and those
    a `host.cache` rule names, each by exact path, so no two rules ever match one file (the
    hosts would join their values). The rest keep the host's default, which revalidates;
    one rule per image would soon pass Cloudflare's limit of 100 rules. The search index's
    hashed folders get one rule each (no other rule names a file in them: the index is made
    after this file, and `host.cache` rules apply to it only where brief deploy sets headers).
    No Content-Security-Policy is set; a site that adds one must allow the search page's
    WebAssembly (`script-src 'self' 'wasm-unsafe-eval'`, see docs/search.md)."""
    out = ["/*", "  X-Content-Type-Options: nosniff"]
    if not config.production:
        out.append("  X-Robots-Tag: noindex")
    for path in sorted(paths):
        value, ruled = _cache_rule(path, config, hashed)
        if ruled and path not in (HEADERS, REDIRECTS):
            out += [rooted(path, config.base_path), f"  Cache-Control: {value}"]
    if config.search.enabled:  # made after this file: one rule per folder, not per file
        for folder in SEARCH_HASHED:
            out += [rooted(folder, config.base_path) + "*", f"  Cache-Control: {IMMUTABLE}"]
    return ("\n".join(out) + "\n").encode()


def robots(config: SiteConfig, news: bool = False) -> bytes:
    """Crawl everything (and here are the sitemaps: the news sitemap too, when the site
    has one, `news`), or, for a staging build, nothing."""
    if not config.production:
        return b"User-agent: *\nDisallow: /\n"
    maps = [routes.SITEMAP, *([routes.NEWS_SITEMAP] if news else [])]
    lines = "".join(f"Sitemap: {absolute(m, config.base_url)}\n" for m in maps)
    return f"User-agent: *\nAllow: /\n\n{lines}".encode()
