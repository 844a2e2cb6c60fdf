"""The front-matter fields of an article, declared in one table, and the readers of their values.

`FIELDS` is to articles what `config.SPEC` is to site.yaml: each field's name, how its value
is read and checked, whether it is required, and what it means. A reader returns the value,
or None after recording a located `Problem`; nothing here decides what an article is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

from brief.config import SiteConfig
from brief.content import licenses
from brief.content.article import AuthorRef, Change, Credit, Image, SectionRef, TagRef
from brief.content.figures import (
    FIGURE_KEYS,
    FigureEntry,
    NotFound,
    local_file,
    published_path,
)
from brief.content.pictures import picture_of
from brief.content.sources import Source
from brief.errors import Problem, Severity, did_you_mean
from brief.paths import stat
from brief.slugs import MAX_SLUG_BYTES, fold, is_segment, shorten, slugify
from brief.yamlmap import Entry, MappingReader, describe, text_hint

FIRST_YEAR, LAST_YEAR = 1000, 9000
"""Dates outside these years are refused: every page, feed and sitemap converts them between
timezones and formats them with four-digit years."""
CREDIT_KEYS = ("title", "credit", "source", "source_url", "license", "notice")
IMAGE_KEYS = ("src", "alt", "caption", "credit", "source", "source_url", "license", "notice")


def _split(value: str) -> SplitResult | None:
    """`urlsplit`, or None for what it cannot read (`https://[x/`: an unclosed IPv6 host)."""
    try:
        return urlsplit(value)
    except ValueError:
        return None


class FieldReader:
    """Reads typed values out of front-matter entries, recording problems as it goes.

    Each method returns the value, or None once it has recorded why the entry is wrong.
    """

    def __init__(
        self, reader: MappingReader, config: SiteConfig, source: Source, *, media: bool = True
    ) -> None:
        self.reader = reader
        self.config = config
        self.source = source
        self.media = media  # False: an image file not there (yet) is no problem (`parse_article`)

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
                value = value.replace(tzinfo=self.config.tz)
        elif isinstance(value, dt.date):
            value = dt.datetime(value.year, value.month, value.day, tzinfo=self.config.tz)
        else:
            self.error(
                entry, f"'{entry.key}' must be a date such as 2022-02-28, got {describe(value)}"
            )
            return None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            # Near year 1 or 9999 a change of timezone leaves the range Python can hold.
            self.error(
                entry,
                f"'{entry.key}' must be a year from {FIRST_YEAR} to {LAST_YEAR}, got {value.year}",
            )
            return None
        return value

    def flag(self, entry: Entry) -> bool | None:
        if isinstance(entry.value, bool):
            return entry.value
        self.error(entry, f"'{entry.key}' must be true or false, got {describe(entry.value)}")
        return None

    def url(self, entry: Entry) -> str | None:
        value = self.text(entry)
        if value is None:
            return None
        parts = _split(value)
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
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
                close = did_you_mean(sub.key, keys)
                hint = f"did you mean '{close}'?" if close else f"known keys: {', '.join(keys)}"
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


def read_tags(f: FieldReader, entry: Entry) -> tuple[TagRef, ...] | None:
    if not isinstance(entry.value, list):
        f.error(
            entry,
            f"'tags' must be a list, e.g. tags: [Russia, Ukraine], got {describe(entry.value)}",
        )
        return None
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
    return tuple(tags)


def read_image(f: FieldReader, entry: Entry) -> Image | None:
    before = len(f.reader.problems)
    fields = f.mapping(entry, IMAGE_KEYS)
    if fields is None:
        return None
    credit = f.credit(entry, "image", fields, "caption")
    src: str | None = None
    file: Path | None = None
    if "src" in fields:
        raw = f.text(fields["src"])
        if raw is not None:
            parts = _split(raw)
            if parts is not None and parts.scheme in ("http", "https") and parts.netloc:
                src = raw
            elif parts is None or parts.scheme or raw.startswith("//"):
                f.error(fields["src"], f"image src '{raw}' must be a file path or an http(s) URL")
            else:
                file = _local_image(f, fields["src"], raw)
                if file is not None:
                    src = published_path(file, f.config)
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
    if "src" not in fields and len(f.reader.problems) == before:  # one thing at a time
        f.reader.problems.append(
            Problem(
                f.reader.path,
                entry.line,
                entry.column,
                "image has a credit but no src:, so no image is shown and its credit is left "
                "out; add src: with the file or URL, or move the credit to credits:",
                severity=Severity.WARNING,
            )
        )
    picture = None
    if file is not None and src is not None:
        entry_src = fields["src"]
        picture, error, warning = picture_of(
            file, src, credit, f.config, True, entry_src.value_line
        )
        if error:
            f.error(entry_src, error)
        if warning:
            f.reader.problems.append(
                Problem(
                    f.reader.path,
                    entry_src.value_line,
                    entry_src.value_column,
                    warning,
                    severity=Severity.WARNING,
                )
            )
    return Image(
        src=src,
        file=file,
        alt=alt or "",
        caption=credit.title,
        credit=credit,
        picture=picture,
        stat=stat(file) if file is not None else None,
    )


def _local_image(f: FieldReader, entry: Entry, raw: str) -> Path | None:
    found = local_file(raw, f.source.path, f.config)
    if isinstance(found, NotFound) and not f.media:
        return None
    if isinstance(found, str):
        f.error(entry, found)
        return None
    return found


def read_text(f: FieldReader, entry: Entry) -> str | None:
    return f.text(entry)


def read_optional_text(f: FieldReader, entry: Entry) -> str | None:
    return f.text(entry, empty_ok=True)


def read_date(f: FieldReader, entry: Entry) -> dt.datetime | None:
    return f.when(entry)


DATED_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-")
"""Jekyll's `YYYY-MM-DD-` file-name prefix, which dates an article that has no `date:`."""


