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

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from brief.build.fingerprints import fingerprint
from brief.build.outputs import Changes, PlannedFile
from brief.build.state import Records, intact
from brief.config import CONFIG_NAME, SiteConfig
from brief.errors import BriefError, Problem
from brief.search.protocol import Indexer, IndexFailed
from brief.site import routes
from brief.site.pages import Page, PageKind

PREFIX = routes.SEARCH_INDEX.lstrip("/")
"""Where the index goes in the output: `pagefind/`."""
ENTRY = PREFIX + "pagefind-entry.json"
"""The file the search page reads first; its record carries the index's key."""
ORIGIN = "the search index"


def default_indexer() -> Indexer:
    """Pagefind, imported only when a build indexes."""
    from brief.search.pagefind import Pagefind

    return Pagefind()


@dataclass(frozen=True)
class SearchPlan:
    """What this build does about the index."""

    key: str
    """Fingerprint of the indexed pages and the indexer."""
    pages: tuple[tuple[str, str], ...]
    """(URL, output path) of each page to index, in plan order: plain strings, so a plan
    kept for later (the preview's) keeps no article alive."""
    kept: tuple[PlannedFile, ...]
    """The last build's index files, when they are still right; empty: index again."""

    @property
    def pending(self) -> bool:
        return not self.kept


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
    """The index's plan, or None when site.yaml turns search off."""
    if not config.search.enabled:
        return None
    planned = [f for f in files if f.page is not None]
    shown = indexed_pages([f.page for f in planned if f.page is not None], config)
    by_file = {f.path: f.fingerprint for f in planned}
    key = fingerprint("search", indexer.version, *(f"{p.url}\x1e{by_file[p.file]}" for p in shown))
    last = {p: r for p, r in records.items() if p.startswith(PREFIX)}
    kept: tuple[PlannedFile, ...] = ()
    if ENTRY in last and last[ENTRY][0] == key and len(intact(out, last)) == len(last):
        kept = tuple(PlannedFile(p, r[0], ORIGIN) for p, r in sorted(last.items()))
    return SearchPlan(key, tuple((p.url, p.file) for p in shown), kept)


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


def make_index(plan: SearchPlan, indexer: Indexer, locate: Locate) -> Indexed:
    """Index the plan's pages where `locate` finds them; raise BriefError if the indexer
    fails."""
    started = time.perf_counter()
    # Site paths: Pagefind's script puts the folder its bundle is served from before them,
    # so results lead to the right pages under any base path and in the preview.
    pages = [(url, locate(rel)) for url, rel in plan.pages]
    try:
        made = indexer.index(pages)
    except IndexFailed as exc:
        raise BriefError(
            [
                Problem(
                    CONFIG_NAME,
                    None,
                    None,
                    f"the search index could not be made: {exc}; install pagefind[extended] "
                    "(see docs/search.md), or turn search off (search: false)",
                )
            ]
        ) from None
    files = tuple(
        PlannedFile(
            PREFIX + path,
            plan.key if PREFIX + path == ENTRY else fingerprint("index-file", _digest(data)),
            ORIGIN,
            make=partial(bytes, data),
        )
        for path, data in sorted(made.items())
    )
    return Indexed(files, len(pages), time.perf_counter() - started)


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
