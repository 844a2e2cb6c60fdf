"""The image credit at the foot of wire copy, read into the keys of an `image:` block.

Wire services credit a story's picture on its last line, each in its own way:

    Image by Presidential Executive Office of Russia (Wikimedia)/Attribution 4.0 International (CC BY 4.0)
    Photo: Jane Doe / Wikimedia Commons, CC BY-SA 4.0
    Image: Jane Doe via Flickr (CC0)
    Jane Doe/Reuters
    © Jane Doe
    Foto: Jane Doe/dpa

`is_credit_line` says whether a last line is such a credit rather than the story's last
paragraph; `read_credit` splits it into creator, source, licence or notice. A credit it
cannot split is kept whole as `notice:` (printed as written) with a warning, so an import
never drops or garbles a credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brief.content import licenses
from brief.errors import Problem, Severity

MAX_CREDIT_CHARS = 300
"""A longer last line is a paragraph: credits are a name or two, a source and a licence."""

_PREFIX = re.compile(
    r"(?:image|photo|photograph|foto|picture|credit)s?(?:\s+credits?)?(?:\s*:|\s+by\b\s*:?)\s*",
    re.IGNORECASE,
)
""""Image by", "Photo:", "Foto:", "Picture:", "Credit:", "Photo credit:" (any case); followed
by ':' or 'by', so a paragraph that merely starts with the word "Pictures" is not a credit."""

_AGENCIES = (
    "AAP", "AFP", "ANP", "ANSA", "AP", "APA", "Anadolu", "Belga", "Bloomberg", "ddp", "dpa",
    "EFE", "EPA", "EPA-EFE", "epd", "Getty Images", "Imago", "Keystone", "KNA", "Kyodo", "PA",
    "picture alliance", "Reuters", "RIA Novosti", "Sputnik", "TASS", "Ukrinform", "Xinhua",
    "Yonhap",
)  # fmt: skip
AGENCIES: dict[str, str] = {name.casefold(): name for name in _AGENCIES}
"""News and picture agencies, by their case-folded name: a line `X/Reuters` is a credit, and
the agency is written as the agency spells itself."""

WIKIMEDIA_COMMONS = "Wikimedia Commons"
WIKIMEDIA_URL = "https://commons.wikimedia.org/"
_SOURCES: dict[str, tuple[str, str | None]] = {
    "wikimedia": (WIKIMEDIA_COMMONS, WIKIMEDIA_URL),
    "wikimedia commons": (WIKIMEDIA_COMMONS, WIKIMEDIA_URL),
}
"""Sources written out in full, with the address readers can check the work at."""

_SEPARATORS = "/,;|("
"""Where a licence may start: after a slash, comma, semicolon or bar, or in parentheses."""


@dataclass(frozen=True)
class ImageCredit:
    """What a credit line says, as the keys of an `image:` block (None: the line says not)."""

    line: int
    """The line of the wire file it was read from."""
    credit: str | None = None
    """The creator: a photographer, an office, an agency."""
    source: str | None = None
    source_url: str | None = None
    license: str | None = None
    """The registry's short id ("CC BY 4.0"), or a notice kind ("all-rights-reserved")."""
    notice: str | None = None
    """Wording printed as written: a copyright line, or a credit that could not be split."""

    def fields(self) -> list[tuple[str, str]]:
        """(key, value) in the order `image:` documents them, leaving out what is not said."""
        pairs = [
            ("credit", self.credit),
            ("source", self.source),
            ("source_url", self.source_url),
            ("license", self.license),
            ("notice", self.notice),
        ]
        return [(key, value) for key, value in pairs if value is not None]


def is_credit_line(text: str) -> bool:
    """Whether the last line of wire copy credits the image rather than ending the story.

    It does when it is at most `MAX_CREDIT_CHARS` long and
    - starts with Image, Photo, Photograph, Foto, Picture or Credit (or a plural, or
      "Photo credit") followed by ':' or 'by', or with '©'; or
    - is `X/Agency`, the text after its last '/' a known agency (`AGENCIES`); or
    - is `X/Licence`, the text after one of its '/' a licence (a misspelt one counts, so
      that it is reported rather than printed as a paragraph).
    """
    text = text.strip()
    if not text or len(text) > MAX_CREDIT_CHARS:
        return False
    if text.startswith("©") or _PREFIX.match(text):
        return True
    if "/" not in text:
        return False
    if text.rsplit("/", 1)[1].strip().casefold() in AGENCIES:
        return True
    return any(
        licenses.nearest(text[i + 1 :]) is not None for i, ch in enumerate(text) if ch == "/"
    )


