"""Atomic output: the new site is staged in a sibling folder and swapped in at the end.

A failed or interrupted build therefore leaves the previous output exactly as it was.
This module is the only one (with the preview server) that writes to output folders.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class OutputFile:
    """One file of the finished site: bytes to write, or a file to copy."""

    path: str
    """Posix path relative to the output folder."""
    data: bytes | None = None
    copy_from: Path | None = None


class UnsafeOutputPath(ValueError):
    """An output path that would land outside the output folder (a bug, never user input)."""


def safe_relpath(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if (
        rel.is_absolute()
        or not rel.parts
        or any(p in ("", ".", "..") for p in rel.parts)
        or "\\" in path
        or "\0" in path
    ):
        raise UnsafeOutputPath(path)
    return rel


def _siblings(out_dir: Path, kind: str) -> list[Path]:
    return sorted(out_dir.parent.glob(f".{out_dir.name}.{kind}-*"))


def write_site(out_dir: Path, files: Iterable[OutputFile]) -> int:
    """Write every file into a fresh staging folder, then swap it in for `out_dir`.

    Returns the number of files written.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in _siblings(out_dir, "tmp") + _siblings(out_dir, "old"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
    token = uuid.uuid4().hex[:12]
    stage = out_dir.parent / f".{out_dir.name}.tmp-{token}"
    stage.mkdir()
    count = 0
    try:
        made: set[Path] = {stage}
        for f in files:
            target = stage.joinpath(*safe_relpath(f.path).parts)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if f.copy_from is not None:
                shutil.copyfile(f.copy_from, target)
            else:
                target.write_bytes(f.data or b"")
            count += 1
        _swap(stage, out_dir, token)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return count


def _swap(stage: Path, out_dir: Path, token: str) -> None:
    old = out_dir.parent / f".{out_dir.name}.old-{token}"
    if out_dir.exists() or out_dir.is_symlink():
        os.replace(out_dir, old)
        try:
            os.replace(stage, out_dir)
        except BaseException:
            os.replace(old, out_dir)  # put the previous site back
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(stage, out_dir)
