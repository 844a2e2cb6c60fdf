"""What every hostile case shares: a good build first, so the failing one has an output it
must leave exactly as it was; and the check, around every build of the battery (see
conftest.py), that nothing outside the output and the cache was written."""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import Run, Site, article, tree

FAILED = "brief: build failed: 1 error\n"


def good_build(site: Site, capsys: pytest.CaptureFixture[str]) -> dict[str, bytes]:
    """Build a one-article site and return its output, byte for byte."""
    site.write("content/a.md", article())
    first = site.build(capsys=capsys)
    assert (first.code, first.err) == (0, ""), first
    return tree(site.public)


def assert_refused(site: Site, result: Run, before: dict[str, bytes], *lines: str) -> None:
    """Exit 1, exactly `lines` (then the summary) on stderr, nothing on stdout, and the
    previous output untouched, with no staging folder left behind."""
    expected = "".join(line + "\n" for line in lines) + (
        FAILED if len(lines) == 1 else f"brief: build failed: {len(lines)} errors\n"
    )
    # this module is not rewritten by pytest, so each assert says what it got
    assert result.err == expected, f"stderr was:\n{result.err}"
    assert (result.code, result.out) == (1, ""), result
    assert tree(site.public) == before, "the previous output changed"
    assert [
        p.name for p in site.root.iterdir() if p.is_dir() and p.name.startswith(".public")
    ] == []


def slug_dirs(site: Site, under: str) -> list[str]:
    """The folder names brief made under `under` in the output."""
    return sorted(p.name for p in (site.public / under).iterdir() if p.is_dir())


KEPT_FOR_BRIEF = ("public", ".brief")
"""What a build may write in the site folder: its output and its cache. Staging folders
(`.public.*`) are its too, and must be gone when it ends."""


def surroundings(site: Site, outputs: tuple[Path, ...] = ()) -> dict[str, object]:
    """Everything in the folder around the site (the test's own folder), the site's output
    and cache and the `outputs` asked for left out: each file's bytes, each link's target,
    each other entry's kind. Links are never followed and pipes never opened."""
    top = site.root.parent
    skipped = {site.root / name for name in KEPT_FOR_BRIEF} | {p.absolute() for p in outputs}
    seen: dict[str, object] = {}
    for folder, dirs, files in os.walk(top):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d not in skipped]
        for name in [*dirs, *files]:
            path = here / name
            rel = path.relative_to(top).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                seen[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                seen[rel] = path.read_bytes()
            else:
                seen[rel] = stat.S_IFMT(mode)
    return seen


@contextlib.contextmanager
def nothing_written_outside(site: Site, args: tuple[str, ...] = ()) -> Iterator[None]:
    """Fail if what runs inside writes, changes or deletes anything but the site's output
    (also one given by `--output` in `args`) and cache, in the site or beside it."""
    outputs = tuple(Path(b) for a, b in itertools.pairwise(args) if a == "--output")
    before = surroundings(site, outputs)
    yield
    after = surroundings(site, outputs)
    if after != before:
        added = sorted(after.keys() - before.keys())
        gone = sorted(before.keys() - after.keys())
        changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
        raise AssertionError(
            f"a build touched files outside its output: added {added}, removed {gone}, "
            f"changed {changed}"
        )
