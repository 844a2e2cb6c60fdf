"""The preview's build after a save (`build.swap`): told which article files changed, it
swaps an edit that keeps its story in place into the plan it kept, and renders what shows
the story; anything else is built the usual way. Either way the site equals a clean build."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import brief.build.swap
from brief.build import BuildOptions, BuildReport, build
from brief.build.memo import Memo
from brief.config import load_config
from brief.errors import BriefError
from tests.build.test_patch import CONFIG, _clean, _desk, _planned, _replace
from tests.helpers import Site, tree


class Preview:
    """Builds the site as `brief serve` does: one memo, a folder of its own, the index
    left to the caller, and the touched files named when they are all articles."""

    def __init__(self, site: Site, out: Path) -> None:
        self.site = site
        self.out = out
        self.memo = Memo(slot="serve", index=False)

    def build(self, *names: str) -> BuildReport:
        config = load_config(self.site.root)
        touched = tuple(os.path.join(config.root, "content", n) for n in names) or None
        options = BuildOptions(out_dir=self.out, index_later=True, touched=touched, jobs=1)
        return build(config, options, memo=self.memo)


def _counted(monkeypatch: pytest.MonkeyPatch, site: Site) -> list[int]:
    """Counts the builds that planned the site (`rebuild`)."""
    return _planned(monkeypatch, site.root)


def _swaps(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each build that was told the touched files swapped them in."""
    seen: list[bool] = []
    real = brief.build.swap.swap

    def spy(*args: Any, **kwargs: Any) -> BuildReport | None:
        report = real(*args, **kwargs)
        seen.append(report is not None)
        return report

    monkeypatch.setattr(brief.build.swap, "swap", spy)
    return seen


def _append(name: str, text: str = "\nA sentence added to the body.\n") -> Callable[[Site], None]:
    def edit(site: Site) -> None:
        path = site.root / "content" / name
        path.write_text(path.read_text() + text)

    return edit


def _both(*edits: Callable[[Site], None]) -> Callable[[Site], None]:
    def edit(site: Site) -> None:
        for one in edits:
            one(site)

    return edit


