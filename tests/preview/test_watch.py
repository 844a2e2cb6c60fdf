"""Watching a site: which paths count as which input, debouncing, and real watchdog events
for the ways editors and tools change files (atomic saves, renames, new and deleted folders,
a checkout of many files at once)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import pytest

from brief.preview.watch import (
    Batcher,
    Change,
    Kind,
    Watcher,
    classify,
    describe_changes,
    is_save_noise,
)
from tests.helpers import article

NOTHING_WAIT = 1.0
"""How long to listen for events that must not come."""
BATCH_WAIT = 10.0
"""How long to wait for events that must come."""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("site.yaml", "config"),
        ("content/2022/02/talks.md", "content"),
        ("content/2022/02/photo.jpg", "content"),
        ("content", "content"),
        ("layouts/article.html", "layouts"),
        ("layouts/partials/_macros.html", "layouts"),
        ("layouts", "layouts"),
        ("layouts/static/style.css", "css"),
        ("layouts/static/css/print.CSS", "css"),
        ("layouts/static/logo.svg", "static"),
        ("layouts/static", "static"),
    ],
)
def test_inputs_are_classified(path: str, kind: Kind) -> None:
    assert classify(PurePosixPath(path)) == kind


@pytest.mark.parametrize(
    "path",
    [
        "public/index.html",
        ".brief/state.pickle",
        ".git/HEAD",
        "README.md",
        "site.yaml~",
        "content/.talks.md.swp",
        "content/.talks.md.swx",
        "content/talks.md~",
        "content/.#talks.md",
        "content/#talks.md#",
        "content/talks.md.tmp",
        "content/talks.md.bak",
        "content/talks.md___jb_tmp___",
        "content/talks.md.crswap",
        "content/4913",
        "content/.hidden/talks.md",
        "layouts/.article.html.swp",
        "layouts/static/.DS_Store",
    ],
)
def test_editor_noise_and_other_files_are_ignored(path: str) -> None:
    assert classify(PurePosixPath(path)) is None


def test_a_folder_named_by_digits_is_no_noise() -> None:
    assert is_save_noise("4913")
    assert not is_save_noise("2022", is_dir=True)
    assert classify(PurePosixPath("content/2022"), is_dir=True) == "content"
    assert classify(PurePosixPath("content/2022/a.md")) == "content"


def test_describe_names_one_file_or_counts_many() -> None:
    assert describe_changes([]) == "startup"
    assert describe_changes([Change("content", "content/a.md")]) == "content/a.md"
    many = [Change("content", f"content/{i}.md") for i in range(199)]
    assert describe_changes([*many, Change("css", "layouts/static/style.css")]) == (
        "200 changes in content, css"
    )


def test_a_burst_is_one_batch() -> None:
    batcher = Batcher(quiet=0.2, max_wait=30)
    for i in range(200):
        batcher.add([Change("content", f"content/{i:03}.md")])
    batcher.add([Change("content", "content/000.md")])  # the same file twice is one change
    batch = batcher.wait(BATCH_WAIT)
    assert [c.path for c in batch] == [f"content/{i:03}.md" for i in range(200)]
    assert batcher.wait(0.1) == []


def test_a_steady_stream_still_gets_batches() -> None:
    batcher = Batcher(quiet=0.5, max_wait=0.3)
    stop = threading.Event()

    def feed() -> None:
        i = 0
        while not stop.is_set() and i < 2000:
            batcher.add([Change("content", f"content/{i}.md")])
            i += 1
            time.sleep(0.01)

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        batch = batcher.wait(BATCH_WAIT)
        assert batch
        assert feeder.is_alive(), "the batch should come while changes keep coming"
    finally:
        stop.set()
        feeder.join()


# --- real file-system events ---------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content" / "2022").mkdir(parents=True)
    (root / "layouts" / "static").mkdir(parents=True)
    (root / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    (root / "content" / "2022" / "a.md").write_text(article("A"))
    (root / "layouts" / "static" / "style.css").write_text("body {}\n")
    (root / "layouts" / "article.html").write_text("{{ article.title }}\n")
    return root


@contextmanager
def watching(root: Path, quiet: float = 0.3) -> Iterator[Batcher]:
    batcher = Batcher(quiet=quiet, max_wait=30)
    watcher = Watcher(root, batcher, skip=[root / "public"])
    watcher.start()
    try:
        yield batcher
    finally:
        watcher.stop()


def paths(batch: list[Change]) -> set[str]:
    return {c.path for c in batch}


def test_an_edit_is_one_change(site: Path) -> None:
    with watching(site) as batcher:
        (site / "content/2022/a.md").write_text(article("A", body="New text."))
        assert batcher.wait(BATCH_WAIT) == [Change("content", "content/2022/a.md")]


def test_an_atomic_save_is_a_change_of_the_real_file(site: Path) -> None:
    with watching(site) as batcher:
        temp = site / "content/2022/.a.md.tmp1234"
        temp.write_text(article("A", body="Saved atomically."))
        os.replace(temp, site / "content/2022/a.md")
        assert batcher.wait(BATCH_WAIT) == [Change("content", "content/2022/a.md")]


def test_editor_noise_alone_triggers_nothing(site: Path) -> None:
    with watching(site) as batcher:
        folder = site / "content/2022"
        (folder / "a.md~").write_text("backup")
        (folder / ".a.md.swp").write_bytes(b"swap")
        (folder / "4913").write_text("")
        (folder / "4913").unlink()
        (folder / "#a.md#").write_text("autosave")
        os.symlink("user@host.123", folder / ".#a.md")
        (site / "notes.txt").write_text("not an input")
        (site / ".git").mkdir()
        (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        (site / "public").mkdir()
        (site / "public" / "index.html").write_text("<p>output</p>")
        assert batcher.wait(NOTHING_WAIT) == []


def test_reading_files_triggers_nothing(site: Path) -> None:
    with watching(site) as batcher:
        for path in site.rglob("*"):
            if path.is_file():
                path.read_bytes()
        assert batcher.wait(NOTHING_WAIT) == []


def test_rename_reports_both_names(site: Path) -> None:
    with watching(site) as batcher:
        os.rename(site / "content/2022/a.md", site / "content/2022/b.md")
        assert paths(batcher.wait(BATCH_WAIT)) == {"content/2022/a.md", "content/2022/b.md"}


def test_delete_is_a_change(site: Path) -> None:
    with watching(site) as batcher:
        (site / "content/2022/a.md").unlink()
        assert paths(batcher.wait(BATCH_WAIT)) == {"content/2022/a.md"}


def test_files_in_a_new_folder_are_seen(site: Path) -> None:
    with watching(site) as batcher:
        new = site / "content/2023/03"
        new.mkdir(parents=True)
        (new / "b.md").write_text(article("B"))
        assert "content/2023/03/b.md" in paths(batcher.wait(BATCH_WAIT))
        (new / "b.md").write_text(article("B", body="Edited."))
        assert paths(batcher.wait(BATCH_WAIT)) == {"content/2023/03/b.md"}


def test_kinds_of_layouts_static_and_config(site: Path) -> None:
    with watching(site) as batcher:
        (site / "layouts/static/style.css").write_text("body { color: red }\n")
        (site / "layouts/static/logo.svg").write_text("<svg/>")
        (site / "layouts/article.html").write_text("{{ article.title }}!\n")
        (site / "site.yaml").write_text("title: U\nbase_url: https://example.org/\n")
        assert set(batcher.wait(BATCH_WAIT)) == {
            Change("css", "layouts/static/style.css"),
            Change("static", "layouts/static/logo.svg"),
            Change("layouts", "layouts/article.html"),
            Change("config", "site.yaml"),
        }


def test_a_checkout_of_200_files_is_one_batch(site: Path) -> None:
    with watching(site, quiet=0.5) as batcher:
        for i in range(200):
            (site / "content/2022" / f"n{i:03}.md").write_text(article(f"N {i}"))
        batch = batcher.wait(BATCH_WAIT)
        assert {f"content/2022/n{i:03}.md" for i in range(200)} <= paths(batch)
        assert batcher.wait(NOTHING_WAIT) == []


def test_content_folder_deleted_and_made_again_is_watched_again(site: Path) -> None:
    import shutil

    with watching(site) as batcher:
        shutil.rmtree(site / "content")
        assert "content" in paths(batcher.wait(BATCH_WAIT))
        (site / "content").mkdir()
        assert batcher.wait(BATCH_WAIT)
        (site / "content" / "c.md").write_text(article("C"))
        assert paths(batcher.wait(BATCH_WAIT)) == {"content/c.md"}


def test_layouts_made_after_start_are_watched(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    with watching(root) as batcher:
        (root / "layouts" / "static").mkdir(parents=True)
        assert batcher.wait(BATCH_WAIT)
        (root / "layouts" / "static" / "style.css").write_text("p {}\n")
        assert batcher.wait(BATCH_WAIT) == [Change("css", "layouts/static/style.css")]