def date_from_name(name: str, tz: dt.tzinfo) -> dt.datetime | str | None:
    """Midnight in `tz` of the day that file name `name` starts with (`2022-02-28-talks.md`),
    why its prefix is no date, or None if it has none."""
    found = DATED_NAME.match(name)
    if found is None:
        return None
    prefix = found.group(0)[:-1]
    try:
        day = dt.date.fromisoformat(prefix)
    except ValueError:
        return (
            f"file name starts with '{prefix}', which is not a date, and there is no date: "
            "in front-matter; correct the name or add date: 2022-02-28"
        )
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return (
            f"file name starts with '{prefix}', and dates must be from year {FIRST_YEAR} "
            f"to {LAST_YEAR}; correct the name or add date: to the front-matter"
        )
    return dt.datetime(day.year, day.month, day.day, tzinfo=tz)


def slug_from_name(name: str) -> str:
    """The slug the rest of a dated file name gives (`2022-02-28-talks.md`: `talks`), or ""
    for a name without the date prefix. Used only when the title gives no slug, so that
    URLs stay made from titles as they always were."""
    found = DATED_NAME.match(name)
    if found is None:
        return ""
    return slugify(name[found.end() :].rsplit(".", 1)[0])


MISSING_DATE = (
    "; add date: 2022-02-28 or start the file name with the date, e.g. 2022-02-28-my-story.md"
)
"""What the error for an article without `date:` and without a dated file name adds."""


def read_flag(f: FieldReader, entry: Entry) -> bool | None:
    return f.flag(entry)


