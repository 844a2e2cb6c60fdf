"""What the last build left, and whether this one can stop before reading anything.

`OutputState` (in the cache) records, per output folder, the fingerprint of every input's
stat and of every file written. If no input changed and every output is as it was left, the
build is done after one listing of the site; otherwise the new state is recorded once the
output is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brief.build.cache import RACY_NS, OutputState
from brief.build.digest import fingerprint
from brief.build.inputs import Inputs
from brief.build.options import BuildOptions
from brief.errors import Problem
from brief.paths import stat

if TYPE_CHECKING:  # the state is checked before the planner is imported, or needed
    from brief.build.gather import Gathered
    from brief.build.outputs import Changes
    from brief.content.article import Article
    from brief.site.edition import Edition

Records = dict[str, tuple[str, int, int]]
"""Output path -> (fingerprint of what made it, size, mtime_ns), as the last build left it."""


def media_files(edition: Edition) -> tuple[str, ...]:
    """Local image files the published articles use (lead and body images): their stats
    are inputs too."""
    shown = (*edition.articles, *edition.pages)
    found = {str(a.image.file) for a in shown if a.image and a.image.file}
    found.update(str(f.file) for a in shown for f in a.figures if f.file)
    return tuple(sorted(found))


def intact(out: Path, records: Records) -> set[str]:
    """Outputs whose file is still exactly as the last build left it (by size and mtime)."""
    same = set()
    base = str(out) + os.sep
    for rel, (_, size, mtime_ns) in records.items():
        if stat(base + rel) == (mtime_ns, size):
            same.add(rel)
    return same


def inputs_fingerprint(
    key: str, options: BuildOptions, inputs: Inputs, media: tuple[str, ...]
) -> str:
    """Fingerprint of everything a build reads: if it is unchanged, so is the site."""
    return fingerprint(
        key,
        options.drafts,
        options.future,
        tuple((f.path, f.mtime_ns, f.size) for f in inputs.sources),
        # What the listing reported (files brief does not read ...): a file added beside
        # the articles must not leave the last build's warnings standing.
        tuple(inputs.problems),
        tuple(inputs.layout_stats),
        tuple((m, stat(m)) for m in media),
    )


def _newest(inputs: Inputs, media: tuple[str, ...]) -> int:
    stats = [f.mtime_ns for f in inputs.sources] + [st[0] for _, st in inputs.layout_stats if st]
    stats += [st[0] for st in (stat(m) for m in media) if st]
    return max(stats, default=0)


def _due(previous: OutputState, now: dt.datetime) -> bool:
    """True once an article left out as future has reached its publication time, or a
    published one its expiry."""
    return previous.next_due is not None and now.timestamp() >= previous.next_due


def next_due(articles: Sequence[Article], options: BuildOptions, now: dt.datetime) -> float | None:
    """When the clock next changes the site: the earliest article left out as future falls
    due, or one expires (expiry holds with `--future` too)."""
    shown = [a for a in articles if options.drafts or not a.draft]
    waiting = [a.date.timestamp() for a in shown if a.date > now and not options.future]
    waiting += [a.expires.timestamp() for a in shown if a.expires is not None and a.expires > now]
    return min(waiting, default=None)


def unchanged(
    previous: OutputState,
    key: str,
    options: BuildOptions,
    inputs: Inputs,
    out: Path,
    now: dt.datetime,
) -> bool:
    """No input changed since `previous` was recorded, and the output is as it was left.

    Timestamps are trusted only when the newest input is older than the listing by more
    than the filesystem's timestamp resolution (`RACY_NS`).
    """
    if _due(previous, now) or previous.newest_ns >= previous.scanned_ns - RACY_NS:
        return False
    if inputs_fingerprint(key, options, inputs, previous.media) != previous.inputs:
        return False
    return len(intact(out, previous.records)) == len(previous.records)


def record(
    site: Gathered,
    options: BuildOptions,
    changes: Changes,
    records: Records,
    out: Path,
    due: float | None,
    warnings: tuple[Problem, ...],
) -> OutputState:
    """The state of the output folder after this build wrote `changes`."""
    assert site.edition is not None
    media = media_files(site.edition)
    fresh = {f.path for f in changes.changed}
    new_records: Records = {}
    base = str(out) + os.sep
    for f in site.files:
        if f.path in fresh:
            st = os.stat(base + f.path)
            new_records[f.path] = (f.fingerprint, st.st_size, st.st_mtime_ns)
        else:
            new_records[f.path] = records[f.path]
    return OutputState(
        inputs=inputs_fingerprint(site.key, options, site.inputs, media),
        newest_ns=_newest(site.inputs, media),
        scanned_ns=site.inputs.scanned_ns,
        next_due=due,
        records=new_records,
        media=media,
        articles=len(site.edition.articles),
        tags=len(site.edition.tags),
        warnings=warnings,
    )
