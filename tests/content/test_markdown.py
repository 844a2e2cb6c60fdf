"""The Markdown dialect, and that both engines render it alike."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from brief.config import MarkdownOptions
from brief.content import markdown
from tests.helpers import FIXTURES, REPO, FixtureCase, fixture_params


def _html(result: Any) -> str:
    """The HTML of a render result, whether `render` returns a string or an object with `.html`."""
    return result if isinstance(result, str) else str(result.html)


# --- fixture files: Markdown in, exact HTML out ----------------------------------------------

MARKDOWN_CASES = [
    param for path in sorted((FIXTURES / "markdown").glob("*.md")) for param in fixture_params(path)
]


HAS_PYRS = markdown.markdown_it_pyrs is not None
"""Whether builds here use the fast engine, whose output the fixtures pin exactly."""


def norm(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.fixture(params=["markdown-it-pyrs", "markdown-it-py"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each engine in turn: both must render the fixtures alike."""
    if request.param == "markdown-it-py":
        monkeypatch.setattr(markdown, "markdown_it_pyrs", None)
    elif markdown.markdown_it_pyrs is None:
        pytest.skip("markdown-it-pyrs is not installed on this platform")
    markdown._renderer.cache_clear()
    yield markdown.engine()
    markdown._renderer.cache_clear()


def test_markdown_fixtures_are_read() -> None:
    assert len(MARKDOWN_CASES) >= 20


@pytest.mark.parametrize("case", MARKDOWN_CASES)
def test_markdown_fixture(case: FixtureCase, engine: str) -> None:
    html = _html(markdown.render(case.input, MarkdownOptions()))
    if engine == "markdown-it-pyrs" or not HAS_PYRS:
        assert html == case.expected  # the engine builds use: exact
    else:
        # the fallback may break lines between tags differently; nothing else may differ
        assert norm(html) == norm(case.expected)


# --- the engines agree ------------------------------------------------------------------------

SAMPLES = [
    'He said "no" -- twice... it\'s (c) fine.',
    "## Talks in Minsk\n\n## Talks in Minsk\n\n### Élysée says\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "~~old~~ and a note[^1].\n\n[^1]: The note.\n",
    "[ok](https://example.org/a?b=1&c=2) [bad](javascript:alert(1)) [v](vbscript:x) [f](file:///etc/passwd)",
    "<script>alert(1)</script>\n\n<b>inline</b> text",
    "* one\n* two\n\n1. a\n2. b\n\n> quoted\n\n```\ncode <x>\n```\n",
    "{{ 7*7 }} {% raw %}",
]


@pytest.mark.parametrize("sample", SAMPLES)
def test_engines_agree(sample: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if markdown.markdown_it_pyrs is None:
        pytest.skip("markdown-it-pyrs is not installed: only one engine to compare")
    options = MarkdownOptions()
    fast = _html(markdown.render(sample, options))
    monkeypatch.setattr(markdown, "markdown_it_pyrs", None)
    markdown._renderer.cache_clear()
    try:
        slow = _html(markdown.render(sample, options))
    finally:
        markdown._renderer.cache_clear()
    assert norm(fast) == norm(slow)


def test_engines_agree_on_bundled_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    if markdown.markdown_it_pyrs is None:
        pytest.skip("markdown-it-pyrs is not installed: only one engine to compare")
    bodies = [
        p.read_text(encoding="utf-8").split("---", 2)[2]
        for p in sorted((REPO / "content").rglob("*.md"))
    ]
    options = MarkdownOptions()
    fast = [_html(markdown.render(b, options)) for b in bodies]
    monkeypatch.setattr(markdown, "markdown_it_pyrs", None)
    markdown._renderer.cache_clear()
    try:
        slow = [_html(markdown.render(b, options)) for b in bodies]
    finally:
        markdown._renderer.cache_clear()
    assert [norm(x) for x in fast] == [norm(x) for x in slow]


def test_dialect() -> None:
    out = _html(markdown.render("\n\n".join(SAMPLES), MarkdownOptions()))
    assert "He said “no” – twice… it’s © fine." in out
    assert '<h2 id="talks-in-minsk">' in out and '<h2 id="talks-in-minsk-1">' in out
    assert '<h3 id="elysee-says">Élysée says</h3>' in out
    assert "<table>" in out and "<s>old</s>" in out and 'class="footnotes"' in out
    assert 'href="https://example.org/a?b=1&amp;c=2"' in out
    assert "javascript:" not in out.replace("[bad](javascript:alert(1))", "")
    assert 'href="vbscript' not in out and 'href="file:' not in out
    assert "&lt;script&gt;" in out and "<b>inline</b>" not in out
    assert "{{ 7*7 }}" in out


def test_raw_html_on_request_and_options_off() -> None:
    out = _html(markdown.render("<b>x</b>", MarkdownOptions(html=True)))
    assert "<b>x</b>" in out
    plain = _html(
        markdown.render('## Head\n\n"q"', MarkdownOptions(typographer=False, anchors=False))
    )
    assert "<h2>Head</h2>" in plain and "&quot;q&quot;" in plain
