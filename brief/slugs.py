"""Readable, stable URL segments for titles, tags and headings.

Latin letters are folded to ASCII ("Élysée" -> "elysee", "Straße" -> "strasse"); letters of
other scripts are kept as they are ("Россия" -> "россия"), which browsers show readably and
which never changes when a transliteration table would. Everything else becomes a hyphen.
A slug is a folder name on disk, so it is kept within `MAX_SLUG_BYTES` (see `shorten`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from brief.paths import MAX_SLUG_BYTES

__all__ = ["MAX_SLUG_BYTES", "fold", "is_segment", "shorten", "slugify"]

# Latin letters that have no decomposition into base letter + accent.
_SPECIAL = str.maketrans(
    {
        "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ł": "l", "Ł": "l",
        "ı": "i", "ħ": "h", "Ħ": "h",
        "‘": "", "’": "", "'": "", "`": "",
    }
)  # fmt: skip


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case `text` and strip accents from Latin letters; keep other scripts whole.

    Two tags that differ only in case or accents fold to the same string, so they are
    one tag.
    """
    text = unicodedata.normalize("NFKC", text).translate(_SPECIAL).casefold()
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        # Drop a combining mark only when it sits on an ASCII letter: "é" -> "e", but
        # Cyrillic "й" keeps its breve (it is a letter of its own, not an accented "и").
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """A URL segment: folded letters and digits joined by single hyphens; may be empty."""
    words: list[str] = []
    current: list[str] = []
    for ch in fold(text):
        # A mark belongs to the letter before it; one with no letter (after a space or an
        # emoji) would make a word of nothing but accents, so it is dropped.
        if ch.isalnum() or (current and unicodedata.category(ch) in ("Mn", "Mc")):
            current.append(ch)
        else:
            if current:
                words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return shorten("-".join(words))


def shorten(slug: str, limit: int = MAX_SLUG_BYTES) -> str:
    """`slug` cut to at most `limit` UTF-8 bytes, the same way every time.

    A longer name fails on disk ("File name too long"), so whole hyphen-separated words are
    kept while they fit. Only when that would keep less than half (a script written without
    spaces makes one long word) is the next word cut, between letters, never between a
    letter and its marks. Two slugs that shorten alike are then caught as a URL clash.
    """
    if len(slug.encode("utf-8")) <= limit:
        return slug
    words = [w for w in slug.split("-") if w]
    kept: list[str] = []
    size = 0
    for word in words:
        need = len(word.encode("utf-8")) + (1 if kept else 0)
        if size + need > limit:
            break
        kept.append(word)
        size += need
    if size >= limit // 2 or len(kept) == len(words):
        return "-".join(kept)
    room = limit - size - (1 if kept else 0)
    part = _letters(words[len(kept)], room)
    return "-".join([*kept, part] if part else kept)


def _letters(word: str, room: int) -> str:
    """The longest start of `word` within `room` bytes that does not part a letter from its
    marks (unless the first letter alone carries more marks than fit)."""
    size = 0
    end = 0
    for ch in word:
        size += len(ch.encode("utf-8"))
        if size > room:
            break
        end += 1
    cut = end
    while 0 < cut < len(word) and unicodedata.category(word[cut]).startswith("M"):
        cut -= 1
    return word[:cut] if cut else word[:end]


def is_segment(slug: str) -> bool:
    """True if `slug` is one safe path segment: no slashes, dots-only names or controls."""
    if not slug or slug in (".", "..") or slug.startswith("."):
        return False
    bad = set('/\\?#%<>"|*:')
    return not any(ch in bad or unicodedata.category(ch).startswith(("C", "Z")) for ch in slug)
