"""Atomic output: a failed or interrupted build leaves the previous output as it was.

Two ways to get there, chosen by how much changed:
- `Stage`: the whole new site is staged in a sibling folder (unchanged files as hard links to
  the previous output) and swapped in with two renames. Used for cold and large builds.
- `Patch`: only the changed files are staged; they are then moved into the output one by one
  under a write-ahead journal, the files they replace kept aside. Any exception (Ctrl-C
  included) undoes the moves before it propagates, and a journal left by a killed process is
  undone by the next run before it does anything else. A rebuild after one edit thus costs a
  few renames, not a copy of ten thousand links.
This module is the only one (with the preview server) that writes to output folders.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Collection, Mapping
from pathlib import Path, PurePosixPath
from typing import TextIO

try:
    import fcntl
except ImportError:  # not on Windows: there an old site is removed by the next build too
    fcntl = None  # type: ignore[assignment]

BACKGROUND_REMOVE = 2000
"""Old trees with more files than this are deleted by a detached process after the swap."""


class UnsafeOutputPath(ValueError):
    """An output path that would land outside the output folder (a bug, never user input)."""


def safe_relpath(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if (
        rel.is_absolute()
        or not rel.parts
        or any(p in ("", ".", "..") for p in rel.parts)
        or "\\" in path
        or "\0" in path
    ):
        raise UnsafeOutputPath(path)
    return rel


def _siblings(out_dir: Path, kind: str) -> list[Path]:
    return sorted(out_dir.parent.glob(f".{out_dir.name}.{kind}-*"))


def recover(out_dir: Path) -> None:
    """Undo what a killed build left half-done beside `out_dir`, then clear its leftovers.

    An old site that a detached process is still removing (`_remove_later`) is left to it:
    removing it here too made the next build wait for all of it (a second at 10,000
    articles)."""
    for journal in _siblings(out_dir, "journal"):
        _undo_journal(out_dir, journal)
    for kind in ("tmp", "old", "bak"):
        for stale in _siblings(out_dir, kind):
            if kind == "old" and _being_removed(_lock_of(stale)):
                continue
            shutil.rmtree(stale, ignore_errors=True)
    for lock in _siblings(out_dir, "rm"):  # its remover is done, or was killed
        if not _being_removed(lock):
            lock.unlink(missing_ok=True)


def _lock_of(old: Path) -> Path:
    """The lock file a detached remover of the old site `old` holds while it works."""
    return old.with_name(old.name.replace(".old-", ".rm-", 1))


def _being_removed(lock: Path) -> bool:
    """A live detached process holds `lock`, an old site's (`_lock_of`)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing it gives up the lock, if this process took it
    return False


