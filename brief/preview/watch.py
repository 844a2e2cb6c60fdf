"""Watching a site: file-system events become classified changes, handed out in debounced batches.

The watcher is dumb on purpose: an event only records which input changed and what kind it is;
the serve loop decides what to rebuild. Editor noise (swap, backup and lock files, hidden files)
never gets that far, and a burst of events (a `git checkout`) comes out as one batch.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from brief.config import CONFIG_NAME
from brief.paths import is_noise as noise_name

Kind = Literal["config", "layouts", "css", "static", "content"]
"""What a changed file is to the build: css is a static file that is a stylesheet."""

WATCHED_DIRS = ("content", "layouts")
"""Folders of the site watched recursively; the site folder itself is watched one level deep."""

_CHANGING = {EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED}
# Atomic-save temp names that the shared ignore rules do not cover (JetBrains, Chrome, Kate).
_TEMP_SUFFIXES = ("___jb_tmp___", "___jb_old___", ".crswap", ".kate-swp")


@dataclass(frozen=True, order=True)
class Change:
    """One input file or folder that changed."""

    kind: Kind
    path: str
    """Posix path relative to the site folder."""


def is_save_noise(name: str, is_dir: bool = False) -> bool:
    """Names editors and tools create and remove around a save, which never need a rebuild.

    A leading `_` does not count: templates such as `_macros.html` are real inputs.
    """
    if name.endswith(_TEMP_SUFFIXES):
        return True
    if not is_dir and name.isdigit():
        return True  # vim writes and deletes a file named 4913 to probe the folder
    return noise_name(name)


def classify(rel: PurePosixPath, is_dir: bool = False) -> Kind | None:
    """The kind of input at `rel` (relative to the site folder), or None if it is no input."""
    parts = rel.parts
    if not parts or any(
        is_save_noise(p, is_dir or i < len(parts) - 1) for i, p in enumerate(parts)
    ):
        return None
    if parts == (CONFIG_NAME,) and not is_dir:
        return "config"
    if parts[0] == "content":
        return "content"
    if parts[0] == "layouts":
        if len(parts) > 1 and parts[1] == "static":
            return "css" if not is_dir and parts[-1].lower().endswith(".css") else "static"
        return "layouts"
    return None


def describe_changes(changes: Iterable[Change]) -> str:
    """A short account of a batch for the terminal: the file, or how many and of which kinds."""
    batch = sorted(set(changes), key=lambda c: c.path)
    if not batch:
        return "startup"
    if len(batch) <= 2:
        return ", ".join(c.path for c in batch)
    kinds = sorted({c.kind for c in batch})
    return f"{len(batch)} changes in {', '.join(kinds)}"


class Batcher:
    """Collects changes and hands them out once a burst has settled.

    A batch is due when no change came for `quiet` seconds, or `max_wait` seconds after its first
    change, so a steady stream of writes still gets rebuilds.
    """

    def __init__(
        self,
        quiet: float = 0.015,
        max_wait: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._clock = clock
        self._cond = threading.Condition()
        self._pending: dict[str, Change] = {}
        self._first = 0.0
        self._last = 0.0

    def add(self, changes: Iterable[Change]) -> None:
        with self._cond:
            now = self._clock()
            for change in changes:
                if not self._pending:
                    self._first = now
                self._pending[change.path] = change
                self._last = now
            self._cond.notify_all()

    def wait(self, timeout: float) -> list[Change]:
        """The next batch, sorted by path; an empty list if none came within `timeout`."""
        deadline = self._clock() + timeout
        with self._cond:
            while True:
                now = self._clock()
                if self._pending:
                    due = min(self._last + self.quiet, self._first + self.max_wait)
                    if now >= due:
                        batch = sorted(self._pending.values(), key=lambda c: c.path)
                        self._pending.clear()
                        return batch
                    self._cond.wait(due - now)
                elif now >= deadline:
                    return []
                else:
                    self._cond.wait(deadline - now)


class Watcher(FileSystemEventHandler):
    """Watches `site.yaml`, `content/` and `layouts/` of a site and feeds a `Batcher`.

    Only those folders are watched recursively, so a big `.git/`, `node_modules/` or output
    folder costs nothing; they are re-watched when deleted and made again (a branch switch).
    """

    def __init__(self, root: Path, batcher: Batcher, skip: Iterable[Path] = ()) -> None:
        super().__init__()
        self.root = root.resolve()
        self.batcher = batcher
        self.skip = tuple(Path(os.path.abspath(p)) for p in skip)
        self._observer: BaseObserver = Observer()
        self._watches: dict[str, ObservedWatch] = {}
        self._lock = threading.RLock()

    def start(self) -> None:
        # A folder made just before its watch is added is seen twice by watchdog, which then
        # warns that it replaces its own callback: harmless, and no concern of the writer.
        warnings.filterwarnings(
            "ignore", r"Callback with id .* already exists", RuntimeWarning, "watchdog"
        )
        self._observer.schedule(self, str(self.root), recursive=False)
        self._sync()
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=1.0)

    def _sync(self) -> None:
        """Watch each of WATCHED_DIRS that exists, dropping watches on ones that went away."""
        with self._lock:
            for name in WATCHED_DIRS:
                path = self.root / name
                watch = self._watches.pop(name, None)
                if watch is not None:
                    with contextlib.suppress(KeyError):  # already gone with its folder
                        self._observer.unschedule(watch)
                if path.is_dir():
                    self._watches[name] = self._observer.schedule(self, str(path), recursive=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGING:
            return  # opened/closed/attrib: the build reading files must not trigger a build
        if event.is_directory and event.event_type == EVENT_TYPE_MODIFIED:
            return  # a folder's listing changed: its children have events of their own
        paths = [event.src_path] + ([event.dest_path] if event.dest_path else [])
        changes = [
            c for c in (self._change(os.fsdecode(p), event.is_directory) for p in paths) if c
        ]
        if any(c.path in WATCHED_DIRS for c in changes):
            self._sync()
        if changes:
            self.batcher.add(changes)

    def _change(self, path: str, is_dir: bool) -> Change | None:
        full = Path(path)
        if any(full.is_relative_to(s) for s in self.skip):
            return None
        try:
            rel = PurePosixPath(full.relative_to(self.root).as_posix())
        except ValueError:
            return None
        kind = classify(rel, is_dir)
        return Change(kind, rel.as_posix()) if kind else None
