"""Every kind of user mistake: exit 1, `path:line:col: error: message`, no traceback."""

from __future__ import annotations

import pytest

from tests.conftest import Site, article

# (file name, file content, expected "path:line" prefix, words the message must contain)
CASES = [
    (
        "malformed-yaml",
        "---\ntitle: [unclosed\ndate: 2022-01-01\n---\nx\n",
        "content/a.md:3",
        "malformed YAML",
    ),
    ("not-a-mapping", "---\n- a\n- b\n---\nx\n", "content/a.md:2:1", "must be a mapping"),
    ("no-close", "---\ntitle: x\ndate: 2022-01-01\nbody\n", "content/a.md:1:1", "never closed"),
    ("no-frontmatter", "title: x\n\nbody\n", "content/a.md:1:1", "no front-matter"),
    (
        "missing-title",
        "---\ndate: 2022-01-01\n---\nx\n",
        "content/a.md:1",
        "missing required 'title'",
    ),
    ("missing-date", "---\ntitle: x\n---\nx\n", "content/a.md:1", "missing required 'date'"),
    (
        "duplicate-key",
        "---\ntitle: a\ndate: 2022-01-01\ntitle: b\n---\n",
        "content/a.md:4:1",
        "given twice (first on line 2)",
    ),
    (
        "yaml-boolean",
        "---\ntitle: no\ndate: 2022-01-01\n---\n",
        "content/a.md:2:8",
        "YAML 1.1 reads no as a boolean; quote it",
    ),
    (
        "wrong-type",
        "---\ntitle: x\ndate: 2022-01-01\ntags: Ukraine\n---\n",
        "content/a.md:4:7",
        "'tags' must be a list",
    ),
    (
        "impossible-date",
        "---\ntitle: x\ndate: 2022-02-30\n---\n",
        "content/a.md:3:7",
        "'2022-02-30' is not a real date",
    ),
    ("unparsable-date", "---\ntitle: x\ndate: 30 Feb\n---\n", "content/a.md:3:7", "must be a date"),
    (
        "unknown-licence",
        "---\ntitle: x\ndate: 2022-01-01\nimage:\n  credit: A\n  license: CC BY 5.0\n---\n",
        "content/a.md:6:12",
        "unknown licence 'CC BY 5.0'; did you mean 'CC BY 4.0'?",
    ),
    (
        "permission-needs-notice",
        "---\ntitle: x\ndate: 2022-01-01\nimage:\n  credit: A\n  license: permission\n---\n",
        "content/a.md:6:12",
        "needs the exact wording in notice:",
    ),
    (
        "slug-not-segment",
        "---\ntitle: x\ndate: 2022-01-01\nslug: a/b\n---\n",
        "content/a.md:4:7",
        "must be one URL segment",
    ),
    (
        "slug-dotdot",
        "---\ntitle: x\ndate: 2022-01-01\nslug: ..\n---\n",
        "content/a.md:4:7",
        "must be one URL segment",
    ),
    (
        "missing-image",
        "---\ntitle: x\ndate: 2022-01-01\nimage:\n  src: nope.jpg\n  alt: A\n  license: CC0\n---\n",
        "content/a.md:5:8",
        "image file 'nope.jpg' not found",
    ),
    (
        "image-outside",
        "---\ntitle: x\ndate: 2022-01-01\nimage:\n  src: ../../site.yaml\n  alt: A\n  license: CC0\n---\n",
        "content/a.md:5:8",
        "outside content/",
    ),
    (
        "image-no-alt",
        "---\ntitle: x\ndate: 2022-01-01\nimage:\n  src: https://ex.org/a.jpg\n  license: CC0\n---\n",
        "content/a.md:4:1",
        "image needs alt:",
    ),
    (
        "bad-source-url",
        "---\ntitle: x\ndate: 2022-01-01\ncredits:\n  - source: X\n    source_url: javascript:alert(1)\n---\n",
        "content/a.md:6:17",
        "must be an http(s) URL",
    ),
    (
        "unknown-image-key",
        "---\ntitle: x\ndate: 2022-01-01\nimage:\n  credit: A\n  licence: CC0\n---\n",
        "content/a.md:6:3",
        "unknown key 'licence' in 'image'; did you mean 'license'?",
    ),
    (
        "python-tag",
        "---\ntitle: !!python/object/apply:os.system [echo]\ndate: 2022-01-01\n---\n",
        "content/a.md:2:8",
        "unsupported YAML",
    ),
    ("alias", "---\nt: &x abc\ntitle: *x\ndate: 2022-01-01\n---\n", "content/a.md:3:8", "aliases"),
    (
        "empty-title",
        "---\ntitle: ''\ndate: 2022-01-01\n---\n",
        "content/a.md:2:8",
        "'title' is empty",
    ),
    (
        "draft-not-bool",
        "---\ntitle: x\ndate: 2022-01-01\ndraft: maybe\n---\n",
        "content/a.md:4:8",
        "must be true or false",
    ),
]


