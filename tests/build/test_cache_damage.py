"""A damaged build cache (cut short, overwritten, or holding what brief never writes) is
found, named in one warning, and built without: never a traceback, never a wrong site."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from brief.build import build, cache
from brief.build.cache import (
    CACHE_DIR,
    INDEX_FILE,
    STATE_FILE,
    TEMPLATES_FILE,
    CachedArticle,
    shard_of,
)
from brief.config import load_config
from tests.helpers import BASIC_CONFIG, Site, article, clean_build, saved_later, tree

WARNING = (
    "the build cache is damaged{more} (cut short, or not written by brief); "
    "building without it, which takes longer this once"
)


def _site(site: Site) -> None:
    site.write("site.yaml", BASIC_CONFIG)
    for n in range(4):
        site.write(f"content/s{n}.md", article(f"Story {n}", date=f"2022-02-2{n}", tags="[A]"))


class Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


DAMAGE = {
    "cut short": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "not a pickle": lambda data: b"<html>not a cache</html>\n",
    "another object": lambda data: pickle.dumps({"not": "brief's"}),
    "code": lambda data: pickle.dumps(Evil()),
}


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_a_damaged_state_file_is_one_warning_and_a_full_build(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path, how: str
) -> None:
    _site(site)
    assert site.build(capsys=capsys).code == 0
    state = site.root / CACHE_DIR / STATE_FILE
    state.write_bytes(DAMAGE[how](state.read_bytes()))

    run = site.build(capsys=capsys)
    assert run.code == 0
    assert run.err.splitlines() == [f"{CACHE_DIR}/{STATE_FILE}: warning: {WARNING.format(more='')}"]
    assert "Traceback" not in run.out + run.err
    assert not (site.root / "pwned").exists()
    assert tree(site.public) == clean_build(site, tmp_path / "clean")
    # written again: the next build knows nothing changed, and warns no more
    again = site.build(capsys=capsys)
    assert (again.code, again.err) == (0, "")
    assert "nothing changed" in again.out


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_a_damaged_articles_shard_is_parsed_again(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path, how: str
) -> None:
    _site(site)
    config = load_config(site.root)
    build(config)
    edited = site.root / "content/s1.md"
    shard = site.root / CACHE_DIR / shard_of(str(edited), config.root)
    shard.write_bytes(DAMAGE[how](shard.read_bytes()))
    other = next(
        p
        for p in sorted((site.root / "content").glob("*.md"))
        if shard_of(str(p), config.root) != shard.name
    )
    site.write(str(other.relative_to(site.root)), article("Changed", date="2022-02-23", tags="[A]"))
    saved_later(other)

    report = build(config)
    messages = [w.message for w in report.warnings]
    assert messages == [WARNING.format(more="")]
    assert report.warnings[0].path == f"{CACHE_DIR}/{shard.name}"
    assert report.parsed >= 2  # the changed file, and those of the damaged shard
    assert not (site.root / "pwned").exists()
    assert tree(site.public) == clean_build(site, tmp_path / "clean")
    saved_later(edited)
    assert build(config).warnings == ()  # the shard was written again


@pytest.mark.parametrize("how", [*sorted(DAMAGE), "wrong parse"])
@pytest.mark.parametrize("name", [INDEX_FILE, TEMPLATES_FILE])
def test_a_damaged_index_or_template_file_is_one_warning_and_a_right_site(
    site: Site, tmp_path: Path, name: str, how: str
) -> None:
    """The edition index and the templates' parses: a build without them is right."""
    _site(site)
    config = load_config(site.root)
    build(config)
    path = site.root / CACHE_DIR / name
    if how == "wrong parse":  # a pickle of the right shape with values of the wrong kind
        key = pickle.loads(path.read_bytes())[0] if name == TEMPLATES_FILE else ""
        path.write_bytes(pickle.dumps((key, {"article.html": (1, [2])})))
    else:
        path.write_bytes(DAMAGE[how](path.read_bytes()))
    edited = site.root / "content/s2.md"
    site.write("content/s2.md", article("Story 2", date="2022-02-22", tags="[A]", body="New."))
    saved_later(edited)
    report = build(config)
    assert [w.message for w in report.warnings] == [WARNING.format(more="")]
    assert report.warnings[0].path == f"{CACHE_DIR}/{name}"
    assert not (site.root / "pwned").exists()
    assert tree(site.public) == clean_build(site, tmp_path / "clean")
    site.write("content/s2.md", article("Story 2", date="2022-02-22", tags="[A]", body="Again."))
    saved_later(edited)
    assert build(config).warnings == ()  # written again


def test_several_damaged_files_are_still_one_warning(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _site(site)
    assert site.build(capsys=capsys).code == 0
    cache = site.root / CACHE_DIR
    for f in sorted(cache.glob("*.pickle")):
        f.write_bytes(b"\x80\x05garbage")
    run = site.build(capsys=capsys)
    assert run.code == 0
    (line,) = run.err.splitlines()
    assert line.startswith(f"{CACHE_DIR}/{STATE_FILE}: warning: the build cache is damaged and ")
    assert "more (cut short, or not written by brief)" in line


def test_shards_made_for_other_settings_are_never_unpickled(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new key (site.yaml changed, brief upgraded) makes every article parse again; the
    old shards' articles (450 MB of pickles at 100,000) are not read only to be dropped."""
    _site(site)
    build(load_config(site.root))
    site.write("site.yaml", BASIC_CONFIG.replace("title: Test Brief", "title: Other Brief"))
    loaded: list[object] = []
    real = cache._Unpickler.load

    def load(self: pickle.Unpickler) -> object:
        value = real(self)
        loaded.append(value)
        return value

    monkeypatch.setattr(cache._Unpickler, "load", load)
    report = build(load_config(site.root))
    assert report.parsed == 4
    articles = [
        v
        for v in loaded
        if isinstance(v, tuple)
        and len(v) == 2
        and isinstance(v[1], dict)
        and any(isinstance(e, CachedArticle) for e in v[1].values())
    ]
    assert articles == []
    assert sum(isinstance(v, str) for v in loaded) >= 4  # the old shards' keys, read alone
