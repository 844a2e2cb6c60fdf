"""The licence registry: what it knows, how it reads writers' spellings, what it refuses."""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from brief.content.licenses import (
    LICENSES,
    NOTICE_ALL_RIGHTS_RESERVED,
    NOTICE_KINDS,
    NOTICE_PERMISSION,
    License,
    lookup,
    nearest,
    notice_kind,
)
from tests.helpers import FIXTURES

FAMILIES = ("BY", "BY-SA", "BY-ND", "BY-NC", "BY-NC-SA", "BY-NC-ND")
VERSIONS = ("2.0", "2.5", "3.0", "4.0")
ALL_IDS = sorted(["CC0 1.0", "PDM 1.0"] + [f"CC {f} {v}" for f in FAMILIES for v in VERSIONS])
ALL = [LICENSES[i] for i in ALL_IDS]


def ids(value: object) -> str:
    return str(value)


# --- the registry ----------------------------------------------------------------------------


def test_registry_holds_exactly_the_26_licences() -> None:
    assert len(ALL_IDS) == 26
    assert sorted(LICENSES) == ALL_IDS
    assert all(key == lic.id for key, lic in LICENSES.items())


def test_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        LICENSES["CC BY 5.0"] = LICENSES["CC BY 4.0"]  # type: ignore[index]


def test_licence_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        LICENSES["CC BY 4.0"].url = "https://example.org/"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lid", "name", "url", "spdx"),
    [
        (
            "CC BY 4.0",
            "Creative Commons Attribution 4.0 International",
            "https://creativecommons.org/licenses/by/4.0/",
            "CC-BY-4.0",
        ),
        (
            "CC BY 3.0",
            "Creative Commons Attribution 3.0 Unported",
            "https://creativecommons.org/licenses/by/3.0/",
            "CC-BY-3.0",
        ),
        (
            "CC BY 2.0",
            "Creative Commons Attribution 2.0 Generic",
            "https://creativecommons.org/licenses/by/2.0/",
            "CC-BY-2.0",
        ),
        (
            "CC BY-SA 4.0",
            "Creative Commons Attribution-ShareAlike 4.0 International",
            "https://creativecommons.org/licenses/by-sa/4.0/",
            "CC-BY-SA-4.0",
        ),
        (
            "CC BY-SA 3.0",
            "Creative Commons Attribution-ShareAlike 3.0 Unported",
            "https://creativecommons.org/licenses/by-sa/3.0/",
            "CC-BY-SA-3.0",
        ),
        (
            "CC BY-ND 4.0",
            "Creative Commons Attribution-NoDerivatives 4.0 International",
            "https://creativecommons.org/licenses/by-nd/4.0/",
            "CC-BY-ND-4.0",
        ),
        (
            "CC BY-ND 3.0",
            "Creative Commons Attribution-NoDerivs 3.0 Unported",
            "https://creativecommons.org/licenses/by-nd/3.0/",
            "CC-BY-ND-3.0",
        ),
        (
            "CC BY-NC 2.5",
            "Creative Commons Attribution-NonCommercial 2.5 Generic",
            "https://creativecommons.org/licenses/by-nc/2.5/",
            "CC-BY-NC-2.5",
        ),
        (
            "CC BY-NC-SA 2.5",
            "Creative Commons Attribution-NonCommercial-ShareAlike 2.5 Generic",
            "https://creativecommons.org/licenses/by-nc-sa/2.5/",
            "CC-BY-NC-SA-2.5",
        ),
        (
            "CC BY-NC-SA 4.0",
            "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
            "https://creativecommons.org/licenses/by-nc-sa/4.0/",
            "CC-BY-NC-SA-4.0",
        ),
        (
            "CC BY-NC-ND 2.0",
            "Creative Commons Attribution-NonCommercial-NoDerivs 2.0 Generic",
            "https://creativecommons.org/licenses/by-nc-nd/2.0/",
            "CC-BY-NC-ND-2.0",
        ),
        (
            "CC BY-NC-ND 4.0",
            "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
            "https://creativecommons.org/licenses/by-nc-nd/4.0/",
            "CC-BY-NC-ND-4.0",
        ),
        (
            "CC0 1.0",
            "Creative Commons CC0 1.0 Universal",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            "CC0-1.0",
        ),
        (
            "PDM 1.0",
            "Creative Commons Public Domain Mark 1.0 Universal",
            "https://creativecommons.org/publicdomain/mark/1.0/",
            "CC-PDM-1.0",
        ),
    ],
)
def test_licence_data(lid: str, name: str, url: str, spdx: str) -> None:
    lic = LICENSES[lid]
    assert (lic.id, lic.name, lic.url, lic.spdx) == (lid, name, url, spdx)


