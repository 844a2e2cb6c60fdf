"""The search index as part of the build (brief/build/search.py): made with the real Pagefind
binary, only when indexed pages changed, written atomically with the pages, and turned off
by `search: false`. What a reader finds is in tests/test_search_browser.py."""

from __future__ import annotations

import gzip
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from brief.build import BuildOptions, build
from brief.config import SiteConfig, load_config
from brief.deploy.plan import LocalFile, make_plan, phases
from brief.render.assets import IMMUTABLE
from brief.render.hosting import REVALIDATE, cache_control
from brief.render.mediatypes import content_type
from tests.helpers import BASIC_CONFIG, Site, article, tree


def fragments(public: Path) -> list[dict[str, Any]]:
    """The indexed pages as Pagefind stored them (gzipped JSON after a signature)."""
    found = []
    for path in sorted((public / "pagefind" / "fragment").iterdir()):
        raw = gzip.decompress(path.read_bytes())
        found.append(json.loads(raw.removeprefix(b"pagefind_dcd")))
    return found


def three(site: Site) -> None:
    site.write("content/a.md", article("Alpha", tags="[Kyiv]", body="Alpha text."))
    site.write("content/b.md", article("Beta", date="2022-02-27", tags="[Kyiv, Odesa]"))
    site.write("content/c.md", article("Gamma", date="2022-02-26", body="Gamma text."))
    site.write("content/pages/about.md", "---\ntitle: About us\n---\n\nWho we are.\n")


