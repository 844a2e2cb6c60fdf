"""Reading wire files: the parts of a story with their lines, and every way a file is not one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brief.content.sources import Source
from brief.importer.credits import ImageCredit
from brief.importer.wire import Line, WireStory, parse_wire, read_wire, suggest_tags, wire_files
from tests.helpers import REPO

SEED = REPO / "seeds" / "000_91e649236aae20d7.txt"


def story(text: str) -> WireStory:
    return parse_wire(Source(Path("/w/a.txt"), "w/a.txt", text))


def messages(s: WireStory) -> list[str]:
    return [p.format() for p in s.problems]


def test_the_seed() -> None:
    s = read_wire(SEED, "seeds/000.txt")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert s.ok and s.problems == ()
    assert s.name == "000_91e649236aae20d7.txt"
    assert s.headline == Line("Russia Makes Demands for Ceasefire in Ukraine", 1)
    assert s.standfirst == Line(lines[1], 2)
    assert s.paragraphs == tuple(Line(lines[i - 1], i) for i in range(3, 7))
    assert s.credit == ImageCredit(
        line=7,
        credit="Presidential Executive Office of Russia",
        source="Wikimedia Commons",
        source_url="https://commons.wikimedia.org/",
        license="CC BY 4.0",
    )


def test_blank_lines_and_spaces_are_ignored_and_lines_kept() -> None:
    s = story("\n  Headline  \n\nStandfirst\n\n\n  First.\t\n\nSecond.\n\n")
    assert s.headline == Line("Headline", 2)
    assert s.standfirst == Line("Standfirst", 4)
    assert s.paragraphs == (Line("First.", 7), Line("Second.", 9))
    assert s.credit is None


def test_a_last_line_that_is_no_credit_is_a_paragraph() -> None:
    s = story("H\nS\nOne.\nThe Kremlin said talks would go on.\n")
    assert [p.text for p in s.paragraphs] == ["One.", "The Kremlin said talks would go on."]
    assert s.credit is None


def test_only_the_last_line_can_be_a_credit() -> None:
    s = story("H\nS\nPhoto: Jane Doe/AP\nOne.\n")
    assert [p.text for p in s.paragraphs] == ["Photo: Jane Doe/AP", "One."]


def test_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfH\r\nS\r\nOne.\r\n\r\nJane Doe/Reuters\r\n")
    s = read_wire(path, "a.txt")
    assert s.headline == Line("H", 1)
    assert s.paragraphs == (Line("One.", 3),)
    assert s.credit == ImageCredit(line=5, credit="Jane Doe", source="Reuters")


def test_an_unreadable_credit_is_a_warning_not_an_error() -> None:
    s = story("H\nS\nOne.\nImage: Jane Doe, CC BY 9.0\n")
    assert s.ok
    assert s.credit == ImageCredit(line=4, notice="Image: Jane Doe, CC BY 9.0")
    assert messages(s) == [
        "w/a.txt:4: warning: cannot read this image credit ('CC BY 9.0' is no licence brief "
        "knows; did you mean 'CC BY 4.0'?); it is kept as written as notice:, so check it and "
        "split it into credit:, source: and license: by hand"
    ]


SHAPE = "a headline line, a standfirst line, then one paragraph per line"
BAD_TEXT = [
    ("", f"w/a.txt: error: empty file; wire copy is {SHAPE}"),
    (" \n\n\t\n", f"w/a.txt: error: empty file; wire copy is {SHAPE}"),
    (
        "\nJust a headline\n",
        f"w/a.txt:2: error: only one line; wire copy is {SHAPE}, and this one has no standfirst",
    ),
    (
        "H\nS\n",
        f"w/a.txt:2: error: no paragraphs after the standfirst on this line; wire copy is {SHAPE}",
    ),
    (
        "H\nS\n\nJane Doe/Reuters\n",
        "w/a.txt:2: error: no paragraphs after the standfirst on this line, only the image "
        f"credit; wire copy is {SHAPE}",
    ),
    (
        "H\nS\nA bell\x07 rang.\n",
        "w/a.txt:3:7: error: this line contains U+0007 (a control character), which no page "
        "can show; remove it",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_TEXT)
def test_bad_text(text: str, message: str) -> None:
    s = story(text)
    assert not s.ok
    assert messages(s) == [message]
    assert s.paragraphs == ()


BAD_FILES = [
    (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "a.txt: error: a binary file, not wire copy (a NUL byte at byte 8); wire copy is UTF-8 text",
    ),
    (
        b"Headline\nCaf\xe9 talks\nOne.\n",
        "a.txt:2:4: error: not valid UTF-8 (byte 12, value 0xe9); save the file as UTF-8",
    ),
    (
        b"H\nS\n" + b"x" * (1024 * 1024),
        "a.txt: error: larger than 1024 KiB; wire copy is a few kilobytes of text",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES, ids=["binary", "latin-1", "huge"])
def test_bad_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    s = read_wire(path, "a.txt")
    assert not s.ok
    assert messages(s) == [message]


def test_every_unshowable_line_is_named() -> None:
    s = story("H\nS\nOne\x00.\nTwo.\nThree\x9b.\n")
    assert messages(s) == [
        "w/a.txt:3:4: error: this line contains U+0000 (a control character), which no page "
        "can show; remove it",
        "w/a.txt:5:6: error: this line contains U+009B (a control character), which no page "
        "can show; remove it",
    ]


def test_a_named_pipe_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    os.mkfifo(path)
    assert messages(read_wire(path, "a.txt")) == ["a.txt: error: not a regular file"]


def test_wire_files(tmp_path: Path) -> None:
    folder = tmp_path / "wire"
    folder.mkdir()
    for name in ("b.txt", "a.txt", ".hidden.txt", "c.txt~", "notes.md", "d.txt.swp"):
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "sub.txt").mkdir()
    (tmp_path / "empty").mkdir()
    found, problems = wire_files(
        [folder, folder / "a.txt", tmp_path / "missing.txt", tmp_path / "empty"]
    )
    assert found == [(folder / "a.txt", f"{folder}/a.txt"), (folder / "b.txt", f"{folder}/b.txt")]
    assert [p.format() for p in problems] == [
        f"{tmp_path}/missing.txt: error: no such file or folder",
        f"{tmp_path}/empty: error: no wire copy to import here: the folder has no .txt files",
    ]


VOCABULARY = ["Russia", "Ukraine", "Élysée", "Peace talks", "Energy", "EU", "Belarus"]


@pytest.mark.parametrize(
    ("copy", "expected"),
    [
        ("Russia’s demands", ["Russia"]),  # an apostrophe ends the word
        ("RUSSIA and ukraine", ["Russia", "Ukraine"]),
        ("Ukrainian negotiators", []),  # whole words only
        ("at the Elysee palace", ["Élysée"]),  # accents fold
        ("the peace  talks went on", ["Peace talks"]),
        ("the peace\ntalks went on", []),  # a phrase within one paragraph
        ("peace and talks", []),
        ("the EU's view; Europe", ["EU"]),
        ("Belarusian border", []),
    ],
)
def test_suggest_tags(copy: str, expected: list[str]) -> None:
    s = story(f"Headline\nStandfirst\n{copy}\n")
    assert list(suggest_tags(s, VOCABULARY)) == expected


def test_suggestions_ignore_the_credit() -> None:
    s = story(
        "Headline\nStandfirst\nOne.\nImage: Energy Ministry of Ukraine (Wikimedia)/CC BY 4.0\n"
    )
    assert s.credit is not None
    assert suggest_tags(s, VOCABULARY) == ()
