"""no-tags, headline-long, summary-long, updated-before-date: placed on their key's line."""

from __future__ import annotations

from collections.abc import Iterable

from brief.checks.metadata import (
    HEADLINE_MAX,
    SUMMARY_MAX,
    check_headline_length,
    check_summary_length,
    check_tags,
    check_updated,
)
from brief.errors import Problem
from tests.checks.kit import articles
from tests.helpers import Site, article


def formatted(problems: Iterable[Problem]) -> list[str]:
    return [p.format() for p in problems]


def test_no_tags(site: Site) -> None:
    site.write("content/a.md", article(title="Tagged", tags="[Ukraine]"))
    site.write("content/b.md", article(title="Untagged"))
    site.write("content/c.md", article(title="Empty", tags="[]"))
    config, found = articles(site)
    message = (
        "warning: the article has no tags, so no topic page or topic feed lists it; "
        "add some, e.g. tags: [Ukraine, Diplomacy]"
    )
    assert formatted(check_tags(found, config)) == [
        f"content/b.md:1:1: {message}",
        f"content/c.md:4:1: {message}",
    ]


def test_headline_length(site: Site) -> None:
    site.write("content/a.md", article(title="x" * HEADLINE_MAX, slug="a"))
    site.write("content/b.md", article(title="y" * (HEADLINE_MAX + 1), slug="b"))
    config, found = articles(site)
    assert formatted(check_headline_length(found, config)) == [
        "content/b.md:2:1: warning: the headline has 111 characters; search engines cut "
        "headlines after 110, so shorten it"
    ]


def test_summary_length(site: Site) -> None:
    site.write("content/a.md", article(title="A", summary="s" * SUMMARY_MAX))
    site.write("content/b.md", article(title="B", summary="é" * (SUMMARY_MAX + 1)))
    config, found = articles(site)
    assert formatted(check_summary_length(found, config)) == [
        "content/b.md:4:1: warning: the summary has 301 characters; link cards, feed readers "
        "and search results cut it after about 300, so shorten it"
    ]


def test_updated_before_date(site: Site) -> None:
    site.write(
        "content/a.md", article(title="A", date="2022-02-28 10:00", updated="2022-02-28 10:00")
    )
    site.write("content/b.md", article(title="B", date="2022-02-28 10:00", updated="2022-03-01"))
    site.write(
        "content/c.md", article(title="C", date="2022-02-28 10:00", updated="2022-02-28 09:59")
    )
    site.write("content/d.md", article(title="D"))
    config, found = articles(site)
    assert formatted(check_updated(found, config)) == [
        "content/c.md:4:1: warning: updated (2022-02-28 09:59) is earlier than date "
        "(2022-02-28 10:00); an article is updated after it is published, so one of them "
        "is mistyped"
    ]
