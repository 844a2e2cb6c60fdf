"""The one-shot build that patches the last one (`build.patch`): an edit to a story that
reaches nothing but its own page renders that page and plans nothing, and every edit it
cannot prove so small is planned as usual. Either way the site equals a clean build."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import brief.build.cache
import brief.build.patch
import brief.build.rebuild
import brief.build.state
from brief.build import BuildOptions, build
from brief.build.cache import (
    CACHE_DIR,
    INDEX_FILE,
    PARTS_NAMES,
    SHARD_NAMES,
    STATE_FILE,
    journal_of,
    shard_of,
)
from brief.build.memo import Memo
from brief.build.report import BuildReport
from brief.config import SiteConfig, load_config
from tests.build.test_cache_damage import WARNING
from tests.build.test_quick import _forks
from tests.helpers import PNG_BYTES, Site, article, edited_long_ago, tree

CONFIG = """\
title: Desk
base_url: https://ex.org/
paginate: 3
search: false
feed: {entries: 2}
sections: [World, Politics]
authors: [{name: Jane Doe, bio: Reports.}]
"""
"""Two stories per feed, so most of the archive is in no feed; no search index (Pagefind
indexes every page again, so such a site is always planned)."""


def _past(site: Site) -> None:
    """Every input written since the last call moved well into the past (stats trusted)."""
    edited_long_ago(site.root, 10_000_000_000)


def _desk(site: Site) -> None:
    site.write("site.yaml", CONFIG)
    site.write("content/chart.png", PNG_BYTES)
    for i in range(12):
        extra = {
            "tags": f"[T{i % 3}, Common]",
            "summary": f"Summary {i}.",
            "section": "World" if i % 2 else "Politics",
            "author": "Jane Doe",
        }
        body = f"Story {i} begins."
        if i == 3:
            extra["figures"] = "{/chart.png: {credit: Sam, license: CC BY 4.0}}"
            body += '\n\n![A chart](/chart.png "The chart")'
        site.write(
            f"content/s{i:02d}.md",
            article(f"Story {i}", date=f"2022-02-{1 + i:02d}", body=body, **extra),
        )
    site.write("content/pages/about.md", "---\ntitle: About\n---\nWho we are.\n")
    _past(site)


def _clean(site: Site, at: Path) -> dict[str, bytes]:
    copy = at / "site"
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns("public", CACHE_DIR))
    build(load_config(copy), BuildOptions(out_dir=at / "public", cache=False, jobs=1))
    return tree(at / "public")


def _planned(monkeypatch: pytest.MonkeyPatch, root: Path) -> list[int]:
    """Counts the builds that planned the site (`rebuild`) rather than patching it."""
    calls: list[int] = []
    real = brief.build.rebuild.rebuild

    def counted(config: SiteConfig, *args: object, **kwargs: object) -> BuildReport:
        if config.root == root:  # not the clean builds compared with
            calls.append(1)
        return real(config, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(brief.build.rebuild, "rebuild", counted)
    return calls


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_an_archive_story_edit_renders_its_page_and_plans_nothing(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _desk(site)
    config = load_config(site.root)
    build(config)
    planned = _planned(monkeypatch, site.root)

    _append(site.root / "content/s03.md", "\nA sentence added to the body.\n")
    _past(site)
    report = build(config)
    assert planned == []
    assert report.written == ("2022/02/04/story-3/index.html",)
    assert (report.parsed, report.rendered) == (1, 1)
    assert "A sentence added" in (site.public / report.written[0]).read_text()
    assert tree(site.public) == _clean(site, tmp_path / "one")

    # What it recorded holds: nothing to do again, and the next edit patches too.
    assert build(config).written == ()
    _append(site.root / "content/s01.md", "\nAnother sentence.\n")
    _past(site)
    assert build(config).written == ("2022/02/02/story-1/index.html",)
    assert planned == []
    assert tree(site.public) == _clean(site, tmp_path / "two")

    # And a build that must plan (a new tag) plans from what the patches left.
    path = site.root / "content/s02.md"
    path.write_text(path.read_text().replace("tags: [T2, Common]", "tags: [T2, Fresh]"))
    _past(site)
    report = build(config)
    assert planned == [1] and "tags/fresh/index.html" in report.written
    assert tree(site.public) == _clean(site, tmp_path / "three")


def test_a_standalone_page_edit_is_patched(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _desk(site)
    config = load_config(site.root)
    build(config)
    planned = _planned(monkeypatch, site.root)
    _append(site.root / "content/pages/about.md", "\nAnd what we do.\n")
    _past(site)
    assert build(config).written == ("about/index.html",)
    assert planned == []
    assert tree(site.public) == _clean(site, tmp_path / "clean")


def _replace(old: str, new: str, name: str = "s03.md") -> Callable[[Site], None]:
    def edit(site: Site) -> None:
        path = site.root / "content" / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))

    return edit


def _newest_body(site: Site) -> None:
    _append(site.root / "content/s11.md", "\nThe latest story, updated.\n")


def _template(site: Site) -> None:
    site.write("layouts/article.html", "{% extends 'base.html' %}")
    _append(site.root / "content/s03.md", "\nMore.\n")


def _hand_edited_output(site: Site) -> None:
    (site.public / "index.html").write_text("vandalised")
    _append(site.root / "content/s03.md", "\nMore.\n")


def _search_on(site: Site) -> None:
    site.write("site.yaml", CONFIG.replace("search: false", "search: true"))
    build(load_config(site.root))
    _past(site)
    _append(site.root / "content/s03.md", "\nMore.\n")


def _two_files(site: Site) -> None:
    _append(site.root / "content/s03.md", "\nMore.\n")
    _append(site.root / "content/s05.md", "\nMore.\n")


def _saved_again(site: Site) -> None:
    """site.yaml and the chart written again with the same bytes, and a story edited."""
    for name in ("site.yaml", "content/chart.png"):
        path = site.root / name
        path.write_bytes(path.read_bytes())
    _append(site.root / "content/s03.md", "\nMore.\n")


def _with_warning(site: Site) -> None:
    _append(site.root / "content/s03.md", "\n# A second headline in the body\n")


def _index_gone(site: Site) -> None:
    (site.root / CACHE_DIR / INDEX_FILE).unlink()
    _append(site.root / "content/s03.md", "\nMore.\n")


@pytest.mark.parametrize(
    ("edit", "patched"),
    [
        (_two_files, True),
        (_saved_again, True),  # new stats, the same bytes
        (_replace("[A chart]", "[A bar chart]"), True),  # an image's alt text: its page only
        (_replace("The chart", "The chart, corrected"), False),  # a caption: the credits too
        (_replace("Story 3 begins.", "Story 3 begins again."), True),
        (_replace("title: Story 3", "title: Story 3, retold"), False),  # a headline: links
        (_replace("summary: Summary 3.", "summary: Another."), False),  # a card: lists
        (_replace("CC BY 4.0", "CC BY-SA 4.0"), False),  # a credit: the credits pages
        (_replace("2022-02-04", "2022-02-14"), False),  # a date: its place
        (_newest_body, False),  # in the feeds
        (_template, False),
        (_hand_edited_output, False),
        (_search_on, False),
        (_with_warning, False),
        (_index_gone, False),
    ],
)
def test_only_an_edit_that_reaches_its_own_page_alone_is_patched(
    site: Site,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit: Callable[[Site], None],
    patched: bool,
) -> None:
    _desk(site)
    config = load_config(site.root)
    build(config)
    _past(site)
    planned = _planned(monkeypatch, site.root)
    edit(site)
    _past(site)
    build(load_config(site.root))
    assert bool(planned) is not patched
    assert tree(site.public) == _clean(site, tmp_path / "clean")
    # What either way recorded holds: the next build finds nothing to do.
    calls = len(planned)
    assert build(load_config(site.root)).written == () and len(planned) == calls


def test_a_patch_adds_to_the_journals_and_a_full_journal_writes_the_files_whole(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 articles the state and the index are 30 and 45 MB: a patch writes what it
    changed of them beside them, and a read applies it."""
    monkeypatch.setattr(brief.build.cache, "JOURNAL_MAX", 2)
    _desk(site)
    config = load_config(site.root)
    build(config)
    cache = site.root / CACHE_DIR
    whole = {name: (cache / name).read_bytes() for name in (STATE_FILE, INDEX_FILE)}
    assert not list(cache.glob("*.journal.pickle"))
    planned = _planned(monkeypatch, site.root)
    for n in range(3):
        _append(site.root / "content/s03.md", f"\nSentence {n}.\n")
        _past(site)
        assert build(config).written == ("2022/02/04/story-3/index.html",)
        assert build(config).written == ()  # what the journal says is what was written
        kept = {name: (cache / name).read_bytes() for name in whole}
        journals = sorted(p.name for p in cache.glob("*.journal.pickle"))
        if n < 2:
            assert kept == whole  # the big files are as the full build left them
            assert journals == [journal_of(INDEX_FILE), journal_of(STATE_FILE)]
        else:  # the journals were full: both files written whole, no journal left
            assert kept[STATE_FILE] != whole[STATE_FILE] and kept[INDEX_FILE] != whole[INDEX_FILE]
            assert journals == []
    assert planned == []
    assert tree(site.public) == _clean(site, tmp_path / "clean")


