"""The layout folders: the site's own `layouts/` over the bundled theme, and their files.

Read once per build: the same list of files decides templates, static files and whether
anything changed. A file reached through a symlink that leads out of its folder is never used.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from brief.config import SiteConfig
from brief.errors import Problem, Severity
from brief.paths import display_path, inside, is_noise, theme_dir


def layout_dirs(config: SiteConfig) -> list[Path]:
    """Where templates and static files are looked up, the site's own first."""
    dirs = [config.layouts_dir, theme_dir()]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


@dataclass(frozen=True)
class LayoutFile:
    """A file of a layout folder: a template, or under `static/` a file to copy."""

    folder: Path
    """The layout folder it lies in (the site's own or the bundled theme)."""
    rel: str
    """Its posix path within that folder, which is also its template name."""

    @property
    def path(self) -> Path:
        return self.folder / self.rel

    @property
    def static(self) -> bool:
        return self.rel.startswith("static/")


def layout_files(config: SiteConfig) -> tuple[list[LayoutFile], list[Problem]]:
    """Every file of the layout folders, the site's folder first, sorted; editor noise
    skipped. Read once per build, for templates, static files and change detection alike.

    Only regular files that lie inside their layout folder count: a symlink that leads out
    (it could be an SSH key, or /proc/self/environ in CI) and anything that is not a plain
    file (a named pipe would hang the build) are skipped with a warning.
    """
    files: list[LayoutFile] = []
    problems: list[Problem] = []
    for layouts in layout_dirs(config):
        real = layouts.resolve()
        for dirpath, dirnames, filenames in os.walk(layouts):
            dirnames[:] = sorted(d for d in dirnames if not is_noise(d))
            base = Path(dirpath).relative_to(layouts).as_posix()
            for name in sorted(filenames):
                if is_noise(name):
                    continue
                rel = name if base == "." else f"{base}/{name}"
                why = _unusable(layouts / rel, real)
                if why:
                    problems.append(
                        Problem(
                            display_path(layouts / rel, config.root),
                            None,
                            None,
                            f"{why}; skipped",
                            severity=Severity.WARNING,
                        )
                    )
                else:
                    files.append(LayoutFile(layouts, rel))
    return files, problems


def _unusable(path: Path, folder: Path) -> str:
    """Why a layout file must not be read, or "" if it may."""
    if path.is_symlink() and not inside(path, folder):
        return "symlink points outside its layout folder and is not followed"
    try:
        mode = path.stat().st_mode
    except OSError:
        return "cannot be read (a broken symlink?)"
    if not stat.S_ISREG(mode):
        return "not a regular file (a named pipe or device?)"
    return ""


def static_files(files: list[LayoutFile]) -> dict[str, Path]:
    """The theme's `static/` files, the site's own overriding the bundled ones (`files` are
    what `layout_files` kept: regular files inside their folder)."""
    chosen: dict[str, Path] = {}
    for f in reversed(files):  # the site's folder comes first, so it wins
        if f.static:
            chosen[f.rel.removeprefix("static/")] = f.path
    return dict(sorted(chosen.items()))
