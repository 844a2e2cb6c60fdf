"""The located YAML reader: every key and value knows its line and column in the file, and
every refusal (aliases, duplicate keys, tags, impossible dates) is a located problem."""

from __future__ import annotations

import datetime as dt

import pytest

from brief.errors import Problem
from brief.yamlmap import Entry, MappingReader, describe, text_hint


def entries(text: str, line_offset: int = 0) -> tuple[list[Entry], list[str], MappingReader]:
    reader = MappingReader(text, "x.yaml", line_offset=line_offset)
    found = list(reader.entries(reader.root, "site.yaml"))
    return found, [p.format() for p in reader.problems], reader


def positions(found: list[Entry]) -> list[tuple[str, object, int, int, int, int]]:
    return [(e.key, e.value, e.line, e.column, e.value_line, e.value_column) for e in found]


def test_positions_count_the_lines_before_the_yaml() -> None:
    text = "title: x\ndate: 2022-02-28\nimage:\n  src: a.jpg\n  alt: A\n"
    found, problems, reader = entries(text, line_offset=1)  # as after a front-matter fence
    assert problems == []
    assert positions(found) == [
        ("title", "x", 2, 1, 2, 8),
        ("date", dt.date(2022, 2, 28), 3, 1, 3, 7),
        ("image", {"src": "a.jpg", "alt": "A"}, 4, 1, 5, 3),
    ]
    nested = list(reader.entries(found[2].node, "image"))
    assert positions(nested) == [("src", "a.jpg", 5, 3, 5, 8), ("alt", "A", 6, 3, 6, 8)]


def test_values_are_plain_python() -> None:
    found, problems, _ = entries(
        "a: 1\nb: 1.5\nc: true\nd: ~\ne: [x, 2]\nf: 2022-02-28 14:30:00\ng: '2022'\n"
    )
    assert problems == []
    assert [(e.key, e.value) for e in found] == [
        ("a", 1),
        ("b", 1.5),
        ("c", True),
        ("d", None),
        ("e", ["x", 2]),
        ("f", dt.datetime(2022, 2, 28, 14, 30)),
        ("g", "2022"),
    ]


@pytest.mark.parametrize(
    ("text", "problem", "failed"),
    [
        (
            "a: 1\na: 2\n",
            "x.yaml:2:1: error: key 'a' is given twice (first on line 1); remove one of them",
            set(),
        ),
        (
            "a: 2022-02-30\n",
            "x.yaml:1:4: error: '2022-02-30' is not a real date (day is out of range for month); "
            "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM",
            {"a"},
        ),
        (
            "a: !!python/name:os.system\n",
            "x.yaml:1:4: error: unsupported YAML: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/name:os.system'; only plain YAML values are allowed "
            "(no !tags)",
            {"a"},
        ),
        (
            "a: !!int x\n",
            "x.yaml:1:4: error: invalid value 'x': invalid literal for int() with base 10: 'x'",
            {"a"},
        ),
        ("? [a]\n: 1\n", "x.yaml:1:3: error: keys must be plain words, not a list", set()),
        ("1: a\n", "x.yaml:1:1: error: keys must be plain words, not '1'", set()),
    ],
)
def test_entry_problems(text: str, problem: str, failed: set[str]) -> None:
    found, problems, reader = entries(text)
    assert problems == [problem]
    assert reader.failed == failed
    assert all(e.key not in failed for e in found)


def test_a_duplicate_key_keeps_the_first_value() -> None:
    found, _, _ = entries("a: 1\nb: 2\na: 3\n")
    assert [(e.key, e.value) for e in found] == [("a", 1), ("b", 2)]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "a: &x [1]\nb: *x\n",
            "x.yaml:2:4: error: YAML aliases (*name) are not allowed; write the value out in full",
        ),
        (
            "a: &x\n  k: v\nb:\n  - *x\n",
            "x.yaml:4:5: error: YAML aliases (*name) are not allowed; write the value out in full",
        ),
        ("a: [1\n", "x.yaml:2:1: error: malformed YAML: did not find expected ',' or ']'"),
        (
            'a: "\x01"\n',
            "x.yaml:1:5: error: malformed YAML: character #x0001 is not allowed here; remove it",
        ),
        (
            "a: b: c\n",
            "x.yaml:1:5: error: malformed YAML: mapping values are not allowed in this context; "
            "a value containing ': ' must be quoted",
        ),
        ("a: 1\n---\nb: 2\n", "x.yaml:2:1: error: malformed YAML: but found another document"),
    ],
)
def test_documents_refused_whole(text: str, problem: str) -> None:
    found, problems, reader = entries(text)
    assert (found, problems, reader.root) == ([], [problem], None)


def test_an_alias_bomb_is_refused_before_it_is_expanded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 20):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 9)}]")
    _, problems, reader = entries("\n".join(lines) + "\n")
    assert reader.root is None
    assert problems == [
        "x.yaml:2:8: error: YAML aliases (*name) are not allowed; write the value out in full"
    ]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_an_empty_document_has_no_root_and_no_problem(text: str) -> None:
    _, problems, reader = entries(text)
    assert (problems, reader.root) == ([], None)


@pytest.mark.parametrize(
    ("text", "what"), [("- a\n- b\n", "a list"), ("just words\n", "'just words'")]
)
def test_a_document_that_is_not_a_mapping(text: str, what: str) -> None:
    found, problems, _ = entries(text, line_offset=1)
    assert found == []
    assert problems == [
        f"x.yaml:2:1: error: site.yaml must be a mapping of `key: value` lines, not {what}"
    ]


def test_located_points_at_the_value() -> None:
    found, _, reader = entries("a: 1\nlong_key:   value\n")
    assert reader.located(found[1], "bad") == Problem("x.yaml", 2, 13, "bad")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "nothing (an empty value)"),
        (True, "the boolean true"),
        (3, "the number 3"),
        (1.5, "the number 1.5"),
        (dt.date(2022, 2, 28), "the date 2022-02-28"),
        (dt.datetime(2022, 2, 28, 14, 30), "the date-time 2022-02-28T14:30:00"),
        ([1], "a list"),
        ({"a": 1}, "a mapping"),
        ("word", "'word'"),
    ],
)
def test_describe(value: object, text: str) -> None:
    assert describe(value) == text


@pytest.mark.parametrize(
    ("yaml_text", "hint"),
    [
        ("k: no\n", 'YAML 1.1 reads no as a boolean; quote it to keep the word: k: "no"'),
        ("k: On\n", 'YAML 1.1 reads On as a boolean; quote it to keep the word: k: "On"'),
        ("k: 2022\n", 'quote it to keep it as text: k: "2022"'),
        ("k: 2022-02-28\n", 'quote it to keep it as text: k: "2022-02-28"'),
        ("k: [a]\n", ""),
        ("k: text\n", ""),
    ],
)
def test_text_hint(yaml_text: str, hint: str) -> None:
    found, _, _ = entries(yaml_text)
    assert text_hint(found[0]) == hint
