"""Pagefind's index made the same for the same pages.

Pagefind 1.5 collects each filter's values in a hash map (hashbrown) whose seed changes
from run to run, and writes them in the map's order: a filter file lists its values in a
different order every run. The file is named by the hash of its bytes, the language's
meta file lists the filters (also in a hash map's order) by those names, and its own name,
given in `pagefind-entry.json`, is the hash of its bytes. No order of the input fixes this:
the order comes from the seed, not from the pages. Searching gives the same results either
way, but two builds of the same pages differ in those files, and a deploy sends them again.

`stable()` writes them as Pagefind writes them when its maps happen to be in sorted order:
each filter's values sorted, the meta file's filters sorted by name (its sort keys too), the
CBOR encoded as Pagefind's encoder does (definite lengths, the shortest integers), the names
made from the bytes as Pagefind makes them (SHA-1 in its own hex, one digit for a byte below
16, cut to its lengths, a clash lengthened as it lengthens one), gzipped after its signature.
Before changing anything it checks that every file it would rewrite decodes and encodes back
to Pagefind's exact bytes and carries the name Pagefind's rule gives those bytes; if one does
not (a Pagefind whose files are other than these), the files are returned as Pagefind made
them: still a correct index, only not a repeatable one.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Mapping
from typing import Any

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class Unexpected(ValueError):
    """A file that is not what this module knows of Pagefind's."""


def stable(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """`files` (path within the bundle -> bytes), with the filter and meta files and the
    entry's hashes as Pagefind makes them from sorted maps; unchanged if they are not of the
    form this module knows."""
    try:
        return _stable(files)
    except (Unexpected, KeyError, ValueError, TypeError, IndexError, OSError, EOFError, zlib.error):
        return dict(files)


def _stable(files: Mapping[str, bytes]) -> dict[str, bytes]:
    out = dict(files)
    entry = files[ENTRY].decode("utf-8")
    languages = json.loads(entry)["languages"]
    renamed: dict[str, str] = {}
    for lang, about in sorted(languages.items()):
        old = str(about["hash"])
        meta, body = _read(files[f"pagefind.{old}.pf_meta"])
        if old != _meta_name(lang, body) or len(meta) < 5:
            raise Unexpected(f"pagefind.{old}.pf_meta")
        filters, sorts = meta[3], meta[4]
        if not all(_pair(f, str) for f in filters) or not all(_pair(s, list) for s in sorts):
            raise Unexpected("the meta file's filters or sorts")
        taken: set[str] = set()
        fresh = []
        for name, hashed in sorted(filters):
            (filter_name, values), raw = _read(files[f"filter/{hashed}.pf_filter"])
            full = f"{lang}_{_sha1(raw)}"
            if filter_name != name or len(hashed) < len(lang) + 8 or not full.startswith(hashed):
                raise Unexpected(f"filter/{hashed}.pf_filter")
            if not all(_pair(v, list) for v in values):
                raise Unexpected(f"filter/{hashed}.pf_filter")
            encoded = encode([name, sorted(values, key=lambda v: str(v[0]))])
            named = _filter_name(f"{lang}_{_sha1(encoded)}", len(lang), taken)
            del out[f"filter/{hashed}.pf_filter"]
            out[f"filter/{named}.pf_filter"] = _pack(encoded)
            fresh.append([name, named])
        meta[3] = fresh
        meta[4] = sorted(sorts, key=lambda s: str(s[0]))
        encoded = encode(meta)
        named = _meta_name(lang, encoded)
        del out[f"pagefind.{old}.pf_meta"]
        out[f"pagefind.{named}.pf_meta"] = _pack(encoded)
        renamed[old] = named
    for old, named in renamed.items():
        quoted = f'"hash":"{old}"'
        if entry.count(quoted) != 1:
            raise Unexpected(ENTRY)
        entry = entry.replace(quoted, f'"hash":"{named}"')
    out[ENTRY] = entry.encode("utf-8")
    return out


def _pair(item: Any, second: type) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], second)
    )


def _read(blob: bytes) -> tuple[Any, bytes]:
    """A data file's value and its CBOR bytes, which must encode back exactly."""
    raw = gzip.decompress(blob)
    if not raw.startswith(SIGNATURE):
        raise Unexpected("no signature")
    body = raw[len(SIGNATURE) :]
    value, end = decode(body, 0)
    if end != len(body) or encode(value) != body:
        raise Unexpected("does not encode back to the same bytes")
    return value, body


def _pack(body: bytes) -> bytes:
    """Gzipped after Pagefind's signature, at its level; no time or name in the header."""
    return gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0)


def _sha1(data: bytes) -> str:
    # Pagefind writes each byte as `{:x?}`: one hex digit for a byte below 16, not two.
    return "".join(format(b, "x") for b in hashlib.sha1(data).digest())


def _meta_name(lang: str, body: bytes) -> str:
    return f"{lang}_{_sha1(body)[: len(lang) + 8]}"


def _filter_name(full: str, lang: int, taken: set[str]) -> str:
    """The short name Pagefind gives a filter file, lengthened two digits at a time while
    another filter of the language has it."""
    short = full[: lang + 8]
    while short in taken and len(short) < len(full):
        short = full[: len(short) + 2]
    taken.add(short)
    return short


def decode(data: bytes, pos: int) -> tuple[Any, int]:
    """One CBOR item of the kinds Pagefind's meta and filter files hold: integers, text,
    arrays, all of definite length."""
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    else:
        raise Unexpected(f"CBOR item with additional information {info}")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major == 3:
        return data[pos : pos + arg].decode("utf-8"), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = decode(data, pos)
            items.append(item)
        return items, pos
    raise Unexpected(f"CBOR item of major type {major}")


def encode(value: Any) -> bytes:
    """`value` as Pagefind's encoder (minicbor) writes it."""
    if isinstance(value, bool):
        raise Unexpected("a boolean")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    raise Unexpected(f"a {type(value).__name__}")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise Unexpected("an integer of more than 64 bits")
