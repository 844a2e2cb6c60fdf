"""Whole small sites under tests/sites/, built through `main(argv)` from a temporary copy:
the good one builds with a summary and no warnings, each broken one fails with exactly the
lines of its expected.txt (`<site>` there stands for the site folder)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from brief.cli import main
from tests.helpers import REPO, tree

SITES = REPO / "tests" / "sites"
BROKEN = sorted(p.name for p in SITES.glob("broken-*"))
SUMMARY = re.compile(
    # 52 files, a photo's derived files, the search page and its script, and the search
    # index of the three articles
    r"built 71 files \(3 articles, 5 tags; 71 written, \d+ rendered, processed 1 image \(4 files\) "
    r"in \d+\.\d s, indexed 3 pages in \d+\.\d\d s\) in \d+\.\d\d s -> (.+)\n"
)


def copy_site(name: str, tmp_path: Path) -> Path:
    """A copy to build from, so no build cache or output is ever left in the repository."""
    root = tmp_path / name
    shutil.copytree(SITES / name, root, ignore=shutil.ignore_patterns("expected.txt"))
    return root


def build(
    root: Path, out: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    code = main(["build", "--source", str(root), "--output", str(out), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_there_are_broken_sites() -> None:
    assert len(BROKEN) >= 4
    assert all((SITES / name / "expected.txt").is_file() for name in BROKEN)


def test_good_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, out = copy_site("good", tmp_path), tmp_path / "out"
    code, stdout, stderr = build(root, out, capsys)
    assert (code, stderr) == (0, "")
    match = SUMMARY.fullmatch(stdout)
    assert match is not None, stdout
    assert Path(match.group(1)) == out.resolve()
    files = tree(out)
    articles = sorted(rel for rel in files if rel.startswith("2") and rel.count("/") == 4)
    assert articles == [
        "2022/02/27/talks-begin-on-the-belarus-border/index.html",
        "2022/02/28/putin-demands/index.html",
        "2022/03/02/elysee-announces-new-sanctions/index.html",
    ]
    everything = b"".join(files.values())
    assert b"Unfinished Analysis" not in everything  # the draft
    assert b"A Report From the Future" not in everything
    assert b"Parked" not in everything  # _parked.md is not an article
    # the photo is re-encoded, never copied as uploaded: the same pixels, no metadata
    published = Image.open(io.BytesIO(files["media/2022/02/kremlin.png"]))
    source = Image.open(SITES / "good" / "content" / "2022" / "02" / "kremlin.png")
    assert published.tobytes() == source.tobytes() and published.size == source.size
    tags = sorted(
        {rel.split("/")[1] for rel in files if rel.startswith("tags/") and rel.count("/") == 2}
    )
    assert tags == ["belarus", "diplomacy", "elysee", "russia", "ukraine"]


def test_good_site_with_drafts_and_future(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = copy_site("good", tmp_path), tmp_path / "out"
    code, stdout, stderr = build(root, out, capsys, "--drafts", "--future")
    assert (code, stderr) == (0, "")
    assert stdout.startswith("built 81 files (5 articles, 5 tags; ")
    assert (out / "2022/03/03/unfinished-analysis/index.html").is_file()
    assert (out / "2999/01/01/a-report-from-the-future/index.html").is_file()


@pytest.mark.parametrize("name", BROKEN)
def test_broken_site(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, out = copy_site(name, tmp_path), tmp_path / "out"
    expected = (SITES / name / "expected.txt").read_text(encoding="utf-8")
    code, stdout, stderr = build(root, out, capsys)
    assert (code, stdout) == (1, "")
    assert stderr.replace(str(root.resolve()), "<site>") == expected
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no staging folder left
