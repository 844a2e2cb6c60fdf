"""The check file (`build.quick`, `.brief/check.pickle`): a build that finds nothing changed
decides it from this file alone, and anything it cannot vouch for goes to the state, which
decides as before. Either way the site equals a clean build."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from brief.build import BuildOptions, BuildReport, build, quick
from brief.build.cache import CACHE_DIR
from brief.build.memo import Memo
from brief.build.quick import CHECK_FILE, load_checks
from brief.config import load_config
from tests.helpers import BASIC_CONFIG, Site, article, edited_long_ago, tree


def _site(site: Site) -> Path:
    site.write("site.yaml", BASIC_CONFIG)
    for n in range(4):
        site.write(f"content/s{n}.md", article(f"Story {n}", date=f"2022-02-2{n}", tags="[A]"))
    edited_long_ago(site.root, 60_000_000_000)
    build(load_config(site.root))
    return site.root / CACHE_DIR / CHECK_FILE


def _clean(site: Site, at: Path) -> dict[str, bytes]:
    copy = at / "site"
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns("public", CACHE_DIR))
    build(load_config(copy), BuildOptions(out_dir=at / "public", cache=False, jobs=1))
    return tree(at / "public")


def test_the_check_file_names_every_output_and_the_next_build_stops_on_it(site: Site) -> None:
    check_file = _site(site)
    config = load_config(site.root)
    checks = load_checks(config)
    assert checks is not None
    (check,) = checks[2].values()
    written = sorted(str(p.relative_to(site.public)) for p in site.public.rglob("*") if p.is_file())
    assert sorted(check.outputs.split("\0")) == written
    before = check_file.read_bytes()
    report = build(config)
    assert report.written == () and len(report.pages) == len(written)
    assert check_file.read_bytes() == before


def _deleted(site: Site) -> None:
    (site.public / "index.html").unlink()


def _same_size_older(site: Site) -> None:
    """Vandalised with the same number of bytes, and its old mtime put back but for 1 ns."""
    page = site.public / "tags/a/index.html"
    st = page.stat()
    page.write_bytes(b"x" * st.st_size)
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns - 1))


def _an_input_edited(site: Site) -> None:
    path = site.root / "content/s1.md"
    path.write_text(path.read_text() + "\nAdded.\n")
    edited_long_ago(site.root, 5_000_000_000)


@pytest.mark.parametrize("change", [_deleted, _same_size_older, _an_input_edited])
def test_an_output_or_input_that_differs_from_the_check_is_built_again(
    site: Site, tmp_path: Path, change: object
) -> None:
    _site(site)
    assert callable(change)
    change(site)
    report = build(load_config(site.root))
    assert report.written != ()
    assert tree(site.public) == _clean(site, tmp_path / "clean")


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x80\x05garbage", pickle.dumps(("x", "y", {"s": 1})), pickle.dumps(os.getcwd)],
)
def test_a_damaged_check_file_leaves_the_state_to_decide(
    site: Site, tmp_path: Path, damage: bytes
) -> None:
    check_file = _site(site)
    check_file.write_bytes(damage)
    config = load_config(site.root)
    report = build(config)
    assert (report.written, report.warnings) == ((), ())  # the state: nothing changed
    assert load_checks(config) is not None  # and the check file written again
    assert tree(site.public) == _clean(site, tmp_path / "clean")


@pytest.mark.parametrize(
    ("field", "value"),
    [("outputs", 7), ("media", 7), ("media", (7,)), ("newest_ns", "7"), ("warnings", ("x",))],
)
def test_a_check_of_the_right_shape_holding_the_wrong_kinds_is_not_read(
    site: Site, field: str, value: Any
) -> None:
    check_file = _site(site)
    config = load_config(site.root)
    checks = load_checks(config)
    assert checks is not None
    light, key, by_slot = checks
    wrong = {slot: dataclasses.replace(c, **{field: value}) for slot, c in by_slot.items()}
    check_file.write_bytes(pickle.dumps((light, key, wrong)))
    assert load_checks(config) is None
    report = build(config)  # the state decides, and the check file is written again
    assert (report.written, report.warnings) == ((), ())
    assert load_checks(config) == checks


def test_a_check_file_of_another_site_setting_is_not_read(site: Site, tmp_path: Path) -> None:
    check_file = _site(site)
    before = check_file.read_bytes()
    site.write("site.yaml", BASIC_CONFIG.replace("title:", "title: Another"))  # a new key
    edited_long_ago(site.root, 5_000_000_000)
    report = build(load_config(site.root))
    assert report.written != ()
    assert check_file.read_bytes() != before
    assert tree(site.public) == _clean(site, tmp_path / "clean")


def _one_shot(site: Site) -> BuildReport:
    """A build as `brief build` runs one: two jobs, and a memo for one build only."""
    return build(load_config(site.root), BuildOptions(jobs=2), memo=Memo(builds_again=False))


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every output is taken aside, and the children forked for it are counted."""
    monkeypatch.setattr(quick, "ASIDE_MIN", 1)
    forked: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return forked


def _reaped(pids: list[int]) -> bool:
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


@pytest.mark.parametrize("change", [None, _deleted, _same_size_older, _an_input_edited])
def test_a_one_shot_build_takes_the_outputs_stats_in_a_child(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object
) -> None:
    _site(site)
    forked = _forks(monkeypatch)
    if callable(change):
        change(site)
    report = _one_shot(site)
    assert len(forked) == 1 and _reaped(forked)
    assert (report.written == ()) == (change is None)
    assert tree(site.public) == _clean(site, tmp_path / "clean")


def test_a_child_that_fails_is_no_answer(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(site)
    forked = _forks(monkeypatch)
    parent = os.getpid()
    real = quick._on_disk

    def on_disk(out: Path, paths: list[str]) -> str:
        if os.getpid() != parent:
            raise OSError("the child cannot stat")
        return real(out, paths)

    monkeypatch.setattr(quick, "_on_disk", on_disk)
    assert _one_shot(site).written == ()  # the parent took the stats itself
    _same_size_older(site)
    assert _one_shot(site).written != ()
    assert len(forked) == 2 and _reaped(forked)
    assert tree(site.public) == _clean(site, tmp_path / "clean")


def test_the_preview_and_one_job_builds_never_fork(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(site)
    forked = _forks(monkeypatch)
    config = load_config(site.root)
    build(config, BuildOptions(jobs=2), memo=Memo())  # a memo that builds again: the preview
    build(config, BuildOptions(jobs=1), memo=Memo(builds_again=False))
    assert forked == []
