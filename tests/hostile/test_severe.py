"""The severe hostile cases: crashes, hangs, data loss and files from outside the site.

Each builds a real site through the real command (a subprocess where a crash or hang would
take the test process down with it) under a timeout, and asserts the exact message, the exit
code and that nothing outside the output was touched.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from brief.output.guard import MARKER
from tests.helpers import BASIC_CONFIG, Site, article, tree
from tests.hostile.battery import nothing_written_outside
from tests.pagefind_files import readable

TIMEOUT = 60  # seconds: a hang fails the test instead of the suite


def run(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    with nothing_written_outside(site, args):
        return subprocess.run(
            [sys.executable, "-m", "brief", "build", "--source", str(site.root), *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )


@pytest.fixture
def built(site: Site) -> Site:
    """A site built once, so a failed build must leave this output as it was."""
    site.write("content/a.md", article("Kept"))
    assert run(site).returncode == 0
    return site


DEEP = [
    ("quotes", ">" * 100_000 + " x", 5),
    ("lists", "- " * 50_000 + "x", 5),
    ("indented lists", "".join(" " * (2 * i) + "- x\n" for i in range(300)), 105),
]


@pytest.mark.parametrize(("kind", "body", "line"), DEEP, ids=[d[0] for d in DEEP])
def test_deep_nesting_is_an_error_not_a_crash(built: Site, kind: str, body: str, line: int) -> None:
    before = tree(built.public)
    built.write("content/deep.md", article("Deep", body=body))
    result = run(built)
    assert result.returncode == 1, result.stderr[-500:]
    assert result.stderr == (
        f"content/deep.md:{line}:1: error: this line nests block quotes or lists more than 100 "
        "levels deep; brief renders no deeper, so shorten or split it\n"
        "brief: build failed: 1 error\n"
    )
    assert tree(built.public) == before


def test_a_long_delimiter_run_is_an_error(built: Site) -> None:
    built.write("content/stars.md", article("Stars", body="*" * 300_000 + "x" + "*" * 300_000))
    result = run(built)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/stars.md:5:1: error: this line has a run of more than 1000 '*' characters; "
        "brief renders no more, so shorten or split it"
    )


def test_deep_nesting_among_many_articles_does_not_hang_the_workers(built: Site) -> None:
    for i in range(250):  # enough for the worker processes to parse
        built.write(f"content/n{i:03}.md", article(f"Story {i}", date="2022-01-01"))
    built.write("content/n100.md", article("Deep", body=">" * 100_000))
    result = run(built, "-j", "2")
    assert result.returncode == 1
    assert "content/n100.md:5:1: error: this line nests block quotes" in result.stderr


@pytest.mark.parametrize("folder", ["content", "layouts", ".brief", "content/out"])
def test_inputs_are_never_an_output_folder(site: Site, folder: str) -> None:
    site.write("content/a.md", article("Kept"))
    site.write("content/index.html", "<p>mine</p>")
    site.write("layouts/404.html", "{% extends 'base.html' %}")
    before = tree(site.root)
    result = run(site, "--output", str(site.root / folder))
    assert result.returncode == 1
    name = folder.split("/")[0]
    assert result.stderr == (
        f"{(site.root / folder).resolve()}: error: the output folder may not be {name}/ or lie "
        "inside or around it: brief replaces its output whole, which would delete the site's "
        "own files; use e.g. public\nbrief: build failed: 1 error\n"
    )
    assert tree(site.root) == before


def test_output_key_pointing_at_layouts_is_refused(site: Site) -> None:
    site.write("site.yaml", BASIC_CONFIG + "output: layouts\n")
    site.write("content/a.md", article("Kept"))
    site.write("layouts/404.html", "{% extends 'base.html' %}")
    result = run(site)
    assert result.returncode == 1 and "may not be layouts/" in result.stderr
    assert (site.root / "layouts" / "404.html").read_text() == "{% extends 'base.html' %}"


def test_a_folder_with_an_index_html_is_not_taken_for_a_build(site: Site) -> None:
    docs = site.root / "docs"
    site.write("docs/index.html", "<p>my own page</p>")
    site.write("docs/notes.txt", "keep")
    site.write("content/a.md", article("Kept"))
    result = run(site, "--output", str(docs))
    assert result.returncode == 1
    assert f"has no {MARKER} file, so brief did not build it" in result.stderr
    assert sorted(p.name for p in docs.iterdir()) == ["index.html", "notes.txt"]


def test_every_build_marks_its_output_and_a_marked_folder_is_rebuilt(
    site: Site, tmp_path: Path
) -> None:
    site.write("content/a.md", article("Kept"))
    out = tmp_path / "elsewhere"
    assert run(site, "--output", str(out), "--no-cache").returncode == 0
    assert (out / MARKER).is_file()
    # without the cache to vouch for it, the marker alone lets brief replace the folder
    assert run(site, "--output", str(out), "--no-cache").returncode == 0


def test_a_template_symlink_out_of_the_site_is_never_read(built: Site, tmp_path: Path) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY 0xDEADBEEF\n")
    built.write(
        "layouts/article.html",
        '{% extends "base.html" %}\n{% block main %}{% include "partials/secret.html" %}'
        "{% endblock %}\n",
    )
    (built.root / "layouts" / "partials").mkdir(exist_ok=True)
    os.symlink(secret, built.root / "layouts" / "partials" / "secret.html")
    before = tree(built.public)
    result = run(built)
    assert result.returncode == 1
    assert "layouts/partials/secret.html: warning: symlink points outside its layout folder" in (
        result.stderr
    )
    assert (
        "layouts/article.html:2: error: template error: partials/secret.html is a symlink that "
        "leads outside its layout folder; brief never reads it (rendering content/a.md)"
    ) in result.stderr
    assert tree(built.public) == before
    assert not any(b"DEADBEEF" in data for data in tree(built.public).values())


@pytest.mark.parametrize("where", ["content/pipe.md", "layouts/pipe.html", "layouts/static/p.css"])
def test_named_pipes_are_skipped_not_opened(built: Site, where: str) -> None:
    path = built.root / where
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    result = run(built)
    assert result.returncode == 0, result.stderr
    assert f"{where}: warning: not a regular file (a named pipe or device?); skipped" in (
        result.stderr
    )


def test_a_latin1_template_is_an_error_with_its_line(built: Site) -> None:
    built.write("layouts/article.html", b"{% extends 'base.html' %}\n{# caf\xe9 #}\n")
    result = run(built)
    assert result.returncode == 1
    assert result.stderr == (
        "layouts/article.html:2: error: template syntax: not valid UTF-8 (byte 32, value 0xe9); "
        "save the file as UTF-8\nbrief: build failed: 1 error\n"
    )


@pytest.mark.parametrize(
    ("zone", "date", "year"),
    [("Asia/Tokyo", "9999-12-31 23:00+00:00", 9999), ("America/New_York", "0001-01-01", 1)],
)
def test_dates_at_the_ends_of_time_are_errors(site: Site, zone: str, date: str, year: int) -> None:
    site.write("site.yaml", BASIC_CONFIG.replace("timezone: UTC", f"timezone: {zone}"))
    site.write("content/a.md", article("Edge", date=date))
    result = run(site)
    assert result.returncode == 1
    assert result.stderr == (
        f"content/a.md:3:7: error: 'date' must be a year from 1000 to 9000, got {year}\n"
        "brief: build failed: 1 error\n"
    )


def test_control_characters_in_a_body_reach_no_output(site: Site) -> None:
    """HTML and XML forbid them; pasted copy brings them (a vertical tab is a word processor's
    line break). They are dropped, the vertical tab made a space, and every file is clean."""
    from lxml import etree

    site.write("content/a.md", article("Tab", body="a\x0bb\x1bc\x08d\x7fe\x85f"))
    result = run(site)
    assert result.returncode == 0, result.stderr
    for name in ("feed.xml", "sitemap.xml"):
        etree.parse(str(site.public / name))  # raises if not well-formed
    page = (site.public / "2022/02/28/tab/index.html").read_text()
    assert "<p>a bcdef</p>" in page
    for path, data in tree(site.public).items():
        text = readable(path, data)  # the search index's fragments unpacked
        assert text is None or not re.search(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]", text), path


@pytest.mark.parametrize(
    ("value", "named"),
    [("\\v", "U+000B"), ("\\e", "U+001B"), ("\\0", "U+0000"), ("\\x85", "U+0085")],
)
def test_control_characters_from_yaml_escapes_are_errors(
    built: Site, value: str, named: str
) -> None:
    before = tree(built.public)
    built.write("content/a.md", article(f'"Vertical{value}tab"'))
    result = run(built)
    assert result.returncode == 1
    assert result.stderr == (
        f"content/a.md:2:8: error: this value contains {named} (a control character), which "
        "no page can show; remove the escape that makes it\nbrief: build failed: 1 error\n"
    )
    assert tree(built.public) == before


def test_urls_python_cannot_split_are_errors_not_tracebacks(site: Site) -> None:
    site.write(
        "content/a.md",
        '---\ntitle: A\ndate: 2022-01-01\nimage:\n  src: "https://[x/"\n  alt: a\n'
        '  source_url: "https://[y/"\n  license: CC0\n---\nText.\n',
    )
    result = run(site)
    assert result.returncode == 1
    assert result.stderr == (
        "content/a.md:5:8: error: image src 'https://[x/' must be a file path or an http(s) URL\n"
        "content/a.md:7:15: error: 'source_url' must be an http(s) URL, got 'https://[y/'\n"
        "brief: build failed: 2 errors\n"
    )


def test_a_missing_include_names_the_including_file_and_line(built: Site) -> None:
    built.write(
        "layouts/article.html",
        '{% extends "base.html" %}\n{% block main %}\n<p>x</p>\n'
        '{% include "partials/missing.html" %}{% endblock %}\n',
    )
    result = run(built)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        "layouts/article.html:4: error: template 'partials/missing.html' not found in layouts, "
    )
    assert first.endswith(
        "; check the name it is included, extended or imported by (rendering content/a.md)"
    )


def test_content_may_be_a_symlink_and_its_own_links_follow_it(site: Site, tmp_path: Path) -> None:
    """content/ kept in another checkout is the site's choice; links inside it may point
    within it (b.md is read, so it clashes with a.md), but not further out (c.md)."""
    shared = tmp_path / "newsroom-content"
    shared.mkdir()
    (shared / "a.md").write_text(article("Shared"))
    (shared / "b.md").symlink_to(shared / "a.md")
    secret = tmp_path / "secret.md"
    secret.write_text(article("Secret"))
    (shared / "c.md").symlink_to(secret)
    (site.root / "content").symlink_to(shared)
    result = run(site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/a.md:2:1: error: two articles have the URL /2022/02/28/shared/: this one and "
        "content/b.md; give one of them a different slug:",
        "content/b.md:2:1: error: two articles have the URL /2022/02/28/shared/: this one and "
        "content/a.md; give one of them a different slug:",
        "content/c.md: warning: symlink points outside the site folder and is not followed",
        "brief: build failed: 2 errors, 1 warning",
    ]
