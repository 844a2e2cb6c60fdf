"""Other generators' front-matter: YAML between `---` lines, TOML between `+++` lines, or a
JSON object, each read into plain values with the file line of every top-level key.

brief's own `content.frontmatter` knows only `---` YAML and says so; a Jekyll or Hugo post
needs all three, and its mistakes must still be reported at their line, because the whole
import stops on them. YAML goes through `yamlmap.MappingReader` (located, no aliases, no
tags); TOML through `tomllib` and JSON through `json`, whose errors carry a line too. The
same readers read the old site's configuration file.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from brief.errors import Problem
from brief.yamlmap import MappingReader


class Kind(StrEnum):
    """The language of a front-matter block or a config file; prints as its name."""

    YAML = "YAML"
    TOML = "TOML"
    JSON = "JSON"


FENCES = {"---": Kind.YAML, "+++": Kind.TOML}


@dataclass(frozen=True)
class Matter:
    """A post file cut into its front-matter values and its Markdown body."""

    kind: Kind
    values: dict[str, Any]
    """Top-level keys as written (case kept), with Python values (dates as datetimes)."""
    lines: dict[str, int]
    """The 1-based file line of each key in `values`, for messages about it."""
    body: str
    body_offset: int
    """How many file lines come before the body: body line 1 is file line offset + 1."""


def split_matter(text: str, shown: str, kinds: tuple[Kind, ...]) -> Matter | list[Problem]:
    """Front-matter and body of a post, or why it cannot be read.

    Blank lines before the front-matter are allowed (Hugo allows them; Jekyll's own posts
    never have them, so this changes nothing there).
    """
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    opener = lines[first].rstrip() if first is not None else ""
    kind = FENCES.get(opener)
    if kind is None and opener.startswith("{"):
        kind = Kind.JSON
    if kind is None or kind not in kinds or first is None:
        return [Problem(shown, 1, 1, f"no front-matter: {_expected(kinds)}")]
    if kind is Kind.JSON:
        return _json_matter(text, shown, sum(len(line) + 1 for line in lines[:first]))
    for end in range(first + 1, len(lines)):
        if lines[end].rstrip() == opener or (kind is Kind.YAML and lines[end].rstrip() == "..."):
            inner = "\n".join(lines[first + 1 : end])
            found = read_mapping(inner, shown, kind, first + 1, "front-matter")
            if isinstance(found, list):
                return found
            values, keys = found
            return Matter(kind, values, keys, "\n".join(lines[end + 1 :]), end + 1)
    return [
        Problem(
            shown,
            first + 1,
            1,
            f"front-matter opened on line {first + 1} is never closed; add a line "
            f"'{opener}' after it",
        )
    ]


def _expected(kinds: tuple[Kind, ...]) -> str:
    ways = {
        Kind.YAML: "'---' (YAML)",
        Kind.TOML: "'+++' (TOML)",
        Kind.JSON: "'{' (JSON)",
    }
    listed = [ways[k] for k in kinds]
    either = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " or " + listed[-1]
    return f"a post starts with a line {either}, then title: and date:, then the closing line"


def read_mapping(
    text: str, shown: str, kind: Kind, line_offset: int = 0, what: str = "the config"
) -> tuple[dict[str, Any], dict[str, int]] | list[Problem]:
    """(values, line of each key) of a YAML, TOML or JSON mapping, or its problems.

    `line_offset`: file lines before `text`, so lines point into the file; `what`: the
    mapping as messages name it.
    """
    if kind is Kind.YAML:
        return _yaml_mapping(text, shown, line_offset, what)
    if kind is Kind.TOML:
        return _toml_mapping(text, shown, line_offset)
    return _json_mapping(text, shown, line_offset)


def _yaml_mapping(
    text: str, shown: str, line_offset: int, what: str
) -> tuple[dict[str, Any], dict[str, int]] | list[Problem]:
    reader = MappingReader(text, shown, line_offset)
    values: dict[str, Any] = {}
    keys: dict[str, int] = {}
    for entry in reader.entries(reader.root, what):
        values[entry.key] = entry.value
        keys[entry.key] = entry.line
    if reader.problems:
        return list(reader.problems)
    return values, keys


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
_TOML_KEY = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")
_TOML_TABLE = re.compile(r"""\s*\[\[?\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))""")


def _toml_mapping(
    text: str, shown: str, line_offset: int
) -> tuple[dict[str, Any], dict[str, int]] | list[Problem]:
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _TOML_AT.search(message)
        if at is not None:
            line, column = int(at.group(1)), int(at.group(2))
            message = message[: at.start()]
        else:
            line, column = text.count("\n") + 1, 1
            message = _TOML_END.sub("", message)
        return [Problem(shown, line_offset + line, column, f"malformed TOML: {message}")]
    return values, _toml_lines(text, line_offset)


def _toml_lines(text: str, line_offset: int) -> dict[str, int]:
    """The line of each top-level key: `key = ...` before the first table, and the first
    `[key]` or `[key.sub]` header after it. tomllib keeps no positions."""
    keys: dict[str, int] = {}
    in_table = False
    for number, line in enumerate(text.split("\n"), line_offset + 1):
        table = _TOML_TABLE.match(line)
        if table is not None and line.lstrip().startswith("["):
            in_table = True
            name = next(g for g in table.groups() if g is not None)
            keys.setdefault(name, number)
            continue
        if in_table:
            continue
        key = _TOML_KEY.match(line)
        if key is not None:
            keys.setdefault(next(g for g in key.groups() if g is not None), number)
    return keys


def _json_matter(text: str, shown: str, start: int) -> Matter | list[Problem]:
    try:
        values, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        return [Problem(shown, exc.lineno, exc.colno, f"malformed JSON: {exc.msg}")]
    if not isinstance(values, dict):
        return [Problem(shown, 1, 1, 'JSON front-matter must be an object of "key": value pairs')]
    head = text[:end]
    rest = text[end:]
    offset = head.count("\n") + 1  # the line holding the closing brace
    body = rest.split("\n", 1)[1] if "\n" in rest else ""
    return Matter(Kind.JSON, values, _json_lines(head, values, start), body, offset)


def _json_mapping(
    text: str, shown: str, line_offset: int
) -> tuple[dict[str, Any], dict[str, int]] | list[Problem]:
    try:
        values = json.loads(text)
    except json.JSONDecodeError as exc:
        return [Problem(shown, line_offset + exc.lineno, exc.colno, f"malformed JSON: {exc.msg}")]
    if not isinstance(values, dict):
        return [Problem(shown, line_offset + 1, 1, 'must be a JSON object of "key": value pairs')]
    return values, {k: line_offset + line for k, line in _json_lines(text, values, 0).items()}


def _json_lines(text: str, values: dict[str, Any], start: int) -> dict[str, int]:
    """The line of each top-level key: where `"key":` is first written (json keeps no
    positions; a nested key of the same name written earlier would be taken, which only
    makes a message point a few lines early)."""
    keys: dict[str, int] = {}
    for key in values:
        found = re.compile(re.escape(json.dumps(key)) + r"\s*:").search(text, start)
        keys[key] = text.count("\n", 0, found.start()) + 1 if found else 1
    return keys
