"""The whole built tree of tests/sites/good/, byte for byte, against tests/golden/good/.

Any change to what a page, feed or sitemap says shows up here as a diff. When the change is
meant, rewrite the golden tree and review it like code:

    BRIEF_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

The good site holds no article newer than today except its deliberate future one, which stays
out of the output (no --future), so the tree does not depend on the day it is built.
"""

from __future__ import annotations

import difflib
import os
import shutil

import pytest

from brief.cli import main
from tests.helpers import REPO, tree

GOOD = REPO / "tests" / "sites" / "good"
GOLDEN = REPO / "tests" / "golden" / "good"
UPDATE = os.environ.get("BRIEF_UPDATE_GOLDEN") == "1"


def first_difference(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """What a reviewer needs: missing and extra files, and a unified diff of the first text
    file that differs."""
    lines = []
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    if missing:
        lines.append(f"missing from the build: {', '.join(missing)}")
    if extra:
        lines.append(f"not in the golden tree: {', '.join(extra)}")
    changed = [
        rel for rel in sorted(expected.keys() & actual.keys()) if expected[rel] != actual[rel]
    ]
    if changed:
        lines.append(f"changed: {', '.join(changed)}")
    for rel in changed:
        try:
            old, new = expected[rel].decode("utf-8"), actual[rel].decode("utf-8")
        except UnicodeDecodeError:
            continue
        diff = difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"golden/good/{rel}",
            f"built/{rel}",
        )
        lines.append("".join(diff))
        break
    lines.append(
        "if the change is meant: BRIEF_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py"
    )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The good site built from a temporary copy, so the repository gets no cache or output."""
    base = tmp_path_factory.mktemp("golden")
    root = base / "good"
    shutil.copytree(GOOD, root)
    out = base / "public"
    assert main(["build", "-q", "--source", str(root), "--output", str(out)]) == 0
    return tree(out)


def test_golden_tree(built: dict[str, bytes]) -> None:
    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in built.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = tree(GOLDEN)
    assert expected, f"no golden tree at {GOLDEN}; create it with BRIEF_UPDATE_GOLDEN=1"
    assert built == expected, first_difference(expected, built)


def test_golden_tree_is_the_whole_site(built: dict[str, bytes]) -> None:
    assert (
        len(built) == 71
    )  # with photos' derived files (3), the search page, its script and the index (16)
    assert {
        "authors/index.html",
        "authors/jane-doe/index.html",
        "authors/jane-doe/feed.xml",
        "feeds/index.html",
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        ".brief-output",
        ".nojekyll",
        "_headers",
        "search/index.html",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind-ui.js",
    } <= built.keys()


def test_the_comparison_would_show_a_change(built: dict[str, bytes]) -> None:
    altered = dict(built)
    altered["index.html"] = built["index.html"].replace(b"The Test Brief", b"The Tost Brief", 1)
    del altered["robots.txt"]
    report = first_difference(built, altered)
    assert "missing from the build: robots.txt" in report
    assert "changed: index.html" in report
    assert "-" in report and "+" in report and "The Tost Brief" in report
