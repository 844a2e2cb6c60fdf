"""Rebuilds of what article pages link (neighbours, related stories) and of the credits and
archive pages: incremental equals clean, in one-shot builds and in a preview's patched
plan, and an edit re-renders only the pages that show what it changed."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import brief.build.gather
from brief.build import BuildOptions, build
from brief.build.memo import Memo
from brief.config import load_config
from tests.helpers import Site, article, tree

IMAGE = "{src: https://img.example/p.jpg, alt: A photo, credit: Jane, license: CC BY 4.0}"


def _story(n: int, title: str | None = None, **fields: str) -> str:
    defaults = {"slug": f"story-{n}", "tags": f"[Rare{n % 3}, Common]", "section": "World"}
    if n % 4 == 0:
        defaults["section"] = "Politics"
    return article(title or f"Story {n}", f"2022-02-{n + 1:02d}", **(defaults | fields))


def _past(root: Path) -> None:
    """Every input as if saved long ago, so that stats are trusted."""
    past = time.time_ns() - 10_000_000_000
    for path in [root / "site.yaml", *(root / "content").rglob("*")]:
        if path.is_file():
            os.utime(path, ns=(past, past))


def _clean(site: Site, out: Path) -> dict[str, bytes]:
    build(load_config(site.root), BuildOptions(out_dir=out, cache=False, jobs=1))
    return tree(out)


@pytest.fixture
def desk(site: Site) -> Site:
    site.write(
        "site.yaml",
        "title: Desk\nbase_url: https://desk.example/\ntimezone: UTC\npaginate: 3\n"
        "sections: [World, Politics]\n",
    )
    for n in range(9):
        site.write(f"content/{n}.md", _story(n, image=IMAGE) if n % 2 else _story(n))
    site.write("content/extra.md", article("Untagged", "2022-02-20"))
    return site


EDITS: dict[str, Callable[[Site], object]] = {
    "title": lambda s: s.write("content/4.md", _story(4, "Story 4, retitled")),
    "credit": lambda s: s.write(
        "content/3.md", _story(3, image=IMAGE.replace("CC BY 4.0", "CC BY-SA 4.0"))
    ),
    "new credit": lambda s: s.write("content/2.md", _story(2, image=IMAGE)),
    "tags": lambda s: s.write("content/5.md", _story(5, tags="[Rare1]", image=IMAGE)),
    "section": lambda s: s.write("content/6.md", _story(6, section="Politics")),
    "byline": lambda s: s.write("content/7.md", _story(7, author="Sam Roe", image=IMAGE)),
    "new article": lambda s: s.write("content/9.md", _story(9, tags="[Rare0]")),
}


@pytest.mark.parametrize("preview", [False, True], ids=["one-shot", "preview"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_incremental_equals_clean_after_each_edit(
    desk: Site, tmp_path: Path, edit: str, preview: bool
) -> None:
    config = load_config(desk.root)
    memo = Memo() if preview else None
    build(config, memo=memo)
    EDITS[edit](desk)
    _past(desk.root)
    report = build(config, memo=memo)
    expected = _clean(desk, tmp_path / "clean")
    assert tree(desk.public) == expected
    assert set(report.pages) == set(tree(desk.public))


def _written_pages(report: object) -> set[str]:
    return {p for p in report.written if p.endswith(".html")}  # type: ignore[attr-defined]


@pytest.mark.parametrize("preview", [False, True], ids=["one-shot", "preview"])
def test_a_headline_edit_renders_the_pages_that_show_the_headline(
    desk: Site, preview: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(desk.root)
    memo = Memo() if preview else None
    build(config, memo=memo)
    before = {p: (desk.public / p).read_text() for p in tree(desk.public) if p.endswith(".html")}
    if preview:  # the plan is patched, not made again

        def planned_afresh(*args: object, **kwargs: object) -> None:
            raise AssertionError("planned afresh")

        monkeypatch.setattr(brief.build.gather, "make_edition", planned_afresh)
    desk.write("content/3.md", _story(3, "Story 3, retitled", image=IMAGE))
    _past(desk.root)
    written = _written_pages(build(config, memo=memo))
    showing = {p for p, text in before.items() if ">Story 3<" in text}
    assert written == showing | {"2022/02/04/story-3/index.html"}
    # among them: its neighbours in World, the stories it is related to, the credits page
    assert {
        "2022/02/03/story-2/index.html",
        "2022/02/06/story-5/index.html",
        "credits/index.html",
        "2022/02/04/index.html",
    } <= written
    assert "2022/02/09/story-8/index.html" not in written  # Politics, other tags


@pytest.mark.parametrize("preview", [False, True], ids=["one-shot", "preview"])
def test_a_credit_edit_renders_the_credits_page_and_the_article(desk: Site, preview: bool) -> None:
    config = load_config(desk.root)
    memo = Memo() if preview else None
    build(config, memo=memo)
    EDITS["credit"](desk)
    _past(desk.root)
    written = _written_pages(build(config, memo=memo))
    assert {"2022/02/04/story-3/index.html", "credits/index.html"} <= written
    # besides the listings that show the article, no other article page
    assert [p for p in written if "/story-" in p] == ["2022/02/04/story-3/index.html"]
    assert "CC BY-SA 4.0" in desk.page("credits/index.html")


def test_a_body_edit_renders_no_other_article_page(desk: Site) -> None:
    config = load_config(desk.root)
    memo = Memo()
    build(config, memo=memo)
    desk.write("content/3.md", _story(3, image=IMAGE).replace("Some text.", "Other words."))
    _past(desk.root)
    written = _written_pages(build(config, memo=memo))
    # the listings that show it sign it by its digest; no other article page, and not
    # the credits page, whose credits and headlines are the same
    assert [p for p in written if "/story-" in p] == ["2022/02/04/story-3/index.html"]
    assert "credits/index.html" not in written
