"""`brief check` as a whole: a fixture site seeded with one of each problem, reported with
its place and code and nothing else, in text and JSON; exit codes; `checks:` switches."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from brief.checks import CHECKS, codes
from brief.commands import check
from brief.errors import Problem, Severity
from tests.helpers import BASIC_CONFIG, REPO, Site, article, tree

FIXTURE = REPO / "tests" / "fixtures" / "check_site"
EXPECTED = [
    ("content/demands.md", 10, 17, "error", "broken-link"),
    ("content/demands.md", 10, 58, "error", "broken-anchor"),
    ("content/demands.md", 11, 19, "error", "broken-anchor"),
    ("content/demands.md", 12, 15, "error", "links-unpublished"),
    ("content/demands.md", 12, 64, "error", "links-unpublished"),
    ("content/draft.md", 8, 40, "error", "broken-link"),
    ("content/long.md", 1, 1, "warning", "no-tags"),
    ("content/long.md", 2, 1, "warning", "headline-long"),
    ("content/long.md", 4, 1, "warning", "updated-before-date"),
    ("content/long.md", 5, 1, "warning", "summary-long"),
    ("content/long.md", 6, 1, "warning", "build-warning"),
    ("content/long.md", 11, 3, "warning", "licence-nc-nd"),
    ("content/long.md", 15, 5, "warning", "licence-nc-nd"),
    ("content/long.md", 17, 1, "warning", "h1-in-body"),
]
"""(path, line, column, severity, code) of everything the fixture site holds."""


def brief_check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`brief check ARGV` through a parser made with `add_arguments`, as cli.py makes it."""
    parser = argparse.ArgumentParser(prog="brief")
    commands = parser.add_subparsers(dest="command", required=True)
    check.add_arguments(commands.add_parser("check"))
    args = parser.parse_args(["check", *argv])
    code = args.run(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    root = tmp_path / "check_site"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("expected.txt"))
    return root


def as_json(out: str) -> list[tuple[object, ...]]:
    return [(p["path"], p["line"], p["column"], p["severity"], p["code"]) for p in json.loads(out)]


def test_the_fixture_holds_every_check() -> None:
    assert {code for *_, code in EXPECTED} >= set(codes())


