"""The search index made the same for the same pages (brief/search/stable.py), with the real
Pagefind binary: the files it orders by a seeded hash map come out in one order and named
as Pagefind names them; files of a form the module does not know are left as they were.
The files are read back with the tests' own CBOR reader (tests/pagefind_files.py)."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from brief.search.pagefind import UNUSED, Pagefind
from brief.search.stable import stable
from tests.pagefind_files import SIGNATURE, decode

TOPICS = [f"Topic {chr(65 + i)}{i}" for i in range(26)]


def write_pages(root: Path) -> list[tuple[str, Path]]:
    """Twelve articles with three filters (26 topics among them), so that a hash map's
    order of the filters and of their values is all but sure to differ between runs."""
    pages = []
    for i in range(12):
        topics = "".join(
            f'<span data-pagefind-filter="Topic">{t}</span>' for t in TOPICS[i : i + 15]
        )
        html = (
            f'<!DOCTYPE html><html lang="en"><head><title>Story {i}</title></head><body>'
            f"<article data-pagefind-body><h1>Story {i}</h1><p>Words of story {i}, some "
            f"shared, some not: kyiv{i % 3} odesa{i % 5}.</p>{topics}"
            f'<span data-pagefind-filter="Section">Section {i % 4}</span>'
            f'<span data-pagefind-filter="Author">Writer {i % 7}</span>'
            f'<time data-pagefind-sort="date">2022-02-{10 + i}</time></article></body></html>'
        )
        path = root / "2022" / f"story-{i}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(html, encoding="utf-8")
        pages.append((f"/2022/story-{i}/", path))
    return pages


def sha1(data: bytes) -> str:
    """Pagefind's spelling: each byte in hex without a leading zero."""
    return "".join(format(b, "x") for b in hashlib.sha1(data).digest())


def body(blob: bytes) -> bytes:
    raw = gzip.decompress(blob)
    assert raw.startswith(SIGNATURE)
    return raw[len(SIGNATURE) :]


def parts(files: dict[str, bytes]) -> tuple[str, str, list[Any]]:
    """The language, the meta file's path and its value."""
    ((lang, about),) = json.loads(files["pagefind-entry.json"])["languages"].items()
    path = f"pagefind.{about['hash']}.pf_meta"
    return lang, path, decode(files[path])


def filters(files: dict[str, bytes]) -> dict[str, dict[str, list[int]]]:
    """Filter name -> value -> pages, whatever the order of either."""
    _, _, meta = parts(files)
    found = {}
    for name, hashed in meta[3]:
        filter_name, values = decode(files[f"filter/{hashed}.pf_filter"])
        assert filter_name == name
        found[name] = {value: pages for value, pages in values}
    return found


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, bytes]]:
    """Three runs of Pagefind over the same pages, its files as it returned them."""
    pages = write_pages(tmp_path_factory.mktemp("pages"))
    return [Pagefind().made(pages) for _ in range(3)]


def test_pagefind_alone_orders_the_filters_differently_from_run_to_run(
    made: list[dict[str, bytes]],
) -> None:
    """The premise: without brief's step, the same pages give other filter bytes."""
    assert len({frozenset(m.items()) for m in made}) > 1


def test_the_same_pages_give_the_same_bytes(made: list[dict[str, bytes]]) -> None:
    stables = [stable(m) for m in made]
    assert stables[0] == stables[1] == stables[2]
    for m, s in zip(made, stables, strict=True):
        assert filters(s) == filters(m)  # the same filters, values and pages
        changed = {p for p in set(m) | set(s) if m.get(p) != s.get(p)}
        assert all(
            p.startswith(("filter/", "pagefind.")) or p == "pagefind-entry.json" for p in changed
        )


def test_the_files_are_sorted_and_named_as_pagefind_names_them(
    made: list[dict[str, bytes]],
) -> None:
    files = stable(made[0])
    lang, meta_path, meta = parts(files)
    _, _, original = parts(made[0])
    assert meta_path == f"pagefind.{lang}_{sha1(body(files[meta_path]))[: len(lang) + 8]}.pf_meta"
    assert [name for name, _ in meta[3]] == ["Author", "Section", "Topic"]
    assert [s[0] for s in meta[4]] == [s[0] for s in sorted(original[4])]
    assert meta[:3] == original[:3] and meta[5:] == original[5:]  # pages, words: as made
    for _, hashed in meta[3]:
        path = f"filter/{hashed}.pf_filter"
        assert hashed == f"{lang}_{sha1(body(files[path]))}"[: len(lang) + 8]
        values = decode(files[path])[1]
        assert [v for v, _ in values] == sorted(v for v, _ in values)
    assert sorted(p for p in files if p.startswith("filter/")) == sorted(
        f"filter/{h}.pf_filter" for _, h in meta[3]
    )
    # Pagefind's whole index, nothing lost: the bundle files a site publishes are all here
    assert {p for p in files if not p.startswith(UNUSED)} >= {
        "pagefind-entry.json",
        "pagefind.js",
        "pagefind-ui.js",
        "pagefind-ui.css",
        meta_path,
    }


def regzip(value: bytes) -> bytes:
    return gzip.compress(SIGNATURE + value, mtime=0)


@pytest.mark.parametrize(
    "spoil",
    [
        "a filter file with a CBOR map",
        "a filter file whose bytes are not its name's",
        "a filter file that is not gzip",
        "a meta file with bytes after its value",
        "no entry",
    ],
)
def test_files_of_another_form_are_left_as_pagefind_made_them(
    made: list[dict[str, bytes]], spoil: str
) -> None:
    files = dict(made[0])
    _, meta_path, meta = parts(files)
    some_filter = f"filter/{meta[3][0][1]}.pf_filter"
    if spoil == "a filter file with a CBOR map":
        files[some_filter] = regzip(b"\xa1\x61a\x01")  # {"a": 1}
    elif spoil == "a filter file whose bytes are not its name's":
        files[some_filter] = regzip(b"\x82\x61x\x80")  # ["x", []]
    elif spoil == "a filter file that is not gzip":
        files[some_filter] = b"not gzip"
    elif spoil == "a meta file with bytes after its value":
        files[meta_path] = regzip(body(files[meta_path]) + b"\x00")
    else:
        del files["pagefind-entry.json"]
    assert stable(files) == files
