"""Safe YAML mappings that remember where each key and value came from.

Both `site.yaml` and article front-matter are YAML mappings whose mistakes must be reported
with a line. PyYAML's constructors lose positions and raise bare `ValueError`s (an impossible
date such as 2022-02-30), so we compose nodes ourselves, refuse aliases (no expansion bombs),
nesting deeper than `MAX_DEPTH` (the composer recurses, and libyaml's would crash the process)
and control characters written as escapes (`"\\0"`), and construct each value separately,
turning every failure into a located `Problem`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from brief.errors import Problem

try:  # libyaml parses about ten times faster; the pure loader behaves the same.
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_DEPTH = 64
"""Lists and mappings nested deeper than this are refused; front-matter needs three."""

_STRUCTURE = re.compile(r"[\[{:-]")
"""What each level of nesting needs at least one of: so text with few of them is shallow."""

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters no page, feed or terminal should be given (tab and newline are fine)."""


@dataclass(frozen=True)
class Entry:
    """One `key: value` pair of a YAML mapping, with 1-based positions in the file."""

    key: str
    value: Any
    """The constructed Python value (str, int, bool, date, list, dict, None ...)."""
    line: int
    column: int
    value_line: int
    value_column: int
    node: yaml.Node
    """The value's node, for reading nested mappings with positions (see `entries`)."""


class MappingReader:
    """Reads one YAML document and hands out its mappings as located `Entry`s.

    `line_offset` is the number of file lines before the YAML text (the `---` line of
    front-matter), so positions point into the real file.
    """

    def __init__(self, text: str, path: str, line_offset: int = 0) -> None:
        self.path = path
        self.line_offset = line_offset
        self.problems: list[Problem] = []
        self.failed: set[str] = set()
        """Keys whose values could not be read (already reported), so not "missing"."""
        self._text = text
        self.root: yaml.Node | None = None
        deep = _too_deep(text)
        if deep is not None:
            self.problem(deep, f"lists or mappings nested more than {MAX_DEPTH} deep", "flatten it")
            return
        self._loader = _Loader(text)
        try:
            self.root = self._loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            reason = exc.problem or exc.context or "malformed YAML"
            at = _char_at(text, mark)
            self.problem(mark, f"malformed YAML: {reason}", hint=_yaml_hint(reason, at))
            self.root = None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow
            before = text[: exc.position]
            line = line_offset + before.count("\n") + 1
            col = exc.position - (before.rfind("\n") + 1) + 1
            self.problems.append(
                Problem(
                    path,
                    line,
                    col,
                    f"malformed YAML: character #x{exc.character:04x} is not allowed here; remove it",
                )
            )
            self.root = None
        except yaml.YAMLError as exc:
            self.problems.append(Problem(path, line_offset + 1, None, f"malformed YAML: {exc}"))
            self.root = None
        finally:
            self._loader.dispose()
        if self.root is not None and not self._plain_tree(self.root):
            self.root = None

    def problem(self, mark: Any, message: str, hint: str = "") -> None:
        line = self.line_offset + mark.line + 1 if mark is not None else self.line_offset + 1
        col = mark.column + 1 if mark is not None else None
        self.problems.append(Problem(self.path, line, col, message + (f"; {hint}" if hint else "")))

    def _plain_tree(self, root: yaml.Node) -> bool:
        """False, after saying why, for a tree with an alias or a control character.

        Aliases (`*name`) are how YAML bombs multiply, and news needs none. The composer
        resolves an alias to the very node object it names, so a node met twice while
        walking the tree is an alias. Control characters can only come from escapes
        (`"\\b"`; YAML refuses them written out), and are never meant.
        """
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                self.problem(
                    self._first_alias_mark() or node.start_mark,
                    "YAML aliases (*name) are not allowed",
                    "write the value out in full",
                )
                return False
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    stack.extend((k, v))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif (found := CONTROL.search(node.value)) is not None:
                self.problem(
                    node.start_mark,
                    f"this value contains {spelt(found.group())}, which no page can show",
                    "remove the escape that makes it",
                )
                return False
        return True

    def _first_alias_mark(self) -> Any:
        """Where the first `*alias` is written (the node graph only knows the anchor)."""
        for event in yaml.parse(self._text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark
        return None

    def construct(self, node: yaml.Node) -> tuple[bool, Any]:
        """Build the Python value of `node`; (False, None) after recording why it failed."""
        try:
            return True, self._loader.construct_object(node, deep=True)
        except ValueError as exc:
            node = _bad_date(node, self._loader) or node  # a date inside a list or mapping
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.problem(
                    node.start_mark,
                    f"'{node.value}' is not a real date ({exc})",
                    "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM",
                )
            else:
                self.problem(node.start_mark, f"invalid value '{node.value}': {exc}")
        except yaml.constructor.ConstructorError as exc:
            self.problem(
                exc.problem_mark or node.start_mark,
                f"unsupported YAML: {exc.problem}",
                "only plain YAML values are allowed (no !tags)",
            )
        except (TypeError, yaml.YAMLError) as exc:
            self.problem(node.start_mark, f"invalid YAML value: {exc}")
        return False, None

    def entries(self, node: yaml.Node | None, what: str) -> Iterator[Entry]:
        """The pairs of a mapping node; duplicate and non-text keys become problems."""
        if node is None:
            return
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node.start_mark,
                f"{what} must be a mapping of `key: value` lines, not {describe_node(node)}",
            )
            return
        seen: dict[str, int] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode) or knode.tag != "tag:yaml.org,2002:str":
                self.problem(
                    knode.start_mark, f"keys must be plain words, not {describe_node(knode)}"
                )
                continue
            key = str(knode.value)
            if key in seen:
                self.problem(
                    knode.start_mark,
                    f"key '{key}' is given twice (first on line {seen[key]})",
                    "remove one of them",
                )
                continue
            line = self.line_offset + knode.start_mark.line + 1
            seen[key] = line
            ok, value = self.construct(vnode)
            if not ok:
                self.failed.add(key)
                continue
            yield Entry(
                key=key,
                value=value,
                line=line,
                column=knode.start_mark.column + 1,
                value_line=self.line_offset + vnode.start_mark.line + 1,
                value_column=vnode.start_mark.column + 1,
                node=vnode,
            )

    def located(self, entry: Entry, message: str) -> Problem:
        """A problem about `entry`'s value."""
        return Problem(self.path, entry.value_line, entry.value_column, message)