def test_articles_are_indexed_with_their_filters_and_nothing_else(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    three(site)
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    assert "indexed 3 pages in " in result.out
    found = {f["url"]: f for f in fragments(site.public)}
    assert sorted(found) == [
        "/2022/02/26/gamma/",
        "/2022/02/27/beta/",
        "/2022/02/28/alpha/",
    ]  # no listing, no tag page, no standalone page
    beta = found["/2022/02/27/beta/"]
    assert beta["filters"] == {"Topic": ["Kyiv", "Odesa"]}
    assert beta["meta"] == {"title": "Beta", "Published": "February 27, 2022"}
    alpha = str(found["/2022/02/28/alpha/"]["content"])
    assert "Alpha text." in alpha
    for noise in ("Test Brief", "Topics", "min read", "Skip to content"):
        assert noise not in alpha  # masthead, footer, topics box, reading aids: left out
    assert (site.public / "search" / "index.html").is_file()
    assert 'href="../../../../search/"' in site.page("2022/02/28/alpha/index.html")


def test_standalone_pages_are_indexed_when_site_yaml_asks(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    three(site)
    site.write("site.yaml", BASIC_CONFIG + "search:\n  pages: true\n")
    assert site.build(capsys=capsys).code == 0
    urls = {f["url"] for f in fragments(site.public)}
    assert "/about/" in urls and len(urls) == 4


def test_search_false_builds_no_search_at_all(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    three(site)
    assert site.build(capsys=capsys).code == 0
    assert (site.public / "pagefind").is_dir()
    site.write("site.yaml", BASIC_CONFIG + "search: false\n")
    result = site.build(capsys=capsys)
    assert result.code == 0 and "indexed" not in result.out
    files = tree(site.public)
    assert not [p for p in files if p.startswith(("pagefind/", "search")) or "/search." in p]
    assert not any(b"search/" in data for p, data in files.items() if p.endswith(".html"))
    assert "pagefind" not in files["_headers"].decode()


def test_a_no_change_build_runs_no_indexing(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    three(site)
    config = load_config(site.root)
    first = build(config)
    assert first.indexed == 3
    again = build(config)
    assert again.indexed is None and again.written == ()


def test_a_build_that_changes_only_listings_runs_no_indexing(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    three(site)
    config = load_config(site.root)
    assert build(config).indexed == 3
    index = {p: d for p, d in tree(site.public).items() if p.startswith("pagefind/")}
    site.write(
        "layouts/tag.html", '{% extends "base.html" %}{% block main %}<h1>T</h1>{% endblock %}'
    )
    report = build(config)
    assert report.written and all(p.startswith("tags/") for p in report.written)
    assert report.indexed is None
    assert {p: d for p, d in tree(site.public).items() if p.startswith("pagefind/")} == index


def test_an_edit_re_indexes_and_writes_only_the_index_files_that_changed(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    three(site)
    config = load_config(site.root)
    build(config)
    before = tree(site.public)
    site.write("content/c.md", article("Gamma", date="2022-02-26", body="Gamma wombat text."))
    report = build(config)
    assert report.indexed == 3 and report.index_seconds > 0
    assert any("wombat" in str(f["content"]) for f in fragments(site.public))
    index = [p for p in report.written if p.startswith("pagefind/")]
    assert "pagefind/pagefind-entry.json" in index
    assert "pagefind/pagefind-ui.js" not in index  # the same bytes: not written again
    gone = {p for p in before if p.startswith("pagefind/fragment/")} - set(tree(site.public))
    assert len(gone) == 1 and gone <= set(report.removed)  # Gamma's old fragment
    clean = site.root.parent / "clean"
    build(config, BuildOptions(out_dir=clean, cache=False))
    assert tree(site.public) == tree(clean)


FAILED = (
    "site.yaml: error: the search index could not be made: {why}; install pagefind[extended] "
    "(see docs/search.md), or turn search off (search: false)\n"
    "brief: build failed: 1 error\n"
)


@pytest.mark.parametrize("binary", ["missing", "crashing"])
def test_a_failed_index_leaves_the_output_exactly_as_it_was(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, binary: str
) -> None:
    """The binary is swapped through Pagefind's own PAGEFIND_BINARY_PATH, for a real program
    that is not there or that fails as a crashing binary would: no mock."""
    three(site)
    assert site.build(capsys=capsys).code == 0
    before = dict(tree(site.public))  # exact bytes
    if binary == "missing":
        path = site.root.parent / "no-such-pagefind"
        why = f"could not run the Pagefind binary: [Errno 2] No such file or directory: {path!r}"
        why = why.replace(repr(path), f"PosixPath('{path}')")
    else:
        path = site.root.parent / "crashing-pagefind"
        path.write_text("#!/bin/sh\necho 'thread main panicked' >&2\nexit 101\n")
        path.chmod(0o755)
        why = "the Pagefind binary stopped (exit code 101): thread main panicked"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(path))
    site.write("content/c.md", article("Gamma", date="2022-02-26", body="Changed."))
    result = site.run("build")
    assert (result.code, result.out, result.err) == (1, "", FAILED.format(why=why))
    assert dict(tree(site.public)) == before
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    result = site.run("build")  # the real binary again: the edit gets in, index and all
    assert result.code == 0 and "indexed 3 pages" in result.out


def test_a_static_file_where_the_index_goes_is_an_error(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    three(site)
    site.write("layouts/static/pagefind/notes.txt", "mine\n")
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        "layouts/static/pagefind/notes.txt: error: pagefind/notes.txt is inside pagefind/, "
        "where the search index goes; move it, or turn search off in site.yaml (search: false)"
    ) in result.err


def test_a_search_menu_item_with_search_off_is_left_out_with_a_warning(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    three(site)
    site.write("site.yaml", BASIC_CONFIG + "search: false\nmenu: [home, search]\n")
    result = site.build(capsys=capsys)
    assert result.code == 0
    assert result.err == (
        "site.yaml:7: warning: menu names search, but site.yaml turns search off "
        "(search: false); the link is left out\n"
    )
    site.write("site.yaml", BASIC_CONFIG + "menu: [home, {search: , title: Find}]\n")
    assert site.build(capsys=capsys).code == 0
    assert '<a href="../../../../search/">Find</a>' in site.page("2022/02/28/alpha/index.html")


def test_index_files_get_their_types_and_cache_rules(site: Site) -> None:
    config = load_config(site.root)
    assert content_type("pagefind/wasm.en.pagefind") == "application/octet-stream"
    assert content_type("pagefind/fragment/en_1a2b3c4.pf_fragment") == "application/octet-stream"
    assert content_type("pagefind/pagefind-ui.js") == "text/javascript; charset=utf-8"
    assert content_type("pagefind/pagefind-entry.json") == "application/json"
    for hashed in ("fragment/en_1a2b3c4.pf_fragment", "index/en_1a2b3c4.pf_index"):
        assert cache_control(f"pagefind/{hashed}", config, frozenset()) == IMMUTABLE
        assert cache_control(f"pagefind/shard-3/{hashed}", config, frozenset()) == IMMUTABLE
    assert cache_control("pagefind/shard-3/pagefind-entry.json", config, frozenset()) == REVALIDATE
    for named in ("pagefind-entry.json", "pagefind.js", "pagefind-ui.css", "wasm.en.pagefind"):
        assert cache_control(f"pagefind/{named}", config, frozenset()) == REVALIDATE


def test_a_deploy_sends_the_entry_file_after_the_index_it_names() -> None:
    local = {
        p: LocalFile(p, p, 1, p)
        for p in (
            "pagefind/pagefind-entry.json",
            "pagefind/pagefind.en_1.pf_meta",
            "pagefind/fragment/en_1.pf_fragment",
            "search/index.html",
        )
    }
    order = [phase.paths for phase in phases(make_plan(local, {}))]
    assert order[-1] == ("pagefind/pagefind-entry.json",)
    assert "pagefind/fragment/en_1.pf_fragment" in order[0]


def many(site: Site, n: int, start: int = 0) -> None:
    """`n` dated articles (numbered from `start`): enough pages for the render workers
    (parallel.MIN_PARALLEL)."""
    for i in range(start, start + n):
        day = f"2022-{1 + i // 28:02d}-{1 + i % 28:02d}"
        body = f"Story {i} says {'wombat ' * (i % 5)}something."
        site.write(f"content/s{i:03d}.md", article(f"Story {i}", date=day, body=body))


@pytest.mark.parametrize("shards", [1, 4])
def test_the_index_made_while_two_workers_render_is_that_of_one_process(
    site: Site, capsys: pytest.CaptureFixture[str], shards: int
) -> None:
    """The indexer reads each page as soon as it and the pages before it are written, while
    the workers render the rest: the pages come in the plan's order however the workers
    shared them, so the index is byte for byte that of a build in one process. In shards,
    two are made while the pages are rendered and two after."""
    many(site, 240)
    if shards > 1:
        site.write("site.yaml", BASIC_CONFIG + "search:\n  shard_pages: 60\n")
    config = load_config(site.root)
    two = build(config, BuildOptions(jobs=2, cache=False))
    one_out = site.root.parent / "one"
    one = build(config, BuildOptions(jobs=1, cache=False, out_dir=one_out))
    assert two.indexed == one.indexed == 240
    index = {p: d for p, d in tree(site.public).items() if p.startswith("pagefind/")}
    assert len(index) > 240  # a fragment per page, and the bundle
    assert index == {p: d for p, d in tree(one_out).items() if p.startswith("pagefind/")}
    assert sum(p.endswith("pagefind-entry.json") for p in index) == shards


def test_a_failed_render_stops_the_indexer_and_leaves_the_output(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    many(site, 240)
    assert site.build(capsys=capsys).code == 0
    before = dict(tree(site.public))
    site.write(
        "layouts/broken.html",
        '{% extends "article.html" %}{% block head %}{{ no_such_thing }}{% endblock %}',
    )
    site.write("content/s000.md", article("Story 0", date="2022-01-01", template="broken.html"))
    site.write("content/s239.md", article("Story 239", date="2022-09-16", body="Changed."))
    # every page again, in two workers, the index reading them as they come
    result = site.build("--jobs", "2", "--no-cache", capsys=capsys)
    assert result.code == 1 and "'no_such_thing' is undefined" in result.err
    assert dict(tree(site.public)) == before
    assert not [t for t in threading.enumerate() if t.name == "pagefind"]
    assert not [name for name in children() if "pagefind" in name]


def children() -> list[str]:
    """The names of this process's child processes, from /proc (a thread's children are
    the process's: /proc/<pid>/stat gives each one's parent process)."""
    names = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # it ended meanwhile
            continue
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        if int(rest.split()[1]) == os.getpid():
            names.append(name)
    return names


def shard_files(public: Path) -> dict[str, list[str]]:
    """The index's files by bundle folder (`pagefind/`, `pagefind/shard-1/`...)."""
    found: dict[str, list[str]] = {}
    for path in sorted(p.relative_to(public).as_posix() for p in public.rglob("*")):
        if path.startswith("pagefind/") and (public / path).is_file():
            rest = path[len("pagefind/") :]
            folder = rest.split("/")[0] + "/" if rest.startswith("shard-") else ""
            found.setdefault("pagefind/" + folder, []).append(path)
    return found


def sharded(site: Site, n: int) -> SiteConfig:
    """A site of `n` articles whose index is cut into shards of at most 60 pages."""
    many(site, n)
    site.write("site.yaml", BASIC_CONFIG + "search:\n  shard_pages: 60\n")
    return load_config(site.root)


def test_a_large_index_is_made_in_shards_that_the_search_page_merges(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    report = build(sharded(site, 240))
    assert report.indexed == 240
    bundles = shard_files(site.public)
    assert sorted(bundles) == [
        "pagefind/",
        "pagefind/shard-1/",
        "pagefind/shard-2/",
        "pagefind/shard-3/",
    ]
    # the first bundle has Pagefind's scripts; the merged ones only their index
    assert "pagefind/pagefind-ui.js" in bundles["pagefind/"]
    for folder in ("pagefind/shard-1/", "pagefind/shard-2/", "pagefind/shard-3/"):
        names = [p[len(folder) :] for p in bundles[folder]]
        assert "pagefind-entry.json" in names
        assert all(
            n == "pagefind-entry.json" or n.endswith(".pf_meta") or n.split("/")[0] in KINDS
            for n in names
        ), names
    # every story in exactly one shard, each shard a like share
    counts = [sum(1 for p in files if "/fragment/" in p) for _, files in sorted(bundles.items())]
    assert sum(counts) == 240 and min(counts) >= 30, counts
    search = site.page("search/index.html")
    assert 'data-bundles="../pagefind/shard-1/ ../pagefind/shard-2/ ../pagefind/shard-3/"' in search


KINDS = ("fragment", "index", "filter")


def test_an_edit_indexes_its_own_shard_again_and_no_other(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    config = sharded(site, 240)
    build(config)
    before = shard_files(site.public)
    site.write("content/s100.md", article("Story 100", date="2022-04-17", body="A quokka."))
    report = build(config)
    after = shard_files(site.public)
    touched = {
        folder
        for folder in after
        if any(
            p in report.written or p in report.removed for p in [*after[folder], *before[folder]]
        )
    }
    assert len(touched) == 1, touched  # the edited story's shard
    (folder,) = touched
    assert report.indexed == sum(1 for p in after[folder] if "/fragment/" in p) < 240
    assert {f: after[f] for f in after if f != folder} == {
        f: before[f] for f in before if f != folder
    }
    clean = site.root.parent / "clean"
    build(config, BuildOptions(out_dir=clean, cache=False))
    assert tree(site.public) == tree(clean)  # the same site as a build from nothing


def test_the_shards_stay_when_the_site_grows_and_double_when_it_doubles(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    config = sharded(site, 130)
    build(config)
    assert len(shard_files(site.public)) == 4  # 130 pages: more than two shards of 60
    many(site, 110, start=130)
    report = build(config)
    assert len(shard_files(site.public)) == 4 and report.indexed == 240
    site.write("content/s239.md", article("Story 239", date="2022-09-16", body="Edited."))
    assert build(config).indexed is not None and len(shard_files(site.public)) == 4
    for i in range(240, 250):
        site.write(f"content/t{i:03d}.md", article(f"Story {i}", date="2022-11-01"))
    build(config)
    assert len(shard_files(site.public)) == 8  # 250 pages: more than four shards of 60
    assert sum(1 for p in tree(site.public) if "/fragment/" in p) == 250
