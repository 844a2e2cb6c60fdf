"""The short digest every cache key, fingerprint and record is made of.

Apart from `fingerprints` so that a no-change build, which compares fingerprints of its
inputs only, does not import the page planner and the templates to make one.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence


def fingerprint(*parts: object) -> str:
    """A short digest of `repr` of plain data (strings, numbers, tuples)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def fingerprint_columns(
    head: tuple[object, ...], texts: Sequence[list[str]], numbers: Sequence[list[int]]
) -> str:
    """A short digest of `head` (as `fingerprint` makes one) and of columns of strings and of
    integers: a listing of 100,000 files hashed in one pass of C each, where `repr` would
    walk every row (0.22 -> 0.07 s)."""
    h = hashlib.blake2b(repr(head).encode(), digest_size=16)
    for column in texts:
        h.update(b"s%d:" % len(column))
        h.update("\0".join(column).encode("utf-8", "surrogatepass"))
    for ints in numbers:
        h.update(b"n%d:" % len(ints))
        try:
            h.update(array("q", ints).tobytes())
        except OverflowError:  # an mtime past 2262
            h.update(repr(ints).encode())
    return h.hexdigest()
