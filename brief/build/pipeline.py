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
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from brief.build import quick
from brief.build.inputs import Inputs, scan
from brief.build.memo import Memo
from brief.build.options import BuildOptions
from brief.build.parallel import default_jobs
from brief.build.quick import Check, light_key, load_checks, save_checks
from brief.build.report import BuildReport
from brief.config import SiteConfig
from brief.output.guard import check_output_dir, check_replaceable
from brief.output.lock import output_lock
from brief.output.writer import recover

if TYPE_CHECKING:
    from brief.build.cache import OutputState
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
    if options.touched is not None and memo.last is not None:
        from brief.build.swap import swap

        swapped = swap(config, options, out, started, progress, memo)
        if swapped is not None:
            return swapped
    slot = memo.slot or str(out)
    checks = load_checks(config) if options.cache and out.is_dir() else None
    check = checks[2].get(slot) if checks and checks[0] == light_key(config) else None
    if checks is None or check is None:
        return _from_state(config, options, out, now, started, progress, memo, slot)
    # The check file (`quick`): a build with nothing to do ends here, before the state is
    # read or the models imported. A one-shot build stats the outputs in a forked process
    # while it lists the inputs (`quick.Aside`), and a patch that follows trusts the answer.
    check_replaceable(out, known=True)
    paths = check.outputs.split("\0") if check.outputs else []
    aside = quick.Aside(out, paths, fork=options.jobs > 1 and not memo.builds_again)
    try:
        inputs = scan(config)
        if quick.unchanged(check, checks[1], options, inputs, aside, now):
            return _nothing_to_do(out, paths, check, started)

        return _from_state(
            config, options, out, now, started, progress, memo, slot, inputs, (check, aside)
        )
    finally:
        aside.close()


def _from_state(
    config: SiteConfig,
    options: BuildOptions,
    out: Path,
    now: dt.datetime,
    started: float,
    progress: Progress | None,
    memo: Memo,
    slot: str,
    inputs: Inputs | None = None,
    checked: tuple[Check, quick.Aside] | None = None,
) -> BuildReport:
    """The build as the state decides it. `checked`: the check file's record of this
    output, found not to hold, and the outputs' stats taken aside for it."""
    from brief.build.cache import BuildState, cache_key, load_state, restated, save_state
    from brief.build.state import restat, unchanged

    site_key = cache_key(config)
    damaged: list[str] = []
    state = (
        load_state(config, site_key, memo.cache_files, damaged)
        if options.cache
        else BuildState(site_key)
    )
    previous = state.outputs.get(slot) if out.is_dir() else None
    check_replaceable(out, known=slot in state.outputs)

    # Gather: list the inputs; stop if nothing changed; else read, check and plan.
    inputs = inputs or scan(config)
    # The check file recorded this state, and found a change: the state would find it too.
    told = checked is not None and previous is not None and quick.describes(checked[0], previous)
    all_intact = None
    if told and checked is not None:
        check, aside = checked
        all_intact = lambda: aside.result() == check.stats  # noqa: E731
    if (
        previous is not None
        and not told
        and unchanged(previous, site_key, options, inputs, out, now)
    ):
        if options.cache:  # the check file was missing or stale: the next build needs it
            save_checks(config, site_key, state.outputs)
        return _nothing_to_do(out, previous.records, previous, started)
    if previous is not None and options.cache:
        # New stats, but every input has the bytes the last build read (a fresh checkout
        # with `.brief/` and the output restored): record the stats, build nothing.
        same = restat(previous, site_key, options, inputs, out, now, all_intact)
        if same is not None:
            state.remember(slot, same)
            warning = save_state(config, state, memo.cache_files, restated(slot, previous, same))
            report = _nothing_to_do(out, same.records, same, started)
            return (
                report
                if warning is None
                else dataclasses.replace(report, warnings=(*report.warnings, warning))
            )
    # Something changed: only now import the planner, the renderer and the writers, which a
    # build that stops above never needs (they are most of a no-change build's start-up).
    memo.last = None  # kept again only if this build succeeds
    if previous is not None and not damaged:
        # An edit that changes only the edited stories' pages: those pages, and no plan.
        from brief.build.patch import patch

        patched = patch(config, options, out, started, progress, memo, state, inputs, all_intact)
        if patched is not None:
            return patched
    from brief.build.rebuild import rebuild

    return rebuild(config, options, out, started, progress, memo, state, inputs, damaged)


def _nothing_to_do(
    out: Path, pages: Iterable[str], previous: OutputState | Check, started: float
) -> BuildReport:
    return BuildReport(
        out_dir=out,
        pages=tuple(pages),
        articles=previous.articles,
        tags=previous.tags,
        seconds=time.perf_counter() - started,
        warnings=previous.warnings,
    )
