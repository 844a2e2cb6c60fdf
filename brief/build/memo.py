"""What a process that builds again and again keeps between builds.

A one-shot `brief build` starts with an empty memo and ends; `brief serve` makes one memo for
its whole session and passes it to every build. Nothing else is kept across builds: no module
holds state, so two sites built in one process (tests do) never see each other's memos.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brief.build.replan import Plan
    from brief.build.swap import Last
    from brief.content.article import Article
    from brief.render.templates import Environments


@dataclass
class Memo:
    """Everything one build may leave for the next build of the same site in this process."""

    slot: str | None = None
    """Under which name the build cache remembers the output folder's files (default: its
    path). The preview uses one name for all its temporary folders, so its sessions do not
    push `public/` out of the cache."""
    plan: Plan | None = None
    """The last successful plan, to patch when edits keep every page in place."""
    last: Last | None = None
    """What the last build planned and wrote beside `plan`, for the preview to swap an
    edited story into (`build.swap`); None after a build that failed."""
    article_fingerprints: dict[str, tuple[Article, tuple[object, ...], str]] = field(
        default_factory=dict
    )
    """Per article file: the article object, what its page's fingerprint was made of, and the
    fingerprint. Unchanged articles stay the same objects between builds, so their pages
    need not be digested again."""
    cache_files: dict[Path, tuple[tuple[int, int, int], Any]] = field(default_factory=dict)
    """Cache files as last read or written, by (mtime_ns, size, inode): not unpickled again
    while nobody else wrote them."""
    environments: Environments = field(default_factory=dict)
    """Jinja environments with their compiled templates."""

    index: bool = True
    """Whether a build reads and leaves the edition index in `.brief/` (`EditionIndex`), for
    the next process to plan only what an edit touches. The preview does not: it keeps its
    plan here, and its output folders are its own."""
    builds_again: bool = True
    """False in a process that builds once: then no plan is kept for a next build (making
    it costs a one-edit build of 10,000 articles a tenth of its time)."""
