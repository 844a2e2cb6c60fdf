"""Wire copy: the plain-text stories agencies deliver, read into a `WireStory`.

A wire file is UTF-8 text: the headline on its first line, the standfirst on the second,
then one paragraph per line, and optionally, last, a line crediting the image (see
`credits.is_credit_line`). Blank lines are ignored and each line is taken without the
spaces around it. Every mistake becomes a `Problem` naming the file and its line, so a bad
file is reported, never half-imported.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from brief.content.sources import Source, decode
from brief.errors import Problem, has_errors
from brief.importer.credits import ImageCredit, is_credit_line, read_credit
from brief.paths import is_noise
from brief.slugs import fold
from brief.yamlmap import CONTROL, spelt

WIRE_SUFFIX = ".txt"
MAX_WIRE_BYTES = 1024 * 1024
"""A story is a few kilobytes; a bigger file is something else given by mistake."""
SHAPE = "a headline line, a standfirst line, then one paragraph per line"


@dataclass(frozen=True)
class Line:
    """One line of a wire file, with its 1-based number for messages."""

    text: str
    number: int


@dataclass(frozen=True)
class WireStory:
    """A wire file read: its parts, or the problems that stop it from being imported."""

    path: Path
    shown: str
    """The file as named to the user: as given on the command line, or folder/name."""
    headline: Line | None = None
    standfirst: Line | None = None
    paragraphs: tuple[Line, ...] = ()
    credit: ImageCredit | None = None
    problems: tuple[Problem, ...] = field(default=())
    """Errors (nothing is imported) and warnings (a credit kept as written)."""

    @property
    def ok(self) -> bool:
        return self.headline is not None and not has_errors(self.problems)

    @property
    def name(self) -> str:
        """What an article records in `imported_from:`: re-imports find it by this name."""
        return self.path.name

    def copy(self) -> str:
        """The words of the story, credit left out: what tags are suggested from."""
        lines = [self.headline, self.standfirst, *self.paragraphs]
        return "\n".join(line.text for line in lines if line is not None)


def parse_wire(source: Source) -> WireStory:
    """The parts of a decoded wire file."""
    shown = source.shown
    raw = source.text.split("\n")
    numbered = [Line(text.strip(), n) for n, text in enumerate(raw, 1) if text.strip()]
    if not numbered:
        return _failed(source, Problem(shown, None, None, f"empty file; wire copy is {SHAPE}"))
    unshowable = [
        Problem(
            shown,
            line.number,
            raw[line.number - 1].index(found.group()) + 1,
            f"this line contains {spelt(found.group())}, which no page can show; remove it",
        )
        for line in numbered
        if (found := CONTROL.search(line.text)) is not None
    ]
    if unshowable:
        return WireStory(source.path, shown, problems=tuple(unshowable))
    if len(numbered) == 1:
        return _failed(
            source,
            Problem(
                shown,
                numbered[0].number,
                None,
                f"only one line; wire copy is {SHAPE}, and this one has no standfirst",
            ),
        )
    headline, standfirst, *rest = numbered
    problems: list[Problem] = []
    credit: ImageCredit | None = None
    if rest and is_credit_line(rest[-1].text):
        last = rest.pop()
        credit, found_problems = read_credit(last.text, shown, last.number)
        problems += found_problems
    if not rest:
        after = ", only the image credit" if credit is not None else ""
        problems.append(
            Problem(
                shown,
                standfirst.number,
                None,
                f"no paragraphs after the standfirst on this line{after}; wire copy is {SHAPE}",
            )
        )
    return WireStory(source.path, shown, headline, standfirst, tuple(rest), credit, tuple(problems))


def _failed(source: Source, problem: Problem) -> WireStory:
    return WireStory(source.path, source.shown, problems=(problem,))


def read_wire(path: Path, shown: str) -> WireStory:
    """A wire file read from disk and parsed; a file that is no text yields only problems."""
    source = Source(path, shown, "")
    try:
        # Non-blocking, then checked: a named pipe given by mistake must not hang the import.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return _failed(source, Problem(shown, None, None, "not a regular file"))
            if st.st_size > MAX_WIRE_BYTES:
                return _failed(
                    source,
                    Problem(
                        shown,
                        None,
                        None,
                        f"larger than {MAX_WIRE_BYTES // 1024} KiB; wire copy is a few "
                        "kilobytes of text",
                    ),
                )
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read(MAX_WIRE_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        return _failed(source, Problem(shown, None, None, f"cannot read file: {exc.strerror}"))
    if b"\0" in data:
        at = data.index(b"\0")
        return _failed(
            source,
            Problem(
                shown,
                None,
                None,
                f"a binary file, not wire copy (a NUL byte at byte {at}); wire copy is UTF-8 text",
            ),
        )
    decoded = decode(path, data, shown)
    if isinstance(decoded, Problem):
        return _failed(source, decoded)
    return parse_wire(decoded)


def wire_files(paths: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """(file, name to show) for each path given: a file as it is, a folder's `*.txt` files
    (not its subfolders, nor hidden or editor files), each file once, in the order given."""
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for given in paths:
        shown = given.as_posix()
        if given.is_dir():
            try:
                inside = sorted(
                    p
                    for p in given.iterdir()
                    if p.name.endswith(WIRE_SUFFIX) and not is_noise(p.name) and p.is_file()
                )
            except OSError as exc:
                problems.append(Problem(shown, None, None, f"cannot read folder: {exc.strerror}"))
                continue
            if not inside:
                problems.append(
                    Problem(
                        shown,
                        None,
                        None,
                        f"no wire copy to import here: the folder has no {WIRE_SUFFIX} files",
                    )
                )
            pairs = [(p, p.as_posix()) for p in inside]
        elif given.exists() or given.is_symlink():
            pairs = [(given, shown)]
        else:
            problems.append(Problem(shown, None, None, "no such file or folder"))
            pairs = []
        for path, name in pairs:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.append((path, name))
    return found, problems


def suggest_tags(story: WireStory, vocabulary: Sequence[str]) -> tuple[str, ...]:
    """The tags of the site's vocabulary whose words occur in one line of the copy, as whole
    words, in any case or accenting ("ukraine" finds Ukraine, "Elysee" finds Élysée)."""
    # `fold` drops apostrophes (for slugs); here one ends a word: "Russia’s" holds Russia.
    lines = [fold(line.translate(_APOSTROPHES)) for line in story.copy().split("\n")]
    found = []
    for tag in vocabulary:
        words = fold(tag).split()
        if not words:
            continue
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
        if any(pattern.search(line) for line in lines):
            found.append(tag)
    return tuple(found)


_APOSTROPHES = str.maketrans({"'": " ", "’": " ", "‘": " ", "`": " "})
