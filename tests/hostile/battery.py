"""What every hostile case shares: a good build first, so the failing one has an output it
must leave exactly as it was."""

from __future__ import annotations

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
