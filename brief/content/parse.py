"""From one source file to one `Article`: front-matter checked field by field, body rendered.

Every mistake becomes a `Problem` with the line of the offending value; a file with any
error yields no article, so nothing half-checked reaches a page.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from urllib.parse import urlsplit

from brief.config import SiteConfig
from brief.content import licenses
from brief.content.article import MEDIA_PREFIX, Article, Credit, Image, TagRef
from brief.content.frontmatter import Split, split
from brief.content.markdown import render
from brief.content.slugs import fold, is_segment, slugify
from brief.content.sources import Source
from brief.errors import Problem, Severity, has_errors
from brief.paths import inside
from brief.yamlmap import Entry, MappingReader, describe, text_hint

KNOWN = (
    "title",
    "date",
    "updated",
    "summary",
    "author",
    "tags",
    "slug",
    "draft",
    "image",
    "credits",
)
CREDIT_KEYS = ("title", "credit", "source", "source_url", "license", "notice")
IMAGE_KEYS = ("src", "alt", "caption", "credit", "source", "source_url", "license", "notice")


class _Fields:
    """Reads typed values out of front-matter entries, recording problems as it goes."""

    def __init__(self, reader: MappingReader, config: SiteConfig) -> None:
        self.reader = reader
        self.config = config

    def error(self, entry: Entry, message: str) -> None:
        self.reader.problems.append(self.reader.located(entry, message))

    def text(self, entry: Entry, *, empty_ok: bool = False) -> str | None:
        value = entry.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(entry.node.value)  # `source: 2022` reads fine as text
        if not isinstance(value, str):
            hint = text_hint(entry)
            self.error(
                entry,
                f"'{entry.key}' must be text, got {describe(entry.value)}"
                + (f"; {hint}" if hint else ""),
            )
            return None
        value = value.strip()
        if not value and not empty_ok:
            self.error(entry, f"'{entry.key}' is empty")
            return None
        return value

    def when(self, entry: Entry) -> dt.datetime | None:
        value = entry.value
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                self.error(
                    entry,
                    f"'{entry.key}' must be a date such as 2022-02-28 or 2022-02-28 14:30, "
                    f"got '{value}'",
                )
                return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                return value.replace(tzinfo=self.config.tz)
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day, tzinfo=self.config.tz)
        self.error(entry, f"'{entry.key}' must be a date such as 2022-02-28, got {describe(value)}")
        return None

    def flag(self, entry: Entry) -> bool | None:
        if isinstance(entry.value, bool):
            return entry.value
        self.error(entry, f"'{entry.key}' must be true or false, got {describe(entry.value)}")
        return None

    def url(self, entry: Entry) -> str | None:
        value = self.text(entry)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.error(entry, f"'{entry.key}' must be an http(s) URL, got '{value}'")
            return None
        return value

    def mapping(self, entry: Entry, keys: tuple[str, ...]) -> dict[str, Entry] | None:
        if not isinstance(entry.value, dict):
            self.error(
                entry,
                f"'{entry.key}' must be a mapping with keys {', '.join(keys)}, got {describe(entry.value)}",
            )
            return None
        out: dict[str, Entry] = {}
        for sub in self.reader.entries(entry.node, entry.key):
            if sub.key not in keys:
                close = difflib.get_close_matches(sub.key, keys, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(keys)}"
                self.reader.problems.append(
                    Problem(
                        self.reader.path,
                        sub.line,
                        sub.column,
                        f"unknown key '{sub.key}' in '{entry.key}'; {hint}",
                    )
                )
                continue
            out[sub.key] = sub
        return out

    def credit(self, entry: Entry, role: str, fields: dict[str, Entry], title_key: str) -> Credit:
        got: dict[str, str | None] = {}
        for key in (title_key, "credit", "source", "notice"):
            got[key] = self.text(fields[key]) if key in fields else None
        source_url = self.url(fields["source_url"]) if "source_url" in fields else None
        lic: licenses.License | None = None
        kind: str | None = None
        if "license" in fields:
            lentry = fields["license"]
            ltext = self.text(lentry)
            if ltext is not None:
                lic = licenses.lookup(ltext)
                if lic is None:
                    kind = licenses.notice_kind(ltext)
                    if kind is None:
                        near = licenses.nearest(ltext)
                        hint = f"did you mean '{near.id}'? " if near else ""
                        self.error(
                            lentry,
                            f"unknown licence '{ltext}'; {hint}For terms of your own write "
                            "license: permission (or all-rights-reserved) and the wording in notice:",
                        )
                    elif got["notice"] is None:
                        self.error(
                            lentry,
                            f"licence '{ltext}' needs the exact wording in notice:, "
                            'e.g. notice: "© Jane Doe, used with permission"',
                        )
        return Credit(
            role=role,
            title=got[title_key],
            creator=got["credit"],
            source=got["source"],
            source_url=source_url,
            license=lic,
            license_kind=kind,
            notice=got["notice"],
        )


def parse_article(source: Source, config: SiteConfig) -> tuple[Article | None, list[Problem]]:
    """Check the front-matter of `source` and render its body."""
    parts = split(source.text, source.shown)
    if isinstance(parts, Problem):
        return None, [parts]
    return _from_parts(source, parts, config)


def _from_parts(
    source: Source, parts: Split, config: SiteConfig
) -> tuple[Article | None, list[Problem]]:
    reader = MappingReader(parts.yaml, source.shown, line_offset=parts.yaml_line)
    if reader.root is None and not reader.problems:
        return None, [
            Problem(source.shown, 2, 1, "front-matter is empty; it needs at least title: and date:")
        ]
    entries = {e.key: e for e in reader.entries(reader.root, "front-matter")}
    problems = reader.problems
    if problems and not entries:
        return None, problems
    f = _Fields(reader, config)
    title = f.text(entries["title"]) if "title" in entries else None
    date = f.when(entries["date"]) if "date" in entries else None
    for key in ("title", "date"):
        if key not in entries and key not in reader.failed:
            problems.append(
                Problem(source.shown, 1, 1, f"missing required '{key}' in front-matter")
            )
    updated = f.when(entries["updated"]) if "updated" in entries else None
    summary = f.text(entries["summary"], empty_ok=True) if "summary" in entries else ""
    author = f.text(entries["author"]) if "author" in entries else None
    draft = f.flag(entries["draft"]) if "draft" in entries else False

    tags: list[TagRef] = []
    if "tags" in entries:
        tags = _tags(f, entries["tags"])

    slug: str | None = None
    if "slug" in entries:
        raw = f.text(entries["slug"])
        if raw is not None:
            if is_segment(raw):
                slug = raw
            else:
                f.error(
                    entries["slug"],
                    f"slug '{raw}' must be one URL segment (no '/', '\\', '..', spaces or '?#%'); try slug: {slugify(raw) or 'my-article'}",
                )
    elif title:
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

    image = _image(f, entries["image"], source) if "image" in entries else None
    credits: list[Credit] = []
    if "credits" in entries:
        centry = entries["credits"]
        if not isinstance(centry.value, list):
            f.error(
                centry,
                f"'credits' must be a list of credits (each with credit:, source:, license: ...), got {describe(centry.value)}",
            )
        else:
            for i, item in enumerate(centry.node.value):
                sub = Entry(
                    f"credits[{i + 1}]",
                    reader.construct(item)[1],
                    centry.line,
                    centry.column,
                    reader.line_offset + item.start_mark.line + 1,
                    item.start_mark.column + 1,
                    item,
                )
                fields = f.mapping(sub, CREDIT_KEYS)
                if fields is not None:
                    credits.append(f.credit(sub, "credit", fields, "title"))

    extra = {k: e.value for k, e in entries.items() if k not in KNOWN}
    for k, e in entries.items():
        close = difflib.get_close_matches(k, KNOWN, n=1, cutoff=0.75) if k not in KNOWN else []
        if close:
            problems.append(
                Problem(
                    source.shown,
                    e.line,
                    e.column,
                    f"'{k}' is not a known field and goes to article.extra; did you mean '{close[0]}'?",
                    severity=Severity.WARNING,
                )
            )

    if has_errors(problems) or title is None or date is None or slug is None or draft is None:
        return None, problems
    html = render(parts.body, config.markdown)
    problems.extend(_top_headings(parts, source.shown))
    local = date.astimezone(config.tz)
    url = config.permalink.format(
        year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}", slug=slug
    )
    return (
        Article(
            source=source.shown,
            title=title,
            date=date,
            updated=updated,
            summary=summary or "",
            author=author,
            tags=tuple(tags),
            slug=slug,
            url=url,
            draft=draft,
            image=image,
            credits=tuple(credits),
            html=html,
            digest=source.digest,
            extra=extra,
            lines={k: e.line for k, e in entries.items()},
        ),
        problems,
    )


def _tags(f: _Fields, entry: Entry) -> list[TagRef]:
    if not isinstance(entry.value, list):
        f.error(
            entry,
            f"'tags' must be a list, e.g. tags: [Russia, Ukraine], got {describe(entry.value)}",
        )
        return []
    tags: list[TagRef] = []
    seen: set[str] = set()
    for item in entry.node.value:
        ok, value = f.reader.construct(item)
        line = f.reader.line_offset + item.start_mark.line + 1
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(item.value)
        if not ok:
            continue
        if not isinstance(value, str) or not value.strip():
            hint = (
                " (YAML 1.1 reads yes/no/on/off as booleans; quote it)"
                if isinstance(value, bool)
                else ""
            )
            f.reader.problems.append(
                Problem(
                    f.reader.path,
                    line,
                    item.start_mark.column + 1,
                    f"each tag must be text, got {describe(value)}{hint}",
                )
            )
            continue
        value = " ".join(value.split())
        if not slugify(value):
            f.reader.problems.append(
                Problem(
                    f.reader.path,
                    line,
                    item.start_mark.column + 1,
                    f"tag '{value}' has no letters or digits to make a URL from",
                )
            )
            continue
        key = fold(value)
        if key not in seen:
            seen.add(key)
            tags.append(TagRef(name=value, key=key, slug=slugify(value)))
    return tags


def _image(f: _Fields, entry: Entry, source: Source) -> Image | None:
    fields = f.mapping(entry, IMAGE_KEYS)
    if fields is None:
        return None
    credit = f.credit(entry, "image", fields, "caption")
    src: str | None = None
    file: Path | None = None
    if "src" in fields:
        raw = f.text(fields["src"])
        if raw is not None:
            parts = urlsplit(raw)
            if parts.scheme in ("http", "https") and parts.netloc:
                src = raw
            elif parts.scheme or raw.startswith("//"):
                f.error(fields["src"], f"image src '{raw}' must be a file path or an http(s) URL")
            else:
                file = _local_image(f, fields["src"], raw, source)
                if file is not None:
                    content = f.config.content_dir.resolve()
                    src = MEDIA_PREFIX + file.resolve().relative_to(content).as_posix()
    alt = f.text(fields["alt"], empty_ok=True) if "alt" in fields else None
    if "src" in fields and alt is None and "alt" not in fields:
        f.reader.problems.append(
            Problem(
                f.reader.path,
                entry.line,
                entry.column,
                "image needs alt: text describing it for readers who cannot see it "
                '(alt: "" if it is purely decorative)',
            )
        )
    if (
        credit.license is None
        and credit.notice is None
        and credit.license_kind is None
        and "license" not in fields
    ):
        f.reader.problems.append(
            Problem(
                f.reader.path,
                entry.line,
                entry.column,
                "image has no license: or notice:; readers cannot tell under which terms it is used",
                severity=Severity.WARNING,
            )
        )
    return Image(src=src, file=file, alt=alt or "", caption=credit.title, credit=credit)


def _local_image(f: _Fields, entry: Entry, raw: str, source: Source) -> Path | None:
    content = f.config.content_dir
    candidate = content / raw.lstrip("/") if raw.startswith("/") else source.path.parent / raw
    if not inside(candidate, content):
        f.error(
            entry,
            f"image '{raw}' lies outside content/; put the file next to the article or under content/",
        )
        return None
    if not candidate.is_file():
        f.error(
            entry,
            f"image file '{raw}' not found (looked for {candidate.relative_to(f.config.root) if candidate.is_relative_to(f.config.root) else candidate})",
        )
        return None
    return candidate.resolve()


def _top_headings(parts: Split, shown: str) -> list[Problem]:
    """Level-1 headings in a body compete with the headline (one h1 per page, for screen
    readers and search engines): a warning with the line, suggesting `##`."""
    problems = []
    fence = ""
    lines = parts.body.split("\n")
    for i, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) > 3:
            continue
        if fence:
            if stripped.startswith(fence):
                fence = ""
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        setext = (
            i > 0 and lines[i - 1].strip() and stripped.rstrip() and set(stripped.rstrip()) == {"="}
        )
        if stripped == "#" or stripped.startswith("# ") or setext:
            n = parts.body_line + i + (0 if setext else 1)
            problems.append(
                Problem(
                    shown,
                    n,
                    1,
                    "a level-1 heading in the body competes with the headline; use ## for sections",
                    severity=Severity.WARNING,
                )
            )
    return problems
