"""Refusals of an output folder: brief replaces its output whole, so it must be sure what it
replaces. Checked before anything is read or written."""

from __future__ import annotations

from pathlib import Path

from brief.config import SiteConfig
from brief.errors import BriefError, Problem


def check_output_dir(out: Path, config: SiteConfig) -> None:
    """Never the filesystem root, the site folder, or a folder that contains the site."""
    out = out.resolve()
    root = config.root.resolve()
    if out == Path(out.anchor) or out == root or root.is_relative_to(out):
        raise BriefError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    "the output folder may not be /, the site folder, or a folder that "
                    "contains it; use e.g. public",
                )
            ]
        )


def check_replaceable(out: Path, known: bool) -> None:
    """The output folder is replaced as a whole: refuse to do that to anything that is not
    a site brief built (a file, or a folder of someone's documents given by mistake).

    `known`: the build cache remembers building into this folder.
    """
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise BriefError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    "the output path exists and is not a folder; choose another --output",
                )
            ]
        )
    if known or not out.is_dir() or not any(out.iterdir()):
        return
    if not ((out / "index.html").is_file() or (out / "404.html").is_file()):
        raise BriefError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    "the output folder is not empty and does not look like a built site; brief "
                    "replaces it whole, so empty or remove it first, or choose another --output",
                )
            ]
        )
