"""The h1-in-body check, over articles as parsing leaves them."""

from __future__ import annotations

from pathlib import Path

from brief.checks import CHECKS, run_checks
from brief.config import load_config
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from brief.errors import Severity
from tests.helpers import BASIC_CONFIG

ARTICLE = """\
---
title: Talks
date: 2022-02-28
---
# A rival headline

Text.

Another
=======

> # Quoted top heading

```
# inside a fence: code, not a heading
```

## A section is fine
"""


def test_level_one_headings_are_warned_with_their_lines(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(BASIC_CONFIG)
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "a.md"
    path.write_text(ARTICLE)
    config = load_config(tmp_path)
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    article, problems = parse_article(source, config)
    assert article is not None and problems == []
    found = run_checks([article], config)
    assert [p.format() for p in found] == [
        f"content/a.md:{line}:1: warning: a level-1 heading in the body competes with the "
        "headline; use ## for sections"
        for line in (5, 9, 12)
    ]
    assert {p.severity for p in found} == {Severity.WARNING}


def test_checks_are_an_ordered_table_of_named_functions() -> None:
    names = [name for name, _ in CHECKS]
    assert names == ["h1-in-body", "updated-before-date"]
    assert all(callable(check) for _, check in CHECKS)


def test_found_problems_carry_the_code(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(BASIC_CONFIG)
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "a.md"
    path.write_text(ARTICLE)
    config = load_config(tmp_path)
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    article, _ = parse_article(source, config)
    assert article is not None
    assert {p.code for p in run_checks([article], config)} == {"h1-in-body"}
