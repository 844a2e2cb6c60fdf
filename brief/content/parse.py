"""From one source file to one `Article`: front-matter checked field by field, body rendered.

Every mistake becomes a `Problem` with the line of the offending value; a file with any
error yields no article, so nothing half-checked reaches a page. Which fields exist and how
each is read is declared in `fields.FIELDS`; this module only runs the table.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path
from typing import Any

from brief.config import SiteConfig
from brief.content.article import UNDATED, Article, Figure
from brief.content.fields import (
    BY_NAME,
    FIELDS,
    MISSING_DATE,
    FieldReader,
    date_from_name,
    slug_from_name,
)
from brief.content.figures import attach, digest
from brief.content.frontmatter import split
from brief.content.markdown import Rendered, nesting_problem, render
from brief.content.reading import reading_aids
from brief.content.sources import Source
from brief.errors import Problem, Severity, did_you_mean, has_errors
from brief.slugs import is_segment, slugify
from brief.yamlmap import MappingReader

NAMES = tuple(f.name for f in FIELDS)
PAGES_FOLDER = "pages"
"""Files under `content/pages/` are standalone pages (About, Contact, Impressum)."""


def is_page(source: Source, config: SiteConfig) -> bool:
    # by the text of the paths: `Path.is_relative_to` was a tenth of an article's parse
    return str(source.path).startswith(_folder_prefix(config.content_dir / PAGES_FOLDER))


@functools.lru_cache(maxsize=16)
def _folder_prefix(folder: Path) -> str:
    """What the text of every path inside `folder` starts with."""
    return os.path.join(folder, "")


def page_slug(source: Source, config: SiteConfig) -> str:
    """`content/pages/about.md` -> `about`; `Contact Us.md` -> `contact-us`."""
    stem = source.path.name.rsplit(".", 1)[0]
    return stem if is_segment(stem) and stem == stem.lower() else slugify(stem)


def page_url(source: Source, config: SiteConfig, slug: str) -> str:
    """`/<slug>/`, under the folders the file sits in below content/pages/."""
    folder = source.path.parent.relative_to(config.content_dir / PAGES_FOLDER)
    parts = [slugify(p) or p for p in folder.parts]
    return "/" + "".join(f"{p}/" for p in parts) + f"{slug}/"


def parse_article(
    source: Source, config: SiteConfig, *, media: bool = True
) -> tuple[Article | None, list[Problem]]:
    """Check the front-matter of `source` and render its body.

    `media=False` reads an article whose image files need not be there yet (`brief import`
    checks articles before it copies their images, and checks the copies itself): a missing
    file, in the body or as `image:`, is then no problem, and its image is left as written."""
    parts = split(source.text, source.shown)
    if isinstance(parts, Problem):
        return None, [parts]
    reader = MappingReader(parts.yaml, source.shown, line_offset=parts.lines_before_yaml)
    if reader.root is None and not reader.problems:
        return None, [
            Problem(source.shown, 2, 1, "front-matter is empty; it needs at least title: and date:")
        ]
    entries = {e.key: e for e in reader.entries(reader.root, "front-matter")}
    problems = reader.problems
    if problems and not entries:
        return None, problems

    f = FieldReader(reader, config, source, media=media)
    values: dict[str, Any] = {field.name: field.default for field in FIELDS}
    extra: dict[str, Any] = {}
    for key, entry in entries.items():
        field = BY_NAME.get(key)
        if field is not None:
            values[key] = field.read(f, entry)
            continue
        extra[key] = entry.value
        close = did_you_mean(key, NAMES)
        if close:
            problems.append(
                Problem(
                    source.shown,
                    entry.line,
                    entry.column,
                    f"'{key}' is not a known field and goes to article.extra; did you mean '{close}'?",
                    severity=Severity.WARNING,
                )
            )
    standalone = is_page(source, config)
    if "author" in entries and "authors" in entries:
        problems.append(
            Problem(
                source.shown,
                entries["authors"].line,
                entries["authors"].column,
                "give author: or authors:, not both (each takes one name or a list)",
            )
        )
    # Jekyll's convention: without date:, a `YYYY-MM-DD-` file name dates the article.
    named = (
        date_from_name(source.path.name, config.tz)
        if "date" not in entries and "date" not in reader.failed and not standalone
        else None
    )
    if isinstance(named, str):
        problems.append(Problem(source.shown, None, None, named))
    elif named is not None:
        values["date"] = named
    for field in FIELDS:
        if standalone and field.name == "date":
            continue  # a page (About, Contact) has no publication date
        if field.name == "date" and named is not None:
            continue  # dated by its file name, or the name's mistake is reported
        if field.required and field.name not in entries and field.name not in reader.failed:
            hint = MISSING_DATE if field.name == "date" else ""
            problems.append(
                Problem(
                    source.shown, 1, 1, f"missing required '{field.name}' in front-matter{hint}"
                )
            )

    title, date, slug = values["title"], values["date"], values["slug"]
    if standalone:
        date = date or (UNDATED if "date" not in entries else None)
    if standalone and "slug" not in entries:
        slug = page_slug(source, config)
        if not slug:
            problems.append(
                Problem(
                    source.shown,
                    1,
                    1,
                    "cannot make a URL from this file name; rename the file or add slug:",
                )
            )
    elif "slug" not in entries and title:
        slug = slugify(title) or slug_from_name(source.path.name)
        if not slug:
            problems.append(
                Problem(
                    source.shown,
                    entries["title"].line,
                    1,
                    "cannot make a URL slug from this title; add slug: with a short name",
                )
            )
    expires = values["expires"]
    if expires is not None and date is not None and expires <= date:
        f.error(
            entries["expires"],
            f"'expires' ({expires.astimezone(config.tz):%Y-%m-%d %H:%M}) must be later than "
            f"'date' ({date.astimezone(config.tz):%Y-%m-%d %H:%M}), or the article is never "
            "on the site; set a later expires: or remove it",
        )
    if date is not None:
        problems += _early_changes(values, date, source, config)
    deep = nesting_problem(parts.body)
    if deep is not None:
        problems.append(Problem(source.shown, parts.lines_before_body + deep[0], 1, deep[1]))
        body: Rendered | None = None
        figures: tuple[Figure, ...] = ()
    else:  # the body's images are checked with the front-matter, so all is reported at once
        body = render(parts.body, config.markdown, parts.lines_before_body)
        body, figures = attach(body, values["figures"] or (), source, config, problems, media)
    if body is None or has_errors(problems) or None in (title, date, slug, values["draft"]):
        return None, problems

    local = date.astimezone(config.tz)
    words, minutes = reading_aids(body.html, config.language)
    url = (
        page_url(source, config, slug)
        if standalone
        else config.permalink.format(
            year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}", slug=slug
        )
    )
    article = Article(
        source=source.shown,
        title=title,
        date=date,
        updated=values["updated"],
        summary=values["summary"] or "",
        authors=values["author"] or values["authors"] or (),
        tags=values["tags"] or (),
        slug=slug,
        url=url,
        draft=values["draft"],
        image=values["image"],
        credits=values["credits"] or (),
        aliases=values["aliases"] or (),
        body=body,
        digest=digest(source.digest, figures, values["image"]),
        extra=extra,
        lines={k: e.line for k, e in entries.items()},
        section=values["section"],
        standalone=standalone,
        template=values["template"],
        expires=expires,
        figures=figures,
        corrections=values["corrections"] or (),
        updates=values["updates"] or (),
        words=words,
        minutes=minutes,
    )
    return article, problems


def _early_changes(
    values: dict[str, Any], date: dt.datetime, source: Source, config: SiteConfig
) -> list[Problem]:
    """An error at each correction or update dated before the article itself."""
    problems = []
    for key in ("corrections", "updates"):
        for change in values[key] or ():
            if change.date < date:
                problems.append(
                    Problem(
                        source.shown,
                        change.line,
                        change.column,
                        f"{change.kind} dated {change.date.astimezone(config.tz):%Y-%m-%d %H:%M} "
                        f"is earlier than the article's date "
                        f"({date.astimezone(config.tz):%Y-%m-%d %H:%M}); it cannot come before "
                        "publication, so one of the dates is mistyped",
                    )
                )
    return problems
