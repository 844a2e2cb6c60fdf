"""Rules about paths on disk that every stage shares: what is noise, what lies inside a folder.

Content, layouts, the output guard and the preview all apply the same two rules, so they live
here once: editor and tool noise is never an input, and nothing reached through a symlink
that leads out of its folder is ever read or served.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_NAME_BYTES = 255
"""The longest file or folder name most file systems allow, in bytes (eCryptfs: 143)."""

MAX_SLUG_BYTES = 100
"""The longest slug, in UTF-8 bytes. A Cyrillic or Greek letter takes 2 bytes, a Chinese one
3; 100 leaves room for any of them, and for two slugs in one path segment, and still reads
as a headline."""

Stat = tuple[int, int] | None
"""(mtime_ns, size) of a file, or None if it is gone."""


def theme_dir() -> Path:
    """The bundled theme: `brief/_theme` in an installed wheel, the repo's `layouts/` otherwise.

    Both are the same files; the wheel build copies `layouts/` into the package. Here, at the
    edge, because the theme's message catalogues are read at the edge too (`i18n`).
    """
    package = Path(__file__).parent
    shipped = package / "_theme"
    return shipped if shipped.is_dir() else package.parent / "layouts"


def stat(path: str | Path) -> Stat:
    """A file's (mtime_ns, size): what the build cache compares to tell that it changed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def is_noise(name: str) -> bool:
    """Hidden files, editor swap/backup/lock files and other temporary names."""
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".part"))
        or name.endswith("#")
    )


def inside(path: Path, root: Path) -> bool:
    """True if `path`, with every symlink resolved, lies within `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def display_path(path: Path, root: Path) -> str:
    """`path` relative to `root` when it lies inside it: short, stable, clickable."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
