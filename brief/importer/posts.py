"""Posts of another generator, read, and their front-matter mapped onto brief's fields.

A `Dialect` is the mapping table of one generator: for each brief field, the keys that
give it, in order of preference. `map_fields` runs the table over one post and returns
`Fields`: the values brief will write, which keys gave them, which were dropped, and
every problem located at the key's line. What a generator does beyond the table (where
its posts are, what their old URLs were, what its body markup means) lives in its own
module (`jekyll`, `hugo`).

Values that cannot be used are left out with a warning, except the two an article cannot
do without: a date that cannot be read, or is missing with none in the file name, is an
error; a missing title is made from the file name, as Jekyll does, with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief.errors import Problem, Severity
from brief.importer.dates import Moment, in_zone, read_moment
from brief.importer.matter import Kind, Matter
from brief.slugs import fold, slugify
from brief.yamlmap import describe

# --- the table ------------------------------------------------------------------------------

SINGLE = (
    "title",
    "date",
    "updated",
    "summary",
    "author",
    "slug",
    "draft",
    "published",
    "image",
    "url",
)
"""Fields that take the first key present; the other keys are reported as not used."""
MERGED = ("tags", "aliases")
"""Fields that take every key present, in the table's order."""


@dataclass(frozen=True)
class Dialect:
    """What one generator's front-matter keys mean to brief."""

    name: str
    """As printed: Jekyll, Hugo."""
    kinds: tuple[Kind, ...]
    """The front-matter languages its posts may use."""
    keys: dict[str, tuple[str, ...]]
    """brief field (or `published`, the opposite of `draft`, or `url`, the post's old
    address) -> the keys that give it, best first."""
    word_lists: frozenset[str] = frozenset()
    """Keys whose text value is a space-separated list (Jekyll's `tags: a b`)."""
    fold_keys: bool = False
    """Keys are read without regard to case (Hugo's `publishDate` is `publishdate`)."""


# --- what a generator module finds ------------------------------------------------------------


@dataclass(frozen=True)
class PostFile:
    """A post file of the old site, found but not read."""

    path: Path
    shown: str
    """As named to the user: the folder as given on the command line, then the file."""
    rel: str
    """Its path in the old site (posix, from the site folder): what `imported_from:`
    records and what `{% link %}` names."""
    name: str
    """The name its URL was made from: the file name without date and extension, or a
    Hugo bundle's folder."""
    name_date: dt.date | None = None
    """The date its file name starts with (`2013-05-06-...`), if any."""
    folders: tuple[str, ...] = ()
    """Categories its folders give it (Jekyll's `blog/_posts/`)."""


@dataclass(frozen=True)
class Post:
    """A post file read: its front-matter and body."""

    file: PostFile
    matter: Matter

    @property
    def shown(self) -> str:
        return self.file.shown


@dataclass(frozen=True)
class ImageRef:
    """The lead image a post names, before brief decides whether it can keep it."""

    src: str
    alt: str | None
    caption: str | None


@dataclass(frozen=True)
class Fields:
    """A post's front-matter as brief fields, with what was used and what was not."""

    title: str | None
    date: Moment | None
    updated: Moment | None = None
    summary: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    slug: str | None = None
    """A `slug:` the post gives; None: from its file name."""
    draft: bool = False
    image: ImageRef | None = None
    aliases: tuple[str, ...] = ()
    """Old addresses it lists (`aliases`, `redirect_from`), as written."""
    url: str | None = None
    """The old address it gives itself (`permalink`, `url`), as written."""
    lines: dict[str, int] = field(default_factory=dict)
    """The line of the key that gave each field."""
    mapped: tuple[str, ...] = ()
    """What was mapped, for the report: `title`, `category -> tags`."""
    dropped: tuple[str, ...] = ()
    """Keys no brief field takes."""
    unused: tuple[str, ...] = ()
    """Keys for a field another key already gave."""
    problems: tuple[Problem, ...] = ()


def warn(shown: str, line: int | None, message: str, code: str) -> Problem:
    """A warning of the import, with its kind (`code`) for the report."""
    return Problem(shown, line, None, message, Severity.WARNING, code)