def read_slug(f: FieldReader, entry: Entry) -> str | None:
    raw = f.text(entry)
    if raw is None:
        return None
    if not is_segment(raw):
        f.error(
            entry,
            f"slug '{raw}' must be one URL segment (no '/', '\\', '..', spaces or '?#%'); try slug: {slugify(raw) or 'my-article'}",
        )
        return None
    size = len(raw.encode("utf-8"))
    if size > MAX_SLUG_BYTES:
        # An explicit slug is the writer's choice, so it is not cut silently: say how.
        f.error(
            entry,
            f"slug is {size} bytes long (UTF-8); it becomes a folder name, and file systems "
            f"limit those, so keep it within {MAX_SLUG_BYTES} bytes, e.g. slug: {shorten(raw)}",
        )
        return None
    return raw


def read_credits(f: FieldReader, entry: Entry) -> tuple[Credit, ...] | None:
    if not isinstance(entry.value, list):
        f.error(
            entry,
            f"'credits' must be a list of credits (each with credit:, source:, license: ...), got {describe(entry.value)}",
        )
        return None
    credits: list[Credit] = []
    reader = f.reader
    for i, item in enumerate(entry.node.value):
        sub = Entry(
            f"credits[{i + 1}]",
            reader.construct(item)[1],
            entry.line,
            entry.column,
            reader.line_offset + item.start_mark.line + 1,
            item.start_mark.column + 1,
            item,
        )
        fields = f.mapping(sub, CREDIT_KEYS)
        if fields is not None:
            credits.append(f.credit(sub, "credit", fields, "title"))
    return tuple(credits)


def read_aliases(f: FieldReader, entry: Entry) -> tuple[str, ...] | None:
    """Old URLs of the article, as site paths: `/2019/old-slug/` or `/old/page.html`."""
    if not isinstance(entry.value, list):
        f.error(entry, f"'aliases' must be a list such as [/old/url/], got {describe(entry.value)}")
        return None
    aliases: list[str] = []
    for item in entry.node.value:
        ok, value = f.reader.construct(item)
        if not ok:
            continue
        line = f.reader.line_offset + item.start_mark.line + 1
        problem = alias_problem(value)
        if problem:
            f.reader.problems.append(
                Problem(f.reader.path, line, item.start_mark.column + 1, problem)
            )
        elif value.strip() not in aliases:
            aliases.append(value.strip())
    return tuple(aliases)


def alias_problem(value: Any) -> str:
    """Why `value` cannot be an alias, or "" (the importer checks old URLs by the same rule)."""
    if not isinstance(value, str) or not value.strip():
        return f"each alias must be a path such as /old/url/, got {describe(value)}"
    value = value.strip()
    if value.startswith("//") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        return f"alias '{value}' must be a path on this site such as /old/url/, not a URL"
    if not value.startswith("/"):
        return f"alias '{value}' must start with '/', e.g. /{value}"
    parts = value[1:].split("/")
    last = parts.pop()
    if not all(is_segment(p) for p in parts) or (last and not is_segment(last)):
        return (
            f"alias '{value}' must be plain path segments (no '..', '\\', '%', '?', '#', "
            "spaces or empty segments)"
        )
    if last and not last.lower().endswith((".html", ".htm")):
        return f"alias '{value}' must end with '/' or '.html'; try {value}/"
    if not parts and not last:
        return "an alias cannot be the home page '/'"
    return ""


def read_section(f: FieldReader, entry: Entry) -> SectionRef | None:
    """The desk, by name or slug, from site.yaml's `sections:`; any spelling that folds alike."""
    name = f.text(entry)
    if name is None:
        return None
    sections = f.config.sections
    if not sections:
        f.error(
            entry,
            f"section '{name}' is not in site.yaml: it has no sections: list yet; add "
            f"sections: [{{name: {name}}}] there, or remove section: here",
        )
        return None
    key = fold(name)
    for s in sections:
        if key in (s.key, s.slug):
            return SectionRef(s.name, s.slug)
    close = did_you_mean(name, [s.name for s in sections])
    hint = f"did you mean '{close}'?" if close else "known: " + ", ".join(s.name for s in sections)
    f.error(entry, f"unknown section '{name}'; {hint} (sections are listed in site.yaml)")
    return None