def _bad_date(node: yaml.Node, loader: Any) -> yaml.Node | None:
    """The first timestamp under `node` that is no real date (`2022-02-30`), if any."""
    stack = [node]
    while stack:
        found = stack.pop(0)
        if isinstance(found, yaml.MappingNode):
            stack[:0] = [v for pair in found.value for v in pair]
        elif isinstance(found, yaml.SequenceNode):
            stack[:0] = found.value
        elif found.tag == "tag:yaml.org,2002:timestamp":
            try:
                loader.construct_yaml_timestamp(found)
            except ValueError:
                return found
    return None


def describe_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'"


def describe(value: Any) -> str:
    """How a YAML value reads to a writer, for 'expected text, got ...' messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def text_hint(entry: Entry) -> str:
    """Why a plain-looking value is not text in YAML, and how to quote it."""
    raw = entry.node.value if isinstance(entry.node, yaml.ScalarNode) else ""
    if isinstance(entry.value, bool):
        return (
            f'YAML 1.1 reads {raw!s} as a boolean; quote it to keep the word: {entry.key}: "{raw}"'
        )
    if isinstance(entry.value, int | float | dt.date):
        return f'quote it to keep it as text: {entry.key}: "{raw}"'
    return ""


def spelt(ch: str) -> str:
    """A character for an error message, spelt out when it would not show in a terminal."""
    if ch == " ":
        return "spaces"
    category = unicodedata.category(ch)
    if category[0] in "CZ":
        unnamed = "a control character" if category == "Cc" else "an invisible character"
        return f"U+{ord(ch):04X} ({unicodedata.name(ch, unnamed).lower()})"
    return f"'{ch}'"


def _too_deep(text: str) -> Any:
    """The mark where `text` nests past `MAX_DEPTH`, or None. Parsing events is iterative,
    so this is safe at any depth where composing is not."""
    if len(_STRUCTURE.findall(text)) <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # composing stops at the same place, no deeper, and reports it
    return None


def _char_at(text: str, mark: Any) -> str:
    """The character at a YAML error mark ("" past the end), for hints: libyaml's messages do
    not name it, where the pure loader's do."""
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _yaml_hint(reason: str, at: str = "") -> str:
    if "mapping values are not allowed" in reason:
        return "a value containing ': ' must be quoted"
    if "found character '\\t'" in reason or "tab" in reason or at == "\t":
        return "indent with spaces, not tabs"
    return ""
