"""`corrections:` and `updates:` in front-matter: read into the model oldest first, with the
lines their mistakes are reported at, and what they make of the article's last change.
The build's exact messages for each mistake are cases of
tests/fixtures/frontmatter_errors/articles.txt."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from brief.config import SiteConfig, load_config
from brief.content.article import Article, Change
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from brief.errors import Problem

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    root = tmp_path / "site"
    (root / "content" / "pages").mkdir(parents=True)
    (root / "site.yaml").write_text(
        "title: T\nbase_url: https://ex.org/\ntimezone: Europe/Berlin\n", encoding="utf-8"
    )
    return load_config(root)


def parse(
    config: SiteConfig, text: str, name: str = "a.md"
) -> tuple[Article | None, list[Problem]]:
    path = config.content_dir / name
    path.write_text(text, encoding="utf-8")
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    return parse_article(source, config)


STORY = """\
---
title: Talks resume
date: 2022-03-01 10:00
updated: 2022-03-01 12:00
corrections:
  - date: 2022-03-03
    text: The second round was in Gomel.
  - {date: 2022-03-02 09:30, text: "  The minister was misnamed.  "}
updates:
  - date: 2022-03-01 18:00
    text: Talks ended for the day.
---
Body.
"""


def test_corrections_and_updates_are_read_oldest_first(config: SiteConfig) -> None:
    article, problems = parse(config, STORY)
    assert problems == [] and article is not None
    assert article.corrections == (
        Change(
            "correction",
            dt.datetime(2022, 3, 2, 9, 30, tzinfo=BERLIN),
            "The minister was misnamed.",  # stripped
            8,
            12,
        ),
        Change(
            "correction",
            dt.datetime(2022, 3, 3, tzinfo=BERLIN),
            "The second round was in Gomel.",
            6,
            11,
        ),
    )
    assert article.updates == (
        Change(
            "update", dt.datetime(2022, 3, 1, 18, tzinfo=BERLIN), "Talks ended for the day.", 10, 11
        ),
    )
    # where each date is written, for messages (not part of what a change is)
    assert [(c.line, c.column) for c in article.corrections] == [(8, 12), (6, 11)]
    assert [(c.line, c.column) for c in article.updates] == [(10, 11)]
    assert [(n.kind, n.date.day) for n in article.notes] == [
        ("update", 1),
        ("correction", 2),
        ("correction", 3),
    ]
    assert article.modified == dt.datetime(2022, 3, 3, tzinfo=BERLIN)


def test_modified_is_the_latest_of_date_updated_corrections_and_updates(
    config: SiteConfig,
) -> None:
    plain, _ = parse(config, "---\ntitle: A\ndate: 2022-03-01\n---\nx\n")
    assert plain is not None and plain.modified == plain.date
    updated, _ = parse(
        config,
        "---\ntitle: A\ndate: 2022-03-01\nupdated: 2022-03-05\n"
        "updates: [{date: 2022-03-02, text: More.}]\n---\nx\n",
    )
    assert updated is not None and updated.modified == dt.datetime(2022, 3, 5, tzinfo=BERLIN)
    empty, problems = parse(config, "---\ntitle: A\ndate: 2022-03-01\ncorrections: []\n---\nx\n")
    assert problems == [] and empty is not None and empty.corrections == ()


def test_a_page_may_carry_corrections(config: SiteConfig) -> None:
    """A standalone page has no date, so no correction can come before it."""
    page, problems = parse(
        config,
        "---\ntitle: About\ncorrections: [{date: 2022-03-02, text: Our address changed.}]\n---\nx\n",
        "pages/about.md",
    )
    assert problems == [] and page is not None and page.standalone
    assert [c.text for c in page.corrections] == ["Our address changed."]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "corrections:\n  - {date: 2022-02-28, text: Early.}\n",
            (
                5,
                12,
                "correction dated 2022-02-28 00:00 is earlier than the article's date "
                "(2022-03-01 10:00); it cannot come before publication, so one of the dates "
                "is mistyped",
            ),
        ),
        (
            "updates:\n  - date: 2022-03-01 09:59\n    text: Early.\n",
            (
                5,
                11,
                "update dated 2022-03-01 09:59 is earlier than the article's date "
                "(2022-03-01 10:00); it cannot come before publication, so one of the dates "
                "is mistyped",
            ),
        ),
    ],
)
def test_a_change_before_the_article_is_an_error_at_its_date(
    config: SiteConfig, front: str, expected: tuple[int, int, str]
) -> None:
    article, problems = parse(
        config, f"---\ntitle: Talks resume\ndate: 2022-03-01 10:00\n{front}---\nBody.\n"
    )
    assert article is None
    assert [(p.line, p.column, p.message) for p in problems] == [expected]


def test_a_change_at_the_very_time_of_publication_is_fine(config: SiteConfig) -> None:
    article, problems = parse(
        config,
        "---\ntitle: A\ndate: 2022-03-01 10:00\n"
        "updates: [{date: 2022-03-01 10:00, text: Live.}]\n---\nx\n",
    )
    assert problems == [] and article is not None
