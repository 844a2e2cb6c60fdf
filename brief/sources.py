"""Finding and reading article files: sorted, safe, and decoded once.

Editor noise (swap, backup and lock files, hidden files) is ignored, and nothing reached
through a symlink that points outside the site folder is ever read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from brief.errors import Problem, display_path

ARTICLE_SUFFIX = ".md"


@dataclass(frozen=True)
class Source:
    """One article file as read from disk."""

    path: Path
    """Absolute path of the file."""
    shown: str
    """The path as shown in messages: relative to the site folder."""
    text: str
    """Decoded text: BOM removed, line endings normalised to `\\n`."""


def is_ignored(name: str) -> bool:
    """Hidden files, editor swap/backup/lock files and other temporary names."""
    return (
        name.startswith((".", "#", "_"))
        or name.endswith(("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".part"))
        or name.endswith("#")
    )


def inside(path: Path, root: Path) -> bool:
    """True if `path`, with every symlink resolved, lies within `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def find_sources(content_dir: Path, site_root: Path) -> tuple[list[Path], list[Problem]]:
    """Every article file under `content_dir`, in sorted order, and why any were skipped."""
    found: list[Path] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return found, problems
    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        for d in dirnames:
            if (base / d).is_symlink() and not inside(base / d, site_root):
                problems.append(_outside(base / d, site_root))
        for name in sorted(filenames):
            if is_ignored(name) or not name.endswith(ARTICLE_SUFFIX):
                continue
            path = base / name
            if path.is_symlink() and not inside(path, site_root):
                problems.append(_outside(path, site_root))
                continue
            found.append(path)
    # Symlinked folders inside the site are not walked either (os.walk does not follow them);
    # sorting the final list keeps the order independent of the walk.
    found.sort()
    return found, problems


def _outside(path: Path, root: Path) -> Problem:
    return Problem(
        display_path(path, root),
        None,
        None,
        "symlink points outside the site folder and is not followed",
        severity="warning",
    )


def decode(path: Path, data: bytes, shown: str) -> Source | Problem:
    """Text of a file, or a problem naming the byte (and line) where it is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return Problem(
            shown,
            line,
            col,
            f"not valid UTF-8 (byte {exc.start}, value 0x{data[exc.start]:02x}); "
            "save the file as UTF-8",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(path=path, shown=shown, text=text)


def read_source(path: Path, site_root: Path) -> Source | Problem:
    shown = display_path(path, site_root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Problem(shown, None, None, f"cannot read file: {exc.strerror}")
    return decode(path, data, shown)
