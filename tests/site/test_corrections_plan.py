"""/corrections/ in the page plan: planned only while there is a correction, its context
(every correction newest first, the articles it shows, its signature) and how an edited
article swaps in."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from brief.config import load_config
from brief.content.article import Article
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from brief.site.edition import make_edition
from brief.site.pages import CorrectionsContext, PageKind, plan_pages, template_variables
from tests.helpers import BASIC_CONFIG, article


def _articles(tmp_path: Path, texts: dict[str, str]) -> list[Article]:
    (tmp_path / "site.yaml").write_text(BASIC_CONFIG, encoding="utf-8")
    found = []
    for name, text in texts.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        config = load_config(tmp_path)
        source = read_source(path, config.root)
        assert isinstance(source, Source)
        parsed, problems = parse_article(source, config)
        assert parsed is not None and problems == [], problems
        found.append(parsed)
    return found


TWO = "[{date: 2022-03-01, text: First.}, {date: 2022-03-04, text: Third.}]"
ONE = "[{date: 2022-03-02, text: Second.}]"


def test_every_correction_newest_first_on_one_page(tmp_path: Path) -> None:
    articles = _articles(
        tmp_path,
        {
            "a.md": article("A", date="2022-02-28", corrections=TWO),
            "b.md": article("B", date="2022-02-27", corrections=ONE),
            "c.md": article("C", date="2022-02-26", updates=ONE),  # an update is no correction
            "pages/about.md": f"---\ntitle: About\ncorrections: {ONE}\n---\nUs.\n",
        },
    )
    edition, problems = make_edition(articles, load_config(tmp_path))
    assert problems == []
    pages = [p for p in plan_pages(edition) if p.kind is PageKind.CORRECTIONS]
    assert [(p.url, p.file, p.template, p.title, p.feed) for p in pages] == [
        (
            "/corrections/",
            "corrections/index.html",
            "corrections.html",
            "Corrections",
            "/corrections/feed.xml",
        )
    ]
    context = pages[0].context
    assert isinstance(context, CorrectionsContext)
    assert [(c.article.title, c.text, c.index) for c in context.corrections] == [
        ("A", "Third.", 1),
        ("B", "Second.", 0),  # the same time: by URL, /2022/02/27/b/ before /about/
        ("About", "Second.", 0),
        ("A", "First.", 0),
    ]
    assert [a.title for a in context.shown] == ["A", "B", "About"]
    assert context.modified == context.corrections[0].date
    assert set(template_variables(context)) == {"corrections"}


def test_no_correction_no_page(tmp_path: Path) -> None:
    articles = _articles(tmp_path, {"a.md": article("A", updates=ONE)})
    edition, _ = make_edition(articles, load_config(tmp_path))
    assert PageKind.CORRECTIONS not in {p.kind for p in plan_pages(edition)}


def test_an_edited_article_swaps_in_with_its_corrections(tmp_path: Path) -> None:
    articles = _articles(tmp_path, {"a.md": article("A", date="2022-02-28", corrections=TWO)})
    edition, _ = make_edition(articles, load_config(tmp_path))
    page = next(p for p in plan_pages(edition) if p.kind is PageKind.CORRECTIONS)
    old = articles[0]
    new = dataclasses.replace(old, title="A, retitled", digest="edited")
    context = page.context.swapped(lambda a: new if a is old else a)
    assert isinstance(context, CorrectionsContext)
    assert [(c.article.title, c.text) for c in context.corrections] == [
        ("A, retitled", "Third."),
        ("A, retitled", "First."),
    ]
    assert context.signature() != page.context.signature()
    assert page.context.swapped(lambda a: a).signature() == page.context.signature()
