"""Reading aids on article pages: the word count and reading time, counted once when the
article is parsed, from its rendered text, by the language's rate."""

from __future__ import annotations

import math

import pytest
from lxml import html

from brief.content.reading import (
    CHARACTER_RATES,
    RATES,
    WORDS_PER_MINUTE,
    count_words,
    reading_aids,
    reading_minutes,
)
from tests.helpers import BASIC_CONFIG, Site, article

PAGE = "2022/02/28/hello/index.html"


def _reading(site: Site, rel: str = PAGE) -> str | None:
    found = html.fromstring(site.page(rel)).cssselect(".article-head .reading")
    return " · ".join(s.text_content() for s in found[0]) if found else None


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("<p>One two three.</p>", 3),
        # markup, attributes and link targets are no words; entities are resolved
        ('<p><a href="https://example.org/a/very/long/path">The report</a> &amp; more</p>', 3),
        # punctuation between spaces is no word; what joins two words parts them
        ("<p>Yes — no – maybe / perhaps … « oui » ! ?</p>", 5),
        ("<p>e-mail, don’t, U.S. 3.5</p>", 4),
        (
            '<figure><img src="/media/x.png" alt="Alt text"><figcaption>A map</figcaption></figure>',
            2,
        ),
        ("<script>var a = 1;</script><style>p { x: y }</style><p>Only this</p>", 2),
        ("", 0),
    ],
)
def test_words_are_counted_in_the_rendered_text(body: str, words: int) -> None:
    assert count_words(body, "en") == words


def test_languages_without_spaces_count_characters() -> None:
    assert count_words("<p>東京は晴れ。</p>", "ja") == 5
    assert count_words("<p>北京 Beijing 下雨</p>", "zh-Hant") == 5  # a Latin word is one
    assert reading_aids("<p>" + "字" * 600 + "</p>", "zh") == (0, math.ceil(600 / 255))
    assert reading_aids("<p>" + "word " * 600 + "</p>", "en") == (600, math.ceil(600 / 230))


def test_rates_by_language() -> None:
    assert reading_minutes(0, "en") == 0
    assert reading_minutes(1, "en") == 1
    assert reading_minutes(230, "en") == 1 and reading_minutes(231, "en") == 2
    assert reading_minutes(360, "de") == 2 == math.ceil(360 / RATES["de"])
    assert reading_minutes(1000, "pt-BR") == math.ceil(1000 / RATES["pt"])
    assert reading_minutes(1000, "xx") == math.ceil(1000 / WORDS_PER_MINUTE)
    assert reading_minutes(710, "ja") == math.ceil(710 / CHARACTER_RATES["ja"])


def test_article_pages_say_how_long_they_take_to_read(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    words = " ".join(["word"] * 800)
    link = "[a link whose target has many words](https://example.org/one/two/three/four/)"
    site.write("content/a.md", article(body=f"{words}\n\n{link}\n\n```\ncode is read too\n```"))
    assert site.build(capsys=capsys).code == 0
    assert _reading(site) == "4 min read · 811 words"


def test_one_minute_and_no_aids_for_an_empty_body(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article(body="Short."))
    site.write("content/b.md", article("Empty", body=""))
    assert site.build(capsys=capsys).code == 0
    assert _reading(site) == "1 min read · 1 word"
    assert _reading(site, "2022/02/28/empty/index.html") is None


def test_in_the_sites_language(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("site.yaml", BASIC_CONFIG + "language: de\n")
    site.write("content/a.md", article(body=" ".join(["Wort"] * 1234)))
    assert site.build(capsys=capsys).code == 0
    assert _reading(site) == "7 Min. Lesezeit · 1.234 Wörter"


def test_a_language_counted_in_characters_gives_no_word_count(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", BASIC_CONFIG + "language: ja\n")
    site.write("content/a.md", article(body="日本語" * 300))
    assert site.build(capsys=capsys).code == 0
    assert _reading(site) == f"{math.ceil(900 / CHARACTER_RATES['ja'])} min read"
