"""What the last build left, and whether this one can stop before reading anything.

`OutputState` (in the cache) records, per output folder, the fingerprint of every input's
stat and of every file written. If no input changed and every output is as it was left, the
build is done after one listing of the site; otherwise the new state is recorded once the
output is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brief.build.cache import OutputState
from brief.build.digest import fingerprint, fingerprint_columns
from brief.build.inputs import Inputs
from brief.build.options import BuildOptions
from brief.build.quick import (
    RACY_NS,
    UNTRUSTED,
    due,
    input_stats,
    inputs_fingerprint,
    newest,
)
from brief.content.sources import digest_of
from brief.errors import Problem
from brief.paths import Stat, stat

if TYPE_CHECKING:  # the state is checked before the planner is imported, or needed
    from brief.build.gather import Gathered
    from brief.build.outputs import Changes
    from brief.content.article import Article
    from brief.images.plan import Picture
    from brief.site.edition import Edition

Records = dict[str, tuple[str, int, int]]
"""Output path -> (fingerprint of what made it, size, mtime_ns), as the last build left it."""
Digests = dict[str, tuple[int, int, str]]
"""Input path -> (mtime_ns, size, digest of its bytes); see `OutputState.digests`."""


def _images(edition: Edition) -> Iterator[tuple[Path, Picture | None]]:
    """Each local image file the published articles use (lead and body images), with the
    photo probed from it, if it is one."""
    for a in (*edition.articles, *edition.pages):
        if a.image and a.image.file:
            yield a.image.file, a.image.picture
        for f in a.figures:
            if f.file:
                yield f.file, f.picture


def media_files(edition: Edition) -> tuple[str, ...]:
    """Local image files the published articles use: their stats are inputs too."""
    return tuple(sorted({str(file) for file, _ in _images(edition)}))


def intact(out: Path, records: Records) -> set[str]:
    """Outputs whose file is still exactly as the last build left it (by size and mtime)."""
    same = set()
    base = str(out) + os.sep
    for rel, (_, size, mtime_ns) in records.items():
        if stat(base + rel) == (mtime_ns, size):
            same.add(rel)
    return same


def listed(inputs: Inputs) -> str:
    """The digest of what the listing of the inputs reported (`Inputs.problems`)."""
    return fingerprint(tuple(inputs.problems))


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
    if due(previous.next_due, now) or previous.newest_ns >= previous.scanned_ns - RACY_NS:
        return False
    listing = input_stats(inputs, previous.media)
    if inputs_fingerprint(key, options, inputs, listing) != previous.inputs:
        return False
    return len(intact(out, previous.records)) == len(previous.records)


def read_digest(path: str) -> str:
    """The digest of a file's bytes, "" if it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return ""
    try:  # no buffered file object: a fresh checkout reads every input this way
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return digest_of(b"".join(chunks))
    except OSError:
        return ""
    finally:
        os.close(fd)


def input_digests(
    inputs: Inputs,
    listing: Sequence[tuple[str, Stat]],
    known: Mapping[str, tuple[int, int, str]],
    told: Mapping[str, tuple[Stat, str]] | None = None,
    *,
    checking: bool = False,
) -> Digests:
    """The digest of every input's bytes: `known`'s where the stat is the one it recorded,
    `told`'s (what the build itself read, with the listed stat) where given, else read now.
    `listing`: `input_stats`.

    For a build just made (not `checking` its inputs against the last one's), a digest read
    now stands for the bytes the build read only if the file's stat is still the listed one
    and older than the listing by `RACY_NS`; any other is kept as "" (never equal to a
    digest). Either way a stat too new to trust is kept as `UNTRUSTED`."""
    trusted_before = inputs.scanned_ns - RACY_NS
    told = told or {}
    digests: dict[str, str] = {}
    unread: list[str] = []
    for path, listed in listing:
        if listed is None:
            digests[path] = ""
            continue
        kept = known.get(path)
        given = told.get(path)
        if kept is not None and (kept[0], kept[1]) == listed:
            digests[path] = kept[2]
        elif given is not None and given[0] == listed:
            digests[path] = given[1]
        elif checking or (listed[0] < trusted_before and stat(path) == listed):
            unread.append(path)
        else:
            digests[path] = ""
    digests.update((path, read_digest(path)) for path in unread)
    return {
        path: (*(listed if listed and listed[0] < trusted_before else UNTRUSTED), digests[path])
        for path, listed in listing
    }


def contents_fingerprint(key: str, options: BuildOptions, inputs: Inputs, digests: Digests) -> str:
    """Fingerprint of everything a build reads, by bytes rather than stats: equal, and the
    site is the same whatever the mtimes say. "" if a file's bytes are not known."""
    if any(not d for _, _, d in digests.values()):
        return ""
    head = (key, options.drafts, options.future, tuple(inputs.problems))
    return fingerprint_columns(head, [list(digests), [d for _, _, d in digests.values()]], [])


