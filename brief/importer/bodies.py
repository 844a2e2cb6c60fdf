"""What converting a post body needs, whatever the generator: positions turned into file
lines, fenced code written safely, and the list of what was kept as written.

brief never runs a template engine over article text, so markup another generator ran
(Liquid, shortcodes) is either converted into Markdown or kept as written, and then shows
as text; everything kept is reported with its line, never dropped quietly.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from brief.errors import Problem, Severity

MORE = re.compile(
    r"^ {0,3}<!--\s*more\s*-->[ \t]*(?:\n[ \t]*(?=\n))*(?:\n|$)", re.MULTILINE | re.IGNORECASE
)
"""The summary divider of Hugo and of most Jekyll sites (`excerpt_separator`): it marks
where the listing's excerpt ends, and would show as text in brief."""


@dataclass(frozen=True)
class BodyContext:
    """One post's body being converted."""

    shown: str
    offset: int
    """File lines before the body."""
    link: Callable[[str], str | None]
    """A generator's key for another post (`post_url:2013-05-06-x`) -> the link from this
    article's new page to that post's, or None when no post of the import has that key."""


@dataclass(frozen=True)
class Converted:
    """A body in brief's Markdown, what was converted (counted), and what was not."""

    text: str
    problems: tuple[Problem, ...] = ()
    converted: Counter[str] = field(default_factory=Counter)


class Lines:
    """Offsets in a body as file lines and columns."""

    def __init__(self, body: str, offset: int) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", body))]
        self.offset = offset

    def line(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) + self.offset

    def column(self, pos: int) -> int:
        return pos - self.starts[bisect.bisect_right(self.starts, pos) - 1] + 1


def shown_construct(text: str, limit: int = 60) -> str:
    """A construct as a message quotes it: on one line, cut if long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Kept:
    """Constructs kept as written, reported one warning per line."""

    def __init__(self, ctx: BodyContext, lines: Lines) -> None:
        self.ctx = ctx
        self.lines = lines
        self.by_line: dict[int, list[tuple[int, str]]] = {}

    def add(self, pos: int, text: str) -> None:
        self.by_line.setdefault(self.lines.line(pos), []).append(
            (self.lines.column(pos), shown_construct(text))
        )

    def problems(self, what: str, code: str) -> list[Problem]:
        """`what`: why these show as text, e.g. "brief does not run Liquid"."""
        out = []
        for line, found in sorted(self.by_line.items()):
            listed = ", ".join(text for _, text in found)
            message = f"kept as written, {what}: {listed}"
            out.append(Problem(self.ctx.shown, line, found[0][0], message, Severity.WARNING, code))
        return out


_FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)


def fenced_ranges(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the fenced code blocks of a Markdown body; an unclosed one
    runs to the end, as CommonMark reads it."""
    ranges = []
    open_at: int | None = None
    mark = ""
    for found in _FENCE_LINE.finditer(body):
        run = found.group(1)
        if open_at is None:
            open_at, mark = found.start(), run
        elif run[0] == mark[0] and len(run) >= len(mark):
            line_end = body.find("\n", found.end())
            rest = body[found.end() : line_end if line_end >= 0 else len(body)]
            if not rest.strip():
                ranges.append((open_at, line_end if line_end >= 0 else len(body)))
                open_at = None
    if open_at is not None:
        ranges.append((open_at, len(body)))
    return ranges


def inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(start <= pos < end for start, end in ranges)


def fence(code: str, lang: str, indent: str = "") -> str:
    """`code` as a fenced block, its fence longer than any run of backticks in it, so the
    code cannot close it early. Ends with a newline."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    mark = "`" * max(3, longest + 1)
    lines = code.split("\n")
    return f"{indent}{mark}{lang}\n" + "\n".join(lines) + f"\n{indent}{mark}\n"


def line_bounds(body: str, start: int, end: int) -> tuple[int, int] | None:
    """(start of the line holding `start`, end of the line holding `end` with its newline)
    when nothing but spaces stands beside the span on its lines, else None: the span is a
    block of its own."""
    begin = body.rfind("\n", 0, start) + 1
    stop = body.find("\n", end)
    stop = len(body) if stop < 0 else stop + 1
    if body[begin:start].strip() or body[end:stop].strip():
        return None
    return begin, stop


def drop_more(body: str) -> tuple[str, int]:
    """The body without its `<!--more-->` lines (those outside code), and how many there
    were."""
    fences = fenced_ranges(body)
    count = 0

    def blank(found: re.Match[str]) -> str:
        nonlocal count
        if inside(fences, found.start()):
            return found.group()
        count += 1
        return ""

    return MORE.sub(blank, body), count
