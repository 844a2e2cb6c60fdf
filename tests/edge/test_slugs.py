"""Slugs: what a title or tag becomes in a URL, and which slugs are safe path segments."""

from __future__ import annotations

import pytest

from brief.slugs import fold, is_segment, slugify


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Élysée", "elysee"),
        ("UKRAINE", "ukraine"),
        ("Straße", "strasse"),
        ("Œuvre", "oeuvre"),
        ("Ærø", "aero"),
        ("Łódź", "lodz"),
        ("Þingvellir", "thingvellir"),
        ("İstanbul", "istanbul"),
        ("Ağrı", "agri"),
        ("Việt Nam", "viet nam"),
        ("ǅemal", "dzemal"),
        ("ﬁnance", "finance"),
        ("Ｆｕｌｌ", "full"),
        ("’Quotes’", "quotes"),
        # other scripts keep their letters, marks included
        ("Россия", "россия"),
        ("Київ", "київ"),
        ("Ελλάδα", "ελλάδα"),
        ("北京", "北京"),
        ("مصر", "مصر"),
        # punctuation and spacing are left for slugify
        ("  Hello,   World! ", "  hello,   world! "),
        ("C++", "c++"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_spellings_of_one_tag_fold_alike() -> None:
    assert len({fold(t) for t in ("Élysée", "elysee", "ELYSÉE", "Elysée")}) == 1
    assert fold("Київ") != fold("Киів")  # й and и are different letters, not accents


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Russia Makes Demands for Ceasefire in Ukraine", "russia-makes-demands-for-ceasefire-in-ukraine"),
        ("  Hello,   World! ", "hello-world"),
        ("naïve café", "naive-cafe"),
        ("São Paulo 2022", "sao-paulo-2022"),
        ("Putin’s demands", "putins-demands"),
        ("x_y", "x-y"),
        ("C++", "c"),
        ("Россия", "россия"),
        ("北京", "北京"),
        ("---", ""),
        ("", ""),
        ("???", ""),
    ],
)  # fmt: skip
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["Élysée Palace", "Київ", "C++ and C", "a  --  b", "Ærø 2022"])
def test_a_slug_is_stable_and_a_segment(text: str) -> None:
    slug = slugify(text)
    assert slugify(slug) == slug
    assert is_segment(slug)
    assert "--" not in slug and not slug.startswith("-") and not slug.endswith("-")


@pytest.mark.parametrize("slug", ["a", "a-b", "putin-demands", "россия", "2022", "a_b", "a.b"])
def test_is_segment_accepts(slug: str) -> None:
    assert is_segment(slug)


@pytest.mark.parametrize(
    "slug",
    ["", ".", "..", ".hidden", "a/b", "a\\b", "a b", "a?b", "a#b", "a%b", "a:b", "a|b", 'a"b',
     "a*b", "<a>", "a\tb", "a\u200bb", "a\u00a0b", "a\x00b"],
)  # fmt: skip
def test_is_segment_refuses(slug: str) -> None:
    assert not is_segment(slug)
