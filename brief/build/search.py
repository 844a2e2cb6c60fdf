"""The search index as part of the build's output: planned with the pages, made after
they are rendered, written in the same stage or patch.

The index depends on the HTML of the indexed pages (articles; standalone pages with
`search: {pages: true}`) and on the indexer, so its fingerprint (`SearchPlan.key`) is
made of their page fingerprints and the indexer's version. The last build's index is kept
as it is while that key is unchanged and its files are intact: a build that re-renders only
listings, tag pages or feeds does not run the indexer. Otherwise the indexer gets the
HTML of every indexed page (rendered ones from the staging folder, the others from the
output as the last build left them: the indexer reads the files where they are) and its
files are written with the pages; a failure is an error before anything is swapped in.

Records: `pagefind/pagefind-entry.json` carries the key; every other file of the index
carries the digest of its bytes, so a re-index writes only the files that changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from brief.build.fingerprints import fingerprint
from brief.build.outputs import Changes, PlannedFile
from brief.build.state import Records, intact
from brief.config import CONFIG_NAME, SiteConfig
from brief.errors import BriefError, Problem
from brief.search.protocol import Indexer, IndexFailed, IndexSession
from brief.search.stable import ENTRY as ENTRY_NAME
from brief.site import routes
from brief.site.pages import Page, PageKind, SearchContext

PREFIX = routes.SEARCH_INDEX.lstrip("/")
"""Where the index goes in the output: `pagefind/`."""
ENTRY = PREFIX + ENTRY_NAME
"""The file the search page reads first; its record carries the index's key."""
ORIGIN = "the search index"
T = TypeVar("T")


def default_indexer() -> Indexer:
    """Pagefind, imported only when a build indexes."""
    from brief.search.pagefind import Pagefind

    return Pagefind()


@dataclass(frozen=True)
class Shard:
    """One shard of the index: a Pagefind bundle of its own, over some of the pages."""

    folder: str
    """Output path of its folder: `pagefind/` (the bundle the search page loads, with
    Pagefind's scripts) or `pagefind/shard-3/` (merged into it in the browser)."""
    key: str
    """Fingerprint of its pages, the shard count and the indexer."""
    pages: tuple[tuple[str, str], ...]
    """(URL, output path) of each of its pages, in plan order: plain strings, so a plan
    kept for later (the preview's) keeps no article alive."""
    kept: tuple[PlannedFile, ...]
    """The last build's files of this shard, when they are still right; empty: index it."""

    @property
    def entry(self) -> str:
        return self.folder + ENTRY_NAME

    @property
    def merged(self) -> bool:
        return self.folder != PREFIX

    @property
    def pending(self) -> bool:
        return not self.kept


@dataclass(frozen=True)
class SearchPlan:
    """What this build does about the index: each shard kept or made again."""

    shards: tuple[Shard, ...]

    @property
    def key(self) -> str:
        return fingerprint("search-shards", *(s.key for s in self.shards))

    @property
    def pages(self) -> tuple[tuple[str, str], ...]:
        return tuple(page for shard in self.shards for page in shard.pages)

    @property
    def kept(self) -> tuple[PlannedFile, ...]:
        return tuple(f for shard in self.shards for f in shard.kept)

    @property
    def pending(self) -> bool:
        return any(s.pending for s in self.shards)

    def again(self) -> SearchPlan:
        """Every shard to be made again (none kept)."""
        return SearchPlan(tuple(dataclasses.replace(s, kept=()) for s in self.shards))


def indexed_pages(pages: Sequence[Page], config: SiteConfig) -> tuple[Page, ...]:
    """Articles, and standalone pages when site.yaml asks for them; listings never (they
    repeat what articles say)."""
    kinds = {PageKind.ARTICLE, *((PageKind.PAGE,) if config.search.pages else ())}
    return tuple(p for p in pages if p.kind in kinds)


