"""Front-matter that parses but will not serve readers well: no tags, a headline or summary
too long to be shown whole, an update dated before publication.

Each problem is placed on its key's line (column 1), where the writer fixes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from brief.config import SiteConfig
from brief.content.article import Article
from brief.errors import Problem, Severity

HEADLINE_MAX = 110
"""Characters: Google's limit for an article's `headline` in structured data, past which
it is cut or ignored in search features."""
SUMMARY_MAX = 300
"""Characters: about what link cards (Open Graph descriptions) and feed readers show before
they cut; the summary is the page's `<meta name="description">` and its feed entry's
summary. Search snippets and X cards are cut sooner (160-200), but a wire standfirst is
often 200-250 characters and reads whole in listings, so this flags only one that is cut
everywhere."""


def _warn(article: Article, key: str, message: str) -> Problem:
    return Problem(article.source, article.lines.get(key, 1), 1, message, severity=Severity.WARNING)


def check_tags(articles: Sequence[Article], config: SiteConfig) -> Iterator[Problem]:
    """An article without tags is on no topic page and in no topic feed."""
    for article in articles:
        if not article.tags:
            yield _warn(
                article,
                "tags",
                "the article has no tags, so no topic page or topic feed lists it; "
                "add some, e.g. tags: [Ukraine, Diplomacy]",
            )


def check_headline_length(articles: Sequence[Article], config: SiteConfig) -> Iterator[Problem]:
    for article in articles:
        if len(article.title) > HEADLINE_MAX:
            yield _warn(
                article,
                "title",
                f"the headline has {len(article.title)} characters; search engines cut "
                f"headlines after {HEADLINE_MAX}, so shorten it",
            )


def check_summary_length(articles: Sequence[Article], config: SiteConfig) -> Iterator[Problem]:
    for article in articles:
        if len(article.summary) > SUMMARY_MAX:
            yield _warn(
                article,
                "summary",
                f"the summary has {len(article.summary)} characters; link cards, feed readers "
                f"and search results cut it after about {SUMMARY_MAX}, so shorten it",
            )


def _when(moment: dt.datetime, config: SiteConfig) -> str:
    """In the site's timezone, as writers give dates."""
    return moment.astimezone(config.tz).strftime("%Y-%m-%d %H:%M")


def check_updated(articles: Sequence[Article], config: SiteConfig) -> Iterator[Problem]:
    """`updated` before `date` is a typo in one of them; feeds and pages would show an
    update older than the article."""
    for article in articles:
        if article.updated is not None and article.updated < article.date:
            yield _warn(
                article,
                "updated",
                f"updated ({_when(article.updated, config)}) is earlier than date "
                f"({_when(article.date, config)}); an article is updated after it is published, "
                "so one of them is mistyped",
            )
