"""Where the files an imported post uses go in content/, and the plan of their copies.

Each file `media.find_media` found goes where the article names it (`target`: from content/
for a root-based path, else from the article's folder, the rule brief reads images by); a
file the old site lacks is accepted there too (an earlier import's copy, or one put there by
hand), else an image is an error, since the article would not build, and a link a warning.
`plan_copies` makes one copy of each file, after every post is checked: a file already in
content/ with the same bytes is left as it is; a different one, a path that leads out of
content/ through a symlink, or a path whose folder is a file, is an error. The command
copies with `write.copy_atomic`, which refuses a file changed since it was checked.
"""

from __future__ import annotations

import filecmp
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from brief.config import SiteConfig
from brief.errors import Problem, Severity
from brief.importer.media import Kind, Need
from brief.paths import Stat, display_path, inside, stat


class MediaAction(StrEnum):
    """What an import does with a media file; prints as the verb of its report line."""

    COPY = "copied"
    UNCHANGED = "unchanged"
    """The same bytes are already there."""


@dataclass(frozen=True)
class Copy:
    """A file of the old site that an article needs at `path` in content/."""

    source: Path
    source_shown: str
    path: Path
    shown: str
    post: str


@dataclass(frozen=True)
class PlannedMedia:
    """One media file an import copies (or would, or finds already there)."""

    source: Path
    """Resolved, inside the old site."""
    source_shown: str
    path: Path
    shown: str
    action: MediaAction
    stat: Stat
    """The source's, when checked: a file changed since is not copied."""


def target(reference: str, article: Path, config: SiteConfig) -> Path:
    """The file an article at `article` names by `reference` (decoded): from content/ when
    it starts with `/`, else from the article's folder (`figures.local_file`'s rule)."""
    if reference.startswith("/"):
        return config.content_dir / reference.lstrip("/")
    return article.parent / reference


def place(
    needs: Sequence[Need], article: Path, config: SiteConfig
) -> tuple[list[Copy], list[Problem]]:
    """The copies the article at `article` needs, and an error for each image that is
    neither in the old site nor in content/ (a warning for a link, which the article builds
    without; and one for a linked file copied, which brief does not publish yet)."""
    copies: list[Copy] = []
    problems: list[Problem] = []
    for one in needs:
        path = target(one.reference, article, config)
        shown = display_path(path, config.root)
        if one.source is not None:
            copies.append(Copy(one.source, one.source_shown, path, shown, one.post))
            if one.kind is Kind.LINK:
                problems.append(
                    Problem(
                        one.post,
                        one.line,
                        one.column,
                        f"linked file '{one.written}' is copied to {shown}, but brief does not "
                        "publish linked files yet, so the link is broken on the site (brief "
                        "check reports it)",
                        Severity.WARNING,
                        "media",
                    )
                )
            continue
        try:
            there = path.is_file() and inside(path, config.content_dir)
        except (OSError, ValueError):
            there = False
        if there:
            continue  # put there by hand, or by an earlier import
        missing = (
            f"{one.kind} '{one.written}' is not in the old site (looked for {one.source_shown}); "
        )
        if one.kind is Kind.IMAGE:
            problems.append(
                Problem(
                    one.post,
                    one.line,
                    one.column,
                    missing + "the article would not build without it: add the file there, "
                    "or remove the image from the post",
                )
            )
        else:
            problems.append(
                Problem(
                    one.post,
                    one.line,
                    one.column,
                    missing + "the link is kept as written, and brief check reports it as broken",
                    Severity.WARNING,
                    "media",
                )
            )
    return copies, problems


def plan_copies(
    copies: Sequence[Copy], config: SiteConfig
) -> tuple[list[PlannedMedia], list[Problem]]:
    """Each file to copy once, in the order of its content/ path; a file there already
    with the same bytes is left as it is, a different one, or a path that leads out of
    content/, is an error."""
    by_path: dict[Path, Copy] = {}
    problems: list[Problem] = []
    for one in copies:
        first = by_path.setdefault(one.path, one)
        if first.source != one.source and not _same(first.source, one.source):
            problems.append(
                Problem(
                    one.post,
                    None,
                    None,
                    f"needs {one.source_shown} at {one.shown}, where {first.post} needs "
                    f"{first.source_shown}, another file; rename one of them in the old site",
                )
            )
    planned: list[PlannedMedia] = []
    for path, one in sorted(by_path.items()):
        refused = _unwritable(path, config)
        if refused:
            problems.append(Problem(one.shown, None, None, refused))
            continue
        action = MediaAction.COPY
        if path.exists() or path.is_symlink():
            if not (path.is_file() and _same(path, one.source)):
                problems.append(
                    Problem(
                        one.shown,
                        None,
                        None,
                        f"differs from {one.source_shown}, which {one.post} "
                        "uses; brief import never replaces a file in content/: move this "
                        "one away (or delete it) to have the old site's copied",
                    )
                )
                continue
            action = MediaAction.UNCHANGED
        planned.append(
            PlannedMedia(one.source, one.source_shown, path, one.shown, action, stat(one.source))
        )
    return planned, problems


def _unwritable(path: Path, config: SiteConfig) -> str | None:
    """Why brief import would not write `path`, or None."""
    content = config.content_dir
    if not inside(path, content):
        return "leads out of content/ through a symlink; brief import writes only in content/"
    for folder in path.parents:
        if folder == content or not folder.is_relative_to(content):
            break
        if folder.exists() and not folder.is_dir():
            return f"cannot be written: {display_path(folder, config.root)} is a file, not a folder"
    if path.is_dir():
        return "is a folder, so the file cannot be copied there"
    return None


def _same(a: Path, b: Path) -> bool:
    """The two files hold the same bytes."""
    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False
