"""What a build reads, listed with stats but not read: all a no-change build looks at.

This module stays light on purpose: a build that finds nothing changed imports only it, the
cache and the state, never the Markdown renderer, Jinja or Pillow's codecs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from brief.config import SiteConfig
from brief.content.sources import SourceFile, find_sources
from brief.errors import Problem
from brief.paths import Stat, stat
from brief.render.theme import LayoutFile, layout_files


@dataclass(frozen=True)
class Inputs:
    """Every input file of a build, listed with its stat but not read: enough to tell that
    nothing changed since the last build."""

    sources: list[SourceFile]
    problems: list[Problem]
    """Why files were skipped while listing (symlinks out of the site ...)."""
    layouts: list[LayoutFile]
    layout_stats: list[tuple[str, Stat]]
    scanned_ns: int
    """Wall clock when the listing began."""
    made: dict[tuple[object, ...], Any] = field(default_factory=dict, compare=False, repr=False)
    """What is made of this listing once per build (`quick.input_stats`)."""


def scan(config: SiteConfig) -> Inputs:
    scanned_ns = time.time_ns()
    sources, problems = find_sources(config.content_dir, config.root)
    layouts, skipped = layout_files(config)
    stats = [(str(f.path), stat(str(f.path))) for f in layouts]
    return Inputs(sources, problems + skipped, layouts, stats, scanned_ns)
