"""Problems found in a user's site, and the one exception that carries them.

Every stage collects `Problem`s instead of stopping at the first, so a writer sees all
mistakes of a run at once, each in the `path:line:col: error: message` form that editors
and terminals turn into links.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TextIO


class Severity(StrEnum):
    """How bad a problem is; prints as its value (`error`, `warning`)."""

    ERROR = "error"
    """Fails the run."""
    WARNING = "warning"
    """Reported; the run goes on."""


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the user's input, located as precisely as we know it."""

    path: str
    """The file, as shown to the user (relative to the site folder where possible)."""
    line: int | None = None
    """1-based line in `path`, or None when the problem is about the file as a whole."""
    column: int | None = None
    """1-based column, when known."""
    message: str = ""
    severity: Severity = Severity.ERROR
    code: str = ""
    """A stable name for the kind of problem, for machines and `checks:` switches (an
    editorial check's name, such as `broken-link`); empty where none was given."""

    def format(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"


class BriefError(Exception):
    """A run that cannot go on because of the user's input; `problems` says why.

    `exit_code` is 1 for mistakes in content, config or templates, as the CLI promises.
    """

    exit_code = 1

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def formatted(problems: Iterable[Problem]) -> list[str]:
    """Problems as printed, ordered by file and place: the terminal and the preview's error
    overlay show the same lines."""
    ordered = sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0, p.message))
    return [p.format() for p in ordered]


def report(problems: Iterable[Problem], stream: TextIO) -> None:
    """Print problems as `formatted` lays them out."""
    for line in formatted(problems):
        print(line, file=stream)


def summary(problems: Iterable[Problem]) -> str:
    """`3 errors, 1 warning` - the closing line of a failed run."""
    probs = list(problems)
    errors = sum(1 for p in probs if p.severity is Severity.ERROR)
    warnings = len(probs) - errors
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


SUGGEST_CUTOFF = 0.8
"""How alike (difflib's ratio, 0 to 1) a word must be to a known one to be suggested: high
enough that `subtitle` is not taken for `title`, low enough for `paginat` or `base-url`."""


def did_you_mean(word: str, known: Sequence[str]) -> str | None:
    """The known word `word` was most likely meant to be, for a "did you mean ...?" hint.

    The one helper for every such hint (site.yaml keys, front-matter fields, command names),
    so all of them suggest alike.
    """
    close = difflib.get_close_matches(word, known, n=1, cutoff=SUGGEST_CUTOFF)
    return close[0] if close else None


_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")
_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|ACCESS_KEY|API_KEY", re.I)


def redact(text: str) -> str:
    """`text` without the password or token of any URL, and without the value of any
    environment variable whose name says it is secret (a token in a remote URL, an AWS key
    echoed by a tool). Here at the edge, because deploy and the shared build cache both
    print what a remote said."""
    text = _USERINFO.sub(lambda m: m.group("scheme") + "***@", text)
    for name, value in os.environ.items():
        if len(value) >= 6 and _SECRET_NAME.search(name) and value in text:
            text = text.replace(value, "***")
    return text
