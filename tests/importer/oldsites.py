"""Helpers for `brief import --from`: old sites copied from tests/fixtures/posts/ into a
brief site, the command run in this process or as a real subprocess, and expected files
compared (rewritten only with BRIEF_UPDATE_GOLDEN=1)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brief.cli import main
from tests.helpers import REPO, Run, Site, tree

POSTS = REPO / "tests" / "fixtures" / "posts"
EXPECTED = POSTS / "expected"
UPDATE = os.environ.get("BRIEF_UPDATE_GOLDEN") == "1"


def copy_old_site(site: Site, fixture: str, into: str = "old") -> Path:
    """The fixture folder `fixture` as the folder `into` of the site (its expected.txt left
    behind)."""
    target = site.root / into
    shutil.copytree(POSTS / fixture, target, ignore=shutil.ignore_patterns("expected.txt"))
    return target


def run_import(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> Run:
    """`brief import ARGS` through `main(argv)`, in the site folder."""
    monkeypatch.chdir(site.root)
    try:
        code = main(["import", *args])
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def brief(site: Site, *args: str) -> Run:
    """`python -m brief ARGS` as a real subprocess, in the site folder."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "brief", *args],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def content(site: Site) -> dict[str, bytes]:
    folder = site.root / "content"
    return tree(folder) if folder.exists() else {}


def matches_expected(name: str, actual: str) -> bool:
    """Whether `actual` is the text of the expected file `name`; with BRIEF_UPDATE_GOLDEN=1
    the file is rewritten first."""
    path = EXPECTED / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    return path.read_text(encoding="utf-8") == actual


def matches_expected_tree(name: str, actual: dict[str, bytes]) -> bool:
    """Whether the files under expected/`name` are exactly `actual`."""
    folder = EXPECTED / name
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        for rel, data in actual.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
    return tree(folder) == actual