def test_a_patch_reads_the_parts_of_the_edited_pages_alone_and_only_those_of_its_index(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article pages' parts are 20 MB at 100,000 articles, in shards beside the index:
    a patch opens the edited story's shard only, and a shard the index does not name (a
    build stopped between writing them and it) is never used."""
    _desk(site)
    config = load_config(site.root)
    build(config)
    cache = site.root / CACHE_DIR
    edited = site.root / "content/s03.md"
    mine = cache / PARTS_NAMES[SHARD_NAMES.index(shard_of(str(edited), site.root))]
    assert sorted(p.name for p in cache.glob("parts-*.pickle")) == sorted(PARTS_NAMES)
    for other in cache.glob("parts-*.pickle"):
        if other != mine:
            other.unlink()  # not needed for this edit
    planned = _planned(monkeypatch, site.root)
    _append(edited, "\nOne.\n")
    _past(site)
    assert build(config).written == ("2022/02/04/story-3/index.html",)
    assert planned == []

    # The shard as another index wrote it: the same shape, another story's parts.
    kept = pickle.loads(mine.read_bytes())
    (rel,) = [k for k in kept if k.endswith("s03.md")]
    j, tags, earlier, later, related = kept[rel]
    kept[rel] = (j, tags, later, earlier, related)
    mine.write_bytes(pickle.dumps(kept))
    _append(edited, "\nTwo.\n")
    _past(site)
    report = build(config)
    assert report.warnings == () and planned == [1]  # planned as usual
    assert tree(site.public) == _clean(site, tmp_path / "clean")
    assert sorted(p.name for p in cache.glob("parts-*.pickle")) == sorted(PARTS_NAMES)
    _append(edited, "\nThree.\n")
    _past(site)
    assert build(config).written == ("2022/02/04/story-3/index.html",)
    assert planned == [1]  # the usual build wrote them again, and this one patched


@pytest.mark.parametrize("name", [STATE_FILE, INDEX_FILE])
@pytest.mark.parametrize("how", ["cut short", "another object", "a stranger's delta"])
def test_a_damaged_journal_is_one_warning_and_a_right_site(
    site: Site, tmp_path: Path, name: str, how: str
) -> None:
    _desk(site)
    config = load_config(site.root)
    build(config)
    _append(site.root / "content/s03.md", "\nA sentence.\n")
    _past(site)
    assert build(config).written == ("2022/02/04/story-3/index.html",)
    journal = site.root / CACHE_DIR / journal_of(name)
    nonce, _ = pickle.loads(journal.read_bytes())
    damage = {
        "cut short": journal.read_bytes()[:20],
        "another object": pickle.dumps({"not": "brief's"}),
        # the right nonce, and a delta naming what is not there
        "a stranger's delta": pickle.dumps((nonce, [("elsewhere", {}, {}, {}), (1, 2, 3)])),
    }
    journal.write_bytes(damage[how])
    _append(site.root / "content/s05.md", "\nAnother.\n")
    _past(site)
    report = build(config)
    assert [(w.path, w.message) for w in report.warnings] == [
        (f"{CACHE_DIR}/{journal_of(name)}", WARNING.format(more=""))
    ]
    assert tree(site.public) == _clean(site, tmp_path / "clean")
    assert build(config).warnings == ()  # written again


def test_a_one_shot_patch_trusts_the_outputs_stats_taken_aside(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _desk(site)
    config = load_config(site.root)
    build(config)
    forked = _forks(monkeypatch)
    planned = _planned(monkeypatch, site.root)
    stat_here: list[int] = []
    real = brief.build.state.intact

    def intact(out: Path, records: dict[str, tuple[str, int, int]]) -> set[str]:
        stat_here.append(1)
        return real(out, records)

    monkeypatch.setattr(brief.build.patch, "intact", intact)

    def one_shot() -> BuildReport:
        return build(config, BuildOptions(jobs=2), memo=Memo(builds_again=False))

    _append(site.root / "content/s03.md", "\nA sentence.\n")
    _past(site)
    assert one_shot().written == ("2022/02/04/story-3/index.html",)
    assert (planned, stat_here, len(forked)) == ([], [], 1)
    assert tree(site.public) == _clean(site, tmp_path / "one")

    # an output damaged besides the edit: the stats taken aside show it, and it is repaired
    (site.public / "index.html").write_text("vandalised")
    _append(site.root / "content/s05.md", "\nAnother.\n")
    _past(site)
    assert "index.html" in one_shot().written
    assert planned == [1]
    assert tree(site.public) == _clean(site, tmp_path / "two")
