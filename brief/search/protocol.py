"""What the build asks of a search indexer, and how an indexer fails.

Pages are handed over as files, not strings: the files are already on disk (staged, or in
the output), and an indexer that reads them itself spares copying every page through
memory (see `pagefind`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol


class IndexFailed(Exception):
    """The indexer could not make the index (its binary missing, crashed or hung); the
    message says what happened, for the build's error."""


class IndexSession(Protocol):
    """One index whose pages come while they are being written: the indexer reads each one
    as it is added, and the build need not wait for the last page to begin."""

    def add(self, url: str, path: Path) -> None:
        """Index the page at `path` (absolute, written whole) as `url`, after every page
        added before it."""
        ...

    def finish(self) -> dict[str, bytes]:
        """Every page is added: the index's files, as `Indexer.index` gives them for the
        same pages in the same order; raises `IndexFailed`."""
        ...

    def close(self) -> None:
        """Give up: stop the indexer, whatever it is doing (after `finish`, nothing)."""
        ...


class Indexer(Protocol):
    """Pages in, the files of a static search index out, all in memory."""

    @property
    def version(self) -> str:
        """What the index depends on besides the pages (the indexer and its version): part
        of the index's fingerprint, so an upgrade re-indexes."""
        ...

    def index(self, pages: Sequence[tuple[str, Path]], merged: bool = False) -> dict[str, bytes]:
        """The index's files (path within its folder -> bytes) for `pages`, (URL, absolute
        path of its HTML file) pairs, in that order; raises `IndexFailed`. `merged`: an
        index that the browser merges into another (the site's index is in shards), with
        only the files that one does not already have."""
        ...

    def session(self, merged: bool = False) -> IndexSession:
        """An index to which pages are added one at a time (see `IndexSession`)."""
        ...
