"""From one source file to one `Article`: front-matter checked field by field, body rendered.

Every mistake becomes a `Problem` with the line of the offending value; a file with any
error yields no article, so nothing half-checked reaches a page. Which fields exist and how
each is read is declared in `fields.FIELDS`; this module only runs the table.
"""

from __future__ import annotations

from typing import Any

from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.fields import BY_NAME, FIELDS, FieldReader
from brief.content.frontmatter import split
from brief.content.markdown import nesting_problem, render
from brief.content.slugs import slugify
from brief.content.sources import Source
from brief.errors import Problem, Severity, did_you_mean, has_errors
from brief.yamlmap import MappingReader

NAMES = tuple(f.name for f in FIELDS)


def parse_article(source: Source, config: SiteConfig) -> tuple[Article | None, list[Problem]]:
    """Check the front-matter of `source` and render its body."""
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

    f = FieldReader(reader, config, source)
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
    for field in FIELDS:
        if field.required and field.name not in entries and field.name not in reader.failed:
            problems.append(
                Problem(source.shown, 1, 1, f"missing required '{field.name}' in front-matter")
            )

    title, date, slug = values["title"], values["date"], values["slug"]
    if "slug" not in entries and title:
        slug = slugify(title)
        if not slug:
            problems.append(
                Problem(
                    source.shown,
                    entries["title"].line,
                    1,
                    "cannot make a URL slug from this title; add slug: with a short name",
                )
            )
    deep = nesting_problem(parts.body)
    if deep is not None:
        problems.append(Problem(source.shown, parts.lines_before_body + deep[0], 1, deep[1]))
    if has_errors(problems) or None in (title, date, slug, values["draft"]):
        return None, problems

    local = date.astimezone(config.tz)
    url = config.permalink.format(
        year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}", slug=slug
    )
    article = Article(
        source=source.shown,
        title=title,
        date=date,
        updated=values["updated"],
        summary=values["summary"] or "",
        author=values["author"],
        tags=values["tags"] or (),
        slug=slug,
        url=url,
        draft=values["draft"],
        image=values["image"],
        credits=values["credits"] or (),
        aliases=values["aliases"] or (),
        body=render(parts.body, config.markdown, parts.lines_before_body),
        digest=source.digest,
        extra=extra,
        lines={k: e.line for k, e in entries.items()},
    )
    return article, problems
