"""Every kind of user mistake: exit 1, the exact `path:line:col: error: message` lines (and
warnings), no traceback, and the previous output left exactly as it was.

The cases live in tests/fixtures/frontmatter_errors/*.txt; a failing test's id names the file
and the line of its case.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from brief.cli import main
from tests.helpers import FIXTURES, FixtureCase, Site, article, fixture_params, tree, unescape

ERRORS = FIXTURES / "frontmatter_errors"
CASES = [
    param
    for name in ("articles.txt", "site_yaml.txt", "site_wide.txt")
    for param in fixture_params(ERRORS / name)
]
HEADER = re.compile(r"=== (\S+)( \(escaped\))?\n")


def case_files(text: str) -> dict[str, bytes]:
    """The files of a case's input: `=== path` starts one; `(escaped)` spells out bytes."""
    pieces = HEADER.split(text)
    assert pieces[0] == "", f"a case's input must start with '=== path', not {pieces[0]!r}"
    files: dict[str, bytes] = {}
    for i in range(1, len(pieces), 3):
        rel, escaped, body = pieces[i], pieces[i + 1], pieces[i + 2]
        files[rel] = unescape(body) if escaped else body.encode("utf-8")
    return files


def previous_output(site: Site, capsys: pytest.CaptureFixture[str]) -> dict[str, bytes]:
    """Build the starting site, so a failed build has an output it must leave alone."""
    site.write("content/a.md", article())
    first = site.build(capsys=capsys)
    assert (first.code, first.err) == (0, ""), first
    return tree(site.public)


def test_every_fixture_file_has_cases() -> None:
    assert len(CASES) >= 100
    assert sorted(p.name for p in ERRORS.iterdir()) == [
        "articles.txt",
        "site_wide.txt",
        "site_yaml.txt",
    ]


@pytest.mark.parametrize("case", CASES)
def test_mistake(site: Site, capsys: pytest.CaptureFixture[str], case: FixtureCase) -> None:
    before = previous_output(site, capsys)
    for rel, data in case_files(case.input).items():
        site.write(rel, data)
    result = site.build(capsys=capsys)
    err = result.err.replace(str(site.root), "<site>")
    assert (result.code, err) == (1, case.expected), f"{case.id}\n{result.err}"
    assert result.out == ""
    assert tree(site.public) == before
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".public")] == []


OUTPUT_IS_A_FILE = (
    "{path}: error: the output path exists and is not a folder; choose another --output\n"
    "brief: build failed: 1 error\n"
)
OUTPUT_IS_FOREIGN = (
    "{path}: error: the output folder is not empty and has no .brief-output file, so brief did "
    "not build it; brief replaces its output whole, so empty or remove it first, or choose "
    "another --output\n"
    "brief: build failed: 1 error\n"
)
OUTPUT_CANNOT_BE_MADE = (
    "brief: error: {path}: File exists\nbrief: build failed; the output folder is unchanged\n"
)


def test_missing_site_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--source", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path.resolve()}/site.yaml: error: no site.yaml here; run brief in the site folder "
        "or pass --source DIR\nbrief: build failed: 1 error\n"
    )


def test_bad_usage_exits_2(site: Site) -> None:
    result = site.run("build", "--frobnicate")
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith("brief: error: unrecognized arguments: --frobnicate\n")
    result = site.run("explode")
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(
        "brief: error: argument COMMAND: invalid choice: 'explode' (choose from 'build', 'serve', 'deploy', 'import', 'new', 'init', 'check')\n"
    )
    assert not site.public.exists()


def test_failed_build_leaves_previous_output(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    before = previous_output(site, capsys)
    site.write("content/b.md", "---\ntitle: no\ndate: 2022-01-01\n---\n")
    assert site.build(capsys=capsys).code == 1
    assert tree(site.public) == before
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".public")] == []


def test_output_that_is_a_file_is_refused(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article())
    afile = site.write("notes.txt", "keep me")
    result = site.build("--output", str(afile), capsys=capsys)
    assert (result.code, result.out) == (1, "")
    assert result.err == OUTPUT_IS_A_FILE.format(path=afile)
    assert afile.read_text() == "keep me"


def test_output_that_is_a_foreign_folder_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    docs = site.write("documents/letter.txt", "keep me too").parent
    result = site.build("--output", str(docs), capsys=capsys)
    assert (result.code, result.out) == (1, "")
    assert result.err == OUTPUT_IS_FOREIGN.format(path=docs)
    assert [p.name for p in docs.iterdir()] == ["letter.txt"]
    assert (docs / "letter.txt").read_text() == "keep me too"


def test_an_existing_build_is_replaced_even_without_the_cache(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    previous_output(site, capsys)
    assert site.build(capsys=capsys).code == 0
    site.write("content/a.md", article(body="Changed."))
    assert site.build("--no-cache", capsys=capsys).code == 0
    assert "<p>Changed.</p>" in site.page("2022/02/28/hello/index.html")


def test_output_that_cannot_be_made_is_an_error_not_a_traceback(site: Site) -> None:
    site.write("content/a.md", article())
    site.write("afile", "not a folder")
    result = site.run("build", "--output", "afile/public")
    assert (result.code, result.out) == (1, "")
    assert result.err == OUTPUT_CANNOT_BE_MADE.format(path=site.root / "afile")
    assert (site.root / "afile").read_text() == "not a folder"