def _edited(listing: Sequence[tuple[str, Stat]], known: Mapping[str, tuple[int, int, str]]) -> bool:
    """A few files with new stats (an edit, not a checkout), one of which has new bytes:
    found by reading just those, before the digest of every input is put together."""
    fresh = []
    for path, listed in listing:
        kept = known.get(path)
        if kept is None or listed is None:
            return True  # a file added or gone: new contents either way
        if (kept[0], kept[1]) != listed:
            fresh.append((path, kept[2]))
            if len(fresh) > 64:
                return False  # a checkout, perhaps: the whole comparison decides
    return any(not d or read_digest(path) != d for path, d in fresh)


def restat(
    previous: OutputState,
    key: str,
    options: BuildOptions,
    inputs: Inputs,
    out: Path,
    now: dt.datetime,
    all_intact: Callable[[], bool] | None = None,
) -> OutputState | None:
    """The state of a site whose inputs have new stats but the bytes the last build read
    (a fresh checkout, a copied folder, a file saved again unchanged), when the output is
    as it was left: the same state with the new stats. None if anything else changed.
    `all_intact`: says, if it can, that every output is as it was left."""
    if not previous.contents or due(previous.next_due, now):
        return None
    # The inputs first: an edit (the usual reason to be here) is found by reading the files
    # with new stats, before a stat of every output the build will take again anyway.
    listing = input_stats(inputs, previous.media)
    if _edited(listing, previous.digests):
        return None
    digests = input_digests(inputs, listing, previous.digests, checking=True)
    if contents_fingerprint(key, options, inputs, digests) != previous.contents:
        return None
    if not (all_intact and all_intact()) and len(intact(out, previous.records)) != len(
        previous.records
    ):
        return None
    return dataclasses.replace(
        previous,
        inputs=inputs_fingerprint(key, options, inputs, listing),
        newest_ns=newest(listing),
        scanned_ns=inputs.scanned_ns,
        digests=digests,
    )


def patched(
    previous: OutputState,
    key: str,
    options: BuildOptions,
    inputs: Inputs,
    out: Path,
    written: Sequence[tuple[str, str]],
    told: Mapping[str, tuple[Stat, str]],
) -> OutputState:
    """The state after a build that wrote only `written` ((path, fingerprint) pairs) over
    the output `previous` describes, having read the inputs of `told` (path -> (stat,
    digest)) and found every other input with the stat `previous` recorded (`build.patch`
    made sure of it), so only those of `told` get a new digest."""
    listing = input_stats(inputs, previous.media)
    listed = dict(listing)
    trusted_before = inputs.scanned_ns - RACY_NS
    digests = dict(previous.digests)
    for path, (read, digest) in told.items():
        now = listed[path]
        good = now is not None and now == read
        kept = now if now is not None and now[0] < trusted_before else UNTRUSTED
        digests[path] = (*kept, digest if good else "")
    token = inputs_fingerprint(key, options, inputs, listing)
    records = dict(previous.records)
    base = str(out) + os.sep
    for path, made in written:
        st = os.stat(base + path)
        records[path] = (made, st.st_size, st.st_mtime_ns)
    return dataclasses.replace(
        previous,
        inputs=token,
        newest_ns=newest(listing),
        scanned_ns=inputs.scanned_ns,
        records=records,
        contents=contents_fingerprint(key, options, inputs, digests),
        digests=digests,
        token=token,
    )


def record(
    site: Gathered,
    options: BuildOptions,
    changes: Changes,
    records: Records,
    out: Path,
    due: float | None,
    warnings: tuple[Problem, ...],
    known: Digests | None = None,
) -> OutputState:
    """The state of the output folder after this build wrote `changes`. `known`: the last
    state's digests, so that only inputs with a new stat are read for theirs."""
    assert site.edition is not None
    media = media_files(site.edition)
    # The bytes this build read: each article's as parsed, each photo's as probed.
    told: dict[str, tuple[Stat, str]] = {
        path: ((e.mtime_ns, e.size), e.digest) for path, e in site.entries.items()
    }
    for file, picture in _images(site.edition):
        if picture is not None and picture.digest:
            told[str(file)] = (stat(file), picture.digest)
    listing = input_stats(site.inputs, media)
    digests = input_digests(site.inputs, listing, known or {}, told)
    fingerprint_of_inputs = inputs_fingerprint(site.key, options, site.inputs, listing)
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
        inputs=fingerprint_of_inputs,
        newest_ns=newest(listing),
        scanned_ns=site.inputs.scanned_ns,
        next_due=due,
        records=new_records,
        media=media,
        articles=len(site.edition.articles),
        tags=len(site.edition.tags),
        warnings=warnings,
        contents=contents_fingerprint(site.key, options, site.inputs, digests),
        digests=digests,
        token=fingerprint_of_inputs,
    )
