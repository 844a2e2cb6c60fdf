"""The short digest every cache key, fingerprint and record is made of.

Apart from `fingerprints` so that a no-change build, which compares fingerprints of its
inputs only, does not import the page planner and the templates to make one.
"""

from __future__ import annotations

import hashlib


def fingerprint(*parts: object) -> str:
    """A short digest of `repr` of plain data (strings, numbers, tuples)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
