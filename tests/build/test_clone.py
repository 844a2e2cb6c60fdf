"""A site folder cloned elsewhere with its `.brief/` (what CI's `actions/cache` restores into a
fresh checkout: every file new, with a new mtime) re-parses no article and processes no photo,
and builds the same site as a clean build."""

from __future__ import annotations

import shutil
from pathlib import Path

from brief.build import BuildOptions, build
from brief.build.cache import CACHE_DIR
from brief.config import load_config
from tests.helpers import PNG_BYTES, Site, article, tree
from tests.photos import photo


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
