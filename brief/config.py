"""`site.yaml`: read once, checked once, handed to every stage as a frozen `SiteConfig`.

Every key is declared below with its type and meaning; an unknown key is an error that
suggests the closest known one, and every problem names the key and its line.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from brief.errors import BriefError, Problem, did_you_mean
from brief.yamlmap import Entry, MappingReader, describe, text_hint

CONFIG_NAME = "site.yaml"
MAX_CONFIG_BYTES = 256 * 1024
PERMALINK_FIELDS = ("year", "month", "day", "slug")


@dataclass(frozen=True)
class Person:
    """An author or publisher: a name and, optionally, a home page."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class MarkdownOptions:
    html: bool = False
    """Pass raw HTML in articles through. Off: it is shown escaped, as text."""
    typographer: bool = True
    """Curly quotes and real dashes, as news copy wants."""
    anchors: bool = True
    """Give headings ids so they can be linked to."""


@dataclass(frozen=True)
class FeedOptions:
    entries: int = 20
    """How many of the latest articles each Atom feed carries."""
    content: str = "full"
    """`full` puts the article body in the feed; `summary` only the standfirst."""


@dataclass(frozen=True)
class SiteConfig:
    """The whole site configuration, validated. Paths are absolute."""

    root: Path
    """The site folder: the one holding site.yaml."""
    title: str
    base_url: str
    """Absolute URL of the site's home, always ending in `/`."""
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    author: Person | None = None
    publisher: Person | None = None
    copyright: str = ""
    """The site's own notice or licence for its text, shown in every page footer."""
    paginate: int = 10
    permalink: str = "/{year}/{month}/{day}/{slug}/"
    output: str = "public"
    date_format: str = "%-d %B %Y"
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)
    feed: FeedOptions = field(default_factory=FeedOptions)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def layouts_dir(self) -> Path:
        return self.root / "layouts"

    @property
    def output_dir(self) -> Path:
        return (self.root / self.output).resolve()

    @property
    def base_path(self) -> str:
        """The path part of base_url (`/` or `/project/`): where the site lives on its host."""
        return urlsplit(self.base_url).path or "/"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


# --- validators: each returns (value, error message or "") -------------------------------

Check = Callable[[Entry], tuple[Any, str]]


def _text(entry: Entry) -> tuple[Any, str]:
    if isinstance(entry.value, str):
        return entry.value.strip(), ""
    hint = text_hint(entry)
    return None, f"'{entry.key}' must be text, got {describe(entry.value)}" + (
        f"; {hint}" if hint else ""
    )


def _bool(entry: Entry) -> tuple[Any, str]:
    if isinstance(entry.value, bool):
        return entry.value, ""
    return None, f"'{entry.key}' must be true or false, got {describe(entry.value)}"


def _positive_int(entry: Entry) -> tuple[Any, str]:
    v = entry.value
    if isinstance(v, int) and not isinstance(v, bool) and v >= 1:
        return v, ""
    return None, f"'{entry.key}' must be a whole number of at least 1, got {describe(v)}"


