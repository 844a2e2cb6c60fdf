"""Other generators' front-matter: YAML, TOML and JSON, each with the line of every key."""

from __future__ import annotations

import datetime as dt

import pytest

from brief.errors import Problem
from brief.importer.matter import Kind, Matter, read_mapping, split_matter

ALL = (Kind.YAML, Kind.TOML, Kind.JSON)


def ok(text: str, kinds: tuple[Kind, ...] = ALL) -> Matter:
    found = split_matter(text, "p.md", kinds)
    assert isinstance(found, Matter), found
    return found


def bad(text: str, kinds: tuple[Kind, ...] = ALL) -> list[str]:
    found = split_matter(text, "p.md", kinds)
    assert isinstance(found, list)
    return [p.format() for p in found]


def test_yaml() -> None:
    m = ok("---\ntitle: Hi\ndate: 2020-01-02\ntags: [a]\n---\nBody\nmore\n")
    assert m.kind is Kind.YAML
    assert m.values == {"title": "Hi", "date": dt.date(2020, 1, 2), "tags": ["a"]}
    assert m.lines == {"title": 2, "date": 3, "tags": 4}
    assert (m.body, m.body_offset) == ("Body\nmore\n", 5)


def test_yaml_may_close_with_dots_and_be_empty() -> None:
    assert ok("---\ntitle: x\n...\nBody").body == "Body"
    empty = ok("---\n---\nBody")
    assert (empty.values, empty.body_offset) == ({}, 2)


def test_toml_with_tables() -> None:
    m = ok('+++\ntitle = "Hi"\n"quoted key" = 1\n[params]\n  x = 1\n[[menu.main]]\n  a = 2\n+++\nB')
    assert m.kind is Kind.TOML
    assert m.values["params"] == {"x": 1}
    assert m.lines == {"title": 2, "quoted key": 3, "params": 4, "menu": 6}
    assert (m.body, m.body_offset) == ("B", 8)


def test_json() -> None:
    m = ok('{\n  "title": "Hi",\n  "date": "2021-01-01"\n}\nBody\n')
    assert m.kind is Kind.JSON
    assert m.values == {"title": "Hi", "date": "2021-01-01"}
    assert m.lines == {"title": 2, "date": 3}
    assert (m.body, m.body_offset) == ("Body\n", 4)


def test_blank_lines_before_the_front_matter() -> None:
    m = ok("\n\n---\ntitle: Hi\n---\nBody")
    assert (m.lines, m.body_offset) == ({"title": 4}, 5)


@pytest.mark.parametrize(
    ("text", "kinds", "message"),
    [
        (
            "Just text",
            ALL,
            "p.md:1:1: error: no front-matter: a post starts with a line '---' (YAML), '+++' "
            "(TOML) or '{' (JSON), then title: and date:, then the closing line",
        ),
        (
            "+++\ntitle = 'x'\n+++\n",
            (Kind.YAML,),
            "p.md:1:1: error: no front-matter: a post starts with a line '---' (YAML), then "
            "title: and date:, then the closing line",
        ),
        (
            "",
            ALL,
            "p.md:1:1: error: no front-matter: a post starts with a line '---' (YAML), '+++' (TOML) or '{' (JSON), then title: and date:, then the closing line",
        ),
        (
            "\n+++\ntitle = 1\n",
            ALL,
            "p.md:2:1: error: front-matter opened on line 2 is never closed; add a line '+++' "
            "after it",
        ),
        (
            "---\ntitle: a: b\n---\n",
            ALL,
            "p.md:2:9: error: malformed YAML: mapping values are not allowed in this context; "
            "a value containing ': ' must be quoted",
        ),
        (
            "---\n- a list\n---\n",
            ALL,
            "p.md:2:1: error: front-matter must be a mapping of `key: value` lines, not a list",
        ),
        ("+++\ntitle = \n+++\n", ALL, "p.md:2:1: error: malformed TOML: Invalid value"),
        (
            "+++\na = 1\nb = = 2\nc = 3\n+++\n",
            ALL,
            "p.md:3:5: error: malformed TOML: Invalid value",
        ),
        (
            '{\n "a": 1\n "b": 2\n}\n',
            ALL,
            "p.md:3:2: error: malformed JSON: Expecting ',' delimiter",
        ),
        (
            "[1, 2]\n",
            ALL,
            "p.md:1:1: error: no front-matter: a post starts with a line '---' (YAML), '+++' (TOML) or '{' (JSON), then title: and date:, then the closing line",
        ),
    ],
)
def test_bad_front_matter(text: str, kinds: tuple[Kind, ...], message: str) -> None:
    assert bad(text, kinds) == [message]


def test_a_json_value_that_is_no_object() -> None:
    found = split_matter('{"a": 1}', "p.md", ALL)
    assert isinstance(found, Matter)
    assert read_mapping("[1]", "c.json", Kind.JSON) == [
        Problem("c.json", 1, 1, 'must be a JSON object of "key": value pairs')
    ]


def test_config_files() -> None:
    assert read_mapping("a: 1\nb:\n  c: 2\n", "c.yml", Kind.YAML) == (
        {"a": 1, "b": {"c": 2}},
        {"a": 1, "b": 2},
    )
    assert read_mapping('a = 1\n[b]\nc = "x"\n', "c.toml", Kind.TOML) == (
        {"a": 1, "b": {"c": "x"}},
        {"a": 1, "b": 2},
    )
    assert read_mapping('{"a": 1,\n "b": 2}', "c.json", Kind.JSON) == (
        {"a": 1, "b": 2},
        {"a": 1, "b": 2},
    )


def test_a_config_that_is_no_mapping() -> None:
    assert read_mapping("- a\n", "_config.yml", Kind.YAML) == [
        Problem(
            "_config.yml", 1, 1, "the config must be a mapping of `key: value` lines, not a list"
        )
    ]
