"""Reading the many spellings of a licence into one `License`, and mending misspellings.

Creative Commons recommends crediting a work by Title, Author, Source and Licence, with the
licence named by its short id and linked to its deed. Writers and wire services spell the same
licence in many ways ("CC-BY-SA-4.0", "cc by sa 4", "Attribution-ShareAlike 4.0 International",
a deed URL...), so `lookup` reads all the usual spellings into one `License`, and `nearest`
turns a misspelling into a "did you mean ...?" suggestion. Reading is strict: a version is
required ("CC BY-NC" alone is refused), every word must be understood, and "CC BY-SA 4.0" can
never come back as CC BY 4.0.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from brief.content.licenses.registry import (
    DASHES,
    LICENSES,
    QUALIFIER,
    WORD_SPLIT,
    License,
)
from brief.content.licenses.registry import normalise as _normalise

_BY_CODE: Mapping[tuple[str, str], License] = {
    (lic.code, lic.version): lic for lic in LICENSES.values()
}
_CASEFOLDED: Mapping[str, License] = {lic.id.casefold(): lic for lic in LICENSES.values()}

_ELEMENT_ORDER = ("by", "nc", "sa", "nd")
_CODES = frozenset(lic.code for lic in LICENSES.values() if not lic.is_public_domain)


def _code_of(elements: frozenset[str]) -> str | None:
    """The CC code for a set of licence elements, in canonical order, if it is a known one."""
    code = "-".join(e for e in _ELEMENT_ORDER if e in elements)
    return code if code in _CODES else None


# --- reading: strict ------------------------------------------------------------------------

# Token kinds: B brand, E licence element, Z CC0, M Public Domain Mark, V version,
# Q version qualifier ("International"), N harmless noise ("License", "Deed").
_Token = tuple[str, str]  # (kind, value)

_PHRASES: Mapping[tuple[str, ...], _Token] = {
    ("creative", "commons"): ("B", ""),
    ("cc",): ("B", ""),
    ("cc0",): ("Z", "zero"),
    ("zero",): ("Z", "zero"),
    ("public", "domain", "dedication"): ("Z", "zero"),
    ("pdm",): ("M", "mark"),
    ("public", "domain", "mark"): ("M", "mark"),
    ("attribution",): ("E", "by"),
    ("by",): ("E", "by"),
    ("nc",): ("E", "nc"),
    ("noncommercial",): ("E", "nc"),
    ("non", "commercial"): ("E", "nc"),
    ("sa",): ("E", "sa"),
    ("sharealike",): ("E", "sa"),
    ("share", "alike"): ("E", "sa"),
    ("nd",): ("E", "nd"),
    ("noderivs",): ("E", "nd"),
    ("noderivatives",): ("E", "nd"),
    ("no", "derivs"): ("E", "nd"),
    ("no", "derivatives"): ("E", "nd"),
    ("international",): ("Q", "international"),
    ("unported",): ("Q", "unported"),
    ("generic",): ("Q", "generic"),
    ("universal",): ("Q", "universal"),
    ("license",): ("N", ""),
    ("licence",): ("N", ""),
    ("public", "license"): ("N", ""),
    ("public", "licence"): ("N", ""),
    ("deed",): ("N", ""),
    ("legalcode",): ("N", ""),
    ("legal", "code"): ("N", ""),
}
_LONGEST_PHRASE = max(len(p) for p in _PHRASES)

_STRONG: frozenset[tuple[str, ...]] = frozenset(
    {
        ("creative", "commons"),
        ("cc",),
        ("cc0",),
        ("pdm",),
        ("public", "domain", "mark"),
        ("public", "domain", "dedication"),
        ("attribution",),
    }
)
"""Words that on their own say "this is a CC licence"; "by 4.0" or "zero" alone do not."""

_QUALIFIER_FITS: Mapping[str, frozenset[str]] = {
    "international": frozenset({"4.0"}),
    "unported": frozenset({"3.0"}),
    "generic": frozenset({"2.0", "2.5"}),
    "universal": frozenset({"1.0"}),
}

_SEGMENT_GRAMMAR = re.compile(r"B*(?:E+|[ZM]+)V?Q?[ZM]*N*|[BN]*")
_VERSION = re.compile(r"v?(\d{1,2})(?:\.(\d))?")
_SEGMENT_SPLIT = re.compile(rf"[()\[\]{{}}<>,;|]|\s[-{DASHES}]+\s")
_CC_HOST = re.compile(r"(?:https?://)?(?:www\.)?creativecommons\.org(?:/|$)")
_CC_PATH = re.compile(
    r"/(?:licenses/(?P<code>[a-z]+(?:-[a-z]+)*)/(?P<ver>\d\.\d)"
    r"|publicdomain/(?P<pd>zero|mark)/(?P<pdver>\d\.\d))"
    r"(?:/(?:(?:deed|legalcode)(?:\.[a-z]{2,3}(?:[-_][a-z0-9]+)*)?(?:\.(?:txt|html?))?)?)?/?"
)


@dataclass
class _Reading:
    """What one part of the text says: each field None until some part says it."""

    code: str | None = None
    version: str | None = None
    qualifiers: tuple[str, ...] = ()


def _version(token: str) -> str | None:
    """ "4" -> "4.0", "v2.5" -> "2.5"; None if `token` is not a version number."""
    m = _VERSION.fullmatch(token)
    if m is None:
        return None
    return f"{int(m.group(1))}.{m.group(2) or '0'}"


def _tokens(words: list[str]) -> Iterator[tuple[_Token, bool] | None]:
    """Each word or phrase as (token, strong); None for a word that is not understood."""
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_PHRASE, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if phrase in _PHRASES:
                yield _PHRASES[phrase], phrase in _STRONG
                i += size
                break
        else:
            version = _version(words[i])
            yield (("V", version), False) if version else None
            i += 1


def _read_url(segment: str) -> _Reading | None:
    parts = urlsplit(segment if "://" in segment else f"//{segment}")
    m = _CC_PATH.fullmatch(parts.path)
    if m is None:
        return None
    if m["pd"]:
        return _Reading(code=m["pd"], version=m["pdver"])
    code = _code_of(frozenset(m["code"].split("-")))
    if code is None or len(m["code"].split("-")) != len(code.split("-")):
        return None
    return _Reading(code=code, version=m["ver"])


def _read_words(segment: str) -> tuple[_Reading, bool] | None:
    """The reading of a segment of words, and whether it held a strong word."""
    kinds: list[str] = []
    elements: set[str] = set()
    families: set[str] = set()
    versions: set[str] = set()
    qualifiers: list[str] = []
    strong = False
    for item in _tokens([w for w in WORD_SPLIT.split(segment) if w]):
        if item is None:
            return None
        (kind, value), is_strong = item
        strong = strong or is_strong
        kinds.append(kind)
        if kind == "E":
            elements.add(value)
        elif kind in "ZM":
            families.add(value)
        elif kind == "V":
            versions.add(value)
        elif kind == "Q":
            qualifiers.append(value)
    if not _SEGMENT_GRAMMAR.fullmatch("".join(kinds)) or len(versions) > 1:
        return None
    if elements:
        if families:
            return None
        code = _code_of(frozenset(elements))
        if code is None:
            return None
        families.add(code)
    if len(families) > 1:
        return None
    return _Reading(
        code=next(iter(families), None),
        version=next(iter(versions), None),
        qualifiers=tuple(qualifiers),
    ), strong


_PUBLIC_DOMAIN = frozenset({"public domain", "public-domain", "publicdomain", "pd"})


def lookup(text: str) -> License | None:
    """The licence `text` names, or None unless it names exactly one known licence.

    Accepts short ids ("CC BY-SA 4.0", "cc by sa 4"), SPDX ids ("CC-BY-SA-4.0"), CC titles
    with or without "Creative Commons" ("Attribution-ShareAlike 4.0 International"), a title
    followed by its id in parentheses, deed and legal-code URLs (any scheme, "www.", language
    suffix), "CC0", "CC Zero", "Public Domain Dedication", "PDM" and "Public Domain Mark".
    Case, spacing, hyphens and element order ("SA-NC") do not matter; a bare major version
    ("4") means "4.0". CC0 and the PDM have one version only, so theirs may be left out.

    Returns None for anything else: unknown versions ("CC BY 5.0"), a missing version
    ("CC BY-NC"), ported licences ("CC BY 3.0 DE"), qualifiers that contradict the version
    ("CC BY 3.0 International"), parts that disagree ("CC BY 4.0 (CC BY-SA 4.0)") and any
    word it does not understand.
    """
    normal = _normalise(text).strip(" .")
    if not normal:
        return None
    if normal in _CASEFOLDED:  # the canonical id: the common case
        return _CASEFOLDED[normal]
    if normal in _PUBLIC_DOMAIN:
        # Wires and archives label free works plainly "Public domain"; the Public Domain
        # Mark is the standard way to say exactly that, with a deed readers can follow.
        return LICENSES["PDM 1.0"]
    readings: list[_Reading] = []
    strong = False
    for raw in _SEGMENT_SPLIT.split(normal):
        segment = raw.strip(" .")
        if not segment:
            continue
        if _CC_HOST.match(segment):
            reading = _read_url(segment)
            if reading is None:
                return None
            strong = True
        else:
            read = _read_words(segment)
            if read is None:
                return None
            reading, is_strong = read
            strong = strong or is_strong
        readings.append(reading)
    return _merge(readings) if strong else None


def _merge(readings: list[_Reading]) -> License | None:
    codes = {r.code for r in readings if r.code is not None}
    versions = {r.version for r in readings if r.version is not None}
    if len(codes) != 1 or len(versions) > 1:
        return None
    code = codes.pop()
    if versions:
        version = versions.pop()
    elif code in ("zero", "mark"):
        version = "1.0"
    else:
        return None
    for reading in readings:
        for qualifier in reading.qualifiers:
            if version not in _QUALIFIER_FITS[qualifier]:
                return None
    return _BY_CODE.get((code, version))


# --- suggesting: lenient --------------------------------------------------------------------

_FUZZY: Mapping[str, _Token] = {
    "".join(phrase): token for phrase, token in _PHRASES.items() if len("".join(phrase)) >= 4
}
"""The vocabulary typos are mended against, multi-word phrases written as one word."""
_FUZZY_CUTOFF = 0.8
_FUSED = re.compile(r"(?:cc|by|nc|sa|nd)+")
_LOOSE_WORDS = re.compile(r"cc0|[a-z]+|\d+(?:\.\d+)?")


def _fuzzy(word: str) -> tuple[float, str]:
    """The vocabulary word closest to `word`, and how close (0 to 1)."""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(word)
    best = (0.0, "")
    for key in _FUZZY:
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() > best[0] and matcher.ratio() > best[0]:
            best = (matcher.ratio(), key)
    return best


def _loose_tokens(words: list[str]) -> Iterator[tuple[_Token, bool]]:
    """Like `_tokens`, but mends typos and fused elements ("ncsa") and skips the unknown.

    The flag says whether the token is evidence of a CC licence by itself: a bare "by" is
    not, or "GPL 3.0 by the author" would suggest CC BY 3.0.
    """
    i = 0
    while i < len(words):
        size = min(_LONGEST_PHRASE, len(words) - i)
        exact = next((n for n in range(size, 0, -1) if tuple(words[i : i + n]) in _PHRASES), None)
        if exact is not None:
            phrase = tuple(words[i : i + exact])
            token = _PHRASES[phrase]
            yield token, phrase in _STRONG or (token[0] in "EZM" and phrase != ("by",))
            i += exact
            continue
        word = words[i]
        version = _version(word)
        if version is not None:
            yield ("V", version), False
            i += 1
            continue
        if len(word) % 2 == 0 and _FUSED.fullmatch(word):
            for k in range(0, len(word), 2):
                yield _PHRASES[(word[k : k + 2],)], True
            i += 1
            continue
        # A typo may also split or join words ("non comercial"): try runs of up to
        # `size` words, keeping the best match, the shorter run on a tie.
        best: tuple[float, int, str] = (_FUZZY_CUTOFF, 0, "")
        for n in range(1, size + 1):
            run = words[i : i + n]
            if not all(w.isalpha() for w in run) or len("".join(run)) < 4:
                continue
            score, key = _fuzzy("".join(run))
            if score > best[0]:
                best = (score, n, key)
        _, n, key = best
        if n:
            token = _FUZZY[key]
            yield token, token[0] in "BEZM"
        i += max(n, 1)


def _closest_version(code: str, wanted: str | None) -> str:
    """The known version nearest to `wanted` (ties and no wish: the newer)."""
    known = [lic.version for lic in LICENSES.values() if lic.code == code]
    if wanted is None or wanted in known:
        return wanted or known[0]
    return min(known, key=lambda v: (abs(float(v) - float(wanted)), -float(v)))


def _guess_by_structure(normal: str) -> License | None:
    elements: set[str] = set()
    families: set[str] = set()
    versions: list[str] = []
    evidence = False
    for (kind, value), strong in _loose_tokens(_LOOSE_WORDS.findall(normal)):
        evidence = evidence or strong
        if kind == "E":
            elements.add(value)
        elif kind in "ZM":
            families.add(value)
        elif kind == "V":
            versions.append(value)
    if not evidence:
        return None
    if elements:
        code = _code_of(frozenset(elements | {"by"}))
        if code is None:
            return None
        families.add(code)
    if len(families) != 1:
        return None
    code = families.pop()
    return _BY_CODE[(code, _closest_version(code, versions[0] if versions else None))]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9.]", "", _normalise(text))


def _spellings(lic: License) -> Iterator[str]:
    yield lic.id
    if lic.spdx:
        yield lic.spdx
    yield lic.title
    yield lic.title.removesuffix(" " + QUALIFIER.get(lic.version, "Universal"))
    yield lic.url.removeprefix("https://")
    if lic.code == "zero":
        yield from ("CC Zero", "Public Domain Dedication")
    elif lic.code == "mark":
        yield from ("Public Domain Mark", "Public Domain")


_CANDIDATES: tuple[tuple[str, License], ...] = tuple(
    (_squash(spelling), lic) for lic in LICENSES.values() for spelling in _spellings(lic)
)
_NEAREST_CUTOFF = 0.6


def nearest(text: str) -> License | None:
    """The known licence `text` most likely meant, for a "did you mean ...?" hint.

    The licence itself when `lookup` knows it; otherwise the licence its recognisable parts
    describe, mending typos ("Atribution 4.0"), fused elements ("CC-BY-NCSA 4.0") and
    unknown versions ("CC BY 5.0" -> CC BY 4.0, the nearest version, newer on a tie);
    failing that, the best overall string match. None when nothing is close ("GPL", "").
    """
    found = lookup(text)
    if found is not None:
        return found
    normal = _normalise(text)
    guess = _guess_by_structure(normal)
    if guess is not None:
        return guess
    squashed = _squash(normal)
    if not squashed:
        return None
    best: License | None = None
    best_score = _NEAREST_CUTOFF
    for candidate, lic in _CANDIDATES:
        score = difflib.SequenceMatcher(None, squashed, candidate, autojunk=False).ratio()
        if score > best_score:  # strictly: on a tie, the earlier (newer) licence stays
            best, best_score = lic, score
    return best
