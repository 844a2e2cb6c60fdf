"""Clashes of imported articles with each other and with what the brief site holds: one
URL for two articles, an old URL that is another page's address, two tags for one topic
page. The build would refuse each of them; the import finds them first and names both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.parse import parse_article
from brief.content.sources import find_sources, read_source
from brief.errors import Problem
from brief.site import routes
from brief.site.edition import make_edition
from brief.site.pages import PageKind, plan_pages


@dataclass(frozen=True)
class Incoming:
    """An article the import would write, as checked by `parse_article`."""

    shown: str
    """The post it comes from, as shown: the name errors give."""
    path: Path
    """Where it goes (an article there that it replaces is not a clash)."""
    article: Article
    tags_line: int | None
    """The line of the post's tags, for a tag clash."""


def _site_articles(config: SiteConfig, skip: set[Path]) -> list[Article]:
    """The articles already in content/ that the import does not replace (those with
    errors left out: the build reports them)."""
    files, _ = find_sources(config.content_dir, config.root)
    out = []
    for file in files:
        if Path(file.path).resolve() in skip:
            continue
        source = read_source(Path(file.path), config.root)
        if isinstance(source, Problem):
            continue
        article, _ = parse_article(source, config, media=False)  # its URL is what counts
        if article is not None:
            out.append(article)
    return out


def find_clashes(new: Sequence[Incoming], config: SiteConfig) -> list[Problem]:
    """Errors for new articles whose URL, alias or tag another article or page has, each
    naming both."""
    there = _site_articles(config, {i.path.resolve() for i in new})
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for article in there:
        owner.setdefault(article.url, article.source)
    for item in new:
        other = owner.setdefault(item.article.url, item.shown)
        if other != item.shown:
            problems.append(
                Problem(
                    item.shown,
                    None,
                    None,
                    f"would have the URL {item.article.url}, which {other} has too; give one of them "
                    "another slug:",
                )
            )
    articles = there + [i.article for i in new]
    edition, _ = make_edition(articles, config, drafts=True, future=True)
    for page in plan_pages(edition):
        if page.kind is not PageKind.ARTICLE:
            owner.setdefault(page.url, f"the page {page.url}")
    for article in there:
        for alias in article.aliases:
            owner.setdefault(alias, f"{article.source} (an alias)")
    for item in new:
        for alias in item.article.aliases:
            other = owner.setdefault(alias, f"{item.shown} (an alias)")
            if other != f"{item.shown} (an alias)":
                problems.append(
                    Problem(
                        item.shown,
                        None,
                        None,
                        f"its old URL {alias} is the address of {other} too; remove one of "
                        "them, or change that page's URL",
                    )
                )
    problems += _tag_clashes(there, new)
    return problems


def _tag_clashes(there: Sequence[Article], new: Sequence[Incoming]) -> list[Problem]:
    """Two different tags that would share one topic page, at least one of them new."""
    spelled: dict[str, dict[str, str]] = defaultdict(dict)
    for article in there:
        for tag in article.tags:
            spelled[tag.slug].setdefault(tag.key, f"'{tag.name}' ({article.source})")
    problems = []
    for item in new:
        for tag in item.article.tags:
            keys = spelled[tag.slug]
            if tag.key not in keys and keys:
                first = next(iter(keys.values()))
                problems.append(
                    Problem(
                        item.shown,
                        item.tags_line,
                        None,
                        f"tag '{tag.name}' would share the page {routes.tag_url(tag.slug)} with "
                        f"a different tag, {first}; rename one of them",
                    )
                )
            keys.setdefault(tag.key, f"'{tag.name}' ({item.shown})")
    return problems
