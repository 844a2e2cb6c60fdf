"""Pagefind's index read back for comparisons: its filter files list each filter's values in
an order that changes from run to run (a Rust hash map), and the file names that depend on
those bytes change with it. `canonical` maps a built tree to one where those files are
decoded, their values sorted and the changing names replaced, so "incremental == clean"
compares everything else byte for byte and these by content (see docs/search.md)."""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

SIGNATURE = b"pagefind_dcd"


def _cbor(data: bytes, pos: int) -> tuple[Any, int]:
    """One CBOR item (the kinds Pagefind writes: integers, strings, arrays, maps)."""
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if info < 24:
        arg = info
    else:
        size = 1 << (info - 24)
        arg = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        raw = data[pos : pos + arg]
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _cbor(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, pos = _cbor(data, pos)
            value, pos = _cbor(data, pos)
            pairs.append((key, value))
        return dict(pairs), pos
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], pos
    raise ValueError(f"CBOR item of major type {major} not expected")


def decode(blob: bytes) -> Any:
    """A Pagefind data file (gzipped, signed CBOR) as Python values."""
    raw = gzip.decompress(blob)
    assert raw.startswith(SIGNATURE)
    value, end = _cbor(raw, len(SIGNATURE))
    assert end == len(raw)
    return value


def canonical(files: dict[str, bytes]) -> dict[str, Any]:
    """`files` (output path -> bytes) with Pagefind's run-dependent files made comparable."""
    out: dict[str, Any] = {}
    filters: dict[str, str] = {}  # file hash -> "lang:filter name"
    for path, data in files.items():
        m = re.fullmatch(r"(.*pagefind/filter/)([\w-]+?)_(\w+)\.pf_filter", path)
        if m:
            name, values = decode(data)
            filters[f"{m[2]}_{m[3]}"] = f"{m[2]}:{name}"
            out[f"{m[1]}{m[2]}:{name}"] = sorted((v, sorted(p)) for v, p in values)
    for path, data in files.items():
        if re.fullmatch(r".*pagefind/filter/.*\.pf_filter", path):
            continue
        m = re.fullmatch(r"(.*pagefind/pagefind\.)([\w-]+?)_\w+\.pf_meta", path)
        if m:
            meta = decode(data)
            # [version, pages, index chunks, filters as [name, file hash], sorts, meta keys]
            meta[3] = sorted([name, filters[hashed]] for name, hashed in meta[3])
            out[f"{m[1]}{m[2]}.pf_meta"] = meta
        elif path.endswith("pagefind/pagefind-entry.json"):
            entry = json.loads(data)
            for lang in entry["languages"].values():
                lang.pop("hash")
            out[path] = entry
        else:
            out[path] = data
    return out


def readable(path: str, data: bytes) -> bytes | None:
    """What a check of every output's text should read of `path`: a search index fragment
    unpacked (its JSON: the page's text, title, filters), None for the index's other
    binary files (CBOR and WebAssembly, gzipped), any other file as it is."""
    if not re.search(r"(^|/)pagefind/", path) or path.endswith((".js", ".css", ".json")):
        return data
    if path.endswith(".pf_fragment"):
        return gzip.decompress(data).removeprefix(SIGNATURE)
    return None
