"""What a reader notices in the bundled theme, on built pages: public-domain works are said
to be in the public domain, an article without credits has no credits box, the site's
copyright is printed once, the site is not linked to itself as its publisher, the Feed link
leads to a page a browser shows (and the feed still parses), a wrapped date line never starts
with a separator, a right-to-left page mirrors, and a template mistake is reported once."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import html

from brief.render.mediatypes import content_type
from tests.helpers import BASIC_CONFIG, PNG_BYTES, REPO, Site, article

SITES = REPO / "tests" / "sites"


def ok(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result


def doc(site: Site, rel: str) -> html.HtmlElement:
    return html.fromstring(site.page(rel))


def texts(page: html.HtmlElement, selector: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in page.cssselect(selector)]


# Credits


CREDITED = """\
---
title: Hello
date: 2022-02-28
image:
  src: lead.png
  alt: A pixel
  credit: Jane Doe
  license: PDM 1.0
credits:
  - title: A map
    credit: Sam Roe
    license: CC0 1.0
  - title: A photo
    credit: Kim Poe
    source: Wikimedia Commons
    license: CC BY 4.0
---
Text.
"""


def test_public_domain_works_are_said_to_be_in_the_public_domain(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/lead.png", PNG_BYTES)
    site.write("content/a.md", CREDITED)
    ok(site, capsys)
    page = doc(site, "2022/02/28/hello/index.html")
    assert texts(page, ".credit") == [
        "Image by Jane Doe, in the public domain.",
        "A map by Sam Roe, dedicated to the public domain (CC0 1.0).",
        "A photo by Kim Poe, Wikimedia Commons, licensed under CC BY 4.0.",
    ]
    links = [(a.text_content(), a.get("href")) for a in page.cssselect("a[rel=license]")]
    assert links == [
        ("in the public domain", "https://creativecommons.org/publicdomain/mark/1.0/"),
        ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    ]
    assert "licensed under PDM" not in site.page("2022/02/28/hello/index.html")


def test_an_article_without_credits_has_no_credits_box(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    ok(site, capsys)
    page = site.page("2022/02/28/hello/index.html")
    assert 'class="attribution"' not in page and "Credits" not in page
    assert "third-party" not in page


def test_the_copyright_is_printed_once_on_an_article_page(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/lead.png", PNG_BYTES)
    site.write("content/a.md", CREDITED)
    ok(site, capsys)
    page = site.page("2022/02/28/hello/index.html")
    assert page.count("© Test Brief") == 1
    assert texts(html.fromstring(page), ".site-footer .copyright") == ["© Test Brief"]


@pytest.mark.parametrize(
    ("publisher", "sentence"),
    [
        # the site itself: the footer names it already
        ("  name: Test Brief\n  url: https://news.example.org/\n", None),
        ("  name: Test Brief\n", None),
        # another name at the site's address: said, but not linked to the page it is on
        ("  name: Test Media\n  url: https://news.example.org\n", "Published by Test Media."),
        ("  name: Test Media\n", "Published by Test Media."),
        # elsewhere: linked
        (
            "  name: Test Media\n  url: https://media.example.org/\n",
            'Published by <a href="https://media.example.org/">Test Media</a>.',
        ),
        # the site's own name, but its publisher's address elsewhere: linked
        (
            "  name: Test Brief\n  url: https://media.example.org/\n",
            'Published by <a href="https://media.example.org/">Test Brief</a>.',
        ),
    ],
)
def test_the_publisher_is_not_linked_to_the_site_itself(
    site: Site, capsys: pytest.CaptureFixture[str], publisher: str, sentence: str | None
) -> None:
    site.write("site.yaml", f"{BASIC_CONFIG}publisher:\n{publisher}")
    site.write("content/a.md", article())
    ok(site, capsys)
    front = site.page("index.html")
    if sentence is None:
        assert "Published by" not in front
    else:
        assert f"<p>{sentence}</p>" in front
        assert front.count("Published by") == 1


# Feeds


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Files with the Content-Type a deploy gives them (feed.xml is application/atom+xml)."""

    def guess_type(self, path: Any) -> str:
        return content_type(str(path))

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Any]:
    """serve(folder) -> the base URL of `folder` over HTTP on a free loopback port."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve_(folder: Path) -> str:
        handler = functools.partial(SiteHandler, directory=str(folder))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield serve_
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def feed_site(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(3):
        site.write(
            f"content/{n}.md", article(f"Story number {n}", date=f"2022-02-2{n}", tags="[Kyiv]")
        )
    ok(site, capsys)


def test_the_feed_link_leads_to_a_page_about_the_feeds(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_site(site, capsys)
    front = doc(site, "index.html")
    feed_links = [
        a.get("href") for a in front.cssselect(".footer-nav a") if a.text_content() == "Feed"
    ]
    assert feed_links == ["feeds/"]
    page = doc(site, "feeds/index.html")
    assert texts(page, "h1") == ["Feeds"]
    assert texts(page, ".feed-address") == ["https://news.example.org/feed.xml"]
    assert [a.get("href") for a in page.cssselect(".feed-others a")] == [
        "../tags/kyiv/feed.xml",
        "../tags/kyiv/rss.xml",
        "../tags/kyiv/feed.json",
    ]
    assert texts(page, ".feed-entries a") == [f"Story number {n}" for n in (2, 1, 0)]
    # feed readers still find the feed itself from every page
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Test Brief" href="../feed.xml">'
        in site.page("feeds/index.html")
    )


def test_a_reader_who_opens_the_feed_link_gets_a_readable_page(
    site: Site, capsys: pytest.CaptureFixture[str], browser: Any, serve: Any
) -> None:
    feed_site(site, capsys)
    base = serve(site.public)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(base + "/", wait_until="load")
        tab.locator(".footer-nav a", has_text="Feed").click()
        tab.wait_for_load_state("load")
        assert tab.url == base + "/feeds/"
        seen = tab.evaluate("document.body.innerText")
        assert "Test Brief" in seen
        assert all(f"Story number {n}" in seen for n in range(3))
        assert "https://news.example.org/feed.xml" in seen
        assert tab.locator("h1").inner_text() == "Feeds"
        # the feed itself, as served, is Atom that parses cleanly
        response = tab.request.get(base + "/feed.xml")
        assert response.headers["content-type"] == "application/atom+xml"
        parsed = feedparser.parse(response.body())
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.feed.title == "Test Brief"
        assert [e.title for e in parsed.entries] == [f"Story number {n}" for n in (2, 1, 0)]
    finally:
        context.close()


# The date line at 375 px


def long_byline_site(site: Site, capsys: pytest.CaptureFixture[str], language: str) -> None:
    site.write("site.yaml", f"{BASIC_CONFIG}language: {language}\n")
    site.write(
        "content/a.md",
        article(
            "A story with a long byline",
            date="2022-02-28 14:30",
            updated="2022-03-01 09:15",
            author="[Alexandra Konstantinopoulou-Smythe, Bartholomew Featherstonehaugh]",
        ),
    )
    site.write("content/b.md", article("A short one", date="2022-02-27", author="Jo"))
    ok(site, capsys)


def strip_shots(tab: Any) -> tuple[list[bytes], list[bytes], int]:
    """Screenshots of the strip just before each line of the article's date line, with the
    separators drawn and hidden; and how many lines it has."""
    lines = tab.evaluate(
        """() => {
            const meta = document.querySelector('.article-head .meta');
            const box = meta.getBoundingClientRect();
            const rtl = getComputedStyle(meta).direction === 'rtl';
            const tops = [...new Set([...meta.children].map(c => Math.round(c.getBoundingClientRect().top)))];
            return tops.map(top => {
                const items = [...meta.children].filter(c => Math.round(c.getBoundingClientRect().top) === top);
                const r = items[0].getBoundingClientRect();
                const x = rtl ? box.right : box.left - 16;
                return {x: x, y: r.top, width: 16, height: r.height};
            });
        }"""
    )
    shots: dict[str, list[bytes]] = {}
    for name, rule in (("drawn", "color: red;"), ("hidden", "visibility: hidden;")):
        handle = tab.add_style_tag(content=f".meta > * + *::before {{ {rule} }}")
        shots[name] = [tab.screenshot(clip=clip) for clip in lines]
        handle.evaluate("style => style.remove()")
    return shots["drawn"], shots["hidden"], len(lines)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_wrapped_date_line_never_starts_with_a_separator(
    site: Site, capsys: pytest.CaptureFixture[str], browser: Any, serve: Any, language: str
) -> None:
    long_byline_site(site, capsys, language)
    base = serve(site.public)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(base + "/2022/02/28/a-story-with-a-long-byline/", wait_until="load")
        drawn, hidden, count = strip_shots(tab)
        assert count >= 2, "the date line must wrap at 375 px for this test to mean anything"
        # Before each line's first item, drawing the separators in red changes no pixel...
        assert drawn == hidden
        # ...where, without the clip, the separator of every wrapped line would show.
        unclipped = tab.add_style_tag(content=".meta { clip-path: none !important; }")
        drawn, hidden, _ = strip_shots(tab)
        assert [d != h for d, h in zip(drawn, hidden, strict=True)] == [False] + [True] * (
            count - 1
        )
        unclipped.evaluate("style => style.remove()")
        # Between items on one line they are there to see.
        tab.goto(base + "/2022/02/27/a-short-one/", wait_until="load")
        inner = tab.evaluate(
            """() => {
                const items = [...document.querySelectorAll('.article-head .meta > *')];
                const second = items[1].getBoundingClientRect(), first = items[0].getBoundingClientRect();
                if (Math.round(second.top) !== Math.round(first.top)) return null;
                const rtl = getComputedStyle(items[0]).direction === 'rtl';
                const x = rtl ? second.right : second.left - 12;
                return {x: x, y: second.top, width: 12, height: second.height};
            }"""
        )
        assert inner is not None
        with_dots = tab.screenshot(clip=inner)
        handle = tab.add_style_tag(content=".meta > * + *::before { visibility: hidden; }")
        assert tab.screenshot(clip=inner) != with_dots
        handle.evaluate("style => style.remove()")
    finally:
        context.close()


# Right to left


def test_a_right_to_left_page_is_mirrored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], browser: Any, serve: Any
) -> None:
    import shutil

    root = tmp_path / "lang-ar"
    shutil.copytree(SITES / "lang-ar", root)
    site = Site(root)
    ok(site, capsys)
    base = serve(site.public)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(base + "/2022/02/23/خبر-رقم-3/", wait_until="load")
        quote = tab.evaluate(
            """() => { const s = getComputedStyle(document.querySelector('.body blockquote'));
                       return [s.borderRightWidth, s.borderLeftWidth, s.paddingRight, s.paddingLeft]; }"""
        )
        assert quote[0] == "3px" and quote[1] == "0px"
        assert float(quote[2].removesuffix("px")) > 0 and quote[3] == "0px"
        tab.goto(base + "/", wait_until="load")
        newer_older = tab.evaluate(
            """() => [...document.querySelectorAll('.pagination > *')].map(e => e.getBoundingClientRect().left)"""
        )
        assert newer_older[0] > newer_older[-1]  # the start (newer) side is on the right
        tab.keyboard.press("Tab")
        skip = tab.evaluate(
            "() => { const r = document.activeElement.getBoundingClientRect(); return [r.left, r.right, innerWidth]; }"
        )
        assert skip[1] > skip[2] - 40 and skip[0] > skip[2] / 2  # at the right edge
    finally:
        context.close()


# A template mistake


def test_a_template_mistake_is_reported_once_not_once_per_page(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(5):
        site.write(f"content/{n}.md", article(f"Story {n}", date=f"2022-02-2{n}"))
    site.write(
        "layouts/article.html",
        '{% extends "base.html" %}\n{% block main %}\n<p>{{ no_such_thing }}</p>\n{% endblock %}\n',
    )
    result = site.build(capsys=capsys)
    assert result.code == 1
    lines = result.err.splitlines()
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1, result.err
    assert errors[0] == (
        "layouts/article.html:3: error: template error: 'no_such_thing' is undefined "
        "(rendering content/4.md, and 4 more pages)"  # the first page: the newest article
    )
    assert lines[-1] == "brief: build failed: 1 error"


def test_render_problems_are_merged_by_file_line_and_message() -> None:
    from brief.errors import Problem
    from brief.render.templates import merge_render_problems

    def p(line: int, what: str, page: str) -> Problem:
        return Problem("layouts/a.html", line, None, f"template error: {what} (rendering {page})")

    other = Problem("content/x.md", 2, None, "something else")
    merged = merge_render_problems(
        [
            p(3, "x", "a.md"),
            other,
            p(3, "x", "b.md"),
            p(4, "x", "a.md"),
            p(3, "x", "c.md"),
            p(4, "x", "d.md"),
        ]
    )
    assert [m.format() for m in merged] == [
        "layouts/a.html:3: error: template error: x (rendering a.md, and 2 more pages)",
        "content/x.md:2: error: something else",
        "layouts/a.html:4: error: template error: x (rendering a.md, and 1 more page)",
    ]
