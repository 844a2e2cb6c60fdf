"""Credit lines: which last lines are credits, and each variant split into `image:` keys."""

from __future__ import annotations

import pytest

from brief.errors import Severity
from brief.importer.credits import ImageCredit, is_credit_line, read_credit

WIKI = "https://commons.wikimedia.org/"
CREDITS = [
    (
        "Image by Presidential Executive Office of Russia (Wikimedia)/Attribution 4.0 International (CC BY 4.0)",
        {
            "credit": "Presidential Executive Office of Russia",
            "source": "Wikimedia Commons",
            "source_url": WIKI,
            "license": "CC BY 4.0",
        },
    ),
    (
        "Photo: Jane Doe / Wikimedia Commons, CC BY-SA 4.0",
        {
            "credit": "Jane Doe",
            "source": "Wikimedia Commons",
            "source_url": WIKI,
            "license": "CC BY-SA 4.0",
        },
    ),
    (
        "Photo: Jane Doe / Flickr, CC BY-SA 4.0",
        {"credit": "Jane Doe", "source": "Flickr", "license": "CC BY-SA 4.0"},
    ),
    (
        "Image: Jane Doe via Flickr (CC0)",
        {"credit": "Jane Doe", "source": "Flickr", "license": "CC0 1.0"},
    ),
    ("Vladimir Smirnov/Reuters", {"credit": "Vladimir Smirnov", "source": "Reuters"}),
    ("Vladimir Smirnov / REUTERS", {"credit": "Vladimir Smirnov", "source": "Reuters"}),
    (
        "© Jane Doe",
        {"credit": "Jane Doe", "license": "all-rights-reserved", "notice": "© Jane Doe"},
    ),
    (
        "© 2022 Jane Doe/AP",
        {
            "credit": "Jane Doe",
            "source": "AP",
            "license": "all-rights-reserved",
            "notice": "© 2022 Jane Doe/AP",
        },
    ),
    ("© Jane Doe, CC BY 4.0", {"credit": "Jane Doe", "license": "CC BY 4.0"}),
    ("Foto: Kay Nietfeld/dpa", {"credit": "Kay Nietfeld", "source": "dpa"}),
    ("Foto: Kay Nietfeld/DPA", {"credit": "Kay Nietfeld", "source": "dpa"}),
    (
        "Photo by Jane Doe (Flickr)/https://creativecommons.org/licenses/by-sa/2.0/",
        {"credit": "Jane Doe", "source": "Flickr", "license": "CC BY-SA 2.0"},
    ),
    (
        "Picture: Jane Doe/AP, used with permission",
        {
            "credit": "Jane Doe",
            "source": "AP",
            "license": "permission",
            "notice": "Jane Doe/AP, used with permission",
        },
    ),
    ("Photo credit: Jane Doe/Public domain", {"credit": "Jane Doe", "license": "PDM 1.0"}),
    ("Credit: Jane Doe", {"credit": "Jane Doe"}),
    (
        "IMAGE BY: Jane Doe (Wikimedia)",
        {"credit": "Jane Doe", "source": "Wikimedia Commons", "source_url": WIKI},
    ),
    ("Jane Doe/CC BY-NC-ND 3.0", {"credit": "Jane Doe", "license": "CC BY-NC-ND 3.0"}),
]


@pytest.mark.parametrize(("line", "fields"), CREDITS, ids=[c[0] for c in CREDITS])
def test_credit_variant(line: str, fields: dict[str, str]) -> None:
    assert is_credit_line(line)
    credit, problems = read_credit(line, "wire.txt", 7)
    assert problems == []
    assert credit == ImageCredit(line=7, **fields)
    assert [k for k, _ in credit.fields()] == [
        k for k in ("credit", "source", "source_url", "license", "notice") if k in fields
    ]


UNREADABLE = [
    (
        "Image: Jane Doe, CC BY 9.0",
        "'CC BY 9.0' is no licence brief knows; did you mean 'CC BY 4.0'?",
    ),
    ("Jane Doe/CC BY 9.0", "'CC BY 9.0' is no licence brief knows; did you mean 'CC BY 4.0'?"),
    (
        "Photo: Jane Doe (Creative Commons)",
        "'Creative Commons' is no licence brief knows; did you mean 'CC BY 4.0'?",
    ),
    (
        "Photo: Jane Doe/AP/Reuters",
        "it has more than one '/', so creator and source are unclear in 'Jane Doe/AP/Reuters'",
    ),
    ("Image by", "it names no creator"),
    ("Photo: (Wikimedia)/CC BY 4.0", "creator and source are unclear in '(Wikimedia)'"),
]


@pytest.mark.parametrize(("line", "why"), UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_unreadable_credit_is_kept_verbatim_with_a_warning(line: str, why: str) -> None:
    assert is_credit_line(line)
    credit, problems = read_credit(line, "wire/a.txt", 9)
    assert credit == ImageCredit(line=9, notice=line)
    assert [p.format() for p in problems] == [
        f"wire/a.txt:9: warning: cannot read this image credit ({why}); it is kept as "
        "written as notice:, so check it and split it into credit:, source: and license: by hand"
    ]
    assert problems[0].severity is Severity.WARNING


PARAGRAPHS = [
    "The Kremlin said talks would go on.",
    "Pictures of the damage circulated on Sunday.",
    "Photographers were kept away: the area was closed.",
    "Imagine a ceasefire, he said.",
    "The vote was split 50/50 in the end.",
    "Kyiv/Moscow",
    "Talks in Kyiv/Moscow, Reuters reported.",
    "Photo: " + "a very long caption " * 20,  # past MAX_CREDIT_CHARS
    "",
]


@pytest.mark.parametrize("line", PARAGRAPHS)
def test_paragraphs_are_not_credits(line: str) -> None:
    assert not is_credit_line(line)
