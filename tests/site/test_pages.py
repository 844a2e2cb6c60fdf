"""The page plan: one typed context per page kind, what each shows, and how edits swap in."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from brief.config import SiteConfig, load_config
from brief.content.article import Article
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from brief.site.edition import Edition, make_edition
from brief.site.pages import (
    ArchiveContext,
    ArticleContext,
    CreditsContext,
    FeedsContext,
    ListingContext,
    NotFoundContext,
    PageKind,
    SearchContext,
    TagContext,
    TagsContext,
    find_collisions,
    plan_pages,
    template_variables,
)
from tests.helpers import BASIC_CONFIG, article


def _edition(tmp_path: Path, n: int) -> tuple[SiteConfig, Edition]:
    (tmp_path / "site.yaml").write_text(BASIC_CONFIG)  # paginate: 2
    content = tmp_path / "content"
    content.mkdir()
    articles: list[Article] = []
    for i in range(n):
        path = content / f"{i}.md"
        path.write_text(article(f"Story {i}", date=f"2022-02-1{i}", tags="[Ukraine]"))
        config = load_config(tmp_path)
        source = read_source(path, config.root)
        assert isinstance(source, Source)
        parsed, problems = parse_article(source, config)
        assert parsed is not None and problems == []
        articles.append(parsed)
    config = load_config(tmp_path)
    edition, problems = make_edition(articles, config)
    assert problems == []
    return config, edition


def test_every_page_kind_with_its_context(tmp_path: Path) -> None:
    _, edition = _edition(tmp_path, 3)
    pages = plan_pages(edition)
    assert [(p.kind, p.url, p.file) for p in pages] == [
        (PageKind.ARTICLE, "/2022/02/12/story-2/", "2022/02/12/story-2/index.html"),
        (PageKind.ARTICLE, "/2022/02/11/story-1/", "2022/02/11/story-1/index.html"),
        (PageKind.ARTICLE, "/2022/02/10/story-0/", "2022/02/10/story-0/index.html"),
        (PageKind.INDEX, "/", "index.html"),
        (PageKind.INDEX, "/page/2/", "page/2/index.html"),
        (PageKind.TAG, "/tags/ukraine/", "tags/ukraine/index.html"),
        (PageKind.TAG, "/tags/ukraine/page/2/", "tags/ukraine/page/2/index.html"),
        (PageKind.ARCHIVE, "/2022/", "2022/index.html"),
        (PageKind.ARCHIVE, "/2022/02/", "2022/02/index.html"),
        (PageKind.DAY, "/2022/02/12/", "2022/02/12/index.html"),
        (PageKind.DAY, "/2022/02/11/", "2022/02/11/index.html"),
        (PageKind.DAY, "/2022/02/10/", "2022/02/10/index.html"),
        (PageKind.CREDITS, "/credits/", "credits/index.html"),
        (PageKind.TAGS, "/tags/", "tags/index.html"),
        (PageKind.NOT_FOUND, "/404.html", "404.html"),
        (PageKind.SEARCH, "/search/", "search/index.html"),
        (PageKind.FEEDS, "/feeds/", "feeds/index.html"),
    ]
    kinds = [type(p.context) for p in pages]
    assert kinds == [ArticleContext] * 3 + [ListingContext] * 2 + [TagContext] * 2 + [
        ArchiveContext
    ] * 5 + [CreditsContext, TagsContext, NotFoundContext, SearchContext, FeedsContext]
    assert [a.title for a in pages[16].context.shown] == ["Story 2", "Story 1", "Story 0"]
    assert [a.title for a in pages[3].context.shown] == ["Story 2", "Story 1"]
    assert pages[13].context.shown == () and pages[14].context.shown == ()
    assert [a.title for a in pages[7].context.shown] == ["Story 2", "Story 1", "Story 0"]
    assert pages[0].context.modified == edition.articles[0].date
    assert pages[3].context.modified is None
    assert pages[0].output == pages[0].file  # the name templates have always used


def test_templates_receive_the_documented_variables(tmp_path: Path) -> None:
    _, edition = _edition(tmp_path, 1)
    by_kind = {p.kind: template_variables(p.context) for p in plan_pages(edition)}
    assert set(by_kind[PageKind.ARTICLE]) == {
        "article",
        "tags",
        "earlier",
        "later",
        "related",
    }
    assert set(by_kind[PageKind.DAY]) == {
        "articles",
        "pagination",
        "period",
        "parts",
        "earlier",
        "later",
        "days",
    }
    assert set(by_kind[PageKind.CREDITS]) == {"groups", "contents", "pagination"}
    assert set(by_kind[PageKind.INDEX]) == {"articles", "pagination"}
    assert set(by_kind[PageKind.TAG]) == {"articles", "pagination", "tag"}
    assert set(by_kind[PageKind.TAGS]) == {"tags"}
    assert by_kind[PageKind.NOT_FOUND] == {}
    assert set(by_kind[PageKind.FEEDS]) == {
        "articles",
        "tags",
        "sections",
        "authors",
        "formats",
        "group_formats",
    }
    assert by_kind[PageKind.TAG]["tag"].count == 1


def test_swapping_an_edited_article_in(tmp_path: Path) -> None:
    _, edition = _edition(tmp_path, 2)
    pages = plan_pages(edition)
    old = edition.articles[0]
    new = dataclasses.replace(old, digest="edited")

    def swap(a: Article) -> Article:
        return new if a is old else a

    article_page = pages[0].context.swapped(swap)
    assert isinstance(article_page, ArticleContext) and article_page.article is new
    listing = pages[2].context.swapped(swap)
    assert listing.shown[0] is new and listing.shown[1] is edition.articles[1]
    assert listing.signature() != pages[2].context.signature()
    not_found = next(p for p in pages if p.kind is PageKind.NOT_FOUND)
    assert not_found.context.swapped(swap) is not_found.context
    feeds = next(p for p in pages if p.kind is PageKind.FEEDS).context.swapped(swap)
    assert feeds.shown[0] is new and feeds.shown[1] is edition.articles[1]


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        ([("a/index.html", "x.md"), ("b/index.html", "y.md")], []),
        (
            [("A/index.html", "x.md"), ("a/index.html", "y.md")],
            [
                "x.md: error: several things would be written to a/index.html: x.md, y.md; "
                "change a slug or permalink"
            ],
        ),
    ],
)
def test_collisions_are_found_case_blind(paths: list[tuple[str, str]], expected: list[str]) -> None:
    assert [p.format() for p in find_collisions(paths)] == expected
