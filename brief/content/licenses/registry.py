"""The licences brief knows: a small, fixed registry, and how licence text is normalised.

The registry is deliberately small: CC0 1.0, the Public Domain Mark 1.0, and the six CC
licences (BY, BY-SA, BY-ND, BY-NC, BY-NC-SA, BY-NC-ND) in the unported/international
versions 2.0, 2.5, 3.0 and 4.0. Ported licences ("CC BY 3.0 DE", ".../by/3.0/de/") and
1.0 licences are not known: their deeds and terms differ, and guessing would put the wrong
licence under someone's photo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class License:
    """One licence or public-domain tool, with what an attribution line needs to cite it."""

    id: str
    """Canonical short id, the link text of a TASL credit: "CC BY-SA 4.0", "CC0 1.0"."""
    name: str
    """Official long name: "Creative Commons Attribution-ShareAlike 4.0 International"."""
    url: str
    """The deed (human-readable summary) that a credit links to."""
    spdx: str | None
    """SPDX identifier ("CC-BY-SA-4.0"), for machine-readable metadata; None if SPDX has none."""
    code: str
    """The Creative Commons code as used in deed URLs: "by-sa", "zero", "mark"."""
    version: str
    """"4.0", "2.5", "1.0"..."""

    def __str__(self) -> str:
        # Templates print a licence as its short id, the form CC recommends for credits.
        return self.id

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Pickled (in the build cache) as a reference into the registry, not by value.
        return by_id, (self.id,)

    @property
    def title(self) -> str:
        """The name without the "Creative Commons" prefix, as CC titles its deeds."""
        return self.name.removeprefix("Creative Commons ")

    @property
    def is_public_domain(self) -> bool:
        """CC0 and the Public Domain Mark: tools, not licences; nothing is required of users."""
        return self.code in ("zero", "mark")

    @property
    def is_dedication(self) -> bool:
        """CC0: its rights holder dedicated the work to the public domain (the Public Domain
        Mark only labels a work that is already free of known copyright)."""
        return self.code == "zero"

    @property
    def requires_attribution(self) -> bool:
        """Whether credit is a condition of use (every CC licence has BY; CC0 and PDM do not)."""
        return not self.is_public_domain

    @property
    def allows_commercial_use(self) -> bool:
        return "nc" not in self.code.split("-")

    @property
    def allows_adaptations(self) -> bool:
        return "nd" not in self.code.split("-")

    @property
    def share_alike(self) -> bool:
        """Whether adaptations must carry the same licence."""
        return "sa" in self.code.split("-")

    @property
    def is_free(self) -> bool:
        """Approved for Free Cultural Works: reusable by anyone, for anything, modified or not."""
        return self.allows_commercial_use and self.allows_adaptations


VERSIONS: tuple[str, ...] = ("4.0", "3.0", "2.5", "2.0")
"""Newest first: the order `nearest` prefers when a writer's version is no help."""

QUALIFIER: Mapping[str, str] = {
    "4.0": "International",
    "3.0": "Unported",
    "2.5": "Generic",
    "2.0": "Generic",
}

_ND_BEFORE_4 = "NoDerivs"
_ND_FROM_4 = "NoDerivatives"

# (code, short id part, title for versions before 4.0, title for 4.0)
_FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    ("by", "BY", "Attribution", "Attribution"),
    ("by-sa", "BY-SA", "Attribution-ShareAlike", "Attribution-ShareAlike"),
    ("by-nd", "BY-ND", f"Attribution-{_ND_BEFORE_4}", f"Attribution-{_ND_FROM_4}"),
    ("by-nc", "BY-NC", "Attribution-NonCommercial", "Attribution-NonCommercial"),
    (
        "by-nc-sa",
        "BY-NC-SA",
        "Attribution-NonCommercial-ShareAlike",
        "Attribution-NonCommercial-ShareAlike",
    ),
    (
        "by-nc-nd",
        "BY-NC-ND",
        f"Attribution-NonCommercial-{_ND_BEFORE_4}",
        f"Attribution-NonCommercial-{_ND_FROM_4}",
    ),
)


def _build() -> dict[str, License]:
    found: dict[str, License] = {}
    pd_tools = (
        License(
            id="CC0 1.0",
            name="Creative Commons CC0 1.0 Universal",
            url="https://creativecommons.org/publicdomain/zero/1.0/",
            spdx="CC0-1.0",
            code="zero",
            version="1.0",
        ),
        License(
            id="PDM 1.0",
            name="Creative Commons Public Domain Mark 1.0 Universal",
            url="https://creativecommons.org/publicdomain/mark/1.0/",
            # SPDX added this id in licence list 3.26 (2025).
            spdx="CC-PDM-1.0",
            code="mark",
            version="1.0",
        ),
    )
    for tool in pd_tools:
        found[tool.id] = tool
    for code, short, title_old, title_4 in _FAMILIES:
        for version in VERSIONS:
            title = title_4 if version == "4.0" else title_old
            found[f"CC {short} {version}"] = License(
                id=f"CC {short} {version}",
                name=f"Creative Commons {title} {version} {QUALIFIER[version]}",
                url=f"https://creativecommons.org/licenses/{code}/{version}/",
                spdx=f"CC-{short}-{version}",
                code=code,
                version=version,
            )
    return found


LICENSES: Mapping[str, License] = MappingProxyType(_build())
"""Every known licence, keyed by its canonical id ("CC BY 4.0")."""


def by_id(ident: str) -> License:
    """The registry's licence with canonical id `ident` ("CC BY 4.0")."""
    return LICENSES[ident]


DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
WORD_SPLIT = re.compile(rf"[\s\-_{DASHES}]+")


def normalise(text: str) -> str:
    """Case-folded, NFKC, single-spaced: the form every reading of licence text starts from."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