def test_text_report_and_nothing_written(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(seeded)
    code, out, err = brief_check(capsys, "--source", str(seeded))
    assert (code, err) == (1, "")
    assert out == (FIXTURE / "expected.txt").read_text(encoding="utf-8")
    assert tree(seeded) == before


def test_json_report(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = brief_check(capsys, "--source", str(seeded), "--format", "json")
    assert code == 1
    assert as_json(out) == EXPECTED
    items = json.loads(out)
    assert all(set(p) == {"path", "line", "column", "severity", "code", "message"} for p in items)
    lines = (FIXTURE / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1]
    shown = [
        Problem(p["path"], p["line"], p["column"], p["message"], Severity(p["severity"])).format()
        for p in items
    ]
    assert shown == lines


def test_the_build_prints_only_its_own_checks(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from brief.cli import main

    code = main(["build", "--source", str(seeded), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    built = {name for name, _ in CHECKS} | {"build-warning"}
    lines = (FIXTURE / "expected.txt").read_text(encoding="utf-8").splitlines()
    wanted = [line for line, p in zip(lines, EXPECTED, strict=False) if p[4] in built]
    assert code == 0
    assert err.splitlines() == wanted


def test_drafts_and_future_count_as_published_when_asked(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = brief_check(capsys, "--source", str(seeded), "--format", "json", "--drafts")
    # the draft is published now, and its link to the future article is one to unpublished
    assert as_json(out) == sorted(
        [p for p in EXPECTED if p[:3] != ("content/demands.md", 12, 15)]
        + [("content/draft.md", 8, 73, "error", "links-unpublished")]
    )
    _, out, _ = brief_check(
        capsys, "--source", str(seeded), "--format", "json", "--drafts", "--future"
    )
    assert as_json(out) == [p for p in EXPECTED if p[4] != "links-unpublished"]


def test_strict_fails_on_warnings(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article(tags="[Ukraine]"))
    assert brief_check(capsys, "--source", str(site.root), "--strict")[0] == 0
    site.write("content/a.md", article())  # no tags: a warning
    code, out, _ = brief_check(capsys, "--source", str(site.root))
    assert code == 0
    assert out.splitlines()[-1] == "checked 1 article: 0 errors, 1 warning"
    assert brief_check(capsys, "--source", str(site.root), "--strict")[0] == 1


def test_a_clean_site(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article(tags="[Ukraine]"))
    assert brief_check(capsys, "--source", str(site.root)) == (
        0,
        "checked 1 article: no problems\n",
        "",
    )
    assert brief_check(capsys, "--source", str(site.root), "--format", "json")[1] == "[]\n"


def test_checks_can_be_turned_off(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (seeded / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("checks:\n  no-tags: false\n  broken-link: false\n  h1-in-body: true\n")
    code, out, _ = brief_check(capsys, "--source", str(seeded), "--format", "json")
    assert code == 1
    assert as_json(out) == [p for p in EXPECTED if p[4] not in ("no-tags", "broken-link")]


def test_an_unknown_check_is_an_error_in_site_yaml(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", BASIC_CONFIG + "checks:\n  no-tags: false\n  no-tag: false\n")
    site.write("content/a.md", article())
    code, out, _ = brief_check(capsys, "--source", str(site.root))
    assert code == 1
    assert out == (
        "site.yaml:8:3: error: unknown check 'no-tag' in checks:; did you mean 'no-tags'?\n"
        "checked 1 article: 1 error; links are checked once the errors are fixed\n"
    )
    code, out, _ = brief_check(capsys, "--source", str(site.root), "--format", "json")
    assert as_json(out) == [("site.yaml", 8, 3, "error", "build-error")]
    run = site.build(capsys=capsys)  # the build refuses it too
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "site.yaml:8:3: error: unknown check 'no-tag' in checks:; did you mean 'no-tags'?"
    )


def test_errors_from_reading_get_a_code(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", "---\ntitle: A\n---\nText with a [broken link](/nowhere/).\n")
    site.write("content/b.md", article(tags="[Ukraine]", tittle="B"))
    code, out, _ = brief_check(capsys, "--source", str(site.root), "--format", "json")
    assert code == 1
    # links are not checked while a file has errors: its article would be missing
    assert as_json(out) == [
        ("content/a.md", 1, 1, "error", "build-error"),
        ("content/b.md", 5, 1, "warning", "build-warning"),
    ]


def test_site_yaml_errors_in_both_formats(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("site.yaml", "title: T\n")
    code, out, err = brief_check(capsys, "--source", str(site.root))
    assert (code, err) == (1, "")
    assert out == (
        "site.yaml:1: error: missing required key 'base_url'\nbrief: check failed: 1 error\n"
    )
    code, out, _ = brief_check(capsys, "--source", str(site.root), "--format", "json")
    assert code == 1
    assert as_json(out) == [("site.yaml", 1, None, "error", "build-error")]


def test_the_bundled_site_has_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = brief_check(capsys, "--source", str(REPO), "--format", "json")
    assert code == 0
    assert [p for p in as_json(out) if p[3] == "error"] == []


def test_either_markdown_renderer_gives_the_same_places(
    seeded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from brief.content import markdown

    if markdown.markdown_it_pyrs is None:
        pytest.skip("markdown-it-pyrs is not installed; the fallback is the only renderer")
    monkeypatch.setattr(markdown, "markdown_it_pyrs", None)
    markdown._renderer.cache_clear()
    try:
        assert markdown.engine() == "markdown-it-py"
        _, out, _ = brief_check(capsys, "--source", str(seeded))
    finally:
        markdown._renderer.cache_clear()
    assert out == (FIXTURE / "expected.txt").read_text(encoding="utf-8")
