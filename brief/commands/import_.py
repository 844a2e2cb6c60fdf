"""`brief import PATH...`: wire copy into content/ as article files; `brief import --from
jekyll|hugo DIR`: a Jekyll or Hugo site's posts (see `importer.archive`).

Everything is read and checked first; only when no file has an error is anything written,
each article (and each media file an old site's posts use, copied before the articles)
whole or not at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from brief.config import load_config
from brief.content.fields import FIRST_YEAR, LAST_YEAR
from brief.errors import BriefError, Problem, has_errors, report, summary
from brief.importer.archive import GENERATORS, ArchiveOptions, ArchivePlan, plan_archive
from brief.importer.copies import MediaAction
from brief.importer.wire import read_wire, wire_files
from brief.importer.write import (
    Action,
    ImportOptions,
    Planned,
    copy_atomic,
    plan_imports,
    write_atomic,
)
from brief.slugs import slugify


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a date such as 2022-02-28, got '{text}'"
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"must be a year from {FIRST_YEAR} to {LAST_YEAR}")
    return day


def _tags(text: str) -> tuple[str, ...]:
    tags = tuple(" ".join(t.split()) for t in text.split(",") if t.strip())
    for tag in tags:
        if not slugify(tag):
            raise argparse.ArgumentTypeError(f"tag '{tag}' has no letters or digits")
    return tags


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `brief import`, on its parser (made by `cli.make_parser`)."""
    p.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="wire files, or folders of .txt files; with --from, the old site's folder",
    )
    p.add_argument(
        "--from",
        dest="generator",
        choices=sorted(GENERATORS),
        help="import the posts of a Jekyll site (its _posts/) or a Hugo site (its content/)",
    )
    p.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="publication date of new articles (default: today in the site's timezone)",
    )
    p.add_argument(
        "--tags", type=_tags, metavar="A,B", help="tags, besides those suggested from site.yaml"
    )
    p.add_argument(
        "--force", action="store_true", help="replace articles edited since their import"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="print what would be written; write nothing"
    )
    p.add_argument(
        "--source", type=Path, default=Path("."), help="site folder, holding site.yaml (default: .)"
    )
    p.set_defaults(run=run, import_parser=p)


def run(args: argparse.Namespace) -> int:
    """`brief import`."""
    if args.generator is not None:
        return _run_archive(args)
    try:
        planned, problems = _plan(args)
        report(problems, sys.stderr)
        if has_errors(problems):
            print(f"brief: import failed, nothing written: {summary(problems)}", file=sys.stderr)
            return 1
        for one in planned:
            _do(one, args.dry_run)
    except OSError as exc:  # the disk said no: a permission, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"brief: error: {where}{exc.strerror or exc}", file=sys.stderr)
        print("brief: import failed; each article written before is whole", file=sys.stderr)
        return 1
    print(_summary(planned, args.dry_run))
    return 0


def _plan(args: argparse.Namespace) -> tuple[list[Planned], list[Problem]]:
    try:
        config = load_config(args.source)
    except BriefError as exc:
        return [], list(exc.problems)
    files, problems = wire_files(args.paths)
    stories = [read_wire(path, shown) for path, shown in files]
    options = ImportOptions(
        today=dt.datetime.now(config.tz).date(),
        date=args.date,
        tags=args.tags,
        force=args.force,
    )
    planned, found = plan_imports(stories, config, options)
    return planned, problems + found


_WOULD = {
    Action.WRITE: "would write",
    Action.UPDATE: "would update",
    Action.REPLACE: "would replace",
}


def _do(one: Planned, dry_run: bool) -> None:
    what = f"{one.shown} (from {one.story.shown})"
    if one.action is Action.UNCHANGED:
        print(f"unchanged {what}")
        return
    if dry_run:
        print(f"{_WOULD[one.action]} {what}:")
        print(one.text, end="")
    else:
        write_atomic(one.path, one.text)
        print(f"{one.action} {what}")
    if one.suggested:
        print(f"  tags suggested from site.yaml: {', '.join(one.suggested)}")


def _summary(planned: list[Planned], dry_run: bool) -> str:
    unchanged = sum(1 for p in planned if p.action is Action.UNCHANGED)
    changed = len(planned) - unchanged
    story = "story" if len(planned) == 1 else "stories"
    if dry_run:
        return f"dry run: {len(planned)} {story}, {changed} to write, {unchanged} unchanged; nothing written"
    return f"imported {len(planned)} {story}: {changed} written, {unchanged} unchanged"


