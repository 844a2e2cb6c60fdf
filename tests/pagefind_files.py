"""Pagefind's index read back by the tests, with a CBOR reader of their own (not brief's):
`decode` for its data files, `readable` for what a check of every output's text reads."""

from __future__ import annotations

import gzip
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


def readable(path: str, data: bytes) -> bytes | None:
    """What a check of every output's text should read of `path`: a search index fragment
    unpacked (its JSON: the page's text, title, filters), None for the index's other
    binary files (CBOR and WebAssembly, gzipped), any other file as it is."""
    if not re.search(r"(^|/)pagefind/", path) or path.endswith((".js", ".css", ".json")):
        return data
    if path.endswith(".pf_fragment"):
        return gzip.decompress(data).removeprefix(SIGNATURE)
    return None
