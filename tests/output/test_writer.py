"""Atomic output: a staged site swapped in whole, a patch moved in under an undo journal, and
recovery from a process killed half-way. Real folders, real renames, a real killed process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from brief.output import writer
from brief.output.writer import Patch, Stage, UnsafeOutputPath, land, recover, safe_relpath
from tests.helpers import REPO, tree

BEFORE = {
    "index.html": b"old home",
    "a/index.html": b"old a",
    "gone/index.html": b"to be removed",
    "style.css": b"css",
}


def leftovers(out: Path) -> list[str]:
    """Hidden siblings of the output folder: staging, backups, journals."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder holding a previous build."""
    folder = tmp_path / "public"
    for rel, data in BEFORE.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def test_stage_into_a_new_folder(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "public"
    image = tmp_path / "photo.png"
    image.write_bytes(b"png")
    stage = Stage(out)
    stage.write("index.html", b"home")
    stage.write("2022/02/28/x/index.html", b"article")
    stage.copy("media/photo.png", image)
    assert not out.exists()  # nothing shows before the commit
    stage.commit()
    assert tree(out) == {
        "2022/02/28/x/index.html": b"article",
        "index.html": b"home",
        "media/photo.png": b"png",
    }
    assert leftovers(out) == []


def test_stage_replaces_the_whole_site_and_keeps_by_hard_link(out: Path) -> None:
    old_css = (out / "style.css").stat().st_ino
    stage = Stage(out)
    stage.write("index.html", b"new home")
    stage.keep("style.css")
    assert tree(out) == BEFORE  # the old site is served until the swap
    stage.commit(old_files=len(BEFORE))
    assert tree(out) == {"index.html": b"new home", "style.css": b"css"}
    assert (out / "style.css").stat().st_ino == old_css
    assert leftovers(out) == []


def test_an_aborted_stage_leaves_the_output_as_it_was(out: Path) -> None:
    stage = Stage(out)
    stage.write("index.html", b"half")
    assert len(leftovers(out)) == 1
    stage.abort()
    assert tree(out) == BEFORE
    assert leftovers(out) == []


def test_a_failed_write_then_abort_leaves_the_output_as_it_was(out: Path) -> None:
    stage = Stage(out)
    stage.write("a/index.html", b"new a")
    with pytest.raises(IsADirectoryError):
        stage.write("a", b"a page where the folder a/ is")
    stage.abort()
    assert tree(out) == BEFORE
    assert leftovers(out) == []


@pytest.mark.parametrize("rel", ["/etc/passwd", "../x", "a/../../x", "", ".", "..", "a\\b", "a\0b"])
def test_paths_that_would_leave_the_output_are_refused(out: Path, rel: str) -> None:
    with pytest.raises(UnsafeOutputPath):
        safe_relpath(rel)
    stage = Stage(out)
    with pytest.raises(UnsafeOutputPath):
        stage.write(rel, b"x")
    stage.abort()
    assert tree(out) == BEFORE
    assert not (out.parent / "x").exists()


def test_patch_moves_changed_files_in_and_removes_old_ones(out: Path) -> None:
    patch = Patch(out)
    patch.write("a/index.html", b"new a")
    patch.write("b/c/index.html", b"new page in new folders")
    patch.apply(changed=["a/index.html", "b/c/index.html"], removed=["gone/index.html"])
    assert tree(out) == {
        "a/index.html": b"new a",
        "b/c/index.html": b"new page in new folders",
        "index.html": b"old home",
        "style.css": b"css",
    }
    assert not (out / "gone").exists()  # no empty folder left behind
    assert leftovers(out) == []


def test_a_failed_patch_is_undone(out: Path) -> None:
    patch = Patch(out)
    patch.write("a/index.html", b"new a")
    patch.write("b/c/index.html", b"new")
    # the last changed file was never staged: its move fails after the others were made
    with pytest.raises(FileNotFoundError):
        patch.apply(
            changed=["a/index.html", "b/c/index.html", "index.html"], removed=["gone/index.html"]
        )
    assert tree(out) == BEFORE
    assert sorted(p.name for p in out.iterdir()) == ["a", "gone", "index.html", "style.css"]
    patch.abort()
    assert leftovers(out) == [f".{out.name}.journal-{patch.token}"]
    recover(out)  # the journal of the undone patch describes moves already put back
    assert tree(out) == BEFORE
    assert leftovers(out) == []


KILLED_PATCH = """\
import os, sys
from pathlib import Path
from brief.output.writer import Patch

out = Path(sys.argv[1])
patch = Patch(out)
patch.write("a/index.html", b"new a")
patch.write("b/c/index.html", b"new")
patch.write("index.html", b"new home")
real = os.replace
calls = 0
def replace(src, dst):
    global calls
    calls += 1
    if calls == int(sys.argv[2]):
        os._exit(9)  # as if killed: no finally, no except, no cleanup
    real(src, dst)
os.replace = replace
patch.apply(changed=["a/index.html", "b/c/index.html", "index.html"], removed=["gone/index.html"])
"""


@pytest.mark.parametrize("killed_at", [1, 2, 3, 4, 5, 6])
def test_recover_undoes_a_patch_killed_half_way(out: Path, killed_at: int) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_PATCH, str(out), str(killed_at)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 9, proc.stderr
    kinds = sorted(name.split(".")[2].split("-")[0] for name in leftovers(out))
    assert kinds == ["bak", "journal", "tmp"]
    assert (tree(out) == BEFORE) is (killed_at == 1)  # the first move never happened
    recover(out)
    assert tree(out) == BEFORE
    assert leftovers(out) == []


def test_recover_reads_a_journal_cut_off_mid_line(out: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLED_PATCH, str(out), "4"], cwd=REPO, timeout=60)
    assert proc.returncode == 9
    (journal,) = out.parent.glob(f".{out.name}.journal-*")
    with journal.open("a", encoding="utf-8") as f:
        f.write('["added", "b/c/ind')  # the kill came while this line was being written
    recover(out)
    assert tree(out) == BEFORE
    assert leftovers(out) == []


