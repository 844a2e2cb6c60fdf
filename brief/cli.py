"""The `brief` command: argument parsing, and problems turned into messages and exit codes.

Exit codes: 0 success, 1 a mistake in content, config or templates, 2 bad usage, 130 stopped
by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import brief
from brief.build import BuildOptions, BuildReport, build
from brief.config import check_base_url, load_config
from brief.errors import BriefError, Problem, formatted, summary


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _site_arguments(command: argparse.ArgumentParser) -> None:
    """What every command that builds takes: where the site is, and what to include."""
    command.add_argument(
        "--source", type=Path, default=Path("."), help="site folder, holding site.yaml (default: .)"
    )
    command.add_argument(
        "--drafts", action="store_true", help="include articles marked draft: true"
    )
    command.add_argument(
        "--future", action="store_true", help="include articles dated in the future"
    )


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="brief", description="Build, preview and publish a news brief.")
    parser.add_argument("--version", action="version", version=f"brief {brief.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    b = commands.add_parser("build", help="build the site into the output folder")
    _site_arguments(b)
    b.add_argument(
        "--output",
        type=Path,
        help="output folder (default: the 'output' key of site.yaml, else public)",
    )
    b.add_argument("--base-url", help="override base_url from site.yaml (e.g. for a staging host)")
    b.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default: one per core; 1: none)",
    )
    b.add_argument(
        "--no-cache",
        action="store_true",
        help="ignore and do not update the build cache in .brief/",
    )
    verbosity = b.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="list every file written")
    b.set_defaults(run=cmd_build)

    s = commands.add_parser("serve", help="preview the site, rebuilt and reloaded on every save")
    _site_arguments(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument(
        "--port", type=int, help="port to listen on (default: 8000, or the next free one)"
    )
    s.add_argument("--open", action="store_true", help="open the preview in a web browser")
    s.set_defaults(run=cmd_serve)
    return parser


def report_problems(problems: Iterable[Problem], stream: TextIO) -> None:
    for line in formatted(problems):
        print(line, file=stream)


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


def summary_line(report: BuildReport) -> str:
    """One line a writer can take in at a glance: what the site has, what this run did."""
    did = f"{len(report.written)} written, {report.rendered} rendered"
    if report.removed:
        did += f", {len(report.removed)} removed"
    if not report.written and not report.removed:
        did = "nothing changed"
    return (
        f"built {_count(len(report.pages), 'file')} ({_count(report.articles, 'article')}, "
        f"{_count(report.tags, 'tag')}; {did}) in {report.seconds:.2f} s -> {report.output}"
    )


def cmd_build(args: argparse.Namespace) -> int:
    overrides = {}
    if args.base_url:
        value, err = check_base_url(args.base_url)
        if err:
            print(f"brief: error: --base-url: {err}", file=sys.stderr)
            return 2
        overrides["base_url"] = value
    config = load_config(args.source, overrides)
    if args.jobs < 0:
        print("brief: error: --jobs must be 0 or more", file=sys.stderr)
        return 2
    options = BuildOptions(
        drafts=args.drafts,
        future=args.future,
        output=args.output,
        jobs=args.jobs,
        cache=not args.no_cache,
    )
    counter = _Counter(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    # SIGTERM (a CI job cancelled, a supervisor) stops the build as cleanly as Ctrl-C.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        report = build(config, options, progress=counter)
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


def cmd_serve(args: argparse.Namespace) -> int:
    from brief.preview.session import ServeOptions, serve  # watchdog and the server only load here

    if args.port is not None and not 0 <= args.port <= 65535:
        print("brief: error: --port must be between 0 and 65535", file=sys.stderr)
        return 2
    options = ServeOptions(
        source=args.source,
        host=args.host,
        port=args.port,
        drafts=args.drafts,
        future=args.future,
        open_browser=args.open,
    )
    return serve(options)


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except BriefError as exc:
        report_problems(exc.problems, sys.stderr)
        print(f"brief: build failed: {summary(exc.problems)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("brief: interrupted; the output folder is unchanged", file=sys.stderr)
        return 130
    except OSError as exc:  # the disk said no: a path, a permission, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"brief: error: {where}{exc.strerror or exc}", file=sys.stderr)
        print("brief: build failed; the output folder is unchanged", file=sys.stderr)
        return 1
