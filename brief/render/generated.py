"""Files made in code rather than templates: feeds, the sitemap, robots.txt.

Each comes with a signature of everything its bytes depend on, so a build can tell whether it
changed without making it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from brief.content.article import Article
from brief.render.feeds import atom
from brief.render.hosting import robots
from brief.render.sitemaps import sitemap
from brief.site import routes
from brief.site.edition import Edition
from brief.site.pages import Page


@dataclass(frozen=True)
class Generated:
    """A file made in code: its path, what decides its bytes, and how to make them."""

    path: str
    signature: tuple[object, ...]
    """Everything the bytes depend on (besides the site config)."""
    make: Callable[[], bytes]


def _entries(articles: Sequence[Article], limit: int) -> tuple[object, ...]:
    return tuple((a.digest, a.source) for a in articles[:limit])


def generated_files(
    edition: Edition, pages: Sequence[Page], own_robots: bool = False
) -> list[Generated]:
    """The site feed, one feed per tag, the sitemap and robots.txt (unless the site has its
    own, `own_robots`)."""
    config = edition.config
    limit = config.feed.entries
    files = [
        Generated(
            routes.FEED.lstrip("/"),
            ("feed", _entries(edition.articles, limit)),
            partial(
                atom,
                config,
                edition.articles,
                feed_path=routes.FEED,
                page_path=routes.HOME,
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
    for group, kind in [(s, "section-feed") for s in edition.sections] + [
        (a, "author-feed") for a in edition.authors if a.articles
    ]:
        files.append(
            Generated(
                group.feed_url.lstrip("/"),
                (kind, group.name, _entries(group.articles, limit)),
                partial(
                    atom,
                    config,
                    group.articles,
                    feed_path=group.feed_url,
                    page_path=group.url,
                    title=f"{group.name} – {config.title}",
                ),
            )
        )
    files.append(
        Generated(
            routes.SITEMAP.lstrip("/"),
            (
                "sitemap",
                tuple(p.url for p in pages),
                tuple((a.updated or a.date).timestamp() for a in edition.articles),
                tuple((a.updated or a.date).timestamp() for a in edition.pages),
            ),
            partial(sitemap, config, pages),
        )
    )
    if not own_robots:
        files.append(Generated(routes.ROBOTS.lstrip("/"), ("robots",), partial(robots, config)))
    return files