def plan_search(
    config: SiteConfig,
    files: Sequence[PlannedFile],
    records: Records,
    out: Path,
    indexer: Indexer,
) -> SearchPlan | None:
    """The index's plan, or None when site.yaml turns search off. The search page says how
    many shards there are (its links to them are in it); each page is in one of them
    (`routes.search_shard`), and a shard is kept while its key is and its files are intact."""
    if not config.search.enabled:
        return None
    planned = [f.page for f in files if f.page is not None]
    shown = indexed_pages(planned, config)
    count = next((p.context.shards for p in planned if isinstance(p.context, SearchContext)), 1)
    by_file = {f.path: f.fingerprint for f in files if f.page is not None}
    groups: list[list[Page]] = [[] for _ in range(count)]
    for page in shown:
        groups[routes.search_shard(page.url, count)].append(page)
    last: dict[str, dict[str, tuple[str, int, int]]] = {}
    for path, record in records.items():
        if path.startswith(PREFIX):
            last.setdefault(shard_folder(path), {})[path] = record
    shards = []
    for number, group in enumerate(groups):
        folder = routes.shard_bundle(number).lstrip("/")
        rows = tuple((p.url, p.file) for p in group)
        key = shard_key(indexer.version, number, count, rows, by_file)
        shard = Shard(folder, key, rows, ())
        mine = last.get(folder, {})
        entry = mine.get(shard.entry)
        if entry and entry[0] == key and len(intact(out, mine)) == len(mine):
            kept = tuple(PlannedFile(p, r[0], ORIGIN) for p, r in sorted(mine.items()))
            shard = dataclasses.replace(shard, kept=kept)
        shards.append(shard)
    return SearchPlan(tuple(shards))


def shard_key(
    version: str,
    number: int,
    count: int,
    pages: Iterable[tuple[str, str]],
    fingerprints: Mapping[str, str],
) -> str:
    """The key of shard `number` of `count`: its pages' (URL, output path) and the
    fingerprints of those paths, with the indexer's version."""
    rows = (f"{url}\x1e{fingerprints[file]}" for url, file in pages)
    return fingerprint("search", version, f"{number} of {count}", *rows)


def shard_folder(path: str) -> str:
    """The folder of the shard that the index file at output path `path` belongs to."""
    return routes.bundle_of("/" + path).lstrip("/")


def index_files(out: Path) -> list[str]:
    """The files in the output's index folder now (output paths)."""
    folder = out / PREFIX
    return sorted(p.relative_to(out).as_posix() for p in folder.rglob("*") if p.is_file())


def clashes(files: Sequence[PlannedFile]) -> list[Problem]:
    """Files of the site that the index would replace (a static `pagefind/` folder)."""
    return [
        Problem(
            f.origin,
            None,
            None,
            f"{f.path} is inside {PREFIX}, where the search index goes; move it, or turn "
            "search off in site.yaml (search: false)",
        )
        for f in files
        if f.path.startswith(PREFIX)
    ]


@dataclass(frozen=True)
class Indexed:
    """What an index step made, for the writer and the build report."""

    files: tuple[PlannedFile, ...]
    pages: int
    seconds: float


Locate = Callable[[str], Path]
"""Output path -> the file that holds what this build's output will have there."""


def make_index(plan: SearchPlan, indexer: Indexer, locate: Locate, parallel: int = 2) -> Indexed:
    """Index the plan's pending shards from the pages where `locate` finds them, `parallel`
    at a time; raise BriefError if the indexer fails."""
    return Feed(plan, indexer, locate, (), parallel).finish()


