"""Refusals of an output folder: brief replaces its output whole, so it must be sure what it
replaces. Checked before anything is read or written.

Every folder brief writes holds a small marker file, `MARKER`. A non-empty folder is replaced
only if it holds the marker (or the build cache remembers writing it): an `index.html` proves
nothing, since the site's own `layouts/` or `content/` may hold one too.
"""

from __future__ import annotations

from pathlib import Path

from brief.config import SiteConfig
from brief.errors import BriefError, Problem

MARKER = ".brief-output"
"""The file that marks a folder as brief's output."""
MARKER_TEXT = b"This folder is the output of brief build: brief replaces it whole on every build.\n"
DEPLOY_BUILDS = Path(".brief") / "deploy"
"""Where `brief deploy` builds a target that needs a build of its own (another base_url, or
a staging site): one folder per target, the only outputs allowed inside `.brief/`."""


def check_output_dir(out: Path, config: SiteConfig) -> None:
    """Never the filesystem root, the site folder or a folder that contains it, and never
    `content/`, `layouts/` or `.brief/`, a folder inside them or one that contains them:
    replacing any of those would delete the site's own files."""
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
    for name, inputs in (
        ("content", config.content_dir),
        ("layouts", config.layouts_dir),
        (".brief", config.root / ".brief"),
    ):
        inputs = inputs.resolve()
        builds = (root / DEPLOY_BUILDS).resolve()
        if name == ".brief" and out.parent == builds:
            continue
        if out.is_relative_to(inputs) or inputs.is_relative_to(out):
            raise BriefError(
                [
                    Problem(
                        str(out),
                        None,
                        None,
                        f"the output folder may not be {name}/ or lie inside or around it: "
                        "brief replaces its output whole, which would delete the site's own "
                        "files; use e.g. public",
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
    if not (out / MARKER).is_file():
        raise BriefError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    f"the output folder is not empty and has no {MARKER} file, so brief did not "
                    "build it; brief replaces its output whole, so empty or remove it first, or "
                    "choose another --output",
                )
            ]
        )
