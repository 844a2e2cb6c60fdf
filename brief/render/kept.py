"""What a build makes again and again from the same immutable objects, made once.

A story card or a feed entry is the same on every page or feed that shows the article, and
articles, configurations and catalogues are frozen: what is made from them can be looked up
by their identity. Entries hold only weak references, so a long preview session keeps no
earlier version of an article alive, and an entry whose object is gone is dropped (its `id`
may then be reused by a new object, which the identity check tells apart).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """Values keyed by the identity of some objects and a few plain values, at most
    `limit` of them (then it starts again)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._made: dict[tuple[Hashable, ...], tuple[tuple[weakref.ref[object], ...], V]] = {}

    def get(
        self, objects: tuple[object, ...], extra: tuple[Hashable, ...], make: Callable[[], V]
    ) -> V:
        """The value made for `objects` and `extra`, made now by `make` if not yet."""
        key = (*map(id, objects), *extra)
        found = self._made.get(key)
        if found is not None and all(r() is o for r, o in zip(found[0], objects, strict=True)):
            return found[1]
        if len(self._made) >= self.limit:
            self._made.clear()
        value = make()

        def gone(_: weakref.ref[object]) -> None:
            self._made.pop(key, None)

        self._made[key] = (tuple(weakref.ref(o, gone) for o in objects), value)
        return value

    def __len__(self) -> int:
        return len(self._made)
