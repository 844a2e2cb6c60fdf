"""A site folder cloned elsewhere with its `.brief/` (what CI's `actions/cache` restores into a
fresh checkout: every file new, with a new mtime) re-parses no article and processes no photo,
and builds the same site as a clean build."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import brief.build.gather
import brief.build.rebuild
from brief.build import BuildOptions, build
from brief.build.cache import CACHE_DIR, STATE_FILE, journal_of
from brief.config import load_config
from tests.helpers import PNG_BYTES, Site, article, tree
from tests.photos import photo


def _state(root: Path) -> bytes:
    """The state's bytes, with its journal's."""
    journal = root / CACHE_DIR / journal_of(STATE_FILE)
    state = (root / CACHE_DIR / STATE_FILE).read_bytes()
    return state + (journal.read_bytes() if journal.exists() else b"")


def _newsroom(site: Site) -> None:
    """Articles with a lead photo, with a PNG chart in the body, with both, and
    without images."""
    for n in range(6):
        extra = {}
        if n % 2 == 0:
            site.write(f"content/lead{n}.jpg", photo(360, 240, seed=n))
            extra["image"] = (
                f"{{src: /lead{n}.jpg, alt: A photo, credit: Jane, license: CC BY 4.0}}"
            )
        body = "Some text."
        if n % 3 == 0:
            site.write(f"content/chart{n}.png", PNG_BYTES + bytes([n]))
            extra["figures"] = f"{{/chart{n}.png: {{credit: Sam, license: CC BY 4.0}}}}"
            body += f'\n\n![Chart {n}](/chart{n}.png "Chart {n}")'
        site.write(
            f"content/s{n}.md", article(f"Story {n}", date=f"2022-02-1{n}", body=body, **extra)
        )


def _clone(src: Path, dest: Path, *, cache: bool) -> Path:
    """`src` copied to `dest` as a checkout makes it: new files, new mtimes, no output; with
    `cache`, its `.brief/` copied too (restored by CI)."""
    ignore = (
        shutil.ignore_patterns("public") if cache else shutil.ignore_patterns("public", CACHE_DIR)
    )
    shutil.copytree(src, dest, ignore=ignore, copy_function=shutil.copy)
    return dest


def test_a_clone_with_the_cache_parses_and_processes_nothing(site: Site, tmp_path: Path) -> None:
    _newsroom(site)
    first = build(load_config(site.root))
    assert first.parsed == 6 and first.images.images == 5  # 3 lead photos, 2 charts

    clone = _clone(site.root, tmp_path / "elsewhere" / "checkout", cache=True)
    report = build(load_config(clone))
    assert (report.parsed, report.images.images) == (0, 0)
    assert report.warnings == ()
    clean = _clone(site.root, tmp_path / "clean", cache=False)
    build(load_config(clean), BuildOptions(cache=False, jobs=1))
    assert tree(clone / "public") == tree(clean / "public")

    # the photos' new stats were recorded: the next build of an edit reads no photo again
    (clone / "content/s1.md").write_text(article("Story 1 edited", date="2022-02-11"))
    again = build(load_config(clone))
    assert again.parsed == 1


def test_a_photo_replaced_in_the_clone_is_read_again(site: Site, tmp_path: Path) -> None:
    """Same names, other bytes: their articles are parsed again and the new images processed."""
    _newsroom(site)
    build(load_config(site.root))
    clone = _clone(site.root, tmp_path / "checkout", cache=True)
    (clone / "content/lead2.jpg").write_bytes(photo(360, 240, seed=99))
    (clone / "content/chart3.png").write_bytes(PNG_BYTES + b"other")
    report = build(load_config(clone))
    assert report.parsed == 2 and report.images.images == 2
    clean = _clone(clone, tmp_path / "clean", cache=False)
    build(load_config(clean), BuildOptions(cache=False, jobs=1))
    assert tree(clone / "public") == tree(clean / "public")


def _age(root: Path, seconds: float = 3600.0) -> None:
    """Every file under `root` dated `seconds` back: older than any build's racy window."""
    then = time.time() - seconds
    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, (then, then))


