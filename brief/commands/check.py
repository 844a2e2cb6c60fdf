"""`brief check`: everything `brief build` would refuse, and what an editor wants fixed
before publishing, reported without writing anything.

It is `gather()` (front-matter, site.yaml, licences, clashes, missing images, and the
build's own `CHECKS`) plus `EDITOR_CHECKS` over every article read and, once the site could
be planned, `SITE_CHECKS` over the planned site. Problems that no check made get the code
`build-error` or `build-warning`. Errors exit 1; warnings exit 0, or 1 with `--strict`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from brief.build.gather import Gathered, gather
from brief.build.memo import Memo
from brief.build.options import BuildOptions
from brief.checks import BUILD_ERROR, BUILD_WARNING, run_editor_checks, run_site_checks
from brief.checks.links import make_site
from brief.config import SiteConfig, load_config
from brief.errors import BriefError, Problem, Severity, has_errors, report, summary

_TEMPLATE_ID = re.compile(r"""(?<![\w-])id=(?:"([^"{}]*)"|'([^'{}]*)')""")
"""A literal id in a template (one made by a Jinja expression cannot be known)."""


@dataclass(frozen=True)
class CheckReport:
    """What `brief check` found."""

    problems: list[Problem]
    """Every problem, each with a code, in the order they are printed."""
    articles: int
    """How many article files were read."""
    links_checked: bool
    """False when errors stopped the planning, so `SITE_CHECKS` could not run."""


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0, p.message))


def _coded(problem: Problem) -> Problem:
    if problem.code:
        return problem
    code = BUILD_ERROR if problem.severity is Severity.ERROR else BUILD_WARNING
    return replace(problem, code=code)


def page_ids(gathered: Gathered) -> frozenset[str]:
    """Literal ids in the templates' HTML (`id="main"`): anchors every article page has."""
    found: set[str] = set()
    for layout in gathered.inputs.layouts:
        if layout.rel.endswith(".html") and not layout.rel.startswith("static/"):
            text = layout.path.read_text(encoding="utf-8", errors="replace")
            found.update(a or b for a, b in _TEMPLATE_ID.findall(text))
    return frozenset(found)


def check_site(config: SiteConfig, options: BuildOptions) -> CheckReport:
    """Gather the site as a build with `options` would, then run the editorial checks."""
    gathered = gather(config, options, memo=Memo())
    problems = list(gathered.problems) + run_editor_checks(gathered.articles, config)
    edition = gathered.edition
    if edition is not None:
        site = make_site(
            gathered.articles, edition, (f.path for f in gathered.files), page_ids(gathered)
        )
        problems += run_site_checks(site, config)
    return CheckReport(
        _ordered([_coded(p) for p in problems]), len(gathered.articles), edition is not None
    )


def as_json(problems: list[Problem]) -> str:
    """The problems as a JSON list of `{path, line, column, severity, code, message}`."""
    items: list[dict[str, Any]] = [
        {
            "path": p.path,
            "line": p.line,
            "column": p.column,
            "severity": str(p.severity),
            "code": p.code,
            "message": p.message,
        }
        for p in problems
    ]
    return json.dumps(items, indent=2, ensure_ascii=False)


def summary_line(result: CheckReport) -> str:
    n = result.articles
    found = summary(result.problems) if result.problems else "no problems"
    line = f"checked {n} article{'' if n == 1 else 's'}: {found}"
    if not result.links_checked:
        line += "; links are checked once the errors are fixed"
    return line


def exit_code(problems: list[Problem], strict: bool) -> int:
    if has_errors(problems) or (strict and problems):
        return 1
    return 0


def _print(problems: list[Problem], closing: str, args: argparse.Namespace, out: TextIO) -> None:
    if args.format == "json":
        print(as_json(problems), file=out)
    else:
        report(problems, out)
        print(closing, file=out)


def run(args: argparse.Namespace) -> int:
    """`brief check`: the report on stdout, in text or JSON."""
    try:
        config = load_config(args.source)
    except BriefError as exc:
        problems = _ordered([_coded(p) for p in exc.problems])
        _print(problems, f"brief: check failed: {summary(problems)}", args, sys.stdout)
        return exc.exit_code
    result = check_site(config, BuildOptions(drafts=args.drafts, future=args.future, cache=False))
    _print(result.problems, summary_line(result), args, sys.stdout)
    return exit_code(result.problems, args.strict)


def add_arguments(c: argparse.ArgumentParser) -> None:
    """The arguments of `brief check`, on its parser (made by `cli.make_parser`)."""
    c.add_argument(
        "--source", type=Path, default=Path("."), help="site folder, holding site.yaml (default: .)"
    )
    c.add_argument("--drafts", action="store_true", help="check as if drafts were published")
    c.add_argument(
        "--future", action="store_true", help="check as if future articles were published"
    )
    c.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one line per problem and a summary (default); json: a list of objects",
    )
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    c.set_defaults(run=run)
