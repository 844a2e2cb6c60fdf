"""The edition: which articles are published, in which order, under which tags, and the
clashes only the whole set shows (two articles at one URL, two tags on one page)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brief.config import SiteConfig, load_config
from brief.content.article import Article
from brief.content.parse import parse_article
from brief.content.sources import Source
from brief.errors import Problem
from brief.site.edition import make_edition

NOW = dt.datetime(2022, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    (tmp_path / "site.yaml").write_text("title: T\nbase_url: https://ex.org/\n")
    return load_config(tmp_path)


def make(config: SiteConfig, name: str, title: str, date: str, **fields: str) -> Article:
    """An article parsed from real front-matter, as the build makes it."""
    extra = "".join(f"{k}: {v}\n" for k, v in fields.items())
    text = f"---\ntitle: {title}\ndate: {date}\n{extra}---\nText.\n"
    source = Source(config.content_dir / name, f"content/{name}", text, digest=name)
    article, problems = parse_article(source, config)
    assert article is not None and problems == [], problems
    return article


def test_newest_first_ties_by_url(config: SiteConfig) -> None:
    articles = [
        make(config, "a.md", "Older", "2022-02-01"),
        make(config, "b.md", "Zebra", "2022-02-28 10:00"),
        make(config, "c.md", "Apple", "2022-02-28 10:00"),
        make(config, "d.md", "Newest", "2022-02-28 10:00:01"),
    ]
    edition, problems = make_edition(articles, config, now=NOW)
    assert problems == []
    assert [a.title for a in edition.articles] == ["Newest", "Apple", "Zebra", "Older"]
    # the order does not depend on the order the files were read in
    again, _ = make_edition(reversed(articles), config, now=NOW)
    assert again.articles == edition.articles


def test_drafts_only_on_request(config: SiteConfig) -> None:
    articles = [
        make(config, "a.md", "Out", "2022-02-01"),
        make(config, "b.md", "Draft", "2022-02-02", draft="true", tags="[Secret]"),
    ]
    edition, _ = make_edition(articles, config, now=NOW)
    assert [a.title for a in edition.articles] == ["Out"]
    assert edition.tags == ()
    with_drafts, _ = make_edition(articles, config, drafts=True, now=NOW)
    assert [a.title for a in with_drafts.articles] == ["Draft", "Out"]
    assert [t.name for t in with_drafts.tags] == ["Secret"]


def test_future_only_on_request(config: SiteConfig) -> None:
    articles = [
        make(config, "a.md", "Now", "2022-03-01 12:00"),  # exactly now is published
        make(config, "b.md", "Later", "2022-03-01 12:00:01"),
        make(config, "c.md", "Zoned", "2022-03-01 13:30+02:00"),  # 11:30 UTC
    ]
    edition, _ = make_edition(articles, config, now=NOW)
    assert [a.title for a in edition.articles] == ["Now", "Zoned"]
    with_future, _ = make_edition(articles, config, future=True, now=NOW)
    assert [a.title for a in with_future.articles] == ["Later", "Now", "Zoned"]


def test_now_defaults_to_the_clock(config: SiteConfig) -> None:
    articles = [
        make(config, "a.md", "Past", "2000-01-01"),
        make(config, "b.md", "Far future", "2999-01-01"),
    ]
    edition, _ = make_edition(articles, config)
    assert [a.title for a in edition.articles] == ["Past"]


def test_tags_group_articles_newest_first(config: SiteConfig) -> None:
    articles = [
        make(config, "a.md", "One", "2022-02-01", tags="[Ukraine, Russia]"),
        make(config, "b.md", "Two", "2022-02-03", tags="[ukraine]"),
        make(config, "c.md", "Three", "2022-02-02", tags="[Belarus, UKRAINE]"),
    ]
    edition, problems = make_edition(articles, config, now=NOW)
    assert problems == []
    assert [(t.name, t.slug, t.count) for t in edition.tags] == [
        ("Belarus", "belarus", 1),
        ("Russia", "russia", 1),
        ("Ukraine", "ukraine", 3),
    ]
    ukraine = edition.tag("ukraine")
    assert [a.title for a in ukraine.articles] == ["Two", "Three", "One"]
    assert (ukraine.url, ukraine.feed_url) == ("/tags/ukraine/", "/tags/ukraine/feed.xml")
    assert (ukraine.link.name, ukraine.summary.count) == ("Ukraine", 3)
    assert sorted(edition.tag_by_key) == ["belarus", "russia", "ukraine"]


@pytest.mark.parametrize(
    ("spellings", "chosen"),
    [
        (["ukraine", "ukraine", "Ukraine"], "ukraine"),  # the most used wins
        (["UKRAINE", "Ukraine"], "Ukraine"),  # then not shouted
        (["ukraine", "Ukraine"], "Ukraine"),  # nor flattened
        (["Elysee", "Élysée"], "Élysée"),  # then with its accents
        (["ELYSÉE", "elysee", "Elysée"], "Elysée"),
        (["Kyiv", "KYIV", "kyiv"], "Kyiv"),
        (["Fooa", "FooA"], "FooA"),  # then alphabetical
    ],
)
def test_tag_spelling_choice(config: SiteConfig, spellings: list[str], chosen: str) -> None:
    articles = [
        make(config, f"{i}.md", f"Article {i}", "2022-02-01", tags=f"['{name}']")
        for i, name in enumerate(spellings)
    ]
    for order in (articles, articles[::-1]):
        edition, _ = make_edition(order, config, now=NOW)
        assert [t.name for t in edition.tags] == [chosen]


def test_two_articles_at_one_url(config: SiteConfig) -> None:
    articles = [
        make(config, "b.md", "Same", "2022-02-28"),
        make(config, "a.md", "Other", "2022-02-28", slug="same"),
        make(config, "c.md", "Same", "2022-02-28 18:00"),
        make(config, "d.md", "Fine", "2022-02-28"),
    ]
    _, problems = make_edition(articles, config, now=NOW)
    url = "/2022/02/28/same/"
    fix = "give one of them a different slug:"
    assert problems == [
        Problem("content/a.md", 4, 1, f"two articles have the URL {url}: this one and content/b.md, content/c.md; {fix}"),
        Problem("content/b.md", 2, 1, f"two articles have the URL {url}: this one and content/a.md, content/c.md; {fix}"),
        Problem("content/c.md", 2, 1, f"two articles have the URL {url}: this one and content/a.md, content/b.md; {fix}"),
    ]  # fmt: skip


def test_a_draft_does_not_clash_unless_published(config: SiteConfig) -> None:
    articles = [
        make(config, "a.md", "Same", "2022-02-28"),
        make(config, "b.md", "Same", "2022-02-28", draft="true"),
    ]
    assert make_edition(articles, config, now=NOW)[1] == []
    assert len(make_edition(articles, config, drafts=True, now=NOW)[1]) == 2


def test_tags_that_would_share_a_page(config: SiteConfig) -> None:
    articles = [
        make(config, "a.md", "One", "2022-02-01", tags="[C++]"),
        make(config, "b.md", "Two", "2022-02-02", summary="x", tags="[C]"),
        make(config, "c.md", "Three", "2022-02-03", tags="[Go]"),
    ]
    _, problems = make_edition(articles, config, now=NOW)
    both = "'C' (content/b.md) and 'C++' (content/a.md)"
    assert problems == [
        Problem("content/b.md", 5, 1, f"tag 'C' would share the page /tags/c/ with a different tag: {both}; rename one of them"),
        Problem("content/a.md", 4, 1, f"tag 'C++' would share the page /tags/c/ with a different tag: {both}; rename one of them"),
    ]  # fmt: skip


def test_one_article_spelling_a_tag_twice_lists_it_once(config: SiteConfig) -> None:
    article = make(config, "a.md", "One", "2022-02-01", tags="[Kyiv, KYIV, kyiv]")
    assert [t.name for t in article.tags] == ["Kyiv"]
    edition, _ = make_edition([article], config, now=NOW)
    assert [(t.name, t.count) for t in edition.tags] == [("Kyiv", 1)]
