"""The licence registry: what it knows, how it reads writers' spellings, what it refuses."""

from __future__ import annotations

import dataclasses
import itertools

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
    if lic.spdx is not None and not lic.is_public_domain:
        assert lic.spdx == "CC-" + lic.id.removeprefix("CC ").replace(" ", "-")


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


# --- lookup: the ways writers and wires spell them -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CC BY 4.0", "CC BY 4.0"),
        ("cc by-sa 3.0", "CC BY-SA 3.0"),
        ("CC-BY-4.0", "CC BY 4.0"),
        ("CC BY-NC-SA 4.0", "CC BY-NC-SA 4.0"),
        ("CC-BY-NC-SA-2.5", "CC BY-NC-SA 2.5"),
        ("Attribution 4.0 International (CC BY 4.0)", "CC BY 4.0"),
        ("Attribution-ShareAlike 4.0 International", "CC BY-SA 4.0"),
        ("Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)", "CC BY-SA 4.0"),
        ("Creative Commons Attribution-ShareAlike 3.0 Unported", "CC BY-SA 3.0"),
        ("Creative Commons Attribution-ShareAlike 3.0 Unported License", "CC BY-SA 3.0"),
        ("Creative Commons Attribution 4.0 International Public License", "CC BY 4.0"),
        ("Creative Commons Attribution 2.0 Generic", "CC BY 2.0"),
        ("Creative Commons Attribution-NoDerivs 2.5 Generic", "CC BY-ND 2.5"),
        ("Attribution-NonCommercial-NoDerivatives 4.0 International", "CC BY-NC-ND 4.0"),
        ("Attribution Non-Commercial Share Alike 3.0", "CC BY-NC-SA 3.0"),
        ("Attribution 4.0", "CC BY 4.0"),
        ("CC BY 4.0 International", "CC BY 4.0"),
        ("CC BY-SA 2.5 Generic", "CC BY-SA 2.5"),
        ("CC BY SA 4.0", "CC BY-SA 4.0"),
        ("CC-BY-SA 4.0", "CC BY-SA 4.0"),
        ("CC BY-NC-SA-4.0", "CC BY-NC-SA 4.0"),
        ("CC BY-SA-NC 4.0", "CC BY-NC-SA 4.0"),
        ("cc-by 4", "CC BY 4.0"),
        ("CC BY 4", "CC BY 4.0"),
        ("CC BY 3", "CC BY 3.0"),
        ("CC BY 2", "CC BY 2.0"),
        ("CC BY-SA 4", "CC BY-SA 4.0"),
        ("CC BY v4.0", "CC BY 4.0"),
        ("CC BY 4.0.", "CC BY 4.0"),
        ("\tCC  BY-SA\n 4.0 ", "CC BY-SA 4.0"),
        ("CC BY\u2011SA 4.0", "CC BY-SA 4.0"),
        ("CC\u00a0BY\u00a04.0", "CC BY 4.0"),
        ("Deed - Attribution 4.0 International - Creative Commons", "CC BY 4.0"),
        ("CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)", "CC BY 4.0"),
        ("https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"),
        ("http://creativecommons.org/licenses/by-sa/3.0/", "CC BY-SA 3.0"),
        ("creativecommons.org/licenses/by-nc-sa/2.5", "CC BY-NC-SA 2.5"),
        ("www.creativecommons.org/licenses/by-nd/2.0/", "CC BY-ND 2.0"),
        ("https://creativecommons.org/licenses/by/4.0/deed.en", "CC BY 4.0"),
        ("https://creativecommons.org/licenses/by-sa/4.0/deed.de", "CC BY-SA 4.0"),
        ("https://creativecommons.org/licenses/by-nc/3.0/legalcode", "CC BY-NC 3.0"),
        ("https://creativecommons.org/licenses/by-nc-nd/4.0/legalcode.en", "CC BY-NC-ND 4.0"),
        ("https://creativecommons.org/licenses/by/4.0/deed.pt_BR", "CC BY 4.0"),
        ("CC0", "CC0 1.0"),
        ("cc0", "CC0 1.0"),
        ("CC0 1.0", "CC0 1.0"),
        ("CC0-1.0", "CC0 1.0"),
        ("CC Zero", "CC0 1.0"),
        ("Creative Commons Zero", "CC0 1.0"),
        ("Public Domain Dedication (CC0 1.0)", "CC0 1.0"),
        ("CC0 1.0 Universal", "CC0 1.0"),
        ("CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0 1.0"),
        ("Creative Commons CC0 1.0 Universal", "CC0 1.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"),
        ("http://creativecommons.org/publicdomain/zero/1.0/legalcode", "CC0 1.0"),
        ("creativecommons.org/publicdomain/zero/1.0/deed.en", "CC0 1.0"),
        ("Public Domain Mark", "PDM 1.0"),
        ("Public Domain Mark 1.0", "PDM 1.0"),
        ("public domain mark 1.0 universal", "PDM 1.0"),
        ("PDM", "PDM 1.0"),
        ("PDM 1.0", "PDM 1.0"),
        ("CC-PDM-1.0", "PDM 1.0"),
        ("https://creativecommons.org/publicdomain/mark/1.0/", "PDM 1.0"),
        ("creativecommons.org/publicdomain/mark/1.0/deed.en", "PDM 1.0"),
    ],
)
def test_lookup_accepts(text: str, expected: str) -> None:
    assert lookup(text) is LICENSES[expected]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "CC",
        "Creative Commons",
        "GPL",
        "MIT",
        "Apache-2.0",
        "All rights reserved",
        "Public Domain Dedication 2.0",
        "public-domain-ish",
        # unknown versions
        "CC BY 5.0",
        "CC BY 1.0",
        "CC BY 3.5",
        "CC BY-SA 2.1",
        "CC0 2.0",
        "PDM 2.0",
        "https://creativecommons.org/licenses/by/5.0/",
        "https://creativecommons.org/publicdomain/zero/2.0/",
        # the version is part of the licence
        "CC BY",
        "CC BY-NC",
        "CC-BY-SA",
        "Attribution-ShareAlike",
        "Creative Commons Attribution",
        # ported licences, jurisdiction tags
        "CC BY 3.0 DE",
        "CC-BY-3.0-DE",
        "CC BY-SA 3.0 IGO",
        "CC-BY-SA-2.0-UK",
        "https://creativecommons.org/licenses/by/3.0/de/",
        "https://creativecommons.org/licenses/by-sa/2.5/es/deed.en",
        # impossible combinations and elements CC no longer has
        "CC BY-SA-ND 4.0",
        "CC NC 4.0",
        "CC SA 1.0",
        "CC BY-NC-NC-XX 4.0",
        "https://creativecommons.org/licenses/by-sa-nd/4.0/",
        "https://creativecommons.org/licenses/by-xx/4.0/",
        "https://creativecommons.org/licenses/nc/1.0/",
        # parts that disagree
        "CC BY 4.0 (CC BY-SA 4.0)",
        "Attribution 4.0 International (CC BY 3.0)",
        "CC BY 4.0 (https://creativecommons.org/licenses/by/3.0/)",
        "CC0 1.0 (PDM 1.0)",
        "CC BY 4.0 CC0",
        "CC BY 4.0 3.0",
        # qualifiers that contradict the version
        "CC BY 3.0 International",
        "Creative Commons Attribution 4.0 Unported",
        "Attribution 2.0 Unported",
        "CC BY 4.0 Universal",
        "CC0 1.0 International",
        # without a word that says "Creative Commons"
        "BY 4.0",
        "BY-SA 4.0",
        "Zero",
        "4.0",
        # extra words it does not understand
        "CC BY 4.0 or later",
        "CC BY-SA 4.0, via Wikimedia Commons",
        "© Jane Doe, CC BY 4.0",
        "CC BY 4.0 Int.",
        "CCBY 4.0",
        "CC-BY-NCSA 4.0",
        "Atribution 4.0",
        "CC BY 4.0 SA",
        # not Creative Commons URLs
        "https://example.org/licenses/by/4.0/",
        "https://creativecommons.org.example.org/licenses/by/4.0/",
        "https://creativecommons.org/",
        "https://creativecommons.org/licenses/by/4.0/legalcode/extra",
    ],
)
def test_lookup_refuses(text: str) -> None:
    assert lookup(text) is None


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CC BY 5.0", "CC BY 4.0"),
        ("CC BY 1.0", "CC BY 2.0"),
        ("CC BY-SA 3.5", "CC BY-SA 4.0"),
        ("CC BY-SA 4", "CC BY-SA 4.0"),
        ("CC-BY-NCSA 4.0", "CC BY-NC-SA 4.0"),
        ("CCBYSA 3.0", "CC BY-SA 3.0"),
        ("ccbysa4.0", "CC BY-SA 4.0"),
        ("Atribution 4.0", "CC BY 4.0"),
        ("Atribution-SA 4.0", "CC BY-SA 4.0"),
        ("Attribution-NonComercial 4.0", "CC BY-NC 4.0"),
        ("Attribution Non Comercial Share Alkie 4.0", "CC BY-NC-SA 4.0"),
        ("Creative Commons Atribution Share-Alike 3.0", "CC BY-SA 3.0"),
        ("Atribution-NoDerivaties 4.0 Internatinal", "CC BY-ND 4.0"),
        ("CC BY NoDerivs 3", "CC BY-ND 3.0"),
        ("CC BY-NC", "CC BY-NC 4.0"),
        ("CC BY", "CC BY 4.0"),
        ("CC NC 4.0", "CC BY-NC 4.0"),
        ("CC BY 3.0 DE", "CC BY 3.0"),
        ("CC-BY-ND-NC 2.5 DE", "CC BY-NC-ND 2.5"),
        ("https://creativecommons.org/licenses/by-sa/3.0/de/", "CC BY-SA 3.0"),
        ("https://creativecommons.org/publicdomain/zero/2.0/", "CC0 1.0"),
        ("CC Zeroo", "CC0 1.0"),
        ("CC0 2.0", "CC0 1.0"),
        ("Publc Domain Dedicaton", "CC0 1.0"),
        ("Public Domian Mark", "PDM 1.0"),
        ("Public Domain", "PDM 1.0"),
    ],
)
def test_nearest_suggests(text: str, expected: str) -> None:
    assert nearest(text) is LICENSES[expected]