def config_zone(
    value: Any, where: str, line: int | None, key: str, problems: list[Problem]
) -> zoneinfo.ZoneInfo | None:
    """An old site's configured timezone (`key` as that generator spells it), or None with a
    warning in `problems` for one Python does not know."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return zoneinfo.ZoneInfo(value.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(
            warn(
                where,
                line,
                f"unknown {key} '{value}'; times without a zone are read as written",
                "config",
            )
        )
        return None


def map_fields(post: Post, dialect: Dialect, zone: zoneinfo.ZoneInfo | None) -> Fields:
    """Run `dialect`'s table over `post`. `zone`: the old site's timezone, in which times
    written without one were meant."""
    values, lines = post.matter.values, post.matter.lines
    by_key = {(k.lower() if dialect.fold_keys else k): k for k in values}
    reader = _Reader(post.shown, dialect)
    got: dict[str, Any] = {}
    used: set[str] = set()
    mapped: list[str] = []
    unused: list[str] = []
    for name, keys in dialect.keys.items():
        for wanted in keys:
            key = by_key.get(wanted.lower() if dialect.fold_keys else wanted)
            if key is None:
                continue
            used.add(key)
            if name in SINGLE and name in got:
                unused.append(key)
                continue
            value = READERS[name](reader, key, values[key], lines.get(key))
            if value is None:
                continue
            shown_as = _shown_field(name)
            named = key.lower() if dialect.fold_keys else key
            mapped.append(named if named == shown_as else f"{named} -> {shown_as}")
            reader.lines.setdefault(_shown_field(name), lines.get(key, 1))
            if name in MERGED:
                got[name] = (*got.get(name, ()), *value)
            else:
                got[name] = value
    if post.file.folders:
        got["tags"] = (*post.file.folders, *got.get("tags", ()))
        mapped.append("folders -> tags")
    date = got.get("date")
    if date is None and "date" not in reader.failed and post.file.name_date is not None:
        date = post.file.name_date
        mapped.append("file name -> date")
    if date is None and "date" not in reader.failed:
        bundle = post.file.path.parent.name == post.file.name  # Hugo's folder/index.md
        where = (
            f"folder name with it (YYYY-MM-DD-{post.file.name}/)"
            if bundle
            else (f"file name with it (YYYY-MM-DD-{post.file.name or 'title'}.md)")
        )
        reader.error(1, f"no date: add date: to the front-matter, or start the {where}")
    title = got.get("title")
    if title is None and "title" not in reader.failed:
        title = titleize(post.file.name)
        if title:
            reader.warn(
                1,
                f"no title: '{title}' is made from the file name; check it",
                "title",
            )
        else:
            reader.error(1, "no title, and none can be made from the file name: add title:")
    draft = got.get("draft", False) or got.get("published") is False
    return Fields(
        title=title,
        date=in_zone(date, zone),
        updated=in_zone(got.get("updated"), zone),
        summary=got.get("summary"),
        author=got.get("author"),
        tags=_unique_tags(got.get("tags", ())),
        slug=got.get("slug"),
        draft=bool(draft),
        image=got.get("image"),
        aliases=got.get("aliases", ()),
        url=got.get("url"),
        lines=reader.lines,
        mapped=tuple(mapped),
        dropped=tuple(k for k in values if k not in used),
        unused=tuple(unused),
        problems=tuple(reader.problems),
    )


def _shown_field(name: str) -> str:
    return {"published": "draft", "url": "aliases"}.get(name, name)


def titleize(name: str) -> str:
    """A title from a file name, as Jekyll makes one: `my-first-post` -> `My First Post`."""
    return " ".join(word.capitalize() for word in re.split(r"[-_\s]+", name) if word)


def _unique_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for tag in tags:
        if fold(tag) not in seen:
            seen.add(fold(tag))
            out.append(tag)
    return tuple(out)


# --- reading one value ----------------------------------------------------------------------


class _Reader:
    """Reads single values, recording problems at the key's line."""

    def __init__(self, shown: str, dialect: Dialect) -> None:
        self.shown = shown
        self.dialect = dialect
        self.problems: list[Problem] = []
        self.failed: set[str] = set()
        self.lines: dict[str, int] = {}

    def error(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.shown, line, None, message))

    def warn(self, line: int | None, message: str, code: str) -> None:
        self.problems.append(warn(self.shown, line, message, code))

    def left_out(self, key: str, line: int | None, what: str, value: Any) -> None:
        self.warn(line, f"'{key}' must be {what}, got {describe(value)}; left out", "value")


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _read_title(r: _Reader, key: str, value: Any, line: int | None) -> str | None:
    text = _text(value)
    if text is None and value not in (None, ""):
        r.failed.add("title")
        r.error(line, f"'{key}' must be text, got {describe(value)}")
    return text


