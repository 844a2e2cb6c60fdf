"""Files made in code rather than templates: feeds, the sitemaps, robots.txt.

Each comes with a signature of everything its bytes depend on, so a build can tell whether it
changed without making it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from brief.config import SiteConfig
from brief.content.article import Article
from brief.i18n import catalogue
from brief.render.corrections import corrections_feed
from brief.render.feeds import atom
from brief.render.hosting import robots
from brief.render.jsonfeed import json_feed
from brief.render.rss import rss
from brief.render.sitemaps import news_articles, news_sitemap, page_images, sitemap
from brief.site import routes
from brief.site.edition import Edition
from brief.site.pages import CorrectionItem, Page, site_corrections


@dataclass(frozen=True)
class Generated:
    """A file made in code: its path, what decides its bytes, and how to make them."""

    path: str
    signature: tuple[object, ...]
    """Everything the bytes depend on (besides the site config)."""
    make: Callable[[], bytes]


def _entries(articles: Sequence[Article], limit: int) -> tuple[object, ...]:
    return tuple((a.digest, a.source) for a in articles[:limit])


WRITERS: dict[str, Callable[..., bytes]] = {"atom": atom, "rss": rss, "json": json_feed}
"""The writer of each feed format (`config.FEED_FORMATS`), all called alike."""


def _listings(edition: Edition) -> list[tuple[str, str, str, Sequence[Article]]]:
    """(kind, name, folder, articles) of every listing with a feed: the site, then each
    topic, section and author with articles."""
    config = edition.config
    listings: list[tuple[str, str, str, Sequence[Article]]] = [
        ("site", config.title, routes.HOME, edition.articles)
    ]
    listings += [("tag", t.name, t.url, t.articles) for t in edition.tags]
    listings += [("section", s.name, s.url, s.articles) for s in edition.sections]
    listings += [("author", a.name, a.url, a.articles) for a in edition.authors if a.articles]
    return listings


def carried(edition: Edition) -> frozenset[str]:
    """The article files some generated file shows (`generated_files`): the latest of each
    feed, those of the news sitemap and of the corrections feed. An edit to any other story
    that keeps its place, headline and images changes no generated file but the sitemap's
    entry of its page, which `build.patch` compares."""
    limit = edition.config.feed.entries
    shown = {a.source for *_, articles in _listings(edition) for a in articles[:limit]}
    shown.update(a.source for a in news_articles(edition.articles))
    shown.update(c.article.source for c in site_corrections(edition))
    return frozenset(shown)


def _feeds(
    edition: Edition, listings: Sequence[tuple[str, str, str, Sequence[Article]]]
) -> Iterator[Generated]:
    """The feeds of `listings` (`_listings`): the site's in each of `feed.formats`, a
    topic's, section's or author's in each of `feed.groups`. A feed's bytes depend on its
    articles (their digests and files), its listing's name and folder, and the config."""
    config = edition.config
    limit = config.feed.entries
    words = catalogue(config)  # once, not once per feed: it looks at the catalogue files
    for kind, name, folder, articles in listings:
        site = kind == "site"
        title = name if site else f"{name} – {config.title}"
        for fmt in config.feed.formats if site else config.feed.group_formats:
            path = routes.FEED_FORMATS[fmt].url(folder)
            yield Generated(
                path.lstrip("/"),
                (f"{kind}-feed", fmt, name, folder, _entries(articles, limit)),
                partial(
                    WRITERS[fmt],
                    config,
                    articles,
                    feed_path=path,
                    page_path=folder,
                    title=title,
                    words=words,
                ),
            )


def generated_files(
    edition: Edition, pages: Sequence[Page], own_robots: bool = False
) -> list[Generated]:
    """The site's feeds and those of every tag, section and author (see `_feeds`), the
    corrections feed (once there is a correction), the sitemap, the news sitemap (unless
    there is no article) and robots.txt (unless the site has its own, `own_robots`)."""
    config = edition.config
    files = list(_feeds(edition, _listings(edition)))
    corrections = site_corrections(edition)
    if corrections:
        files.append(_corrections(config, corrections))
    files.append(
        Generated(
            routes.SITEMAP.lstrip("/"),
            ("sitemap", tuple(sitemap_entry(p, config) for p in pages)),
            partial(sitemap, config, pages),
        )
    )
    news = news_articles(edition.articles)
    if news:  # a sitemap lists at least one URL
        files.append(_news(config, news))
    if not own_robots:
        files.append(
            Generated(
                routes.ROBOTS.lstrip("/"),
                ("robots", bool(news)),
                partial(robots, config, news=bool(news)),
            )
        )
    return files


def _corrections(config: SiteConfig, corrections: Sequence[CorrectionItem]) -> Generated:
    shown = corrections[: config.feed.entries]
    return Generated(
        routes.CORRECTIONS_FEED.lstrip("/"),
        (
            "corrections-feed",
            tuple(
                (c.article.url, c.article.title, c.index, c.date.timestamp(), c.text) for c in shown
            ),
        ),
        partial(corrections_feed, config, corrections),
    )


def _news(config: SiteConfig, news: Sequence[Article]) -> Generated:
    return Generated(
        routes.NEWS_SITEMAP.lstrip("/"),
        ("news-sitemap", tuple((a.url, a.title, a.date.timestamp()) for a in news)),
        partial(news_sitemap, config, news),
    )


def carrying(edition: Edition, sources: Collection[str]) -> list[Generated]:
    """The generated files of `generated_files` that show a story of the files `sources`
    (`carried`), made from `edition`: the feeds that have one among their latest, the news
    sitemap and the corrections feed. The rest show none of them; the sitemap shows their
    pages' entries (`sitemap_entry`), which a caller compares. An edit in place to a story
    changes only these of the generated files."""
    config = edition.config
    limit = config.feed.entries
    listings = [
        listing
        for listing in _listings(edition)
        if any(a.source in sources for a in listing[3][:limit])
    ]
    files = list(_feeds(edition, listings))
    corrections = site_corrections(edition)
    if any(c.article.source in sources for c in corrections[:limit]):
        files.append(_corrections(config, corrections))
    news = news_articles(edition.articles)
    if any(a.source in sources for a in news):
        files.append(_news(config, news))
    return files


def sitemap_entry(page: Page, config: SiteConfig) -> tuple[object, ...]:
    modified = page.context.modified
    # the kind's value: the repr of an enum member is slow, and this is once per page
    return (page.url, page.kind.value, modified and modified.timestamp(), page_images(page, config))