@pytest.mark.parametrize(
    "text", ["", "   ", "GPL", "MIT", "BSD", "Apache 2.0", "Getty Images", "GPL 3.0 by the author"]
)
def test_nearest_has_nothing_for_unrelated_text(text: str) -> None:
    assert nearest(text) is None


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("permission", "permission"),
        ("Permission", "permission"),
        ("Used with permission", "permission"),
        ("used with permission.", "permission"),
        ("Reproduced by kind permission of the artist", "permission"),
        ("Photo: Jane Doe, used with permission", "permission"),
        ("© AP, used with permission", "permission"),
        ("all rights reserved", "all-rights-reserved"),
        ("All Rights Reserved.", "all-rights-reserved"),
        ("all-rights-reserved", "all-rights-reserved"),
        ("copyright", "all-rights-reserved"),
        ("Copyright 2024 Reuters", "all-rights-reserved"),
        ("©", "all-rights-reserved"),
        ("© 2024 AP. All rights reserved.", "all-rights-reserved"),
        ("(c) Jane Doe", "all-rights-reserved"),
        # not notices
        ("", None),
        ("Jane Doe", None),
        ("Used without permission", None),
        ("permission pending", None),
        ("CC BY 4.0", None),
        ("© Jane Doe, CC BY 4.0", None),
        ("Copyright Jane Doe, Creative Commons Attribution 4.0", None),
        ("No known copyright restrictions", None),
        ("Public domain", None),
        ("copyright-free", None),
    ],
)
def test_notice_kind(text: str, expected: str | None) -> None:
    assert notice_kind(text) == expected


@pytest.mark.parametrize("text", ["Public domain", "public domain", "PUBLIC-DOMAIN", "PD"])
def test_plain_public_domain_is_the_public_domain_mark(text: str) -> None:
    lic = lookup(text)
    assert lic is not None
    assert lic.url == "https://creativecommons.org/publicdomain/mark/1.0/"
