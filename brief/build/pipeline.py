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
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from brief.build.cache import (
    STATE_FILE,
    BuildState,
    cache_key,
    damage_warning,
    load_articles_cache,
    load_state,
    save,
)
from brief.build.cache import save_articles_cache as save_articles
from brief.build.gather import Gathered, gather, scan
from brief.build.images import Processed, process_images
from brief.build.memo import Memo
from brief.build.options import BuildOptions
from brief.build.outputs import diff
from brief.build.parallel import default_jobs
from brief.build.replan import make_plan
from brief.build.search import (
    SearchPlan,
    clashes,
    default_indexer,
    index_files,
    make_index,
    plan_search,
)
from brief.build.state import next_due, record, unchanged
from brief.build.write import Progress, write_site
from brief.config import SiteConfig
from brief.errors import BriefError, Problem, Severity
from brief.output.guard import check_output_dir, check_replaceable
from brief.output.lock import output_lock
from brief.output.writer import recover
from brief.render.templates import make_environment

__all__ = ["BuildOptions", "BuildReport", "Progress", "build"]


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
        return BuildReport(
            out_dir=out,
            pages=tuple(previous.records),
            articles=previous.articles,
            tags=previous.tags,
            seconds=time.perf_counter() - started,
            warnings=previous.warnings,
        )
    cached = (
        load_articles_cache(config, site_key, memo.cache_files, damaged) if options.cache else {}
    )
    site = gather(config, options, inputs=inputs, cached=cached, memo=memo)
    problems = list(site.problems)
    damage = damage_warning(damaged)
    problems += [damage] if damage else []
    if options.cache:
        # Saved even when the site has errors: the next build re-parses only what changed.
        warning = save_articles(config, site_key, cached, site.entries, memo.cache_files)
        problems += [warning] if warning else []
    if not site.ok:
        raise BriefError(problems)
    assert site.edition is not None and site.templates is not None

    # Render and write what changed; the search index after the pages, when they changed.
    records = previous.records if previous else {}
    indexer = default_indexer() if config.search.enabled else None
    search = plan_search(config, site.files, records, out, indexer) if indexer else None
    if search is not None and clashes(site.files):
        raise BriefError([*problems, *clashes(site.files)])
    later, carry = None, []
    if options.index_later and search is not None:
        # the caller's index: not this build's to write, keep or remove
        later, search = dataclasses.replace(search, kept=()), None
        carry = index_files(out)
    files = [*site.files, *(search.kept if search else ())]
    changes = diff(files, records, out)
    rendered = 0
    jobs = (f.job for f in changes.changed if f.job is not None)
    images = process_images(jobs, config, options.jobs)
    indexed = None
    pending = search is not None and search.pending
    if changes.changed or changes.removed or not out.is_dir() or pending:
        env = make_environment(config, site.templates.everything, memo.environments)
        patchable = previous is not None and bool(changes.intact)
        index = None
        if search is not None and indexer is not None and pending:
            index = (partial(make_index, search, indexer), records)
        try:
            written = write_site(
                out,
                files,
                changes,
                patchable,
                config,
                env,
                options.jobs,
                progress,
                site.assets.names,
                index,
                carry,
            )
        except BriefError as exc:  # a template failed: report what gathering found too
            raise BriefError([*problems, *exc.problems]) from None
        rendered, files, changes, indexed = (
            written.rendered,
            written.files,
            written.changes,
            written.indexed,
        )
    site = dataclasses.replace(site, files=files)  # with the search index's files
    assert site.edition is not None

    # Record what was done, for the next build.
    warnings = tuple(p for p in problems if p.severity is not Severity.ERROR)
    if options.cache:
        due = next_due(site.articles, options, now)
        # a no-change build repeats the last build's warnings, but not that the cache was
        # damaged: it has been written again
        kept = tuple(w for w in warnings if w is not damage)
        state.remember(slot, record(site, options, changes, records, out, due, kept))
        warning = save(config, STATE_FILE, state, memo.cache_files)
        warnings += (warning,) if warning else ()
        _remember_plan(memo, site, due)
    return BuildReport(
        out_dir=out,
        pages=tuple(f.path for f in site.files),
        articles=len(site.edition.articles),
        tags=len(site.edition.tags),
        seconds=time.perf_counter() - started,
        warnings=warnings,
        written=tuple(f.path for f in changes.changed),
        removed=tuple(changes.removed),
        parsed=site.parsed,
        rendered=rendered,
        images=images,
        indexed=indexed.pages if indexed else None,
        index_seconds=indexed.seconds if indexed else 0.0,
        search=later,
    )


def _remember_plan(memo: Memo, site: Gathered, due: float | None) -> None:
    """Keep this build's plan in the memo, for the next build to patch."""
    assert site.edition is not None
    last = memo.plan
    if site.reused and last is not None:  # same pages in the same places
        memo.plan = dataclasses.replace(
            last,
            articles=tuple(site.articles),
            next_due=due,
            edition=site.edition,
            pages=site.pages,
            fingerprints=site.fingerprints,
        )
    else:
        memo.plan = make_plan(
            site.basis, site.articles, due, site.edition, site.pages, site.fingerprints
        )
