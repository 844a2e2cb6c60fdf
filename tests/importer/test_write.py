"""Article files made from wire stories: copy that renders as written, YAML that reads back,
the digest that tells an untouched import from an edited one, and whole-or-nothing writes."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from brief.config import MarkdownOptions
from brief.content import markdown
from brief.content.sources import Source
from brief.importer.wire import read_wire
from brief.importer.write import (
    escape_paragraph,
    is_unedited,
    render_article,
    split_digest,
    text_digest,
    write_atomic,
    yaml_text,
)
from brief.yamlmap import MappingReader
from tests.helpers import REPO

SEED = REPO / "seeds" / "000_91e649236aae20d7.txt"

HOSTILE = [
    "Plain copy, nothing to escape.",
    "*Not emphasis* and _not either_ and **nor** __this__",
    "`not code` and ``double``",
    "[not a link](https://example.org) and [ref] and [^1] footnote",
    "![not an image](x.png)",
    "<b>not bold</b> <https://example.org> <script>alert(1)</script>",
    "AT&T, &amp; &#169; &#x41; &copy; and a lone & sign",
    r"back\slash \* \\ and a trailing \\",
    "~~not struck~~ and ~single~",
    "# not a heading",
    "###### nor this",
    "> not a quote",
    "- not a list",
    "+ nor this",
    "* nor this",
    "1. not a list",
    "2022) nor this",
    "1234567890. too long to be a list",
    "---",
    "***",
    "___",
    "- - -",
    "=== not a setext line",
    "```not a fence",
    "~~~ nor this",
    "| a | b |",
    "a | b",
    "Einstein (c) 1921, Rolex (r), Acme (tm), (p) and +- 5",
    "What?!!! Really???? Wait,, no?... ok!..",
    "Unicode: Élyséepalast, Россия, 中国, emoji 🙂, tab\tinside",
    "Trailing spaces are gone and this ends with a backslash\\",
    "Star at end*",
    "http://autolink.example.org www.example.org",
    "$math$ and {#id} and :emoji:",
    "5 * 3 = 15 and 2_000_000 and snake_case_word",
]


@pytest.fixture(params=["markdown-it-pyrs", "markdown-it-py"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "markdown-it-py":
        monkeypatch.setattr(markdown, "markdown_it_pyrs", None)
    elif markdown.markdown_it_pyrs is None:
        pytest.skip("markdown-it-pyrs is not installed on this platform")
    markdown._renderer.cache_clear()
    yield request.param
    markdown._renderer.cache_clear()


def rendered_text(body: str, options: MarkdownOptions) -> str:
    out = markdown.render(body, options).html.strip()
    m = re.fullmatch(r"<p>(.*)</p>", out, re.S)
    assert m, f"not one paragraph: {out}"
    assert "<" not in m.group(1), f"markup in {out}"
    return html.unescape(m.group(1))


@pytest.mark.parametrize("line", HOSTILE)
def test_copy_renders_as_written(engine: str, line: str) -> None:
    exact = MarkdownOptions(typographer=False, html=True)
    assert rendered_text(escape_paragraph(line), exact) == line


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("Einstein (c) 1921, Rolex (R), Acme (tm) and +- 5", None),
        ("What!!!! Really???? Wait,, no?... ok!..", None),
        ('He said "no" -- then... it\'s over', "He said “no” – then… it’s over"),
    ],
)
def test_the_typographer_keeps_only_quotes_dashes_and_ellipses(
    engine: str, line: str, shown: str | None
) -> None:
    assert rendered_text(escape_paragraph(line), MarkdownOptions()) == (shown or line)


def test_plain_copy_is_left_alone() -> None:
    line = SEED.read_text(encoding="utf-8").split("\n")[2]
    assert escape_paragraph(line) == line


TEXTS = [
    "Russia Makes Demands for Ceasefire in Ukraine",
    "ended – apparently: demilitarization",
    "yes", "No", "null", "~", "2022", "2022-02-28", "1e3", "0x1F", ".inf",
    "- dash", "? question", ": colon", "key: value", "key:value", "ends:", "a #comment", "a#b",
    "'single'", '"double"', "it's", 'say "hi"', "back\\slash", "*alias", "&anchor text",
    "!tag", "%directive", "@at", "`tick", "|", ">", "[list]", "{map}", "a, b", "a [b]",
    "100%", "tab\there", "soft\u00adhyphen", "zero\u200bwidth", "line\u2028sep",
    "Élysée", "𝔘nicode", "\ufeffbom", "---", "...",
]  # fmt: skip
"""Control characters never get here: the wire reader refuses them with their line."""


@pytest.mark.parametrize("value", TEXTS)
def test_yaml_text_reads_back(value: str) -> None:
    for flow in (False, True):
        written = yaml_text(value, flow=flow)
        source = f"tags: [{written}, x]" if flow else f"title: {written}"
        assert "\n" not in written
        reader = MappingReader(source, "a.md")
        assert reader.problems == []
        (entry,) = reader.entries(reader.root, "front-matter")
        assert entry.value == ([value, "x"] if flow else value), written


def test_yaml_text_is_plain_when_it_can_be() -> None:
    assert yaml_text("Russia Makes Demands") == "Russia Makes Demands"
    assert yaml_text("Peace talks", flow=True) == "Peace talks"
    assert yaml_text("a: b") == '"a: b"'
    assert yaml_text("a, b", flow=True) == '"a, b"'
    assert yaml_text("2022") == '"2022"'


def seed_article() -> str:
    story = read_wire(SEED, "seeds/000.txt")
    return render_article(story, date="2022-02-28", tags=["Russia", "Ukraine"])


def test_the_digest_covers_everything_but_itself() -> None:
    text = seed_article()
    rest, recorded = split_digest(text)
    assert recorded == text_digest(rest)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", recorded)
    assert text.count("\nimport_digest: ") == 1 and rest.count("import_digest") == 0
    assert is_unedited(text)


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("Putin", "Putyin", 1),
        lambda t: t.replace("tags: [Russia, Ukraine]", "tags: [Russia]"),
        lambda t: t + "\nA paragraph added.\n",
        lambda t: t.replace("\nimport_digest:", "\n#import_digest:"),
        lambda t: re.sub(r"import_digest: \S+", "import_digest: sha256:0", t),
        lambda t: t.replace("---\n", "", 1),
    ],
    ids=["body", "tags", "added", "digest-commented", "digest-changed", "no-front-matter"],
)
def test_any_edit_shows(edit) -> None:
    text = seed_article()
    assert not is_unedited(edit(text))


def test_the_seed_article_builds_without_problems() -> None:
    from brief.config import load_config
    from brief.content.parse import parse_article

    config = load_config(REPO)
    article, problems = parse_article(Source(Path("/x.md"), "x.md", seed_article()), config)
    assert problems == []
    assert article is not None
    assert set(article.extra) == {"imported_from", "import_digest"}
    assert article.image is None  # the wire sent no photo: its credit waits, commented out


def test_write_atomic(tmp_path: Path) -> None:
    path = tmp_path / "content" / "a.md"
    write_atomic(path, "one\n")
    assert path.read_text(encoding="utf-8") == "one\n"
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)
    os.chmod(path, 0o664)
    write_atomic(path, "two\n")
    assert path.read_text(encoding="utf-8") == "two\n"
    assert oct(path.stat().st_mode & 0o777) == oct(0o664)  # kept
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.md"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_text("old\n", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_yaml_of_the_article_is_plain_yaml() -> None:
    front = seed_article().split("---\n")[1]
    data = yaml.safe_load(front)
    assert "image" not in data
    # the credit, uncommented, is the image: block the writer completes with the photo
    block = "\n".join(
        line[2:] for line in front.split("\n") if line.startswith(("# image:", "#   "))
    )
    assert yaml.safe_load(block)["image"] == {
        "src": "photo.jpg",
        "alt": "What the photo shows, for readers who cannot see it",
        "credit": "Presidential Executive Office of Russia",
        "source": "Wikimedia Commons",
        "source_url": "https://commons.wikimedia.org/",
        "license": "CC BY 4.0",
    }
    assert data["imported_from"] == "000_91e649236aae20d7.txt"
