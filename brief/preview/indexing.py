"""The preview's search index, made after the pages it indexes are served.

A preview build leaves the index alone (`BuildOptions.index_later`) and says what it should
now be made of (`BuildReport.search`). The session then hands that here, and the pages
reload at once; the index follows in a thread of its own:

- `submit` (in the session's thread, right after the build): when the index should change,
  the pages of the shards to be made again are taken as hard links into a folder of this
  job's own, a snapshot that no later build can change (builds replace files by renaming,
  never write into one), and the job is queued. A job still queued is replaced by the
  newer one: only the last content counts.
- the thread (at a lower CPU priority than the builds: `_yield_cpu`) indexes the
  snapshot, then, holding the session's write lock (so no build is swapping the preview
  folder meanwhile), puts the index's files into the preview folder
  with `output.writer.land`: whole files, the entry last, so a reader never gets half an
  index; then only the search page is told to reload.

A save while the index is being made queues the next job; the index of the older content
still lands when it is done (a reader gets an index that is one save behind rather than
none while a writer keeps saving), and the queued job follows it. An index in shards
(`build.search`) is made again only in the shards whose key differs from those last made:
a save re-indexes the shard of the story saved.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from brief.build.outputs import PlannedFile
from brief.build.search import (
    ENTRY,
    ORIGIN,
    PREFIX,
    SearchPlan,
    Shard,
    make_index,
    shard_folder,
)
from brief.errors import BriefError, formatted
from brief.output.writer import land
from brief.preview.reload import Hub
from brief.search.protocol import Indexer

Say = Callable[[str, bool], None]
"""A line for the terminal; True: it is an error (stderr)."""


@dataclass
class _Job:
    plan: SearchPlan
    snapshot: Path
    taken: set[str]
    """The keys of the shards whose pages are in the snapshot."""


class Indexing:
    """The preview's index, one job at a time in a thread (see the module)."""

    def __init__(
        self,
        preview: Path,
        workdir: Path,
        hub: Hub,
        writing: threading.Lock,
        say: Say,
        indexer: Callable[[], Indexer],
    ) -> None:
        self.preview = preview
        self.workdir = workdir
        self.hub = hub
        self.writing = writing
        self.say = say
        self.indexer = indexer
        self._cond = threading.Condition()
        self._queued: _Job | None = None
        self._wanted: str | None = None
        """The key of the index last submitted: landed, being made or queued."""
        self._busy = False
        self._running: _Job | None = None
        self._stale: list[Path] = []
        """Snapshots of jobs replaced before they ran, removed by the thread."""
        self._stopped = False
        self._count = 0
        self._landed: dict[str, str] = {}
        self._shards: dict[str, tuple[str, ...]] = {}
        """Shard key -> the paths of its files as last landed: a later job's shard of the
        same key is in place already (its bytes are not held: at 100,000 articles the
        index is hundreds of MB)."""
        """Path -> digest of the index files in the preview folder, as last landed."""
        self._thread = threading.Thread(target=self._run, name="preview-index", daemon=True)
        self._thread.start()

    def submit(self, plan: SearchPlan | None) -> None:
        """Queue the index of `plan` (taken now, from the preview folder) if it is not the
        index already made or on its way. Called with the write lock held.

        Only the pages of the shards that will have to be made are taken: a shard landed
        already is kept when the job runs, unless the job being made now lands first
        without it. At 100,000 articles taking every page took seconds per save, and the
        write lock with it: the next save waited."""
        with self._cond:
            if plan is None or plan.key == self._wanted or self._stopped:
                return
            kept = set(self._shards)
            if self._running is not None:
                kept &= {s.key for s in self._running.plan.shards}
        self._count += 1
        snapshot = self.workdir / f"index-pages-{self._count}"
        snapshot.mkdir(parents=True, exist_ok=True)
        taken = [s for s in plan.shards if s.key not in kept]
        _link(self.preview, snapshot, [rel for s in taken for _, rel in s.pages])
        with self._cond:
            if self._queued is not None:
                self._stale.append(self._queued.snapshot)
            self._queued = _Job(plan, snapshot, {s.key for s in taken})
            self._wanted = plan.key
            self._cond.notify_all()

    def clear(self) -> None:
        """Search is off: drop what is queued and take the index out of the preview folder
        (it is no longer the build's). Called with the write lock held."""
        with self._cond:
            if self._queued is not None:
                self._stale.append(self._queued.snapshot)
            self._queued = None
            self._wanted = None  # a job being made lands nothing: see _make
            self._cond.notify_all()
        if self._landed or (self.preview / PREFIX).exists():
            land(self.preview, {}, ENTRY)
            self._landed = {}
            self._shards = {}

    def idle(self, timeout: float) -> bool:
        """Wait until no job is queued or running; False if `timeout` passed first."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queued is not None or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def close(self) -> None:
        """Stop taking jobs; a job being made is dropped when it ends (its snapshot goes
        with the session's folder), and the thread says nothing more. Taking the write lock
        first waits for a landing under way."""
        with self.writing, self._cond:
            self._stopped = True
            self._queued = None
            self._cond.notify_all()

    def _run(self) -> None:
        _yield_cpu()
        while True:
            with self._cond:
                while self._queued is None and not self._stopped and not self._stale:
                    self._cond.wait()
                stale, self._stale = self._stale, []
                job = self._queued
                if not self._stopped and job is not None:
                    self._queued = None
                    self._busy = True
                    self._running = job
            for folder in stale:
                shutil.rmtree(folder, ignore_errors=True)
            if self._stopped:
                return
            if job is None:
                continue
            try:
                self._make(job)
            finally:
                shutil.rmtree(job.snapshot, ignore_errors=True)
                del job
                with self._cond:
                    self._busy = False
                    self._running = None
                    self._cond.notify_all()

    def _make(self, job: _Job, again: bool = True) -> None:
        started = time.perf_counter()
        known = self._shards
        shards = tuple(
            dataclasses.replace(s, kept=tuple(PlannedFile(p, s.key, ORIGIN) for p in known[s.key]))
            if s.key in known
            else s
            for s in job.plan.shards
        )
        if not self._taken(job, [s for s in shards if not s.kept]):
            return  # a newer job is queued: it lands instead
        try:
            made = make_index(SearchPlan(shards), self.indexer(), lambda rel: job.snapshot / rel)
        except BriefError as exc:
            with self._cond:
                if self._stopped:
                    return
                if self._wanted == job.plan.key:
                    self._wanted = None  # the next build tries again
            lines = formatted(exc.problems)
            self.hub.failed(lines)
            for line in lines:
                self.say(line, True)
            self.say(f"{_clock()} search index failed; the pages are served without it", False)
            return
        except Exception as exc:  # a bug must not end the preview's indexing
            self.say(f"brief: internal error: {type(exc).__name__}: {exc}", True)
            return
        with self.writing:
            with self._cond:
                if self._stopped or self._wanted is None:  # closed, or search turned off
                    return
            kept = [f.path for s in shards for f in s.kept]
            try:
                changed: list[str] | None = self._land(made.files, kept)
            except FileNotFoundError as exc:  # a kept shard's file is gone
                changed = None
                self._shards = {}
                if not again:
                    self.say(f"brief: error: the search index could not land: {exc}", True)
                    return
            if changed is not None:
                self._remember(shards, made.files, kept)
        if changed is None:  # make every shard again, once
            self._make(job, again=False)
            return
        if changed:
            self.hub.changed(changed)
        ms = (time.perf_counter() - started) * 1000
        self.say(f"{_clock()} search index of {made.pages} pages made: {ms:.0f} ms", False)

    def _taken(self, job: _Job, shards: Sequence[Shard]) -> bool:
        """Make sure the snapshot has the pages of `shards`, the shards to be made. It lacks
        them when `submit` expected a shard to be kept that is not (its files were gone).
        With no newer job queued, no build has changed those pages since the job was
        submitted (a build that did would have queued one), so they are taken now, from
        the preview folder; else False: the job is dropped for the newer one."""
        missing = [s for s in shards if s.key not in job.taken]
        if not missing:
            return True
        with self.writing:
            with self._cond:
                if self._queued is not None or self._stopped:
                    return False
            _link(self.preview, job.snapshot, [rel for s in missing for _, rel in s.pages])
        job.taken.update(s.key for s in missing)
        return True

    def _remember(
        self, shards: Sequence[Shard], made: Sequence[PlannedFile], kept: Sequence[str]
    ) -> None:
        """The paths of each shard's files now landed, by the shard's key."""
        by_folder = {s.folder: s.key for s in shards}
        grouped: dict[str, list[str]] = {s.key: [] for s in shards}
        for path in [*(f.path for f in made), *kept]:
            grouped[by_folder[shard_folder(path)]].append(path)
        self._shards = {key: tuple(paths) for key, paths in grouped.items()}

    def _land(self, made: Sequence[PlannedFile], kept: Sequence[str]) -> list[str]:
        """Land the files just made, with those of the shards kept (in place, as landed
        last time: their bytes are not held)."""
        files: dict[str, bytes | None] = {f.path: f.make() for f in made if f.make is not None}
        digests = {
            p: hashlib.blake2b(d, digest_size=16).hexdigest()
            for p, d in files.items()
            if d is not None
        }
        there = [p for p, d in digests.items() if self._landed.get(p) == d]
        files.update(dict.fromkeys(kept))
        changed = land(self.preview, files, ENTRY, there=[*there, *kept])
        self._landed = {**{p: self._landed[p] for p in kept if p in self._landed}, **digests}
        return [p for p in changed if p.startswith(PREFIX)]


def _link(preview: Path, snapshot: Path, paths: Sequence[str]) -> None:
    """Take the files at `paths` of the preview folder into the snapshot, as hard links
    (builds replace files by renaming, so a link keeps the content it was taken with)."""
    folders: set[Path] = set()
    for rel in paths:
        target = snapshot / rel
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        source = preview / rel
        try:
            os.link(source, target)
        except OSError:  # links not supported here
            shutil.copyfile(source, target)


BACKGROUND_NICE = 10
"""How much lower than the session's the index's CPU priority is: Pagefind takes every core
it can, and a save's build and reload must not wait for it (a build took 1 to 3 s instead of
60 ms while a shard of 10,000 articles was indexed)."""


def _yield_cpu() -> None:
    """Lower this thread's CPU priority, and so that of the threads and the Pagefind binary
    it starts (on Linux a thread's nice value is its own, and what it starts inherits it).
    Where that cannot be done the index just competes with the builds, as before."""
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


def _clock() -> str:
    return time.strftime("%H:%M:%S")
