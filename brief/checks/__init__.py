"""Editorial checks over the gathered site: ordered plain functions that return problems.

`CHECKS` is an ordered list of `(name, check)` pairs, in the manner of markdown-it's rule
lists: a new check is a function added here, with a name that messages and options can use.
Checks read what parsing already found (`Article.body` holds every heading, link and image
with its line), so they never parse Markdown again. The build runs them on every article it
read, so their warnings appear in `brief build` and `brief serve` alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from brief.checks.headings import check_top_headings
from brief.config import SiteConfig
from brief.content.article import Article
from brief.errors import Problem

Check = Callable[[Sequence[Article], SiteConfig], Iterable[Problem]]

CHECKS: list[tuple[str, Check]] = [
    ("h1-in-body", check_top_headings),
]


def run_checks(articles: Sequence[Article], config: SiteConfig) -> list[Problem]:
    """Every check's problems, in the order of `CHECKS`."""
    problems: list[Problem] = []
    for _name, check in CHECKS:
        problems.extend(check(articles, config))
    return problems
