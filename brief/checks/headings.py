"""Headings in article bodies."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from brief.config import SiteConfig
from brief.content.article import Article
from brief.errors import Problem, Severity


def check_top_headings(articles: Sequence[Article], config: SiteConfig) -> Iterator[Problem]:
    """Level-1 headings in a body compete with the headline (one h1 per page, for screen
    readers and search engines): a warning with the line, suggesting `##`."""
    for article in articles:
        for heading in article.body.headings:
            if heading.level == 1:
                yield Problem(
                    article.source,
                    heading.line,
                    1,
                    "a level-1 heading in the body competes with the headline; use ## for sections",
                    severity=Severity.WARNING,
                )