def test_an_archive_story_edit_is_swapped_in_and_writes_its_page(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _desk(site)
    preview = Preview(site, tmp_path / "serve")
    preview.build()
    planned = _counted(monkeypatch, site)

    _append("s03.md")(site)
    report = preview.build("s03.md")
    assert planned == []
    assert report.written == ("2022/02/04/story-3/index.html",)
    assert (report.parsed, report.rendered) == (1, 1)
    assert tree(preview.out) == _clean(site, tmp_path / "one")

    # Again, from what the swap left; then a build that must plan plans from it too.
    _append("s03.md", "\nAnd another.\n")(site)
    assert preview.build("s03.md").written == ("2022/02/04/story-3/index.html",)
    assert planned == [] and tree(preview.out) == _clean(site, tmp_path / "two")
    _replace("tags: [T0, Common]", "tags: [T0, Fresh]", "s03.md")(site)
    report = preview.build("s03.md")
    assert planned == [1] and "tags/fresh/index.html" in report.written
    assert tree(preview.out) == _clean(site, tmp_path / "three")
    # and the usual build kept a plan to swap into again
    _append("s05.md")(site)
    assert preview.build("s05.md").written == ("2022/02/06/story-5/index.html",)
    assert planned == [1] and tree(preview.out) == _clean(site, tmp_path / "four")


def _new_file(site: Site) -> None:
    site.write("content/s03.md", site.root.joinpath("content/s03.md").read_text())
    site.write("content/new.md", "---\ntitle: New\ndate: 2022-03-01\n---\nNews.\n")


def _deleted(site: Site) -> None:
    (site.root / "content/s03.md").unlink()


def _symlinked(site: Site) -> None:
    path = site.root / "content/s03.md"
    other = site.root / "elsewhere.md"
    other.write_text(path.read_text() + "\nMore.\n")
    path.unlink()
    path.symlink_to(other)


def _photo_saved(site: Site) -> None:
    path = site.root / "content/chart.png"
    path.write_bytes(path.read_bytes())


@pytest.mark.parametrize(
    ("edit", "touched", "swapped"),
    [
        (_append("s03.md"), ["s03.md"], True),
        (_both(_append("s03.md"), _append("s05.md")), ["s03.md", "s05.md"], True),
        (_append("s11.md"), ["s11.md"], True),  # the newest: in the feeds and news sitemap
        (_replace("title: Story 3", "title: Story 3, retold\nslug: story-3"), ["s03.md"], True),
        (_replace("title: Story 3", "title: Story 3, retold"), ["s03.md"], False),  # its URL
        (_replace("summary: Summary 3.", "summary: Another."), ["s03.md"], True),  # cards
        (
            _replace("summary: Summary 3.", "summary: " + "Long. " * 60),
            ["s03.md"],
            True,
        ),  # `brief check` finds it, not a build
        (_replace("date: 2022-02-04", "date: 2022-02-04\nupdated: 2022-01-01"), ["s03.md"], False),
        (_replace("[A chart]", "[A bar chart]"), ["s03.md"], True),
        (_replace("The chart", "The chart, corrected"), ["s03.md"], None),  # a caption
        (_replace("CC BY 4.0", "CC BY-SA 4.0"), ["s03.md"], False),  # a credit: its place
        (_replace("2022-02-04", "2022-02-14"), ["s03.md"], False),  # a date: its place
        (_append("s03.md", "\n# A second headline in the body\n"), ["s03.md"], False),
        (_append("pages/about.md", "\nAnd what we do.\n"), ["pages/about.md"], True),
        (_replace("title: About", "title: About us", "pages/about.md"), ["pages/about.md"], False),
        (_replace("date: 2022-02-04", "date: 2022-02-04\nupdated: 2022-03-01"), ["s03.md"], False),
        (_replace("date: 2022-02-04", "date: 2022-02-04\naliases: [/old/]"), ["s03.md"], False),
        (_append("s03.md", "\nMore.\n"), [], False),  # not told: listed and compared
        (_new_file, ["s03.md", "new.md"], False),
        (_deleted, ["s03.md"], False),
        (_symlinked, ["s03.md"], False),
        (_photo_saved, ["chart.png"], False),  # not an article file
    ],
)
def test_only_an_edit_in_place_is_swapped_in(
    site: Site,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit: Callable[[Site], None],
    touched: list[str],
    swapped: bool | None,
) -> None:
    """`swapped` None: whichever way, as long as the site is right."""
    _desk(site)
    preview = Preview(site, tmp_path / "serve")
    preview.build()
    swaps = _swaps(monkeypatch)
    edit(site)
    preview.build(*touched)
    if swapped is not None:
        assert any(swaps) is swapped
    assert tree(preview.out) == _clean(site, tmp_path / "clean")
    # and the next save is swapped in again, from whichever build came before
    _append("s01.md")(site)  # a story in no feed
    assert preview.build("s01.md").written == ("2022/02/02/story-1/index.html",)
    assert swaps[-1] is True
    assert tree(preview.out) == _clean(site, tmp_path / "again")


def test_the_newest_story_rewrites_the_feeds_that_carry_it(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _desk(site)
    preview = Preview(site, tmp_path / "serve")
    preview.build()
    planned = _counted(monkeypatch, site)
    _append("s11.md")(site)
    written = set(preview.build("s11.md").written)
    assert planned == []
    # Story 11: World, T2 and Common, by Jane Doe; the latest two of each of those feeds
    assert {
        "feed.xml",
        "world/feed.xml",
        "tags/t2/feed.xml",
        "tags/common/feed.xml",
        "authors/jane-doe/feed.xml",
    } <= written
    # the news sitemap shows its headline, not its body: the same fingerprint, not written
    assert "news-sitemap.xml" not in written
    assert "politics/feed.xml" not in written and "tags/t0/feed.xml" not in written
    assert tree(preview.out) == _clean(site, tmp_path / "clean")


def test_a_failed_build_is_never_swapped_past(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that breaks one story fails the build; the next save of another story must
    not be swapped into the plan from before, which still shows the broken one's old
    text: it is built the usual way, and fails too."""
    _desk(site)
    preview = Preview(site, tmp_path / "serve")
    preview.build()
    planned = _counted(monkeypatch, site)
    _replace("title: Story 3\n", "", "s03.md")(site)
    with pytest.raises(BriefError):
        preview.build("s03.md")
    _append("s05.md")(site)
    with pytest.raises(BriefError):
        preview.build("s05.md")
    assert len(planned) == 2
    _replace("date:", "title: Story 3\ndate:", "s03.md")(site)
    preview.build("s03.md")
    assert tree(preview.out) == _clean(site, tmp_path / "clean")


def test_a_swap_gives_the_search_index_the_keys_a_full_plan_would(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _desk(site)
    site.write("site.yaml", CONFIG.replace("search: false", "search: {shard_pages: 4}"))
    preview = Preview(site, tmp_path / "serve")
    before = preview.build().search
    assert before is not None and len(before.shards) > 1
    planned = _counted(monkeypatch, site)
    _append("s03.md")(site)
    after = preview.build("s03.md").search
    assert planned == [] and after is not None
    fresh = Preview(site, tmp_path / "fresh").build().search
    assert fresh is not None
    assert [s.key for s in after.shards] == [s.key for s in fresh.shards]
    moved = [a.key != b.key for a, b in zip(before.shards, after.shards, strict=True)]
    assert moved.count(True) == 1


def test_a_template_error_leaves_the_output_and_the_next_build_is_planned(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A story whose page the theme cannot render (here: a template that fails on a word)
    fails the swap before anything is written; the next save is built the usual way."""
    _desk(site)
    article = (Path(__file__).parents[2] / "layouts/article.html").read_text()
    site.write(
        "layouts/article.html",
        "{% if 'Unrenderable' in article.html %}{{ 1 // 0 }}{% endif %}" + article,
    )
    preview = Preview(site, tmp_path / "serve")
    preview.build()
    before = tree(preview.out)
    planned = _counted(monkeypatch, site)
    _append("s03.md", "\nUnrenderable.\n")(site)
    with pytest.raises(BriefError):
        preview.build("s03.md")
    assert tree(preview.out) == before and planned == []
    _replace("Unrenderable.", "Fine.", "s03.md")(site)
    preview.build("s03.md")
    assert planned == [1]
    assert tree(preview.out) == _clean(site, tmp_path / "clean")


def test_a_story_with_a_warning_is_swapped_in_and_the_warning_moves_with_it(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byline outside the authors' registry is a warning of the file's reading: the swap
    reports it where the edit left it, as a clean build does."""
    _desk(site)
    _replace("author: Jane Doe", "author: Jo Bloggs", "s04.md")(site)
    preview = Preview(site, tmp_path / "serve")
    first = preview.build()
    assert [(w.path, w.line) for w in first.warnings if "Jo Bloggs" in w.message] == [
        ("content/s04.md", 7)
    ]
    swaps = _swaps(monkeypatch)

    _replace(
        "title: Story 4", "title: Story 4\n# a comment moves the byline down a line", "s04.md"
    )(site)
    report = preview.build("s04.md")
    at = tmp_path / "clean"
    assert swaps == [True] and tree(preview.out) == _clean(site, at)
    fresh = build(load_config(at / "site"), BuildOptions(out_dir=tmp_path / "again", cache=False))
    assert report.warnings == fresh.warnings
    assert [w.line for w in report.warnings if "Jo Bloggs" in w.message] == [8]

    # the byline corrected moves the story to another author page: built the usual way
    _replace("author: Jo Bloggs", "author: Jane Doe", "s04.md")(site)
    report = preview.build("s04.md")
    assert swaps == [True, False] and not [w for w in report.warnings if "Jo" in w.message]


def test_a_swapped_edit_undone_and_built_the_usual_way_is_undone_in_the_output(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A swap leaves `.brief/` describing the last usual build; the usual build after it
    must not take the swapped page, written since, for the one those records describe."""
    _desk(site)
    preview = Preview(site, tmp_path / "serve")
    preview.build()
    path = site.root / "content/s03.md"
    text = path.read_text()
    swaps = _swaps(monkeypatch)
    _append("s03.md")(site)
    preview.build("s03.md")
    path.write_text(text)  # as it was when .brief/ was written
    report = preview.build()  # not told: a usual build
    assert swaps == [True] and "2022/02/04/story-3/index.html" in report.written
    assert tree(preview.out) == _clean(site, tmp_path / "clean")
