"""site.yaml: defaults, every key's accepted values, and the exact problems of bad ones."""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

import pytest

from brief.config import FeedOptions, MarkdownOptions, Person, SiteConfig, load_config
from brief.errors import BriefError, Problem, formatted
from tests.helpers import FIXTURES, FixtureCase, fixture_params, unescape

MINIMAL = "title: T\nbase_url: https://ex.org/\n"


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "site.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return tmp_path


def problems_of(tmp_path: Path, text: str | bytes) -> list[Problem]:
    with pytest.raises(BriefError) as caught:
        load_config(write(tmp_path, text))
    return list(caught.value.problems)


def test_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert config == SiteConfig(root=tmp_path.resolve(), title="T", base_url="https://ex.org/")
    assert (config.description, config.language, config.timezone) == ("", "en", "UTC")
    assert (config.author, config.publisher, config.copyright) == (None, None, "")
    assert (config.paginate, config.permalink) == (10, "/{year}/{month}/{day}/{slug}/")
    assert (config.output, config.date_format) == ("public", "long")
    assert config.markdown == MarkdownOptions(html=False, typographer=True, anchors=True)
    assert config.feed == FeedOptions(entries=20, content="full")
    assert config.content_dir == tmp_path.resolve() / "content"
    assert config.layouts_dir == tmp_path.resolve() / "layouts"
    assert config.output_dir == tmp_path.resolve() / "public"
    assert config.base_path == "/"
    assert config.tz == zoneinfo.ZoneInfo("UTC")


def test_every_key(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """\
title: "  The Brief  "
description: News in short.
base_url: https://ex.org/brief
language: de
timezone: Europe/Berlin
author:
  name: Jane Doe
  url: https://ex.org/jane/
publisher:
  name: Brief Media
copyright: "© Brief Media"
paginate: 4
permalink: /{year}/{slug}/
output: dist/site
date_format: "dd.MM.y"
markdown:
  html: true
  typographer: false
  anchors: false
feed:
  entries: 5
  content: summary
""",
        )
    )
    assert config == SiteConfig(
        root=tmp_path.resolve(),
        title="The Brief",
        description="News in short.",
        base_url="https://ex.org/brief/",
        language="de",
        timezone="Europe/Berlin",
        author=Person("Jane Doe", "https://ex.org/jane/"),
        publisher=Person("Brief Media"),
        copyright="© Brief Media",
        paginate=4,
        permalink="/{year}/{slug}/",
        output="dist/site",
        date_format="dd.MM.y",
        markdown=MarkdownOptions(html=True, typographer=False, anchors=False),
        feed=FeedOptions(entries=5, content="summary"),
    )
    assert config.base_path == "/brief/"
    assert config.output_dir == tmp_path.resolve() / "dist" / "site"
    assert config.tz == zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("extra", "field", "value"),
    [
        ("base_url: http://localhost:8000", "base_url", "http://localhost:8000/"),
        ("paginate: 1", "paginate", 1),
        ("permalink: /{slug}/", "permalink", "/{slug}/"),
        ("permalink: /news/{year}/{month}/{day}/{slug}/", "permalink", "/news/{year}/{month}/{day}/{slug}/"),
        ("timezone: America/New_York", "timezone", "America/New_York"),
        ("language: pt_br", "language", "pt-BR"),
        ("language: en-GB", "language", "en-GB"),
        ("date_format: full", "date_format", "full"),
        ("date_format: d 'de' MMMM 'de' y", "date_format", "d 'de' MMMM 'de' y"),
        ("description: ''", "description", ""),
        ("markdown:", "markdown", MarkdownOptions()),
        ("feed:\n  entries: 1", "feed", FeedOptions(entries=1)),
        ("author:\n  name: J", "author", Person("J")),
        ("archives: false", "archives", False),
        ("related: 0", "related", 0),
        ("related: 20", "related", 20),
        ("author:\n  name: J\n  url: ''", "author", Person("J")),
    ],
)  # fmt: skip
def test_accepted_values(tmp_path: Path, extra: str, field: str, value: Any) -> None:
    text = MINIMAL.replace("base_url: https://ex.org/\n", "") if field == "base_url" else MINIMAL
    config = load_config(write(tmp_path, f"{text}{extra}\n"))
    assert getattr(config, field) == value


def test_overrides_win(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL), {"base_url": "https://staging.ex.org/"})
    assert config.base_url == "https://staging.ex.org/"


def test_an_override_stands_in_for_a_missing_key(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "title: T\n"), {"base_url": "https://ex.org/"})
    assert config.base_url == "https://ex.org/"


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, b"\xef\xbb\xbf" + MINIMAL.encode())).title == "T"


def test_no_site_yaml(tmp_path: Path) -> None:
    with pytest.raises(BriefError) as caught:
        load_config(tmp_path)
    assert caught.value.problems == (
        Problem(
            str(tmp_path.resolve() / "site.yaml"),
            None,
            None,
            "no site.yaml here; run brief in the site folder or pass --source DIR",
        ),
    )
    assert caught.value.exit_code == 1


def test_too_big(tmp_path: Path) -> None:
    assert problems_of(tmp_path, MINIMAL + "#" * 256 * 1024 + "\n") == [
        Problem("site.yaml", None, None, "site.yaml is larger than 262144 bytes")
    ]


def test_all_problems_at_once(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path, "title: T\nbase_url: ex.org\npaginat: 3\ntimezone: Mars\nfeed:\n  entries: 0\n"
    )
    assert formatted(problems) == [
        "site.yaml:2:11: error: 'base_url' must be an absolute http(s) URL such as "
        "https://example.org/, got 'ex.org'",
        "site.yaml:3:1: error: unknown key 'paginat'; did you mean 'paginate'?",
        "site.yaml:4:11: error: unknown timezone 'Mars'; use an IANA name such as Europe/Berlin or UTC",
        "site.yaml:6:12: error: 'entries' must be a whole number of at least 1, got the number 0",
    ]


# The site.yaml cases of the CLI's error fixtures: load_config must give exactly those lines
# (less the closing summary). A case about the output folder is the build's, not the config's.
CONFIG_CASES = [
    p
    for p in fixture_params(FIXTURES / "frontmatter_errors" / "site_yaml.txt")
    if "<site>" not in p.values[0].expected
]


@pytest.mark.parametrize("case", CONFIG_CASES)
def test_problems_as_the_cli_prints_them(tmp_path: Path, case: FixtureCase) -> None:
    header, _, body = case.input.partition("\n")
    assert header.startswith("=== site.yaml")
    data: str | bytes = body
    if header.endswith("(escaped)"):
        data = unescape(body)
    *lines, last = case.expected.splitlines()
    assert last.startswith("brief: build failed: ")
    assert formatted(problems_of(tmp_path, data)) == lines


def test_the_fixture_cases_are_read() -> None:
    assert len(CONFIG_CASES) >= 30