def read_authors(f: FieldReader, entry: Entry) -> tuple[AuthorRef, ...] | None:
    """One name or a list of names. A name in site.yaml's `authors:` takes its slug there;
    one missing from a registry that has names is a warning (a typo makes a stray page)."""
    values: list[tuple[Any, int, int]]
    if isinstance(entry.value, list):
        values = []
        for item in entry.node.value:
            ok, value = f.reader.construct(item)
            if ok:
                line = f.reader.line_offset + item.start_mark.line + 1
                values.append((value, line, item.start_mark.column + 1))
    else:
        values = [(entry.value, entry.value_line, entry.value_column)]
    registry = {a.key: a for a in f.config.authors}
    found: list[AuthorRef] = []
    for value, line, column in values:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            f.reader.problems.append(
                Problem(
                    f.reader.path,
                    line,
                    column,
                    f"'{entry.key}' must be a name or a list of names, e.g. "
                    f"{entry.key}: [Jane Doe, John Roe], got {describe(value)}",
                )
            )
            continue
        name = " ".join(value.split())
        known = registry.get(fold(name))
        if known is not None:
            ref = AuthorRef(known.name, known.slug, known=True)
        else:
            slug = slugify(name)
            if not slug:
                f.reader.problems.append(
                    Problem(
                        f.reader.path, line, column, f"author '{name}' has no letters or digits"
                    )
                )
                continue
            ref = AuthorRef(name, slug)
            if registry:
                close = did_you_mean(name, [a.name for a in registry.values()])
                hint = f"did you mean '{close}'? " if close else ""
                f.reader.problems.append(
                    Problem(
                        f.reader.path,
                        line,
                        column,
                        f"author '{name}' is not in site.yaml's authors: list; {hint}add "
                        "them there to give the page a bio",
                        severity=Severity.WARNING,
                    )
                )
        if all(r.slug != ref.slug for r in found):
            found.append(ref)
    return tuple(found)


def read_template(f: FieldReader, entry: Entry) -> str | None:
    """A layout file of the site's own, e.g. `template: contact.html`."""
    name = f.text(entry)
    if name is None:
        return None
    parts = name.split("/")
    if not name.endswith(".html") or not all(is_segment(p) for p in parts):
        f.error(
            entry,
            f"template '{name}' must be an .html file in layouts/, such as page.html or "
            "pages/contact.html",
        )
        return None
    return name


def read_figures(f: FieldReader, entry: Entry) -> tuple[FigureEntry, ...] | None:
    """Captions and credits of the body's images, keyed by the image as the body writes it:
    `figures: {map.png: {caption: ..., credit: ..., license: ...}}`. Whether each key is an
    image of the body is checked once the body is rendered (`figures.attach`)."""
    if not isinstance(entry.value, dict):
        f.error(
            entry,
            "'figures' must be a mapping from an image of the body to its credit, e.g. "
            f"figures: {{map.png: {{credit: Jane Doe, license: CC BY 4.0}}}}, got {describe(entry.value)}",
        )
        return None
    found: list[FigureEntry] = []
    for sub in f.reader.entries(entry.node, "figures"):
        fields = f.mapping(sub, FIGURE_KEYS)
        if fields is None:
            continue
        credit = f.credit(sub, "image", fields, "caption")
        if (credit.creator or credit.source) and not ({"license", "notice"} & fields.keys()):
            f.reader.problems.append(
                Problem(
                    f.reader.path,
                    sub.line,
                    sub.column,
                    f"figure '{sub.key}' has no license: or notice:; readers cannot tell "
                    "under which terms it is used",
                    severity=Severity.WARNING,
                )
            )
        found.append(FigureEntry(sub.key, sub.line, sub.column, credit))
    return tuple(found)


CHANGE_KEYS = ("date", "text")
_CHANGES = {
    # key: (what one entry is, an example text without commas, which YAML would split)
    "corrections": ("correction", "The minister was misnamed."),
    "updates": ("update", "Talks resumed on Tuesday."),
}


