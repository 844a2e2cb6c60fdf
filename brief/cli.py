"""The `brief` command: argument parsing, and problems turned into messages and exit codes.

Exit codes: 0 success, 1 a mistake in content, config or templates, 2 bad usage, 130 stopped
by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import brief
from brief.errors import BriefError, did_you_mean, report, summary

COMMANDS = ("build", "serve", "check", "deploy", "import", "new", "init")
_OWN_PARSER = {
    "import": "turn wire copy (.txt files), or a Jekyll or Hugo site's posts, into articles",
    "new": "start a new article (a draft) in content/",
    "init": "create a new site in DIR (default: here)",
    "check": "report what a build would refuse and what an editor should fix; write nothing",
}
"""Commands whose module declares their arguments (`add_arguments`), with the help that
`brief --help` shows."""
_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)'")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        wrong = _INVALID_CHOICE.search(message)
        close = did_you_mean(wrong.group(1), COMMANDS) if wrong else None
        if close:
            message += f"; did you mean '{close}'?"
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


def _command(name: str) -> ModuleType:
    return importlib.import_module(f"brief.commands.{name}")


def _run(name: str) -> Callable[[argparse.Namespace], int]:
    """The command's `run`, imported when it runs: each command loads only what it uses, so
    a build that finds nothing changed does not pay for the importer or the deploy code."""

    def run(args: argparse.Namespace) -> int:
        code: int = _command(name).run(args)
        return code

    return run


def _wanted(argv: Sequence[str] | None) -> str | None:
    """The command named on the command line (the first word that is one), if any."""
    words = sys.argv[1:] if argv is None else argv
    return next((w for w in words if w in COMMANDS), None)


def make_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; of the commands whose module declares their arguments, only the one
    `argv` names is imported (all of them when it names none, e.g. for `--help`)."""
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
        "--staging",
        action="store_true",
        help="a build no search engine may index: noindex on every page, robots.txt disallows all",
    )
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
    b.add_argument(
        "--cache-url",
        metavar="s3://BUCKET/PREFIX",
        help="share the build cache through this bucket (overrides cache: in site.yaml; "
        "'none' turns it off); endpoint and credentials come from the AWS environment",
    )
    verbosity = b.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="list every file written")
    b.set_defaults(run=_run("build"))

    s = commands.add_parser("serve", help="preview the site, rebuilt and reloaded on every save")
    _site_arguments(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument(
        "--port", type=int, help="port to listen on (default: 8000, or the next free one)"
    )
    s.add_argument("--open", action="store_true", help="open the preview in a web browser")
    s.set_defaults(run=_run("serve"))

    d = commands.add_parser(
        "deploy", help="build, then publish to a target from site.yaml's deploy: section"
    )
    d.add_argument("target", nargs="?", help="a name under deploy: (default: the first)")
    d.add_argument(
        "--source", type=Path, default=Path("."), help="site folder, holding site.yaml (default: .)"
    )
    d.add_argument(
        "--dry-run", action="store_true", help="print the plan; change nothing on the target"
    )
    d.add_argument("--no-build", action="store_true", help="deploy the last build as it is")
    d.add_argument(
        "--force",
        action="store_true",
        help="rsync and s3: send every file, changed or not; git: push even if the branch moved",
    )
    d.add_argument(
        "--max-deletes",
        type=int,
        default=256,
        metavar="N",
        help="stop before changing anything if more than N files would be deleted (default 256)",
    )
    d.add_argument("--yes", action="store_true", help="allow more deletions than --max-deletes")
    d.add_argument("--workers", type=int, metavar="N", help="parallel uploads to S3 (default: 8)")
    d.set_defaults(run=_run("deploy"))
    wanted = _wanted(argv)
    for name, help_text in _OWN_PARSER.items():
        own = commands.add_parser(name, help=help_text)
        if wanted is None or wanted == name:  # else listed in `--help` only: not parsed
            _command("import_" if name == "import" else name).add_arguments(own)
    return parser


def main(argv: list[str] | None = None, *, exiting: bool = False) -> int:
    """Run one command; returns its exit code.

    `exiting`: the process ends after this call (the `brief` command itself), so a build
    may make choices only a one-shot process can (see `commands.build.OneShot`). Tests and
    other callers that go on afterwards leave it off.
    """
    args = make_parser(argv).parse_args(argv)
    args.exiting = exiting
    try:
        code: int = args.run(args)
        return code
    except BriefError as exc:
        report(exc.problems, sys.stderr)
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


def entry() -> None:
    """The `brief` command and `python -m brief`."""
    sys.exit(main(exiting=True))