@pytest.mark.parametrize(("name", "text", "where", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_article(
    site: Site, capsys: pytest.CaptureFixture[str], name: str, text: str, where: str, words: str
) -> None:
    site.write("content/a.md", text)
    result = site.build(capsys=capsys)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    lines = [
        line
        for line in result.err.splitlines()
        if line.startswith(where + ":") or line.startswith(where + " ")
    ]
    assert any(words in line and ": error: " in line for line in lines), result.err
    assert "build failed" in result.err
    assert not site.public.exists()


def test_non_utf8_names_byte_offset(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", b"---\ntitle: caf\xe9\ndate: 2022-01-01\n---\n")
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/a.md:2:11: error: not valid UTF-8 (byte 14, value 0xe9)" in result.err


def test_all_errors_reported_together(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", "---\ntitle: no\ndate: 2022-01-01\n---\n")
    site.write("content/b.md", "---\ntitle: x\ndate: 2022-13-01\n---\n")
    site.write("site.yaml", "title: T\nbase_url: https://ex.org/\n")
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/a.md:2:8" in result.err
    assert "content/b.md:3:7" in result.err
    assert "2 errors" in result.err


def test_same_url_names_both_files(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article("Same title"))
    site.write("content/b.md", article("Same title"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        "content/a.md:2:1: error: two articles have the URL /2022/02/28/same-title/: this one and content/b.md"
        in result.err
    )
    assert (
        "content/b.md:2:1: error: two articles have the URL /2022/02/28/same-title/: this one and content/a.md"
        in result.err
    )


def test_tag_slug_clash_is_an_error(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article("One", tags="[C++]"))
    site.write("content/b.md", article("Two", tags="[C]"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        "content/a.md:4:1: error: tag 'C++' would share the page /tags/c/ with a different tag"
        in result.err
    )
    assert "'C' (content/b.md)" in result.err


def test_page_collision_with_reserved_path(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("site.yaml", "title: T\nbase_url: https://ex.org/\npermalink: /{slug}/\n")
    site.write("content/a.md", article("Tags"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "several things would be written to tags/index.html" in result.err
    assert "content/a.md" in result.err


@pytest.mark.parametrize(
    ("config", "where", "words"),
    [
        (
            "title: T\nbase_url: https://ex.org/\npaginat: 3\n",
            "site.yaml:3:1",
            "unknown key 'paginat'; did you mean 'paginate'?",
        ),
        (
            "title: T\nbase_url: https://ex.org/\npaginate: ten\n",
            "site.yaml:3:11",
            "'paginate' must be a whole number",
        ),
        ("title: T\nbase_url: https://ex.org/\npaginate: 0\n", "site.yaml:3:11", "at least 1"),
        ("title: T\nbase_url: ex.org\n", "site.yaml:2:11", "absolute http(s) URL"),
        ("base_url: https://ex.org/\n", "site.yaml:1", "missing required key 'title'"),
        (
            "title: T\nbase_url: https://ex.org/\ntimezone: Mars/Base\n",
            "site.yaml:3:11",
            "unknown timezone",
        ),
        (
            "title: T\nbase_url: https://ex.org/\npermalink: /{year}/{title}/\n",
            "site.yaml:3:12",
            "unknown placeholder {title}",
        ),
        (
            "title: T\nbase_url: https://ex.org/\npermalink: /{year}/\n",
            "site.yaml:3:12",
            "must contain {slug}",
        ),
        (
            "title: T\nbase_url: https://ex.org/\nmarkdown:\n  htm: true\n",
            "site.yaml:4:3",
            "unknown key 'htm'; did you mean 'html'?",
        ),
        (
            "title: T\nbase_url: https://ex.org/\nmarkdown:\n  html: yes please\n",
            "site.yaml:4:9",
            "must be true or false",
        ),
        (
            "title: on\nbase_url: https://ex.org/\n",
            "site.yaml:1:8",
            "YAML 1.1 reads on as a boolean",
        ),
        ("title: T\nbase_url: https://ex.org/\ntitle: U\n", "site.yaml:3:1", "given twice"),
        ("title: [T\n", "site.yaml:2", "malformed YAML"),
        ("title: T\nbase_url: https://ex.org/\noutput: .\n", "", "output folder may not be"),
    ],
)
def test_bad_config(
    site: Site, capsys: pytest.CaptureFixture[str], config: str, where: str, words: str
) -> None:
    site.write("site.yaml", config)
    site.write("content/a.md", article())
    result = site.build(capsys=capsys)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    assert any(line.startswith(where) and words in line for line in result.err.splitlines()), (
        result.err
    )


def test_template_syntax_error_names_template_and_line(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    site.write(
        "layouts/article.html",
        '{% extends "base.html" %}\n{% block main %}\n{{ article.title }\n{% endblock %}\n',
    )
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "layouts/article.html:3: error: template syntax:" in result.err


def test_template_undefined_names_template_line_and_article(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    site.write(
        "layouts/article.html",
        '{% extends "base.html" %}\n{% block main %}\n<p>{{ article.titel }}</p>\n{% endblock %}\n',
    )
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "layouts/article.html:3: error: template error:" in result.err
    assert "titel" in result.err
    assert "(rendering content/a.md)" in result.err


def test_missing_site_yaml(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from brief.cli import main

    assert main(["build", "--source", str(tmp_path)]) == 1
    assert "no site.yaml here" in capsys.readouterr().err


def test_bad_usage_exits_2(site: Site) -> None:
    result = site.run("build", "--frobnicate")
    assert result.code == 2
    assert "unrecognized arguments" in result.err
    assert site.run("explode").code == 2


def test_failed_build_leaves_previous_output(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import tree

    site.write("content/a.md", article())
    assert site.build(capsys=capsys).code == 0
    before = tree(site.public)
    site.write("content/b.md", "---\ntitle: no\ndate: 2022-01-01\n---\n")
    assert site.build(capsys=capsys).code == 1
    assert tree(site.public) == before
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".public")] == []


def test_output_that_is_a_file_or_a_foreign_folder_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    afile = site.write("notes.txt", "keep me")
    result = site.build("--output", str(afile), capsys=capsys)
    assert result.code == 1 and "exists and is not a folder" in result.err
    assert afile.read_text() == "keep me"
    docs = site.write("documents/letter.txt", "keep me too").parent
    result = site.build("--output", str(docs), capsys=capsys)
    assert result.code == 1 and "does not look like a built site" in result.err
    assert (docs / "letter.txt").read_text() == "keep me too"
    # an existing build is replaced, even without a cache that knows it
    assert site.build(capsys=capsys).code == 0
    assert site.build("--no-cache", capsys=capsys).code == 0


def test_control_character_in_front_matter(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", '---\ntitle: "a\x01"\ndate: 2022-02-28\n---\n')
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        "content/a.md:2:10: error: malformed YAML: character #x0001 is not allowed here"
        in result.err
    )


def test_output_that_cannot_be_made_is_an_error_not_a_traceback(site: Site) -> None:
    site.write("content/a.md", article())
    site.write("afile", "not a folder")
    result = site.run("build", "--output", "afile/public")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "brief: error: " in result.err and "afile" in result.err
    assert (site.root / "afile").read_text() == "not a folder"