class _Staging:
    """A hidden sibling folder of `out_dir` that files are written into first.

    The caller runs `recover(out_dir)` before, as the build does before anything else.
    Forked worker processes may write into it too: every method is safe to call from them.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.absolute()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.token = uuid.uuid4().hex[:12]
        self.root = self._sibling("tmp")
        self.root.mkdir()
        self._made: set[Path] = {self.root}

    def _sibling(self, kind: str) -> Path:
        return self.out_dir.parent / f".{self.out_dir.name}.{kind}-{self.token}"

    def _target(self, rel: str) -> Path:
        target = self.root.joinpath(*safe_relpath(rel).parts)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def write(self, rel: str, data: bytes) -> None:
        self._target(rel).write_bytes(data)

    def copy(self, rel: str, source: Path | str) -> None:
        shutil.copyfile(source, self._target(rel))

    def abort(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class Stage(_Staging):
    """A complete new site, swapped in for `out_dir` on `commit()`."""

    def keep(self, rel: str) -> None:
        """Carry `rel` over unchanged from the current output (a hard link where possible)."""
        previous = self.out_dir.joinpath(*safe_relpath(rel).parts)
        target = self._target(rel)
        try:
            os.link(previous, target)
        except OSError:  # another filesystem, or links not supported
            shutil.copy2(previous, target)

    def commit(self, old_files: int = 0) -> None:
        """Swap the staged site in; the previous one is removed (in the background if big)."""
        old = self._sibling("old")
        if self.out_dir.exists() or self.out_dir.is_symlink():
            os.replace(self.out_dir, old)
            try:
                os.replace(self.root, self.out_dir)
            except BaseException:
                os.replace(old, self.out_dir)  # put the previous site back
                raise
            if old_files > BACKGROUND_REMOVE:
                _remove_later(old)
            else:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(self.root, self.out_dir)


class Patch(_Staging):
    """Changed files only, moved into `out_dir` on `apply()` under an undo journal."""

    def apply(self, changed: list[str], removed: list[str]) -> None:
        backup = self._sibling("bak")
        journal_path = self._sibling("journal")
        with journal_path.open("w", encoding="utf-8") as journal:
            journal.write(json.dumps({"backup": backup.name}) + "\n")
            journal.flush()
            done: list[tuple[str, str]] = []
            try:
                for rel in removed:
                    self._log(journal, done, "removed", rel)
                    _move(self.out_dir / rel, backup / rel)
                for rel in changed:
                    target = self.out_dir / rel
                    if target.exists():
                        self._log(journal, done, "replaced", rel)
                        _move(target, backup / rel)
                    else:
                        for folder in reversed(safe_relpath(rel).parents[:-1]):
                            if not (self.out_dir / folder).is_dir():
                                self._log(journal, done, "mkdir", folder.as_posix())
                                (self.out_dir / folder).mkdir()
                        self._log(journal, done, "added", rel)
                    os.replace(self.root / rel, target)
            except BaseException:
                _undo(self.out_dir, backup, done)
                raise
        journal_path.unlink()
        for rel in removed:  # a deleted article leaves no empty folder behind
            for folder in safe_relpath(rel).parents[:-1]:
                try:
                    (self.out_dir / folder).rmdir()
                except OSError:
                    break
        shutil.rmtree(backup, ignore_errors=True)
        shutil.rmtree(self.root, ignore_errors=True)

    @staticmethod
    def _log(journal: TextIO, done: list[tuple[str, str]], op: str, rel: str) -> None:
        # Written before the step it names: undoing a step that never happened is harmless.
        journal.write(json.dumps([op, rel]) + "\n")
        journal.flush()
        done.append((op, rel))


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def _undo(out_dir: Path, backup: Path, done: list[tuple[str, str]]) -> None:
    for op, rel in reversed(done):
        target = out_dir / rel
        if op in ("replaced", "removed"):
            if (backup / rel).exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(backup / rel, target)
        elif op == "added":
            target.unlink(missing_ok=True)
        elif op == "mkdir":
            with contextlib.suppress(OSError):
                target.rmdir()
    shutil.rmtree(backup, ignore_errors=True)


def _undo_journal(out_dir: Path, journal: Path) -> None:
    entries = []
    for line in journal.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            break  # cut off by the kill: that step was never taken
    if entries and isinstance(entries[0], dict):
        backup = out_dir.parent / str(entries[0]["backup"])
        _undo(out_dir, backup, [(str(op), str(rel)) for op, rel in entries[1:]])
    journal.unlink()


def _remove_later(path: Path) -> None:
    """Delete `path` in a detached process, so the build does not wait for it.

    The process holds a lock (`_lock_of`) from before it starts until it is done, taken
    here and handed to it, so that `recover` in the next build leaves the folder to it."""
    lock = _lock_of(path)
    fd = None
    try:
        if fcntl is not None:
            fd = os.open(lock, os.O_CREAT | os.O_WRONLY, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import os, shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True); "
                "os.unlink(sys.argv[2])",
                str(path),
                str(lock),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            pass_fds=(fd,) if fd is not None else (),
        )
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        lock.unlink(missing_ok=True)
    finally:
        if fd is not None:
            os.close(fd)  # the remover has its own copy, and with it the lock


def land(
    out_dir: Path,
    files: Mapping[str, bytes | None],
    last: str,
    there: Collection[str] = (),
) -> list[str]:
    """Put a new version of a self-contained folder of files (the preview's search index)
    into `out_dir` while it is served, so that readers switch from the old version to the
    new one at once: each new or changed file is written beside its place and renamed in
    (never seen half-written), `last` (the file that names all the others) after them all,
    so that every file it names is in place before it does; then the files of its folder
    that the new version does not have are removed. `there`: files already in place with
    these bytes, not written again (a file given as None must be one of them: its bytes
    are not at hand). Paths are relative to `out_dir`; returns those written or removed."""
    folder = out_dir.joinpath(*safe_relpath(last).parts[:-1])
    done: list[str] = []
    for rel in sorted(files, key=lambda p: p == last):
        target = out_dir.joinpath(*safe_relpath(rel).parts)
        data = files[rel]
        if rel in there and target.is_file():
            continue
        if data is None:  # not in place after all: the version lands without it
            raise FileNotFoundError(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.tmp-{uuid.uuid4().hex[:12]}")
        try:
            temp.write_bytes(data)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
        done.append(rel)
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_dir():
            with contextlib.suppress(OSError):
                path.rmdir()  # only when empty
        elif rel not in files:
            path.unlink(missing_ok=True)
            done.append(rel)
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty: a version of no files
    return done