class Feed:
    """The index's pending shards made while the pages are rendered: each of the first
    `parallel` of them gets each of its pages as soon as the page, and every page of the
    shard before it in the plan, is on disk (an index numbers its pages in the order they
    come, and must be the same however the rendering was shared out); the others are made
    when every page is written, `parallel` at a time (each indexer holds its shard in
    memory). Pages this build does not render are in the output already."""

    def __init__(
        self,
        plan: SearchPlan,
        indexer: Indexer,
        locate: Locate,
        rendering: Collection[str],
        parallel: int,
    ) -> None:
        self.plan = plan
        self._waiting = {rel for _, rel in plan.pages if rel in rendering}
        self._shards = [_Making(s, indexer, locate) for s in plan.shards if s.pending]
        self._streams = self._shards[: max(1, parallel)]
        self._parallel = max(1, parallel)
        self._started: float | None = None

    def written(self, paths: Iterable[str]) -> None:
        """The files at these output paths are written whole; the first call starts the
        indexers of the first shards (make it after any fork: see `IndexSession`)."""
        self._waiting.difference_update(paths)
        if self._started is None:
            self._started = time.perf_counter()
        for shard in self._streams:
            shard.feed(self._waiting)

    def finish(self) -> Indexed:
        """Every page is written: the pending shards' files; raise BriefError if an indexer
        fails (and stop the others)."""
        self.written(())
        assert not self._waiting
        started = self._started or time.perf_counter()
        try:
            made = _at_most(self._parallel, [shard.finish for shard in self._shards])
        except BaseException:
            self.close()
            raise
        files = tuple(f for group in made for f in group)
        pages = sum(len(shard.shard.pages) for shard in self._shards)
        return Indexed(files, pages, time.perf_counter() - started)

    def close(self) -> None:
        """The build failed: stop every indexer (after `finish`, nothing)."""
        for shard in self._shards:
            shard.close()


def _at_most(parallel: int, work: Sequence[Callable[[], T]]) -> list[T]:
    """`[w() for w in work]`, `parallel` at a time, each in a daemon thread: an exit or a
    Ctrl-C never waits for an indexer (a thread pool's threads are joined at exit). The
    first failure is raised once every thread has stopped taking work."""
    results: list[Any] = [None] * len(work)
    failed: list[BaseException] = []
    left = iter(range(len(work)))
    lock = threading.Lock()

    def run() -> None:
        while True:
            with lock:
                i = None if failed else next(left, None)
            if i is None:
                return
            try:
                results[i] = work[i]()
            except BaseException as exc:
                with lock:
                    failed.append(exc)
                return

    threads = [
        threading.Thread(target=run, name="index", daemon=True)
        for _ in range(min(parallel, len(work)))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise failed[0]
    return results


class _Making:
    """One shard being indexed: its pages go to the indexer in order, as they are ready."""

    def __init__(self, shard: Shard, indexer: Indexer, locate: Locate) -> None:
        self.shard = shard
        self._indexer = indexer
        self._locate = locate
        self._next = 0
        self._session: IndexSession | None = None
        self._closed = False

    def feed(self, waiting: Collection[str]) -> None:
        if self._session is None:
            self._session = self._indexer.session(merged=self.shard.merged)
        pages = self.shard.pages
        while self._next < len(pages) and pages[self._next][1] not in waiting:
            url, rel = pages[self._next]
            # Site paths: Pagefind's script puts the folder its bundle is served from
            # before them, so results lead to the right pages under any base path.
            self._session.add(url, self._locate(rel))
            self._next += 1

    def finish(self) -> tuple[PlannedFile, ...]:
        if self._closed:  # the build failed meanwhile
            return ()
        self.feed(())
        assert self._session is not None
        try:
            made = self._session.finish()
        except IndexFailed as exc:
            raise BriefError(
                [
                    Problem(
                        CONFIG_NAME,
                        None,
                        None,
                        f"the search index could not be made: {exc}; install "
                        "pagefind[extended] (see docs/search.md), or turn search off "
                        "(search: false)",
                    )
                ]
            ) from None
        shard = self.shard
        return tuple(
            PlannedFile(
                shard.folder + path,
                shard.key if shard.folder + path == shard.entry else _file_key(data),
                ORIGIN,
                make=partial(bytes, data),
            )
            for path, data in sorted(made.items())
        )

    def close(self) -> None:
        self._closed = True
        if self._session is not None:
            self._session.close()


def _file_key(data: bytes) -> str:
    return fingerprint("index-file", _digest(data))


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def merged(changes: Changes, made: Sequence[PlannedFile], records: Records) -> Changes:
    """`changes` with the new index in: its files that differ from the last build's are
    written, the last build's index files it no longer has are removed, the rest stay."""
    fresh = {f.path for f in made}
    written = [
        f for f in made if f.path not in changes.intact or records[f.path][0] != f.fingerprint
    ]
    removed = [p for p in changes.removed if p not in fresh]
    return Changes([*changes.changed, *written], removed, changes.intact, changes.previous)
