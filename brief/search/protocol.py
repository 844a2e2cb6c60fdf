"""What the build asks of a search indexer, and how an indexer fails."""

from __future__ import annotations

from collections.abc import Sequence
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

    def index(self, pages: Sequence[tuple[str, str]]) -> dict[str, bytes]:
        """The index's files (path within its folder -> bytes) for `pages`, (URL, HTML)
        pairs; raises `IndexFailed`."""
        ...