def _base_url(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    return check_base_url(value)


def check_base_url(value: str) -> tuple[str, str]:
    """`value` normalised to end in `/`, or an error message."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "", (
            f"'base_url' must be an absolute http(s) URL such as https://example.org/, got '{value}'"
        )
    if parts.query or parts.fragment:
        return "", "'base_url' must not have a query or fragment"
    return value if value.endswith("/") else value + "/", ""


def _timezone(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None, f"unknown timezone '{value}'; use an IANA name such as Europe/Berlin or UTC"
    return value, ""


def _permalink(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    names = re.findall(r"{([^{}]*)}", value)
    unknown = [n for n in names if n not in PERMALINK_FIELDS]
    if unknown:
        return None, (
            f"unknown placeholder {{{unknown[0]}}} in permalink; "
            f"use {', '.join('{' + f + '}' for f in PERMALINK_FIELDS)}"
        )
    if "slug" not in names:
        return None, "permalink must contain {slug}, or articles would share one URL"
    if not value.startswith("/") or not value.endswith("/"):
        return (
            None,
            f"permalink must start and end with '/', e.g. /{{year}}/{{slug}}/, got '{value}'",
        )
    if any(part in (".", "..") for part in value.split("/")):
        return None, "permalink must not contain '.' or '..' segments"
    return value, ""


def _output(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    if not value:
        return None, "'output' must name a folder, such as public"
    return value, ""


def _feed_content(entry: Entry) -> tuple[Any, str]:
    if entry.value in ("full", "summary"):
        return entry.value, ""
    return None, f"'content' must be 'full' or 'summary', got {describe(entry.value)}"


def _date_format(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    if "%" not in value:
        return None, "'date_format' must be a strftime pattern such as '%-d %B %Y'"
    return value, ""


# Declared keys. A nested mapping is a dict of its own keys.
Spec = dict[str, "Check | Spec"]
PERSON: Spec = {"name": _text, "url": _text}
SPEC: Spec = {
    "title": _text,
    "description": _text,
    "base_url": _base_url,
    "language": _text,
    "timezone": _timezone,
    "author": PERSON,
    "publisher": PERSON,
    "copyright": _text,
    "paginate": _positive_int,
    "permalink": _permalink,
    "output": _output,
    "date_format": _date_format,
    "markdown": {"html": _bool, "typographer": _bool, "anchors": _bool},
    "feed": {"entries": _positive_int, "content": _feed_content},
}
REQUIRED = ("title", "base_url")


def _read(reader: MappingReader, node: Any, spec: Spec, where: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for entry in reader.entries(node, where):
        check = spec.get(entry.key)
        if check is None:
            close = did_you_mean(entry.key, list(spec))
            hint = f"; did you mean '{close}'?" if close else f"; known keys: {', '.join(spec)}"
            prefix = f"in '{where}', " if where != "site.yaml" else ""
            reader.problems.append(
                Problem(
                    reader.path,
                    entry.line,
                    entry.column,
                    f"{prefix}unknown key '{entry.key}'{hint}",
                )
            )
        elif isinstance(check, dict):
            if entry.value is None:
                continue
            values[entry.key] = _read(reader, entry.node, check, entry.key)
        else:
            value, err = check(entry)
            if err:
                reader.problems.append(reader.located(entry, err))
            else:
                values[entry.key] = value
    return values


def _person(
    values: dict[str, Any] | None, key: str, path: str, problems: list[Problem]
) -> Person | None:
    if values is None:
        return None
    if not values.get("name"):
        problems.append(Problem(path, None, None, f"'{key}' needs a 'name'"))
        return None
    return Person(name=values["name"], url=values.get("url") or None)


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> SiteConfig:
    """Read `root/site.yaml` into a `SiteConfig`, or raise `BriefError` with every problem."""
    root = root.resolve()
    path = root / CONFIG_NAME
    shown = CONFIG_NAME
    if not path.is_file():
        raise BriefError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    "no site.yaml here; run brief in the site folder or pass --source DIR",
                )
            ]
        )
    raw = path.read_bytes()
    if len(raw) > MAX_CONFIG_BYTES:
        raise BriefError(
            [Problem(shown, None, None, f"site.yaml is larger than {MAX_CONFIG_BYTES} bytes")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    f"not valid UTF-8 at byte {exc.start}; save the file as UTF-8",
                )
            ]
        ) from None
    reader = MappingReader(text, shown)
    if reader.root is None and not reader.problems:  # empty, or only comments
        raise BriefError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    "site.yaml is empty; it needs at least title: and base_url:, e.g. "
                    "title: My Brief and base_url: https://example.org/",
                )
            ]
        )
    values = _read(reader, reader.root, SPEC, "site.yaml") if reader.root is not None else {}
    problems = reader.problems
    values.update(overrides or {})
    for key in REQUIRED if isinstance(reader.root, yaml.MappingNode) else ():
        if (
            key not in values
            and key not in reader.failed
            and not any(f"'{key}'" in p.message for p in problems)
        ):
            problems.append(Problem(shown, 1, None, f"missing required key '{key}'"))
    if problems:
        raise BriefError(problems)
    kwargs = dict(values)
    kwargs["author"] = _person(values.get("author"), "author", shown, problems)
    kwargs["publisher"] = _person(values.get("publisher"), "publisher", shown, problems)
    kwargs["markdown"] = MarkdownOptions(**values.get("markdown", {}))
    kwargs["feed"] = FeedOptions(**values.get("feed", {}))
    if problems:
        raise BriefError(problems)
    return SiteConfig(root=root, **kwargs)