def _checkout(root: Path) -> None:
    """Every input file (articles, images, site.yaml) given a new mtime with its bytes kept,
    as a fresh checkout makes them; `public/` and `.brief/` keep theirs, as `actions/cache`
    (a tar archive) restores them."""
    for p in [*(root / "content").rglob("*"), root / "site.yaml"]:
        if p.is_file():
            p.write_bytes(p.read_bytes())


def _cache_files(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(root / CACHE_DIR).items() if not k.startswith("jinja/")}


def test_a_checkout_with_the_cache_and_output_restored_builds_nothing(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New stats, the same bytes: nothing is parsed, planned or written, the new stats are
    recorded (the next build is a plain no-change one), and the edition index still serves
    the next edit."""
    _newsroom(site)
    build(load_config(site.root))
    _age(site.root)
    build(load_config(site.root))  # its state records every input as old enough to trust
    before = tree(site.root / "public")

    def rebuilt(*args: object) -> None:
        raise AssertionError("the site was read and planned again")

    monkeypatch.setattr(brief.build.rebuild, "rebuild", rebuilt)
    _checkout(site.root)
    report = build(load_config(site.root))
    assert (report.parsed, report.rendered, report.written) == (0, 0, ())
    assert tree(site.root / "public") == before

    _age(site.root / "content")
    (site.root / "site.yaml").touch()
    os.utime(site.root / "site.yaml", (time.time() - 3600, time.time() - 3600))
    state = _state(site.root)
    again = build(load_config(site.root))  # new stats again, found the same again
    assert (again.parsed, again.rendered, again.written) == (0, 0, ())
    assert _state(site.root) != state  # the new stats kept (in the state's journal)
    assert (site.root / CACHE_DIR / journal_of(STATE_FILE)).is_file()
    state = _state(site.root)
    build(load_config(site.root))
    assert _state(site.root) == state  # a plain no-change
    monkeypatch.undo()

    # an edit after it is planned from the edition index (its related stories are read,
    # not looked for), and builds what a clean build does
    def planned(*args: object) -> None:
        raise AssertionError("related stories planned afresh: the index was not used")

    monkeypatch.setattr(brief.build.gather, "related_stories", planned)
    (site.root / "content/s1.md").write_text(
        article("Story 1", date="2022-02-11", body="Some text.\n\nMore text.")
    )
    edit = build(load_config(site.root))
    assert edit.parsed == 1
    monkeypatch.undo()
    clean = _clone(site.root, tmp_path / "clean", cache=False)
    build(load_config(clean), BuildOptions(cache=False, jobs=1))
    assert tree(site.root / "public") == tree(clean / "public")


def test_a_checkout_with_other_bytes_of_the_same_size_is_built(site: Site) -> None:
    """The stat says little after a checkout: a file with new bytes of the same length is
    found by its digest and built, and so is an output changed by hand."""
    _newsroom(site)
    build(load_config(site.root))
    _age(site.root)
    build(load_config(site.root))
    _checkout(site.root)
    story = site.root / "content/s4.md"
    story.write_text(story.read_text().replace("Story 4", "Story X"))
    report = build(load_config(site.root))
    assert report.parsed == 1 and report.rendered >= 1
    assert any(
        "Story X" in (site.root / "public" / p).read_text()
        for p in report.written
        if p.endswith(".html")
    )

    _age(site.root)
    build(load_config(site.root))
    _checkout(site.root)
    page = site.root / "public/index.html"
    page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML", 1))
    fixed = build(load_config(site.root))
    assert "index.html" in fixed.written and fixed.parsed == 0
    assert b"<html" in page.read_bytes()


def test_a_checkout_with_the_cache_but_no_output_writes_the_site(site: Site) -> None:
    _newsroom(site)
    build(load_config(site.root))
    _age(site.root)
    build(load_config(site.root))
    before = tree(site.root / "public")
    shutil.rmtree(site.root / "public")
    _checkout(site.root)
    report = build(load_config(site.root))
    assert report.parsed == 0 and len(report.written) == len(before)
    assert tree(site.root / "public") == before
