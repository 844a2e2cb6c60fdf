"""Finding and reading article files: sorted, safe, and decoded once.

Editor noise (swap, backup and lock files, hidden files) is ignored, and nothing reached
through a symlink that points outside the site folder is ever read. Every other file in
content/ is an article (`ARTICLE_SUFFIXES`), media an article may use (`MEDIA_SUFFIXES`), or
named in one warning, so that a post brought over from another generator in a form brief
does not read (`.docx`, `.rst`, `.html`) is never skipped without a word.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from brief.errors import Problem, Severity
from brief.paths import display_path, inside, is_noise

ARTICLE_SUFFIXES = (".md", ".markdown")
"""What an article file's name ends with (Jekyll and Hugo sites use both)."""

MEDIA_SUFFIXES = (
    *(".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"),
    *(".mp4", ".webm", ".mov", ".m4v", ".vtt"),
    *(".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".flac"),
    ".pdf",
)
"""Files in content/ that are not articles but what an article may show or link to: images,
video with its captions, audio, PDF documents. Compared in lower case (`PHOTO.JPG`)."""

SHOWN_UNREAD = 5
"""How many of the files brief does not read the warning names before "and N more"."""


@dataclass(frozen=True)
class Source:
    """One article file as read from disk."""

    path: Path
    """Absolute path of the file."""
    shown: str
    """The path as shown in messages: relative to the site folder."""
    text: str
    """Decoded text: BOM removed, line endings normalised to `\\n`."""
    digest: str = ""
    """Hash of the raw bytes: what the build cache keys an article by."""


def is_ignored(name: str) -> bool:
    """An article file or folder that is not part of the site: noise, or named `_...`
    (the usual way to park a file). Layout folders only skip noise: `_partial.html` is a
    real template."""
    return name.startswith("_") or is_noise(name)


class SourceFile(NamedTuple):
    """An article file as listed on disk, not yet read: its path and the stat that tells
    whether it changed since last time. Reading it gives a `Source`. A named tuple: a
    frozen data class took 0.17 s to make 100,000 of, a fifth of listing them."""

    path: str
    """Absolute path (a string: a big site has tens of thousands, and Path objects cost)."""
    mtime_ns: int
    size: int


def find_sources(content_dir: Path, site_root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Every article file under `content_dir`, sorted, and why any were skipped.

    Files that are neither articles, media nor ignored are named in one warning (see
    `unread_warning`). Symlinked folders are not walked; a symlinked file is read only if it
    points inside the site folder or inside `content_dir` itself. `content_dir` may be a symlink (content
    kept in another checkout): the site chose that folder, so what lies in it is the site's.
    """
    found: list[SourceFile] = []
    problems: list[Problem] = []
    unread: list[str] = []
    if not content_dir.is_dir():
        return found, problems
    real_content = content_dir.resolve()
    stack = [str(content_dir)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            problems.append(
                Problem(
                    display_path(Path(folder), site_root),
                    None,
                    None,
                    f"cannot read folder: {exc.strerror}",
                )
            )
            continue
        for entry in entries:
            name = entry.name
            # Most entries are article files: decide those by their first character alone.
            if name.endswith(ARTICLE_SUFFIXES) and name[0] not in "._#":
                pass
            elif is_ignored(name):
                continue
            if entry.is_symlink():
                if not (
                    inside(Path(entry.path), site_root) or inside(Path(entry.path), real_content)
                ):
                    problems.append(_outside(Path(entry.path), site_root))
                    continue
                if entry.is_dir():
                    continue  # symlinked folders are never walked
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif name.endswith(ARTICLE_SUFFIXES):
                try:
                    st = entry.stat()
                except OSError:
                    continue  # vanished while we looked
                if not stat.S_ISREG(st.st_mode):  # a named pipe would hang the build
                    problems.append(_not_regular(Path(entry.path), site_root))
                    continue
                found.append(SourceFile(entry.path, st.st_mtime_ns, st.st_size))
            elif not name.lower().endswith(MEDIA_SUFFIXES):
                unread.append(entry.path)
    found.sort()  # by path: two entries of one folder never share it
    if unread:
        problems.append(unread_warning(content_dir, site_root, unread))
    return found, problems


def unread_warning(content_dir: Path, site_root: Path, paths: list[str]) -> Problem:
    """One warning naming the files in content/ that brief does not read, the first few by
    name: a site brought over from another generator may hold hundreds."""
    shown = sorted(display_path(Path(p), site_root) for p in paths)
    names = ", ".join(shown[:SHOWN_UNREAD])
    if len(shown) > SHOWN_UNREAD:
        names += f" and {len(shown) - SHOWN_UNREAD} more"
    one = len(shown) == 1
    return Problem(
        display_path(content_dir, site_root),
        None,
        None,
        f"{len(shown)} file{'' if one else 's'} brief does not read: {names}; articles end "
        "in .md or .markdown, media in .png, .jpg, .svg, .mp4, .mp3, .pdf and the like; "
        f"rename or move {'it' if one else 'them'}, or start "
        f"{'its name' if one else 'their names'} with _ to park {'it' if one else 'them'}",
        severity=Severity.WARNING,
    )


def _outside(path: Path, root: Path) -> Problem:
    return Problem(
        display_path(path, root),
        None,
        None,
        "symlink points outside the site folder and is not followed",
        severity=Severity.WARNING,
    )


def _not_regular(path: Path, root: Path) -> Problem:
    return Problem(
        display_path(path, root),
        None,
        None,
        "not a regular file (a named pipe or device?); skipped",
        severity=Severity.WARNING,
    )


def digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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
    return Source(path=path, shown=shown, text=text, digest=digest_of(data))


def read_source(path: Path, site_root: Path) -> Source | Problem:
    """A file's decoded text, or why it cannot be read."""
    shown = display_path(path, site_root)
    try:
        # Non-blocking, then checked: a file swapped for a named pipe since it was listed
        # must not hang the build.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                return Problem(shown, None, None, "cannot read file: Is a directory")
            if not stat.S_ISREG(mode):
                return Problem(shown, None, None, "not a regular file (a named pipe or device?)")
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read()
        finally:
            os.close(fd)
    except OSError as exc:
        return Problem(shown, None, None, f"cannot read file: {exc.strerror}")
    return decode(path, data, shown)
