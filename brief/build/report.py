"""What a build did, as data: the CLI, the preview and the tests read the same report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from brief.errors import Problem

if TYPE_CHECKING:  # a no-change build makes no search plan, nor imports it
    from brief.build.search import SearchPlan


@dataclass(frozen=True)
class Processed:
    """What a build made: photos, their files, the seconds it took (both cores)."""

    images: int = 0
    files: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Shared:
    """What a build took from and gave to the shared cache (`cache:` in site.yaml)."""

    shards: int = 0
    """Articles cache files restored into `.brief/`."""
    photos: int = 0
    """Photos whose processed files were restored (and not processed here)."""
    saved: int = 0
    """Objects saved to the bucket."""
    seconds: float = 0.0
    """Spent on the bucket, restoring and saving."""


@dataclass(frozen=True)
class BuildReport:
    out_dir: Path
    pages: tuple[str, ...]
    """Output path of every file of the site."""
    articles: int
    tags: int
    seconds: float
    warnings: tuple[Problem, ...] = field(default_factory=tuple)
    written: tuple[str, ...] = field(default_factory=tuple)
    """Output paths (re)written by this build; unchanged files are not touched."""
    removed: tuple[str, ...] = field(default_factory=tuple)
    """Output paths of the previous build that this one no longer has."""
    parsed: int = 0
    """Article files parsed (the rest came from the cache)."""
    rendered: int = 0
    """Pages rendered through templates (the rest were unchanged)."""
    images: Processed = field(default_factory=Processed)
    """Photos processed (the rest of what was written came from the image cache)."""
    indexed: int | None = None
    """Pages the search index was made from, when this build made it (None: it did not)."""
    index_seconds: float = 0.0
    """How long making the search index took."""
    search: SearchPlan | None = None
    """With `index_later`: what the index should be made of after this build (None: search
    is off, or nothing changed)."""
    shared: Shared | None = None
    """What the shared cache gave and took, when the build used one."""