@pytest.mark.parametrize("lic", ALL, ids=ids)
def test_licence_fields_are_consistent(lic: License) -> None:
    assert lic.url.startswith("https://creativecommons.org/")
    assert lic.url.endswith(f"/{lic.code}/{lic.version}/")
    assert lic.id.endswith(f" {lic.version}")
    assert lic.name.startswith("Creative Commons ")
    assert lic.title == lic.name.removeprefix("Creative Commons ")
    assert f" {lic.version} " in f" {lic.name} "
    assert str(lic) == lic.id
    public_domain = {"CC0 1.0": "CC0-1.0", "PDM 1.0": "CC-PDM-1.0"}
    expected = public_domain.get(lic.id, "CC-" + lic.id.removeprefix("CC ").replace(" ", "-"))
    assert lic.spdx == expected


@pytest.mark.parametrize(
    ("version", "qualifier"),
    [("2.0", "Generic"), ("2.5", "Generic"), ("3.0", "Unported"), ("4.0", "International")],
)
def test_names_carry_the_right_qualifier(version: str, qualifier: str) -> None:
    for family in FAMILIES:
        assert LICENSES[f"CC {family} {version}"].name.endswith(f" {version} {qualifier}")


def test_urls_and_spdx_ids_are_unique() -> None:
    assert len({lic.url for lic in ALL}) == 26
    assert len({lic.spdx for lic in ALL}) == 26


def test_public_domain_tools_need_no_attribution() -> None:
    need_none = {lic.id for lic in ALL if not lic.requires_attribution}
    assert need_none == {"CC0 1.0", "PDM 1.0"}
    assert {lic.id for lic in ALL if lic.is_public_domain} == need_none


@pytest.mark.parametrize(
    ("lid", "commercial", "adaptations", "share_alike", "free"),
    [
        ("CC BY 4.0", True, True, False, True),
        ("CC BY-SA 3.0", True, True, True, True),
        ("CC BY-ND 2.5", True, False, False, False),
        ("CC BY-NC 2.0", False, True, False, False),
        ("CC BY-NC-SA 4.0", False, True, True, False),
        ("CC BY-NC-ND 3.0", False, False, False, False),
        ("CC0 1.0", True, True, False, True),
        ("PDM 1.0", True, True, False, True),
    ],
)
def test_permissions(
    lid: str, commercial: bool, adaptations: bool, share_alike: bool, free: bool
) -> None:
    lic = LICENSES[lid]
    assert lic.allows_commercial_use is commercial
    assert lic.allows_adaptations is adaptations
    assert lic.share_alike is share_alike
    assert lic.is_free is free


# --- lookup: every licence round-trips ------------------------------------------------------


def _url_variants(url: str) -> list[str]:
    bare = url.removeprefix("https://")
    return [
        url,
        url.rstrip("/"),
        "http://" + bare,
        "http://" + bare.rstrip("/"),
        bare,
        bare.rstrip("/"),
        "www." + bare,
        "https://www." + bare,
        url + "deed.en",
        url + "deed.de",
        url + "deed",
        url + "legalcode",
        url + "legalcode.en",
        "http://" + bare + "deed.en",
        url.upper(),
        url + "?ref=chooser-v1",
        f"<{url}>",
    ]


@pytest.mark.parametrize("lic", ALL, ids=ids)
def test_round_trip_by_id_spdx_url_and_name(lic: License) -> None:
    spellings = [
        lic.id,
        lic.id.lower(),
        lic.id.upper(),
        f"  {lic.id.replace(' ', '   ')}  ",
        lic.name,
        lic.name.lower(),
        lic.title,
        f"{lic.title} ({lic.id})",
        *_url_variants(lic.url),
    ]
    if lic.spdx is not None:
        spellings += [lic.spdx, lic.spdx.lower()]
    for spelling in spellings:
        assert lookup(spelling) is lic, spelling
        assert nearest(spelling) is lic, spelling


