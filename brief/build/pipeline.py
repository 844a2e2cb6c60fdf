"""`build()`: gather the site, render and write what changed, record what was done.

`build()` prints nothing and returns a `BuildReport`, so the CLI, the preview server and the
tests all drive the same code and read the result as data.

It is incremental through the cache in `.brief/` (see cache.py). If no input file changed
(by size and mtime), nothing is loaded or written (state.py). Otherwise unchanged article
files are not re-parsed (gather.py), and only outputs whose fingerprint changed are rendered
and written (outputs.py, write.py, and writer.py for how that stays atomic).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

from brief.build.cache import STATE_FILE, BuildState, OutputState, cache_key, load_state, save_whole
from brief.build.inputs import scan
from brief.build.memo import Memo
from brief.build.options import BuildOptions
from brief.build.parallel import default_jobs
from brief.build.report import BuildReport
from brief.build.state import restat, unchanged
from brief.config import SiteConfig
from brief.output.guard import check_output_dir, check_replaceable
from brief.output.lock import output_lock
from brief.output.writer import recover

if TYPE_CHECKING:
    from brief.build.write import Progress

__all__ = ["BuildOptions", "BuildReport", "build"]


def build(
    config: SiteConfig,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
    memo: Memo | None = None,
) -> BuildReport:
    """Build the site; raise BriefError with every problem if anything is wrong.

    `memo` is what a process that builds again and again keeps between builds (the preview
    passes its own); without one, nothing outlives this call.
    """
    started = time.perf_counter()
    options = options or BuildOptions()
    memo = memo or Memo()
    now = options.now or dt.datetime.now(config.tz)
    options = dataclasses.replace(options, now=now, jobs=options.jobs or default_jobs())
    out = (options.out_dir or config.output_dir).absolute()

    # Before anything is read: the output folder is one brief may replace, no other build
    # is writing it, and whatever a build killed mid-write left behind is undone.
    check_output_dir(out, config)
    with output_lock(out):
        return _build(config, options, out, now, started, progress, memo)


def _build(
    config: SiteConfig,
    options: BuildOptions,
    out: Path,
    now: dt.datetime,
    started: float,
    progress: Progress | None,
    memo: Memo,
) -> BuildReport:
    recover(out)
    site_key = cache_key(config)
    damaged: list[str] = []
    state = (
        load_state(config, site_key, memo.cache_files, damaged)
        if options.cache
        else BuildState(site_key)
    )
    slot = memo.slot or str(out)
    previous = state.outputs.get(slot) if out.is_dir() else None
    check_replaceable(out, known=slot in state.outputs)

    # Gather: list the inputs; stop if nothing changed; else read, check and plan.
    inputs = scan(config)
    if previous is not None and unchanged(previous, site_key, options, inputs, out, now):
        return _nothing_to_do(out, previous, started)
    if previous is not None and options.cache:
        # New stats, but every input has the bytes the last build read (a fresh checkout
        # with `.brief/` and the output restored): record the stats, build nothing.
        same = restat(previous, site_key, options, inputs, out, now)
        if same is not None:
            state.remember(slot, same)
            warning = save_whole(config, STATE_FILE, state, memo.cache_files)
            report = _nothing_to_do(out, same, started)
            return (
                report
                if warning is None
                else dataclasses.replace(report, warnings=(*report.warnings, warning))
            )
    # Something changed: only now import the planner, the renderer and the writers, which a
    # build that stops above never needs (they are most of a no-change build's start-up).
    if previous is not None and not damaged:
        # An edit that changes only the edited stories' pages: those pages, and no plan.
        from brief.build.patch import patch

        patched = patch(config, options, out, started, progress, memo, state, inputs)
        if patched is not None:
            return patched
    from brief.build.rebuild import rebuild

    return rebuild(config, options, out, started, progress, memo, state, inputs, damaged)


def _nothing_to_do(out: Path, previous: OutputState, started: float) -> BuildReport:
    return BuildReport(
        out_dir=out,
        pages=tuple(previous.records),
        articles=previous.articles,
        tags=previous.tags,
        seconds=time.perf_counter() - started,
        warnings=previous.warnings,
    )