def test_recover_clears_stale_staging_folders(out: Path) -> None:
    for kind in ("tmp", "old", "bak"):
        stale = out.parent / f".{out.name}.{kind}-0123456789ab"
        (stale / "x").mkdir(parents=True)
        (stale / "x" / "index.html").write_bytes(b"stale")
    unrelated = out.parent / ".other.tmp-0123456789ab"
    unrelated.mkdir()
    recover(out)
    assert leftovers(out) == []
    assert unrelated.is_dir()  # only this output's leftovers are touched
    assert tree(out) == BEFORE


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def test_recover_leaves_an_old_site_to_its_live_remover(out: Path) -> None:
    """A detached remover (a real process here) holds the old site's lock: the next build
    does not remove the folder too, and waits for none of it; once that process is gone
    without finishing (killed), the next build clears what it left."""
    old = out.parent / f".{out.name}.old-0123456789ab"
    (old / "x").mkdir(parents=True)
    (old / "x" / "index.html").write_bytes(b"old")
    lock = out.parent / f".{out.name}.rm-0123456789ab"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        recover(out)
        assert old.is_dir() and lock.exists()
    finally:
        holder.kill()
        holder.wait()
    recover(out)
    assert leftovers(out) == []
    assert tree(out) == BEFORE


def test_a_big_old_site_is_removed_in_the_background(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "BACKGROUND_REMOVE", 0)
    stage = Stage(out)
    stage.write("index.html", b"new home")
    stage.commit(old_files=len(BEFORE))
    recover(out)  # at once: the remover may still be at work, or done
    deadline = time.monotonic() + 30
    while leftovers(out) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(out) == []
    assert tree(out) == {"index.html": b"new home"}


def test_recover_with_nothing_to_do(tmp_path: Path) -> None:
    recover(tmp_path / "public")
    assert list(tmp_path.iterdir()) == []


def test_a_new_stage_never_reuses_a_name(out: Path) -> None:
    first, second = Stage(out), Stage(out)
    assert first.root != second.root
    first.abort()
    second.abort()
    assert os.listdir(out.parent) == ["public"]


def index_version(n: int) -> dict[str, bytes]:
    """A folder like a search index: data files named by their version, and an entry that
    names them, written last."""
    data = {f"idx/part/{n}-{i}.bin": f"version {n} part {i}".encode() * 50 for i in range(20)}
    entry = json.dumps(sorted(data)).encode()
    return {**data, "idx/common.js": b"the same in every version", "idx/entry.json": entry}


def test_land_switches_a_served_folder_whole_with_its_entry_last(out: Path) -> None:
    """A reader running beside 40 landings never finds a file the entry names missing,
    unless the entry changed meanwhile (the old version goes once the new one is in)."""
    first = index_version(0)
    assert sorted(land(out, first, "idx/entry.json")) == sorted(first)
    stop = threading.Event()
    seen: list[str] = []
    broken: list[str] = []

    def read() -> None:
        while not stop.is_set():
            raw = (out / "idx" / "entry.json").read_bytes()
            names = json.loads(raw)  # never half-written, or this fails
            seen.append(names[0])
            for name in names:
                if not (out / name).is_file() and (out / "idx/entry.json").read_bytes() == raw:
                    broken.append(name)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(1, 41):
            version = index_version(n)
            done = land(out, version, "idx/entry.json", there=["idx/common.js"])
            assert done[-21] == "idx/entry.json"  # after every new part, before the removals
            assert "idx/common.js" not in done
            assert {k: v for k, v in tree(out).items() if k.startswith("idx/")} == version
    finally:
        stop.set()
        reader.join()
    assert broken == [] and len(set(seen)) > 1
    assert (out / "index.html").read_bytes() == BEFORE["index.html"]  # the rest untouched
    assert leftovers(out) == [] and not list(out.rglob(".*tmp-*"))