@pytest.mark.parametrize("lic", [lic for lic in ALL if not lic.is_public_domain], ids=ids)
def test_element_order_and_separators_do_not_matter(lic: License) -> None:
    elements = lic.code.upper().split("-")
    for order in itertools.permutations(elements):
        for sep in ("-", " ", "_", "\u2011"):
            text = f"CC {sep.join(order)} {lic.version}"
            assert lookup(text) is lic, text


@pytest.mark.parametrize("lic", [lic for lic in ALL if not lic.is_public_domain], ids=ids)
def test_bare_major_version_means_point_zero(lic: License) -> None:
    major = lic.version.split(".")[0]
    bare = lic.id.removesuffix(lic.version) + major
    expected = LICENSES[lic.id.removesuffix(lic.version) + major + ".0"]
    assert lookup(bare) is expected  # "CC BY 2" is 2.0, never 2.5


# --- spellings from tests/fixtures/licences.txt -------------------------------------------


@dataclass(frozen=True)
class Spelling:
    """One line of the spellings file: what `function` must make of `text`."""

    function: str
    text: str
    expected: str | None
    line: int


def read_spellings(path: Path) -> list[Any]:
    """The `"text" -> expected` lines of each `[function]` section, as pytest parameters
    whose ids name the file and line."""
    params: list[Any] = []
    section = ""
    decoder = json.JSONDecoder()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        text, end = decoder.raw_decode(line)
        arrow, expected = line[end:].split(maxsplit=1)
        assert arrow == "->" and section, f"{path.name}:{number}: not a spelling line"
        case = Spelling(section, text, None if expected == "none" else expected, number)
        params.append(pytest.param(case, id=f"{path.name}:{number}:{section}"))
    return params


SPELLINGS = read_spellings(FIXTURES / "licences.txt")


def test_spellings_file_has_every_section() -> None:
    counts = Counter(p.values[0].function for p in SPELLINGS)
    assert counts == {"lookup": 127, "nearest": 34, "notice_kind": 25}


@pytest.mark.parametrize("case", SPELLINGS)
def test_spelling(case: Spelling) -> None:
    result: str | None
    if case.function == "notice_kind":
        result = notice_kind(case.text)
    else:
        lic = lookup(case.text) if case.function == "lookup" else nearest(case.text)
        result = lic.id if lic is not None else None  # the licence, by its id
    assert result == case.expected


@pytest.mark.parametrize("lic", ALL, ids=ids)
def test_no_other_licence_is_read_from_a_licence_spelling(lic: License) -> None:
    # "CC BY-SA 4.0" must never come back as CC BY 4.0 (or anything but itself), however
    # it is written.
    others = [other for other in ALL if other is not lic]
    spellings = [lic.id, lic.spdx or "", lic.name, lic.title, lic.url, lic.url + "deed.en"]
    for spelling in spellings:
        assert all(lookup(spelling) is not other for other in others)


def test_dropping_an_element_never_reads_as_the_longer_licence() -> None:
    assert lookup("CC BY-SA 4.0") is LICENSES["CC BY-SA 4.0"]
    assert lookup("CC BY 4.0") is LICENSES["CC BY 4.0"]
    assert lookup("CC BY-NC 4.0") is LICENSES["CC BY-NC 4.0"]
    assert lookup("CC BY-NC-SA 4.0") is LICENSES["CC BY-NC-SA 4.0"]
    assert lookup("Attribution-NonCommercial 4.0 International") is LICENSES["CC BY-NC 4.0"]


# --- nearest --------------------------------------------------------------------------------


@pytest.mark.parametrize("lic", ALL, ids=ids)
def test_nearest_mends_a_one_letter_typo_in_the_name(lic: License) -> None:
    # Drop one letter from the first word of the title: "Atribution-ShareAlike 4.0 ..."
    title = lic.title
    typo = title[:2] + title[3:]
    assert lookup(typo) is None
    assert nearest(typo) is lic


# --- notices --------------------------------------------------------------------------------


def test_notice_kinds() -> None:
    assert sorted(NOTICE_KINDS) == ["all-rights-reserved", "permission"]
    assert (NOTICE_PERMISSION, NOTICE_ALL_RIGHTS_RESERVED) == ("permission", "all-rights-reserved")


@pytest.mark.parametrize("text", ["Public domain", "public domain", "PUBLIC-DOMAIN", "PD"])
def test_plain_public_domain_is_the_public_domain_mark(text: str) -> None:
    lic = lookup(text)
    assert lic is not None
    assert lic.url == "https://creativecommons.org/publicdomain/mark/1.0/"
