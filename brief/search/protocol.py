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


class Indexer(Protocol):
    """Pages in, the files of a static search index out, all in memory."""

    @property
    def version(self) -> str:
        """What the index depends on besides the pages (the indexer and its version): part
        of the index's fingerprint, so an upgrade re-indexes."""
        ...

    def index(self, pages: Sequence[tuple[str, Path]]) -> dict[str, bytes]:
        """The index's files (path within its folder -> bytes) for `pages`, (URL, absolute
        path of its HTML file) pairs, in that order; raises `IndexFailed`."""
        ...
