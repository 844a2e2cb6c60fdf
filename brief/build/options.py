"""What a build is asked to do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from brief.config import RemoteCache


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    out_dir: Path | None = None
    """Where to write; defaults to the config's `output` folder."""
    now: dt.datetime | None = None
    """The moment that decides what is "future"; the real clock by default."""
    jobs: int = 0
    """Worker processes; 0 means one per available core, 1 means none."""
    cache: bool = True
    """Use and update `.brief/`; off, every build is a cold build."""
    index_later: bool = False
    """Leave the search index to the caller (the preview makes it after serving the
    pages): the build neither makes its files nor records, writes or removes any, keeps
    whatever is in the output's index folder, and says in `BuildReport.search` what the
    index should now be made of."""
    remote: RemoteCache | None = None
    """A bucket to restore `.brief/` from before the build and to save it to after (see
    `build.remote`); only with `cache`. `brief build` sets it, the preview never does."""
    touched: tuple[str, ...] | None = None
    """The article files (absolute paths) that changed since the last build in this
    process, when the caller knows them all (the preview's watcher); then an edit that
    keeps its story in place is swapped into the kept plan (`build.swap`). None: the
    inputs are listed and compared with the records."""
