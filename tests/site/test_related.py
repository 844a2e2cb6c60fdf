"""Links between stories on article pages: the one before and after in the section (or the
site), and related stories by shared rare tags, weighted by inverse document frequency."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

from brief.config import load_config
from brief.content.article import Article
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from brief.site.edition import Edition, StoryLink, make_edition
from brief.site.pages import ArticleContext, plan_pages
from brief.site.related import around, related_stories, tag_weights
from tests.helpers import article

NOW = dt.datetime(2022, 3, 31, tzinfo=dt.UTC)


def _articles(root: Path, files: dict[str, str], config_text: str = "") -> list[Article]:
    (root / "site.yaml").write_text(
        "title: T\nbase_url: https://t.example/\ntimezone: UTC\n" + config_text
    )
    config = load_config(root)
    found = []
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        source = read_source(path, config.root)
        assert isinstance(source, Source)
        parsed, problems = parse_article(source, config)
        assert parsed is not None, problems
        found.append(parsed)
    return found


def _edition(root: Path, files: dict[str, str], config_text: str = "") -> Edition:
    articles = _articles(root, files, config_text)
    edition, problems = make_edition(articles, load_config(root), now=NOW)
    assert problems == []
    return edition


def _related(edition: Edition) -> dict[str, list[str]]:
    return {
        a.title: [link.title for link in near.related]
        for a, near in zip(edition.articles, around(edition), strict=True)
    }


def test_shared_rare_tags_weigh_more_than_common_ones(tmp_path: Path) -> None:
    edition = _edition(
        tmp_path,
        {
            "a.md": article("A", "2022-02-10", tags="[Rare, Common]"),
            "b.md": article("B", "2022-02-11", tags="[Rare]"),
            "c.md": article("C", "2022-02-12", tags="[Common]"),
            "d.md": article("D", "2022-02-09", tags="[Rare, Common]"),
            "e.md": article("E", "2022-02-13", tags="[Common]"),
            "f.md": article("F", "2022-02-14", tags="[Common, Other]"),
            "g.md": article("G", "2022-02-15", tags="[Other]"),
        },
    )
    weights = tag_weights(edition)
    assert weights["rare"] == math.log(7 / 3) and weights["common"] == math.log(7 / 5)
    assert all(w > 0 for w in weights.values())
    related = _related(edition)
    # D shares both; B the rare tag; then the common tag, newest first; never A itself
    assert related["A"] == ["D", "B", "F", "E"]
    assert related["G"] == ["F"]
    assert all(title not in links for title, links in related.items())


def test_site_yaml_sets_how_many_are_shown(tmp_path: Path) -> None:
    files = {
        f"{c}.md": article(c.upper(), f"2022-02-1{i}", tags="[T]") for i, c in enumerate("abcdef")
    }
    files["g.md"] = article("G", "2022-02-17", tags="[Other]")  # so that T weighs something
    assert [len(v) for v in _related(_edition(tmp_path, files)).values()] == [0] + [4] * 6
    two = _related(_edition(tmp_path, files, "related: 2\n"))
    assert [len(v) for v in two.values()] == [0] + [2] * 6
    none = _edition(tmp_path, files, "related: 0\n")
    assert related_stories(none) == [()] * 7
    shown = [p.context for p in plan_pages(none) if isinstance(p.context, ArticleContext)]
    assert len(shown) == 7 and all(c.related == () for c in shown)


def test_ties_go_to_the_newer_story_then_the_smaller_url(tmp_path: Path) -> None:
    edition = _edition(
        tmp_path,
        {
            "a.md": article("Alpha", "2022-02-10", tags="[T]"),
            "b.md": article("Bravo", "2022-02-11", tags="[T]"),
            "c.md": article("Charlie", "2022-02-11", tags="[T]"),
            "d.md": article("Delta", "2022-02-12", tags="[T]"),
            "e.md": article("Echo", "2022-02-01", tags="[T]"),
            "f.md": article("Foxtrot", "2022-02-02", tags="[T]"),
            "g.md": article("Golf", "2022-02-02", tags="[U]"),
        },
    )
    assert _related(edition)["Alpha"] == ["Delta", "Bravo", "Charlie", "Foxtrot"]


def test_nothing_but_published_stories_is_related(tmp_path: Path) -> None:
    edition = _edition(
        tmp_path,
        {
            "a.md": article("Live", "2022-02-10", tags="[T]"),
            "b.md": article("Also live", "2022-02-09", tags="[T]"),
            "c.md": article("Untagged", "2022-02-08"),
            "draft.md": article("Draft", "2022-02-11", tags="[T]", draft="true"),
            "future.md": article("Future", "2022-04-11", tags="[T]"),
            "gone.md": article("Gone", "2022-02-11", tags="[T]", expires="2022-03-01"),
            "pages/about.md": "---\ntitle: About\ntags: [T]\n---\nAbout us.\n",
        },
    )
    assert _related(edition) == {"Live": ["Also live"], "Also live": ["Live"], "Untagged": []}
    pages = plan_pages(edition)
    shown = {
        story.title
        for p in pages
        if isinstance(p.context, ArticleContext)
        for _, story in p.context.around_keys()
    }
    assert shown == {"Live", "Also live", "Untagged"}  # as neighbours, and related


def _brute_force(edition: Edition, limit: int, window: int) -> dict[str, list[str]]:
    """Every pair of articles, scored as documented: what the tag index must equal."""
    articles = list(edition.articles)
    weights = tag_weights(edition)
    position = {key: [a.url for a in t.articles] for key, t in edition.tag_by_key.items()}
    found = {}
    for i, a in enumerate(articles):
        offered: set[str] = set()
        for ref in a.tags:
            urls = position[ref.key]
            at = urls.index(a.url)
            start = max(0, min(at - window // 2, len(urls) - window))
            offered.update(urls[start : start + window] if len(urls) > window else urls)
        mine = {ref.key: weights[ref.key] for ref in a.tags if weights[ref.key] > 0}
        scored = []
        for j, b in enumerate(articles):
            if j == i or b.url not in offered:
                continue
            score = round(sum(mine.get(ref.key, 0.0) for ref in b.tags), 9)
            if any(ref.key in mine for ref in b.tags):
                scored.append((-score, -b.date.timestamp(), b.url, b.title))
        found[a.title] = [t for *_, t in sorted(scored)[:limit]]
    return found


def test_the_tag_index_finds_what_every_pair_would(tmp_path: Path) -> None:
    rng = random.Random(7)
    tags = [f"T{n}" for n in range(12)]
    files = {}
    for n in range(120):
        chosen = rng.sample(tags[: rng.choice([3, 12])], rng.randint(0, 3))
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 40))
        files[f"{n}.md"] = article(
            f"Story {n}", f"{day:%Y-%m-%d}", tags="[" + ", ".join(chosen) + "]"
        )
    edition = _edition(tmp_path, files)
    for window in (1000, 8):  # every article of a tag, then only the nearest few
        expected = _brute_force(edition, 4, window)
        got = {
            a.title: [x.title for x in near.related]
            for a, near in zip(edition.articles, around(edition, window=window), strict=True)
        }
        assert got == expected
    # the same site read in another order links the same stories
    shuffled = list(files.items())
    rng.shuffle(shuffled)
    (tmp_path / "again").mkdir()
    assert _related(_edition(tmp_path / "again", dict(shuffled))) == _related(edition)


def test_earlier_and_later_stories_in_the_section_or_the_site(tmp_path: Path) -> None:
    edition = _edition(
        tmp_path,
        {
            "w1.md": article("World 1", "2022-02-01", section="World"),
            "p1.md": article("Politics 1", "2022-02-02", section="Politics"),
            "w2.md": article("World 2", "2022-02-03", section="World"),
            "n1.md": article("No desk", "2022-02-04"),
            "w3.md": article("World 3", "2022-02-05", section="World"),
        },
        "sections: [World, Politics]\n",
    )
    near = {a.title: n for a, n in zip(edition.articles, around(edition), strict=True)}

    def titles(title: str) -> tuple[str | None, str | None]:
        n = near[title]
        return (
            n.earlier.title if n.earlier else None,
            n.later.title if n.later else None,
        )

    assert titles("World 2") == ("World 1", "World 3")
    assert titles("World 1") == (None, "World 2")
    assert titles("World 3") == ("World 2", None)
    assert titles("Politics 1") == (None, None)
    assert titles("No desk") == ("World 2", "World 3")  # the whole site's order
    assert near["World 2"].earlier == StoryLink("World 1", "/2022/02/01/world-1/")


def test_article_pages_carry_links_not_articles_and_sign_them(tmp_path: Path) -> None:
    edition = _edition(
        tmp_path,
        {
            "a.md": article("A", "2022-02-10", tags="[T]"),
            "b.md": article("B", "2022-02-11", tags="[T]"),
            "c.md": article("C", "2022-02-01"),
        },
    )
    page = next(p for p in plan_pages(edition) if p.title == "A")
    assert isinstance(page.context, ArticleContext)
    assert page.context.later == StoryLink("B", "/2022/02/11/b/")
    assert page.context.related == (StoryLink("B", "/2022/02/11/b/"),)
    renamed = page.context.relinked({"/2022/02/11/b/": "B, renamed"})
    assert renamed.later == StoryLink("B, renamed", "/2022/02/11/b/")
    assert renamed.related == (StoryLink("B, renamed", "/2022/02/11/b/"),)
    assert renamed.signature() != page.context.signature()
    assert any("B, renamed" in part for part in renamed.signature())
