"""The edition index (`.brief/edition.pickle`): a build in a new process plans only the
pages an edit touches, and its site is still byte for byte a clean build's."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

import brief.build.gather
import brief.site.pages
from brief.build import BuildOptions, build
from brief.build.cache import CACHE_DIR, INDEX_FILE
from brief.build.memo import Memo
from brief.config import load_config
from brief.errors import Problem
from brief.site import related
from tests.helpers import BASIC_CONFIG, Site, article, clean_build, saved_later, tree

TAGS = ["A", "B", "C", "D"]


def _site(site: Site) -> None:
    site.write("site.yaml", BASIC_CONFIG)
    for n in range(8):
        tags = "[" + ", ".join(TAGS[: 1 + n % 4]) + "]"
        site.write(
            f"content/s{n}.md",
            article(f"Story {n}", date=f"2022-02-{10 + n}", tags=tags, body=f"Body {n}."),
        )


def _edit(site: Site, n: int, **fields: str) -> None:
    tags = "[" + ", ".join(TAGS[: 1 + n % 4]) + "]"
    args = {"title": f"Story {n}", "date": f"2022-02-{10 + n}", "tags": tags} | fields
    title = args.pop("title")
    site.write(f"content/s{n}.md", article(title, **args))
    saved_later(site.root / f"content/s{n}.md")


def _no_related(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the build if it looks for related stories (it should read them)."""

    def planned(*args: object) -> None:
        raise AssertionError("related stories planned afresh")

    monkeypatch.setattr(brief.build.gather, "related_stories", planned)


def test_a_body_edit_is_planned_from_the_index(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(site)
    config = load_config(site.root)
    build(config)
    assert (site.root / CACHE_DIR / INDEX_FILE).is_file()

    _no_related(monkeypatch)
    _edit(site, 3, body="A new body.")
    report = build(load_config(site.root))  # a new memo: as a new process
    pages = {p for p in report.written if p.endswith(".html")}
    assert pages == {"2022/02/13/story-3/index.html"}
    assert "A new body." in site.page("2022/02/13/story-3/index.html")
    monkeypatch.undo()
    assert tree(site.public) == clean_build(site, tmp_path / "clean")


def test_a_headline_edit_renders_the_pages_that_link_it(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(site)
    build(load_config(site.root))
    _no_related(monkeypatch)
    _edit(site, 3, title="A new headline", slug="story-3", body="Body 3.")
    report = build(load_config(site.root))
    linking = [
        p
        for p in report.written
        if p.endswith("/index.html") and "A new headline" in site.page(p) and "story-3" not in p
    ]
    # its neighbours and related stories name it, and the lists show it
    assert "2022/02/12/story-2/index.html" in linking
    assert "2022/02/14/story-4/index.html" in linking
    assert any(p.startswith("tags/") for p in linking)
    monkeypatch.undo()
    assert tree(site.public) == clean_build(site, tmp_path / "clean")


def test_a_story_that_moves_is_planned_afresh(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(site)
    build(load_config(site.root))
    _no_related(monkeypatch)
    _edit(site, 3, tags="[D]")
    with pytest.raises(AssertionError, match="planned afresh"):
        build(load_config(site.root))
    monkeypatch.undo()
    build(load_config(site.root))
    assert tree(site.public) == clean_build(site, tmp_path / "clean")


def test_the_index_of_another_output_folder_is_not_read(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index goes with the records of the build that wrote it: after a build into
    another folder, a build of `public/` plans afresh, and is right."""
    _site(site)
    config = load_config(site.root)
    build(config)
    _edit(site, 3, body="Elsewhere.")
    build(config, BuildOptions(out_dir=tmp_path / "other"))
    _edit(site, 5, body="Here.")
    calls: list[int] = []
    real = related.related_stories

    def counted(edition: object) -> object:
        calls.append(1)
        return real(edition)  # type: ignore[arg-type]

    monkeypatch.setattr(brief.build.gather, "related_stories", counted)
    build(load_config(site.root))
    assert calls == [1]
    monkeypatch.undo()
    assert tree(site.public) == clean_build(site, tmp_path / "clean")


def test_the_preview_neither_reads_nor_writes_the_index(site: Site) -> None:
    _site(site)
    build(load_config(site.root), memo=Memo(slot="serve", index=False))
    assert not (site.root / CACHE_DIR / INDEX_FILE).exists()


def test_only_a_plan_with_new_paths_is_checked_for_collisions(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(site)
    build(load_config(site.root))
    checked: list[int] = []
    find = brief.site.pages.find_collisions

    def counted(outputs: Iterable[tuple[str, str]]) -> list[Problem]:
        checked.append(1)
        return find(outputs)

    monkeypatch.setattr("brief.build.gather.find_collisions", counted)
    _edit(site, 3, title="A new headline", slug="story-3", body="Body 3.")
    build(load_config(site.root))
    assert checked == []  # the last build's paths, which had no collision
    # a new page at a path another output has: the check runs and names both
    site.write("content/pages/tags.md", "---\ntitle: Tags\n---\nx\n")
    result = site.build(capsys=capsys)
    assert checked == [1] and result.code == 1
    assert (
        "several things would be written to tags/index.html: content/pages/tags.md, page /tags/"
        in result.err
    )