# --- --from jekyll|hugo --------------------------------------------------------------------


def _run_archive(args: argparse.Namespace) -> int:
    """`brief import --from jekyll|hugo DIR`: plan every post, then write, as for wire copy."""
    parser: argparse.ArgumentParser = args.import_parser
    if len(args.paths) != 1:
        parser.error(f"--from {args.generator} takes one site folder, got {len(args.paths)} paths")
    for given, option in ((args.date, "--date"), (args.tags, "--tags")):
        if given is not None:
            parser.error(f"{option} is for wire copy; posts keep their own dates and tags")
    try:
        plan = _plan_archive(args)
        report(plan.problems, sys.stderr)
        if has_errors(plan.problems):
            print(
                f"brief: import failed, nothing written: {summary(plan.problems)}", file=sys.stderr
            )
            return 1
        for media in plan.media:  # first: an article written is one that builds
            what = f"{media.shown} (from {media.source_shown})"
            if media.action is MediaAction.UNCHANGED:
                print(f"unchanged {what}")
            elif args.dry_run:
                print(f"would copy {what}")
            else:
                copy_atomic(media.source, media.path, media.stat)
                print(f"{media.action} {what}")
        for one in plan.planned:
            what = f"{one.shown} (from {one.source})"
            if one.action is Action.UNCHANGED:
                print(f"unchanged {what}")
            elif args.dry_run:
                print(f"{_WOULD[one.action]} {what}:")
                print(one.text, end="")
            else:
                write_atomic(one.path, one.text)
                print(f"{one.action} {what}")
    except OSError as exc:  # the disk said no: a permission, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"brief: error: {where}{exc.strerror or exc}", file=sys.stderr)
        print("brief: import failed; each file copied or written before is whole", file=sys.stderr)
        return 1
    print(archive_report(plan, args.dry_run))
    return 0


def _plan_archive(args: argparse.Namespace) -> ArchivePlan:
    """The plan, or the site.yaml problems that prevent one."""
    try:
        config = load_config(args.source)
    except BriefError as exc:
        return ArchivePlan(args.generator, problems=list(exc.problems))
    folder: Path = args.paths[0]
    options = ArchiveOptions(now=dt.datetime.now(config.tz), force=args.force)
    return plan_archive(args.generator, folder, folder.as_posix(), config, options)


def archive_report(plan: ArchivePlan, dry_run: bool) -> str:
    """The closing report: how many posts and media files, warnings, and what became of
    each field."""
    total = len(plan.planned)
    unchanged = sum(1 for p in plan.planned if p.action is Action.UNCHANGED)
    posts = f"{total} {plan.generator} {'post' if total == 1 else 'posts'}"
    files = len(plan.media)
    there = sum(1 for m in plan.media if m.action is MediaAction.UNCHANGED)
    if files:
        posts += f" and {files} media {'file' if files == 1 else 'files'}"
    warnings = f"{plan.warnings} warning{'' if plan.warnings == 1 else 's'}"
    if dry_run:
        copies = f"{files - there} to copy, {there} already there, " if files else ""
        head = (
            f"dry run: {posts}, {total - unchanged} to write, {unchanged} unchanged, "
            f"{copies}{warnings}; nothing written"
        )
    else:
        copies = f"{files - there} copied, {there} already there, " if files else ""
        head = (
            f"imported {posts}: {total - unchanged} written, {unchanged} unchanged, "
            f"{copies}{warnings}"
        )
    tally = plan.tally
    lines = [head]
    for label, counts in (
        ("fields mapped", tally.mapped),
        ("fields dropped", tally.dropped),
        ("not used (another key gave the field)", tally.unused),
        ("converted", tally.converted),
    ):
        if counts:
            listed = ", ".join(f"{k} ({n})" for k, n in sorted(counts.items()))
            lines.append(f"  {label}: {listed}")
    kinds = plan.warnings_by_kind()
    if kinds:
        lines.append("  warnings: " + ", ".join(f"{k} ({n})" for k, n in sorted(kinds.items())))
    return "\n".join(lines)