def _read_text(r: _Reader, key: str, value: Any, line: int | None) -> str | None:
    text = _text(value)
    if text is None and value not in (None, ""):
        r.left_out(key, line, "text", value)
    return text


def _read_date(r: _Reader, key: str, value: Any, line: int | None) -> Moment | None:
    moment, note = read_moment(value)
    if moment is None:
        r.failed.add("date")
        r.error(line, f"cannot read the date '{value}': {note}")
    elif note:
        r.warn(line, f"the date '{value}' is {note}; check it", "date")
    return moment


def _read_updated(r: _Reader, key: str, value: Any, line: int | None) -> Moment | None:
    moment, note = read_moment(value)
    if moment is None:
        r.warn(line, f"cannot read the date '{value}' of '{key}': {note}; left out", "date")
    elif note:
        r.warn(line, f"the date '{value}' of '{key}' is {note}; check it", "date")
    return moment


def _read_flag(r: _Reader, key: str, value: Any, line: int | None) -> bool | None:
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if not isinstance(value, bool):
        r.left_out(key, line, "true or false", value)
        return None
    return value


def _read_author(r: _Reader, key: str, value: Any, line: int | None) -> str | None:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name is None:
            r.left_out(key, line, "a name, or a list of names", item)
            continue
        names.append(name)
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _read_tags(r: _Reader, key: str, value: Any, line: int | None) -> tuple[str, ...] | None:
    if isinstance(value, str):
        items: list[Any] = value.split() if key.lower() in r.dialect.word_lists else [value]
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    tags = []
    for item in items:
        tag = _text(item)
        if tag is None:
            r.left_out(key, line, "text or a list of words", item)
        elif not slugify(tag):
            r.warn(
                line, f"tag '{tag}' has no letters or digits to make a URL from; left out", "tag"
            )
        else:
            tags.append(tag)
    return tuple(tags) if tags else None


def _read_urls(r: _Reader, key: str, value: Any, line: int | None) -> tuple[str, ...] | None:
    items = value if isinstance(value, list) else [value]
    urls = []
    for item in items:
        if isinstance(item, str) and item.strip():
            urls.append(item.strip())
        else:
            r.left_out(key, line, "a path such as /old/url/, or a list of them", item)
    return tuple(urls) if urls else None


def _read_url(r: _Reader, key: str, value: Any, line: int | None) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    r.left_out(key, line, "a path such as /old/url/", value)
    return None


IMAGE_SRC_KEYS = ("src", "path", "url", "image", "file")


def _read_image(r: _Reader, key: str, value: Any, line: int | None) -> ImageRef | None:
    if isinstance(value, list):  # Hugo's images: [...], of which pages show the first
        value = value[0] if value else None
    if isinstance(value, str) and value.strip():
        return ImageRef(value.strip(), None, None)
    if isinstance(value, dict):
        src = next((value[k] for k in IMAGE_SRC_KEYS if isinstance(value.get(k), str)), None)
        if src and src.strip():
            return ImageRef(src.strip(), _text(value.get("alt")), _text(value.get("caption")))
    r.left_out(key, line, f"a path or URL (or a mapping with {', '.join(IMAGE_SRC_KEYS)})", value)
    return None


Read = Callable[[_Reader, str, Any, int | None], Any]
READERS: dict[str, Read] = {
    "title": _read_title,
    "date": _read_date,
    "updated": _read_updated,
    "summary": _read_text,
    "author": _read_author,
    "tags": _read_tags,
    "slug": _read_text,
    "draft": _read_flag,
    "published": _read_flag,
    "image": _read_image,
    "aliases": _read_urls,
    "url": _read_url,
}


# --- the report -----------------------------------------------------------------------------


@dataclass
class Tally:
    """What an import did, counted for its closing report."""

    mapped: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    unused: Counter[str] = field(default_factory=Counter)
    converted: Counter[str] = field(default_factory=Counter)

    def add(self, fields: Fields) -> None:
        self.mapped.update(set(fields.mapped))
        self.dropped.update(fields.dropped)
        self.unused.update(fields.unused)
