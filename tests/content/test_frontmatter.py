"""Splitting an article file into front-matter and body, with the line each part starts on."""

from __future__ import annotations

import pytest

from brief.content.frontmatter import MAX_FRONTMATTER_BYTES, Split, split
from brief.errors import Problem

NO_FRONTMATTER = (
    "no front-matter: start the file with a line '---', then 'title:' and 'date:', "
    "then a closing '---'"
)
NEVER_CLOSED = "front-matter opened on line 1 is never closed; add a line '---' after it"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\ntitle: x\ndate: 2022-02-28\n---\nBody.\n",
            Split("title: x\ndate: 2022-02-28", 1, "Body.\n", 4),
        ),
        # YAML's own end-of-document marker closes it too
        ("---\ntitle: x\n...\nBody.\n", Split("title: x", 1, "Body.\n", 3)),
        # trailing spaces on the fences are forgiven
        ("---  \ntitle: x\n--- \t\nBody.", Split("title: x", 1, "Body.", 3)),
        # a later --- is a thematic break in the body, not a fence
        ("---\na: 1\n---\nOne\n---\nTwo\n", Split("a: 1", 1, "One\n---\nTwo\n", 3)),
        ("---\n---\n", Split("", 1, "", 2)),
        ("---\na: 1\n---", Split("a: 1", 1, "", 3)),
        ("---\n\n\n---\n\nBody\n", Split("\n", 1, "\nBody\n", 4)),
    ],
)
def test_split(text: str, expected: Split) -> None:
    assert split(text, "content/a.md") == expected


def test_body_line_numbers_point_into_the_file() -> None:
    text = "---\ntitle: x\ndate: 2022-02-28\n---\nfirst\nsecond\n"
    parts = split(text, "a.md")
    assert isinstance(parts, Split)
    file_lines = text.split("\n")
    body_lines = parts.body.split("\n")
    assert file_lines[parts.lines_before_body] == body_lines[0] == "first"
    assert file_lines[parts.lines_before_yaml] == parts.yaml.split("\n")[0] == "title: x"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: x\n---\n", NO_FRONTMATTER),
        ("\n---\ntitle: x\n---\n", NO_FRONTMATTER),
        (" ---\ntitle: x\n---\n", NO_FRONTMATTER),
        ("", NO_FRONTMATTER),
        ("----\ntitle: x\n----\n", NO_FRONTMATTER),
        ("---\ntitle: x\n", NEVER_CLOSED),
        ("---", NEVER_CLOSED),
        ("---\ntitle: x\n----\nbody\n", NEVER_CLOSED),
    ],
)
def test_split_problems(text: str, message: str) -> None:
    assert split(text, "content/a.md") == Problem("content/a.md", 1, 1, message)


def test_front_matter_size_limit() -> None:
    room = MAX_FRONTMATTER_BYTES - len("a: ")
    fits = split(f"---\na: {'x' * room}\n---\n", "a.md")
    assert isinstance(fits, Split) and len(fits.yaml.encode()) == MAX_FRONTMATTER_BYTES
    # the limit is in bytes, not characters: one two-byte letter more is too much
    too_big = split(f"---\na: {'x' * (room - 1)}é\n---\n", "a.md")
    assert too_big == Problem("a.md", 1, 1, "front-matter is larger than 64 KiB")
