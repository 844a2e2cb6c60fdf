"""Rendering what changed and writing it atomically: the one phase that touches the output.

Pages are rendered in forked workers straight into the staging folder; copies and generated
files follow; then the writer swaps the new site in, or patches the changed files under its
undo journal. Any failure, Ctrl-C included, leaves the output as it was. When the search
index is due (`build.search`), the indexer reads the pages while the workers render the
rest (`search.Feed`: the indexed pages are rendered first), and its files are written
with the pages, before that swap or patch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from brief.build.outputs import Changes, PlannedFile
from brief.build.parallel import run_indexed
from brief.build.search import Feed, Indexed, SearchPlan, merged
from brief.build.state import Records
from brief.config import SiteConfig
from brief.errors import BriefError, Problem, has_errors
from brief.output.writer import Patch, Stage
from brief.render.templates import check_templates, merge_render_problems, render_page
from brief.search.protocol import Indexer
from brief.site.pages import ListingContext, Page

Progress = Callable[[int, int], None]
NICE = 10
"""The render workers' niceness while the search indexer reads the pages they write."""


def _render_into(
    writer: Stage | Patch,
    pages: list[Page],
    made: list[PlannedFile],
    config: SiteConfig,
    env: jinja2.Environment,
    jobs: int,
    progress: Progress | None,
    assets: Mapping[str, str],
    feed: Feed | None = None,
) -> list[Problem]:
    """Render `pages` and make the generated files `made` (feeds, sitemaps: a tenth of a
    cold build, one of a core's worth), side by side in the workers; tell `feed` of each
    page written, the indexed pages first."""

    def task(i: int) -> list[Problem]:
        try:
            if i < len(pages):
                page = pages[i]
                writer.write(page.file, render_page(env, page, config, assets).encode("utf-8"))
            else:
                f = made[i - len(pages)]
                assert f.make is not None
                writer.write(f.path, f.make())
        except BriefError as exc:
            return list(exc.problems)
        return []

    # A listing's place is the date of its middle story: the lists that show a story are
    # mostly near it, and so mostly in the worker that made its card first.
    near: list[float | None] = []
    for page in pages:
        shown = page.context.shown if isinstance(page.context, ListingContext) else ()
        near.append(shown[len(shown) // 2].date.timestamp() if shown else None)
    near += [None] * len(made)
    done, nice = None, 0
    if feed is not None:
        # The indexer is the longest chain of a build that indexes (it reads each page,
        # on one core, then builds the index): it gets a core first, the workers the rest.
        nice = NICE

        def done(indices: Sequence[int]) -> None:
            feed.written(pages[i].file for i in indices if i < len(pages))

    problems: list[Problem] = []
    count = len(pages) + len(made)
    for found in run_indexed(task, count, jobs, progress, near=near, done=done, nice=nice):
        problems.extend(p for p in found if p not in problems)
    # A mistake in a template that many pages use is reported once, naming the first page.
    return merge_render_problems(problems)


def _fail_on_errors(problems: list[Problem]) -> None:
    if has_errors(problems):
        raise BriefError(problems)


@dataclass(frozen=True)
class Written:
    """What `write_site` did: the files of the site now, and which it wrote."""

    rendered: int
    """Pages rendered."""
    files: list[PlannedFile]
    changes: Changes
    indexed: Indexed | None = None
    """The search index, when this build made it."""


def write_site(
    out: Path,
    files: list[PlannedFile],
    changes: Changes,
    patchable: bool,
    config: SiteConfig,
    env: jinja2.Environment,
    jobs: int,
    progress: Progress | None,
    assets: Mapping[str, str] | None = None,
    index: tuple[SearchPlan, Indexer, Records] | None = None,
    carry: Sequence[str] = (),
) -> Written:
    """Render and write what changed, atomically.

    `patchable`: the output folder holds the last build intact, so a small change may be
    patched in rather than the whole site staged. `index`: make the search index from the
    pages as this build leaves them, and the last build's records to compare it with.
    `carry`: files of the output that are not the build's (the preview's search index),
    carried over as they are when the whole site is staged; a patch leaves them alone.
    """
    changed = changes.changed
    pages = [f.page for f in changed if f.page is not None]
    _fail_on_errors(check_templates(env, sorted({p.template for p in pages}), config))
    small = patchable and len(changed) + len(changes.removed) <= max(64, len(files) // 10)
    writer: Stage | Patch = Patch(out) if small else Stage(out)
    made = [f for f in changed if f.page is None and f.copy_from is None and f.make is not None]
    feed: Feed | None = None
    records: Records = {}
    if index is not None:
        plan, indexer, records = index
        fresh = {f.path for f in changed}

        def locate(rel: str) -> Path:
            return (writer.root if rel in fresh else out).absolute() / rel

        feed = Feed(plan, indexer, locate, fresh, jobs)
    try:
        _fail_on_errors(
            _render_into(writer, pages, made, config, env, jobs, progress, assets or {}, feed)
        )
        for f in changed:
            if f.copy_from is not None:
                writer.copy(f.path, f.copy_from)
        indexed = None
        if feed is not None:
            files, changes, indexed = _index_into(writer, files, changes, feed, records)
            changed = changes.changed
        if isinstance(writer, Patch):
            writer.apply([f.path for f in changed], changes.removed)
        else:
            changed_paths = {f.path for f in changed}
            for f in files:
                if f.path not in changed_paths:
                    writer.keep(f.path)
            for rel in carry:
                writer.keep(rel)
            writer.commit(old_files=changes.previous)
    except BaseException:
        if feed is not None:
            feed.close()
        writer.abort()
        raise
    return Written(len(pages), files, changes, indexed)


def _index_into(
    writer: Stage | Patch,
    files: list[PlannedFile],
    changes: Changes,
    feed: Feed,
    records: Records,
) -> tuple[list[PlannedFile], Changes, Indexed]:
    """The search index of the pages as they will be, its changed files staged."""
    indexed = feed.finish()
    after = merged(changes, indexed.files, records)
    for f in after.changed[len(changes.changed) :]:
        assert f.make is not None
        writer.write(f.path, f.make())
    return [*files, *indexed.files], after, indexed