def read_credit(text: str, path: str, line: int) -> tuple[ImageCredit, list[Problem]]:
    """The fields of a credit line (see `is_credit_line`), and a warning if it had to be
    kept whole as a notice."""
    text = text.strip()
    match = _PREFIX.match(text)
    body = text[match.end() :] if match else text
    read = _read(body.strip(), line)
    if isinstance(read, ImageCredit):
        return read, []
    warning = Problem(
        path,
        line,
        None,
        f"cannot read this image credit ({read}); it is kept as written as notice:, "
        "so check it and split it into credit:, source: and license: by hand",
        severity=Severity.WARNING,
    )
    return ImageCredit(line=line, notice=text), [warning]


def _read(body: str, line: int) -> ImageCredit | str:
    """The credit, or why it cannot be read."""
    terms: str | None = None  # the value of license:
    notice: str | None = None
    who = body
    if who.startswith("©"):
        # "© 2022 Jane Doe": the year belongs to the notice, not to the name.
        who = re.sub(r"^\d{4}\b[,.]?\s*", "", who[1:].strip())
        terms, notice = licenses.NOTICE_ALL_RIGHTS_RESERVED, body
    found = _take_licence(who)
    if isinstance(found, str):
        return found
    licence, kind, who = found
    if licence is not None:
        # "© Jane Doe, CC BY 4.0": the licence says what readers may do, so it is the terms.
        terms, notice = licence, None
    elif kind is not None:
        terms, notice = kind, body
    people = _who(who)
    if isinstance(people, str):
        return people
    creator, source = people
    source_url: str | None = None
    if source is not None:
        source, source_url = _SOURCES.get(source.casefold(), (source, None))
        source = AGENCIES.get(source.casefold(), source)
    return ImageCredit(
        line=line,
        credit=creator,
        source=source,
        source_url=source_url,
        license=terms,
        notice=notice,
    )


def _tails(text: str) -> list[tuple[str, str]]:
    """(what comes before, what may be a licence) at every separator, leftmost first."""
    out = []
    for i, ch in enumerate(text):
        if ch not in _SEPARATORS:
            continue
        tail = text[i + 1 :].strip()
        if ch == "(":
            if not tail.endswith(")"):
                continue
            tail = tail[:-1].strip()
        out.append((text[:i].strip(), tail))
    return out


def _take_licence(text: str) -> tuple[str | None, str | None, str] | str:
    """(licence id, notice kind, the rest) from the end of `text`, or why it cannot be read.

    Leftmost first, so that a licence which itself holds a separator ("Attribution 4.0
    International (CC BY 4.0)", a deed URL) is read whole.
    """
    tails = _tails(text)
    for head, tail in tails:
        found = licenses.lookup(tail)
        if found is not None:
            return found.id, None, head
    for head, tail in reversed(tails):  # the shortest: "Jane Doe/AP, used with permission"
        kind = licenses.notice_kind(tail)
        if kind is not None:
            return None, kind, head
    for _, tail in tails:
        near = licenses.nearest(tail)
        if near is not None:
            return f"'{tail}' is no licence brief knows; did you mean '{near.id}'?"
    return None, None, text


def _who(text: str) -> tuple[str, str | None] | str:
    """(creator, source) from "X (Source)", "X via Source", "X / Source" or "X"."""
    text = text.strip().rstrip(",;|/").strip()
    if not text:
        return "it names no creator"
    paren = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)
    if paren:
        creator, source = paren.group(1), paren.group(2)
    elif re.search(r"\svia\s", text):
        creator, source = re.split(r"\s+via\s+", text, maxsplit=1)
    elif "/" in text:
        parts = text.split("/")
        if len(parts) > 2:
            return f"it has more than one '/', so creator and source are unclear in '{text}'"
        creator, source = parts
    else:
        creator, source = text, ""
    creator, source = creator.strip(), source.strip()
    if not creator:
        return "it names no creator"
    for part in (creator, source):
        if any(ch in part for ch in "()/"):
            return f"creator and source are unclear in '{text}'"
    return creator, source or None
