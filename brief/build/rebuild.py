"""The build after the no-change check found something to do: gather, write, record.

Imported by `pipeline` only once it is needed, so a build that finds nothing changed never
loads the Markdown renderer, Jinja, Pillow or the search index.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from brief.build.cache import (
    CACHE_DIR,
    JINJA_DIR,
    TEMPLATES_FILE,
    BuildState,
    EditionIndex,
    damage_warning,
    load_articles_cache,
    load_index,
    load_templates,
    save,
    save_index,
    save_state,
)
from brief.build.cache import save_articles_cache as save_articles
from brief.build.gather import Gathered, gather
from brief.build.images import process_images
from brief.build.inputs import Inputs
from brief.build.memo import Memo
from brief.build.options import BuildOptions
from brief.build.outputs import diff
from brief.build.remote import Remote, connect, restore_articles, restore_photos
from brief.build.remote import save as save_shared
from brief.build.replan import article_pages, edition_index, make_plan
from brief.build.report import BuildReport
from brief.build.search import clashes, default_indexer, index_files, plan_search
from brief.build.state import listed, next_due, record
from brief.build.swap import remember
from brief.build.write import Progress, write_site
from brief.config import SiteConfig
from brief.errors import BriefError, Problem, Severity
from brief.render.bytecode import bytecode_cache
from brief.render.templates import make_environment


def rebuild(
    config: SiteConfig,
    options: BuildOptions,
    out: Path,
    started: float,
    progress: Progress | None,
    memo: Memo,
    state: BuildState,
    inputs: Inputs,
    damaged: list[str],
) -> BuildReport:
    """Read what changed, plan the site, render and write what changed, record the state.

    `state` is the build cache's state as `pipeline` loaded it (its key is this build's).
    """
    site_key = state.key
    now = options.now
    assert now is not None  # `pipeline.build` set it
    slot = memo.slot or str(out)
    previous = state.outputs.get(slot) if out.is_dir() else None
    remote = _shared(config, options, state, memo)
    cached = (
        load_articles_cache(config, site_key, memo.cache_files, damaged) if options.cache else {}
    )
    last = _index(config, options, memo, slot, previous.token if previous else None, damaged)
    parses = load_templates(config, site_key, memo.cache_files, damaged) if options.cache else {}
    site = gather(
        config,
        options,
        inputs=inputs,
        cached=cached,
        memo=memo,
        index=last,
        parses=parses,
        recorded=previous.records if previous else None,
    )
    problems = list(site.problems)
    damage = damage_warning(damaged)
    problems += [damage] if damage else []
    if options.cache:
        # Saved even when the site has errors: the next build re-parses only what changed.
        warning = save_articles(config, site_key, cached, site.entries, memo.cache_files)
        problems += [warning] if warning else []
        if warning is None and site.templates and site.templates.parses != parses:
            warning = save(
                config, TEMPLATES_FILE, (site_key, site.templates.parses), memo.cache_files
            )
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
        later, search = search.again(), None
        carry = index_files(out)
    files = [*site.files, *(search.kept if search else ())]
    changes = diff(files, records, out)
    rendered = 0
    jobs = [f.job for f in changes.changed if f.job is not None]
    if remote is not None:  # what another machine made need not be made again
        restore_photos(remote, config, jobs)
    images = process_images(jobs, config, options.jobs)
    indexed = None
    pending = search is not None and search.pending
    if changes.changed or changes.removed or not out.is_dir() or pending:
        compiled = None
        if options.cache:
            folder = config.root / CACHE_DIR / JINJA_DIR
            compiled = bytecode_cache(folder, f"{site_key}|{site.templates.everything}")
        env = make_environment(config, site.templates.everything, memo.environments, compiled)
        patchable = previous is not None and bool(changes.intact)
        index = None
        if search is not None and indexer is not None and pending:
            index = (search, indexer, records)
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
        known = previous.digests if previous else None
        state.remember(slot, record(site, options, changes, records, out, due, kept, known))
        warning = save_state(config, state, memo.cache_files)
        if warning is None and memo.index and site.related is not None:
            token = state.outputs[slot].token
            warning = _save_index(config, memo, slot, token, site, due)
        warnings += (warning,) if warning else ()
        if memo.builds_again:
            _remember_plan(memo, site, due)
            version = indexer.version if indexer is not None else ""
            records = state.outputs[slot].records
            remember(memo, out, site, options, records, kept, later, version)
    if remote is not None:
        media = [f.job for f in site.files if f.job is not None]
        save_shared(remote, config, memo.cache_files, media)
        shared = remote.warning()
        warnings += (shared,) if shared else ()
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
        shared=remote.report() if remote is not None else None,
    )


def _shared(
    config: SiteConfig, options: BuildOptions, state: BuildState, memo: Memo
) -> Remote | None:
    """The shared cache of this build, if it has one; its shards are restored when the local
    cache holds no state for this site key (a fresh clone, a new brief or site.yaml)."""
    if options.remote is None or not options.cache:
        return None
    remote = connect(options.remote, state.key)
    if not state.outputs:
        restore_articles(remote, config, memo.cache_files)
    return remote


def _index(
    config: SiteConfig,
    options: BuildOptions,
    memo: Memo,
    slot: str,
    token: str | None,
    damaged: list[str],
) -> EditionIndex | None:
    """The edition index the last build of this output left, if this build may use it."""
    if not (options.cache and memo.index) or token is None:
        return None
    return load_index(config, slot, token, memo.cache_files, damaged)


def _save_index(
    config: SiteConfig, memo: Memo, slot: str, token: str, site: Gathered, due: float | None
) -> Problem | None:
    """Leave the edition index of this build for the next one (`replan.from_index`)."""
    assert site.related is not None and site.edition is not None
    index = edition_index(
        slot,
        token,
        site.basis,
        due,
        site.articles,
        site.related,
        site.pages,
        site.fingerprints,
        site.edition,
        listed(site.inputs),
        site.index,
    )
    return save_index(config, index, article_pages(site.pages), memo.cache_files)


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
