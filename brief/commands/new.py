"""`brief new "Title"`: start an article with every field a newsroom fills in, ready to edit.

The file is `content/<date>-<slug>.md`, dated now in the site's timezone and marked a draft
(so a half-written story never reaches the site by accident: `brief serve --drafts` shows
it). The image credit fields are there, commented out, because a photo without its credit
is the mistake brief exists to prevent. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from brief.config import load_config
from brief.content.parse import PAGES_FOLDER
from brief.content.sources import ARTICLE_SUFFIXES
from brief.errors import did_you_mean
from brief.slugs import fold, slugify


def add_arguments(n: argparse.ArgumentParser) -> None:
    """The arguments of `brief new`, on its parser (made by `cli.make_parser`)."""
    n.add_argument("title", help="the headline")
    n.add_argument(
        "--source", type=Path, default=Path("."), help="site folder, holding site.yaml (default: .)"
    )
    n.add_argument("--tags", default="", help="comma-separated tags, e.g. Ukraine,Energy")
    n.add_argument(
        "--date", help="publication time, YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (default: now)"
    )
    n.add_argument(
        "--section", help="the desk, one of site.yaml's sections: (the file goes in its folder)"
    )
    n.add_argument(
        "--author", action="append", default=[], help="a byline (give it again for several)"
    )
    n.add_argument(
        "--page",
        action="store_true",
        help="a standalone page (About, Contact) in content/pages/: no date, on no listing",
    )
    n.set_defaults(run=run)


def _quoted(text: str) -> str:
    """A YAML scalar that reads back as `text`, whatever it holds (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def page_text(title: str) -> str:
    return (
        "---\n"
        f"title: {_quoted(title)}\n"
        'summary: ""                 # one sentence, for search results and shared links\n'
        "---\n"
        "The page, in Markdown.\n"
    )


def article_text(
    title: str,
    when: dt.datetime,
    tags: list[str],
    section: str | None = None,
    authors: tuple[str, ...] = (),
) -> str:
    listed = ", ".join(_quoted(t) for t in tags)
    desk = f"section: {_quoted(section)}\n" if section else ""
    if len(authors) == 1:
        desk += f"author: {_quoted(authors[0])}\n"
    elif authors:
        desk += f"authors: [{', '.join(_quoted(a) for a in authors)}]\n"
    return (
        "---\n"
        f"title: {_quoted(title)}\n"
        f"date: {when:%Y-%m-%d %H:%M}\n"
        f"{desk}"
        'summary: ""                 # the standfirst: one or two sentences for listings and feeds\n'
        f"tags: [{listed}]\n"
        "draft: true                 # remove this line to publish\n"
        "# image:                    # a lead image, and the credit it must carry\n"
        "#   src: photo.jpg          # a file next to this one, or an https URL\n"
        "#   alt: What the photo shows, for readers who cannot see it\n"
        "#   caption: \n"
        "#   credit: Who made it\n"
        "#   source: Where it comes from, e.g. Wikimedia Commons\n"
        "#   source_url: https://...\n"
        "#   license: CC BY 4.0      # or all-rights-reserved / permission, with notice:\n"
        "---\n"
        "The story, in Markdown.\n"
    )


def run(args: argparse.Namespace) -> int:
    """`brief new`."""
    config = load_config(args.source)
    title = " ".join(args.title.split())
    slug = slugify(title)
    if not title or not slug:
        print(
            "brief: error: the title needs at least one letter or digit, e.g. "
            'brief new "Talks resume in Geneva"',
            file=sys.stderr,
        )
        return 2
    if args.date:
        try:
            when = dt.datetime.fromisoformat(args.date.strip())
        except ValueError:
            print(
                f"brief: error: --date must be YYYY-MM-DD or 'YYYY-MM-DD HH:MM', got '{args.date}'",
                file=sys.stderr,
            )
            return 2
        if when.tzinfo is not None:
            when = when.astimezone(config.tz)
    else:
        when = dt.datetime.now(config.tz).replace(second=0, microsecond=0)
    tags = [" ".join(t.split()) for t in args.tags.split(",") if t.strip()]
    section = None
    if args.section:
        key = fold(args.section)
        found = next((s for s in config.sections if key in (s.key, s.slug)), None)
        if found is None:
            names = [s.name for s in config.sections]
            close = did_you_mean(args.section, names)
            hint = (
                f"did you mean '{close}'?"
                if close
                else ("known: " + ", ".join(names) if names else "site.yaml has no sections: yet")
            )
            print(f"brief: error: unknown section '{args.section}'; {hint}", file=sys.stderr)
            return 2
        section = found
    authors = tuple(dict.fromkeys(" ".join(a.split()) for a in args.author if a.strip()))
    if args.page:
        path = config.content_dir / PAGES_FOLDER / f"{slug}.md"
    elif section is not None:
        path = config.content_dir / section.slug / f"{when:%Y-%m-%d}-{slug}.md"
    else:
        path = config.content_dir / f"{when:%Y-%m-%d}-{slug}.md"
    shown = path.relative_to(config.root)
    there = [p for p in (path.with_suffix(s) for s in ARTICLE_SUFFIXES) if p.exists()]
    if there:  # `.markdown` beside it would be the same article twice
        print(
            f"brief: error: {there[0].relative_to(config.root)} already exists; edit it, "
            "or choose another title",
            file=sys.stderr,
        )
        return 1
    if not path.parent.is_dir() and path.parent.exists():
        print(
            f"brief: error: {path.parent.relative_to(config.root)} is not a folder", file=sys.stderr
        )
        return 1
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as fh:  # "x": never over a file made meanwhile
            fh.write(
                page_text(title)
                if args.page
                else article_text(title, when, tags, section.name if section else None, authors)
            )
    except FileExistsError:
        print(f"brief: error: {shown} already exists", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"brief: error: {shown}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(shown.as_posix() if os.sep == "/" else str(shown))
    return 0
