"""`brief build`: one build of the site into its output folder, then a one-line summary."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
import time
from typing import TextIO

from brief.build import BuildOptions, BuildReport, build
from brief.build.memo import Memo
from brief.build.report import Shared
from brief.config import RemoteCache, check_base_url, check_cache_url, load_config
from brief.errors import report as report_problems


class OneShot(Memo):
    """The memo of a process that builds once and exits.

    Making one turns the cyclic garbage collector off for the rest of the process: what a
    build holds lives until it exits, and the collector's passes over it (every article,
    page and fingerprint, again and again as they are made) were a fifth of a cold build of
    10,000 articles and a third of a one-edit build, for no memory returned (peak RSS
    measured the same). Objects still go when nothing refers to them. The render and parse
    workers collect as usual (`build.parallel`). A process that builds again and again
    must keep collecting: its builds' garbage would pile up."""

    def __init__(self) -> None:
        super().__init__(builds_again=False)
        gc.disable()


class _Counter:
    """A page counter on a terminal, shown only once a build has run for a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.start < 1.0 or not (done % 50 == 0 or done == total):
            return
        self.shown = True
        self.stream.write(f"\rrendering pages {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def index_line(report: BuildReport) -> str:
    """How long the search index took, when the build made it: `indexed 1,000 pages in 0.80 s`."""
    pages = report.indexed or 0
    return f"indexed {pages:,} page{'' if pages == 1 else 's'} in {report.index_seconds:.2f} s"


def shared_line(shared: Shared) -> str:
    """What the shared cache gave and took: `shared cache: restored 12 photos and 16 cache
    files, saved 3 objects in 0.41 s`."""
    return (
        f"shared cache: restored {_count(shared.photos, 'photo')} and "
        f"{_count(shared.shards, 'cache file')}, saved {_count(shared.saved, 'object')} "
        f"in {shared.seconds:.2f} s"
    )


def summary_line(report: BuildReport) -> str:
    """One line a writer can take in at a glance: what the site has, what this run did."""
    did = f"{len(report.written)} written, {report.rendered} rendered"
    if report.removed:
        did += f", {len(report.removed)} removed"
    made = report.images
    if made.images:
        did += (
            f", processed {_count(made.images, 'image')} ({_count(made.files, 'file')}) "
            f"in {made.seconds:.1f} s"
        )
    if report.indexed is not None:
        did += f", {index_line(report)}"
    if report.shared is not None:
        did += f", {shared_line(report.shared)}"
    if not report.written and not report.removed:
        did = "nothing changed"
    return (
        f"built {_count(len(report.pages), 'file')} ({_count(report.articles, 'article')}, "
        f"{_count(report.tags, 'tag')}; {did}) in {report.seconds:.2f} s -> {report.out_dir}"
    )


def run(args: argparse.Namespace) -> int:
    """`brief build`."""
    overrides: dict[str, object] = {}
    if args.base_url:
        value, err = check_base_url(args.base_url)
        if err:
            print(f"brief: error: --base-url: {err}", file=sys.stderr)
            return 2
        overrides["base_url"] = value
    if args.staging:
        overrides["production"] = False
    flag: RemoteCache | None = None
    if args.cache_url is not None and args.cache_url.strip().lower() != "none":
        flag, err = check_cache_url(args.cache_url, "--cache-url")
        if err:
            print(f"brief: error: {err}", file=sys.stderr)
            return 2
    config = load_config(args.source, overrides)
    if args.jobs < 0:
        print("brief: error: --jobs must be 0 or more", file=sys.stderr)
        return 2
    options = BuildOptions(
        drafts=args.drafts,
        future=args.future,
        out_dir=args.output,
        jobs=args.jobs,
        cache=not args.no_cache,
        remote=flag or (config.cache if args.cache_url is None else None),
    )
    counter = _Counter(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    # SIGTERM (a CI job cancelled, a supervisor) stops the build as cleanly as Ctrl-C.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        memo = OneShot() if args.exiting else Memo()
        report = build(config, options, progress=counter, memo=memo)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if counter:
            counter.close()
    report_problems(report.warnings, sys.stderr)
    if args.verbose:
        for path in report.pages:
            print(path)
    if not args.quiet:
        print(summary_line(report))
    return 0
