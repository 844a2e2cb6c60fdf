"""`markdown.render` returns the body's structure with file lines, the same from both engines."""

from __future__ import annotations

import pytest

from brief.config import MarkdownOptions
from brief.content import markdown
from brief.content.markdown import BodyImage, Heading, Link

BODY = """\
# Top

Some [a link](https://example.org/é) and ![A map](map.png "The front line")

Set heading
===========

> ## Quoted [inner](/y/)

```
[not a link](nowhere)
# not a heading
```

- item with [ref]

[ref]: https://ref.example/

An autolink: <https://auto.example/x>
"""
LINES_BEFORE = 4  # as if the front-matter took four lines


def _both(monkeypatch: pytest.MonkeyPatch) -> list[markdown.Rendered]:
    results = [markdown.render(BODY, MarkdownOptions(), LINES_BEFORE)]
    if markdown.markdown_it_pyrs is not None:
        monkeypatch.setattr(markdown, "markdown_it_pyrs", None)
        markdown._renderer.cache_clear()
        try:
            results.append(markdown.render(BODY, MarkdownOptions(), LINES_BEFORE))
        finally:
            markdown._renderer.cache_clear()
    return results


def test_headings_links_and_images_with_file_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    for rendered in _both(monkeypatch):
        assert rendered.headings == (
            Heading(1, "Top", 5),
            Heading(1, "Set heading", 9),
            Heading(2, "Quoted inner", 12),
        )
        assert rendered.links == (
            Link("https://example.org/%C3%A9", 7),
            Link("/y/", 12),
            Link("https://ref.example/", 19),
            Link("https://auto.example/x", 23),
        )
        assert rendered.images == (BodyImage("map.png", "A map", "The front line", 7),)
        assert "<h1>Top</h1>" in rendered.html and "[not a link](nowhere)" in rendered.html


def test_a_plain_body_has_no_structure() -> None:
    rendered = markdown.render("Just words, *emphasis* and `code`.\n", MarkdownOptions())
    assert (rendered.headings, rendered.links, rendered.images) == ((), (), ())
    assert rendered.html == "<p>Just words, <em>emphasis</em> and <code>code</code>.</p>\n"
