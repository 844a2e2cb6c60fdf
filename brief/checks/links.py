"""Links between pages of the site: to pages that exist, to anchors that exist, to articles
that are published.

A body link counts as internal when it is a site path (`/2022/02/28/talks/`, `/tags/ukraine/`),
a path relative to the article's page (`../talks/`), a fragment (`#what-was-asked`, the
article itself), or a full URL on the site's host under its base_url. Anything else (other
hosts, `mailto:`) is left alone. A path written with the base path of a site served under
one (`/project/2022/...` for base_url `https://example.org/project/`) is read without it.

Each problem is an error, since the link is broken on the published site. The links of
every article read are checked, drafts' too; `links-unpublished` only those of published
articles (a draft may link to another draft that will be published with it). Published
means what the build with the same `--drafts` and `--future` would publish.

These checks need the planned site, a `Site`, so `brief check` runs them after `gather()`:

- `broken-link` and `links-unpublished` cost a set lookup per link, cheap enough for a build
  to run after planning.
- `broken-anchor` reads the ids of every article that a link with a fragment points at from
  its HTML (one regex pass per such article), so it belongs to `brief check` only.

A link is placed at its URL in the file (see `place`).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from brief.checks.place import SourceLines, destination
from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.markdown import Link
from brief.errors import Problem, Severity, did_you_mean
from brief.site.edition import Edition

_BASE = "https://site.invalid"
"""Any origin, to resolve paths against: `urljoin` mishandles `..` on a bare path."""
_ID = re.compile(r"""(?<![\w-])id=(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class Site:
    """What links are looked up in: the planned site and every article read."""

    articles: tuple[Article, ...]
    """Every article read, published or not, in file order: all of their links are checked."""
    published: Mapping[str, Article]
    """The edition's articles by site path."""
    unpublished: Mapping[str, Article]
    """Articles read but left out of the edition (drafts, future ones) by site path, where
    no published article has that path."""
    paths: frozenset[str]
    """Every site path the build writes: each file's (`/feed.xml`), and for an `index.html`
    also its folder's (`/tags/`)."""
    page_ids: frozenset[str] = field(default_factory=frozenset)
    """Ids that every article page has from its templates (`main` ...), valid anchors too."""

    def page(self, path: str) -> str | None:
        """The path as the site has it (`/tags` is served as `/tags/`), or None."""
        if path in self.paths:
            return path
        if not path.endswith("/") and path + "/" in self.paths:
            return path + "/"
        return None

    def article(self, path: str) -> Article | None:
        """The article at `path` (or its `index.html`), published or not."""
        path = path.removesuffix("index.html")
        for candidate in (path, path + "/"):
            found = self.published.get(candidate) or self.unpublished.get(candidate)
            if found is not None:
                return found
        return None


def site_paths(files: Iterable[str]) -> frozenset[str]:
    """Site paths from the planned files' paths (relative to the output folder)."""
    paths: set[str] = set()
    for file in files:
        paths.add("/" + file)
        if file == "index.html" or file.endswith("/index.html"):
            paths.add("/" + file.removesuffix("index.html"))
    return frozenset(paths)


def make_site(
    articles: Iterable[Article],
    edition: Edition,
    files: Iterable[str],
    page_ids: Iterable[str] = (),
) -> Site:
    """The `Site` of `articles` (every one read) as `edition` publishes them into `files`."""
    read = tuple(articles)
    published = {a.url: a for a in edition.articles}
    unpublished: dict[str, Article] = {}
    for a in read:
        if a.url not in published:
            unpublished.setdefault(a.url, a)
    return Site(read, published, unpublished, site_paths(files), frozenset(page_ids))


def resolve(url: str, page: str, config: SiteConfig) -> tuple[str, str] | None:
    """(site path, fragment) of a link written on the page at site path `page`, both with
    percent-escapes undone; None for a link that leaves the site."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return None
    base = config.base_path
    if parts.scheme or parts.netloc:
        ours = urlsplit(config.base_url)
        if parts.scheme not in ("", "http", "https") or host != ours.hostname:
            return None
        if parts.port != ours.port:
            return None
        path = parts.path or "/"
        if path + "/" == base:
            path = base
        if not path.startswith(base):
            return None
        path = "/" + path[len(base) :]
    elif not parts.path:
        path = page
    elif parts.path.startswith("/"):
        path = parts.path
        if base != "/" and path.startswith(base):
            path = "/" + path[len(base) :]
    else:
        path = parts.path
    if path.startswith("//"):  # `/project//x` less its base path: a path, not a host
        path = "/" + path.lstrip("/")
    # Relative to the page, with `.` and `..` resolved; `..` past the root stays there, as
    # in browsers (joining onto a bare path would keep it).
    path = urlsplit(urljoin(_BASE + page, path)).path
    return unquote(path), unquote(parts.fragment)


def _places(article: Article) -> Iterator[tuple[Link, int]]:
    """Each link with how many links to the same URL come before it on its line, to tell
    them apart in the file."""
    seen: Counter[tuple[int, str]] = Counter()
    for link in article.body.links:
        yield link, seen[link.line, link.url]
        seen[link.line, link.url] += 1


def _problem(sources: SourceLines, article: Article, link: Link, nth: int, message: str) -> Problem:
    line, column = sources.find(article, link.line, destination(link.url), nth)
    return Problem(article.source, line, column, message, severity=Severity.ERROR)


def _folders(paths: Iterable[str]) -> dict[str, list[str]]:
    """Pages (paths ending in `/`) by their parent folder, for suggestions."""
    found: dict[str, list[str]] = {}
    for path in sorted(paths):
        if path.endswith("/") and path != "/":
            parent, _, name = path[:-1].rpartition("/")
            found.setdefault(parent + "/", []).append(name)
    return found


def suggestion(path: str, folders: Mapping[str, list[str]]) -> str | None:
    """The page `path` was most likely meant to be: a close name in the same folder
    (`/tags/rusia/` -> `/tags/russia/`), else the same name in another folder (an article
    linked with the wrong date). Whole paths are not compared: their shared folders make
    any two look alike."""
    parent, _, name = path.rstrip("/").rpartition("/")
    parent += "/"
    close = did_you_mean(name, folders.get(parent, []))
    if close is not None:
        return parent + close + "/"
    return next((f + name + "/" for f, names in folders.items() if name in names), None)


def check_links(site: Site, config: SiteConfig) -> Iterator[Problem]:
    """Internal links to no page the site will have: an error at the link. A link to an
    article that is read but not published is `links-unpublished`'s, not this one's."""
    sources = SourceLines(config.root)
    folders: dict[str, list[str]] | None = None
    for article in site.articles:
        for link, nth in _places(article):
            found = resolve(link.url, article.url, config)
            if found is None:
                continue
            path = found[0]
            if site.page(path) is not None or site.article(path) is not None:
                continue
            if folders is None:  # only once a link is broken
                folders = _folders(site.paths)
            close = suggestion(path, folders)
            hint = f"; did you mean {close}?" if close else ""
            yield _problem(
                sources,
                article,
                link,
                nth,
                f"link to {link.url} leads to no page of this site{hint}",
            )


def _state(article: Article, config: SiteConfig) -> str:
    if article.draft:
        return "a draft"
    if article.expires is not None:  # not yet due, or expired: either way not on the site
        ends = article.expires.astimezone(config.tz).date().isoformat()
        day = article.date.astimezone(config.tz).date().isoformat()
        return f"dated {day} with expires: {ends}, not published now"
    return f"dated {article.date.astimezone(config.tz).date().isoformat()}, not yet published"


def check_unpublished(site: Site, config: SiteConfig) -> Iterator[Problem]:
    """Links from a published article to one that is read but not published (a draft or a
    future one): on the published site they lead nowhere."""
    sources = SourceLines(config.root)
    for article in site.articles:
        if site.published.get(article.url) is not article:
            continue
        for link, nth in _places(article):
            found = resolve(link.url, article.url, config)
            if found is None or site.page(found[0]) is not None:
                continue
            target = site.article(found[0])
            if target is None:
                continue
            yield _problem(
                sources,
                article,
                link,
                nth,
                f"link to {link.url} leads to {target.source}, which is {_state(target, config)}; "
                "publish it first or remove the link",
            )


def anchors(article: Article) -> frozenset[str]:
    """Every id in the article's body HTML: headings' anchors, footnotes, raw HTML."""
    return frozenset(html.unescape(a or b) for a, b in _ID.findall(article.html))


def check_anchors(site: Site, config: SiteConfig) -> Iterator[Problem]:
    """Links to `#anchor`s that the target article (or the article itself) lacks. Only
    articles' anchors are known; fragments of other pages are not checked."""
    sources = SourceLines(config.root)
    known: dict[str, frozenset[str]] = {}
    for article in site.articles:
        for link, nth in _places(article):
            found = resolve(link.url, article.url, config)
            if found is None or not found[1]:
                continue
            path, fragment = found
            target = article if path == article.url else site.article(path)
            if target is None:
                continue
            ids = known.get(target.source)
            if ids is None:
                ids = known[target.source] = anchors(target) | site.page_ids
            if fragment in ids:
                continue
            close = did_you_mean(fragment, sorted(ids))
            hint = f"; did you mean #{close}?" if close else ""
            where = "this article" if target is article else target.source
            yield _problem(
                sources,
                article,
                link,
                nth,
                f"link to {link.url}: {where} has no anchor #{fragment}{hint}",
            )