def read_changes(f: FieldReader, entry: Entry) -> tuple[Change, ...] | None:
    """`corrections:` or `updates:`: a list of `{date, text}`, oldest first. That no date
    is earlier than the article's is checked once the article's date is known (`parse`)."""
    kind, example = _CHANGES[entry.key]
    sample = f"{{date: 2022-03-01, text: {example}}}"
    if not isinstance(entry.value, list):
        f.error(
            entry,
            f"'{entry.key}' must be a list of dated notes, e.g. {entry.key}: [{sample}], "
            f"got {describe(entry.value)}",
        )
        return None
    found: list[Change] = []
    reader = f.reader
    for i, item in enumerate(entry.node.value):
        ok, value = reader.construct(item)
        if not ok:
            continue  # reported: `2022-02-30` is no date
        line = reader.line_offset + item.start_mark.line + 1
        column = item.start_mark.column + 1
        sub = Entry(f"{entry.key}[{i + 1}]", value, line, column, line, column, item)
        before = len(reader.problems)
        fields = f.mapping(sub, CHANGE_KEYS)
        if fields is None:
            continue
        missing = [k for k in CHANGE_KEYS if k not in fields]
        if missing:
            if len(reader.problems) == before:  # a `txt:` is told its name already
                f.error(
                    sub,
                    f"'{sub.key}' has no {' and no '.join(m + ':' for m in missing)}; each "
                    f"{kind} needs both, e.g. {sample}",
                )
            continue
        when = f.when(fields["date"])
        text = f.text(fields["text"])
        if when is not None and text is not None:
            date = fields["date"]
            found.append(Change(kind, when, text, date.value_line, date.value_column))
    return tuple(sorted(found, key=lambda c: c.date))


@dataclass(frozen=True)
class Field:
    """One front-matter key an article may have."""

    name: str
    read: Callable[[FieldReader, Entry], Any]
    doc: str
    required: bool = False
    default: Any = None
    """The value when the key is absent (never when it is present but wrong)."""


FIELDS: tuple[Field, ...] = (
    Field("title", read_text, "The headline.", required=True),
    Field(
        "date",
        read_date,
        "Publication time; a date alone means midnight, and times without a zone are read "
        "in the site timezone.",
        required=True,
    ),
    Field("updated", read_date, "When the article was last changed, if it was."),
    Field("summary", read_optional_text, "The standfirst, for listings and feeds.", default=""),
    Field("author", read_authors, "Who wrote it: a name or a list of names.", default=()),
    Field("tags", read_tags, "Topics; spellings that fold alike are one tag.", default=()),
    Field("slug", read_slug, "The last segment of its URL; made from the title if absent."),
    Field("draft", read_flag, "true keeps it off the site unless --drafts.", default=False),
    Field("image", read_image, "The lead image, with alt text and its credit."),
    Field("credits", read_credits, "Further sources and works to credit.", default=()),
    Field("aliases", read_aliases, "Old URLs that redirect to the article.", default=()),
    Field("section", read_section, "The desk (one of site.yaml's sections:), e.g. World."),
    Field("authors", read_authors, "The same as author: (one name or a list).", default=()),
    Field("template", read_template, "A layout of the site's own for this article or page."),
    Field(
        "expires",
        read_date,
        "When it leaves every page, feed and sitemap; read like date:, and later than it.",
    ),
    Field(
        "figures",
        read_figures,
        "Captions and credits of the body's images, by the path the body writes.",
        default=(),
    ),
    Field(
        "corrections",
        read_changes,
        "What the article got wrong, each {date, text}: shown on it and on /corrections/.",
        default=(),
    ),
    Field(
        "updates",
        read_changes,
        "News added after publication, each {date, text}: shown at the top of the article.",
        default=(),
    ),
)
BY_NAME = {f.name: f for f in FIELDS}
