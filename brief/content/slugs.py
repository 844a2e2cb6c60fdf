"""Readable, stable URL segments for titles, tags and headings.

Latin letters are folded to ASCII ("Élysée" -> "elysee", "Straße" -> "strasse"); letters of
other scripts are kept as they are ("Россия" -> "россия"), which browsers show readably and
which never changes when a transliteration table would. Everything else becomes a hyphen.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

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
        if ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc"):
            current.append(ch)
        else:
            if current:
                words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return "-".join(words)


def is_segment(slug: str) -> bool:
    """True if `slug` is one safe path segment: no slashes, dots-only names or controls."""
    if not slug or slug in (".", "..") or slug.startswith("."):
        return False
    bad = set('/\\?#%<>"|*:')
    return not any(ch in bad or unicodedata.category(ch).startswith(("C", "Z")) for ch in slug)
