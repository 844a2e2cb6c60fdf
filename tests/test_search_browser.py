"""Search in a real browser: tests/sites/newsroom (with a few words of its own added to its
articles) built by `brief build`, served over HTTP on a loopback port under /desk/, and
searched in headless Chromium through the theme's /search/ page and Pagefind's UI. Every
test runs twice: over the index in one bundle, and over an index in shards (`shard_pages:
1`), merged in the browser, which must find, filter and show the same.

Without /usr/bin/chromium the tests are skipped, or fail when BRIEF_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.helpers import REPO
from tests.pagefind_files import decode

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ONE = "zanzibarite"
"""A word in exactly one article (the sanctions story)."""
ALL = "desknote"
"""A word in all four articles."""
LISTING = "continent"
"""A word of the World section's description: on its listing page, in no article."""
HOSTILE = "<img src=x onerror=alert(1)> <b>bold</b>"
"""Article text that looks like markup: an excerpt must show it as text."""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _build(site: Path, out: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "build", "--source", str(site), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture(scope="module", params=["one bundle", "shards"])
def desk(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A copy of the newsroom site with the words above in its articles; its index in one
    bundle, or in as many shards as it can have."""
    root = tmp_path_factory.mktemp("search") / "newsroom"
    shutil.copytree(
        REPO / "tests" / "sites" / "newsroom",
        root,
        ignore=shutil.ignore_patterns(".brief", "public"),
    )
    if request.param == "shards":
        with (root / "site.yaml").open("a", encoding="utf-8") as f:
            f.write("search:\n  shard_pages: 1\n")
    for path in sorted((root / "content").rglob("*.md")):
        if "pages" in path.parts:
            continue
        extra = f"\n\nA {ALL} closes every story.\n"
        if "sanctions" in path.name:
            extra += f"\nThe {ONE} clause passed. Quoted: {HOSTILE.replace('<', '&lt;')}\n"
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def served(desk: Path) -> Iterator[tuple[str, Path]]:
    """The built site over HTTP under /desk/; yields the server's URL and the folder."""
    top = desk.parent / "www"
    _build(desk, top / "desk")
    bundles = sorted(p.parent.name for p in (top / "desk").rglob("pagefind-entry.json"))
    if (desk / "site.yaml").read_text(encoding="utf-8").endswith("shard_pages: 1\n"):
        assert bundles == ["pagefind", "shard-1"], bundles  # four stories, no shard empty
    else:
        assert bundles == ["pagefind"]
    handler = functools.partial(QuietHandler, directory=str(top))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", top / "desk"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def search(browser: Any, served: tuple[str, Path]) -> Iterator[Any]:
    """search(words, scheme="light", width=1280) -> the search page with its results."""
    server = served[0]
    contexts: list[Any] = []

    def run(words: str, scheme: str = "light", width: int = 1280) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        elsewhere: list[str] = []
        page.on(
            "request",
            lambda r: (
                elsewhere.append(r.url)
                if urlsplit(r.url).netloc != urlsplit(server).netloc
                else None
            ),
        )
        response = page.goto(server + "/desk/search/", wait_until="load")
        assert response is not None and response.ok
        page.fill(".pagefind-ui__search-input", words)
        page.wait_for_selector(".pagefind-ui__message", timeout=15000)
        page.wait_for_function(  # "3 results for x", "No results for x"; not "Searching..."
            "([m, w]) => { const t = document.querySelector(m).textContent;"
            " return t.includes(w) && !t.includes('Searching'); }",
            arg=[".pagefind-ui__message", words],
        )
        # the message comes before the results it counts: wait for those, each with its link
        page.wait_for_function(
            "() => { const t = document.querySelector('.pagefind-ui__message').textContent.trim();"
            " const found = parseInt(t, 10) > 0;"
            " const r = document.querySelectorAll('.pagefind-ui__result').length;"
            " const l = document.querySelectorAll('.pagefind-ui__result-link').length;"
            " return found ? r > 0 && l === r : true; }"
        )
        assert elsewhere == []  # the UI, its WebAssembly and the index all come from the site
        return page

    yield run
    for context in contexts:
        context.close()


def titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".pagefind-ui__result-link").all_inner_texts()]


def test_a_word_of_one_article_finds_that_article_first(search: Any) -> None:
    page = search(ONE)
    assert titles(page)[:1] == ["Parliament votes on sanctions"]
    href = page.locator(".pagefind-ui__result-link").first.get_attribute("href")
    assert href == "/desk/2022/02/25/parliament-votes-on-sanctions/"  # served under /desk/
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Parliament votes on sanctions"


def test_a_topic_filter_narrows_the_results(search: Any, served: tuple[str, Path]) -> None:
    # the UI reads the filter files as brief rewrote them: values sorted (docs/search.md)
    for bundle in [p.parent for p in served[1].rglob("pagefind-entry.json")]:
        filters = sorted((bundle / "filter").iterdir())
        assert len(filters) == 3  # Section, Topic, Author
        for path in filters:
            values = [value for value, _ in decode(path.read_bytes())[1]]
            assert values == sorted(values) and values
    page = search(ALL)
    assert len(titles(page)) == 4
    block = page.locator(".pagefind-ui__filter-block", has_text="Topic")
    block.locator("summary").click()
    block.locator("label", has_text="Ukraine").click()
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length === 2")
    assert sorted(titles(page)) == ["Calls for a ceasefire grow", "Talks open at the border"]


def test_an_excerpt_does_not_open_with_the_date_and_byline(search: Any) -> None:
    """The article's date and byline line is left out of the index (data-pagefind-ignore):
    the excerpt of a word of its first paragraph starts with the story's own words."""
    page = search("voted")
    assert titles(page)[:1] == ["Parliament votes on sanctions"]
    excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_text()
    assert excerpt.startswith("Parliament votes on sanctions"), excerpt
    for line in ("February 25, 2022", "6:00 PM", "By Sam Stringer", "Sam Stringer"):
        assert line not in excerpt
    # the date is still the result's metadata, the byline still its filter
    assert "Published: February 25, 2022" in page.locator(".pagefind-ui__result").first.inner_text()


def test_listing_pages_are_not_indexed(search: Any, served: tuple[str, Path]) -> None:
    section = (served[1] / "world" / "index.html").read_text(encoding="utf-8")
    assert LISTING in section  # the word is on the listing page ...
    page = search(LISTING)
    assert titles(page) == []  # ... and search does not find it there
    assert page.locator(".pagefind-ui__message").inner_text() == f"No results for {LISTING}"


def test_text_that_looks_like_markup_is_shown_as_text(search: Any) -> None:
    page = search(ONE)
    excerpt = page.locator(".pagefind-ui__result-excerpt").first
    assert excerpt.locator("img, b").count() == 0
    assert "<img src=x onerror=alert(1)>" in excerpt.inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_page_with_results_passes_axe(search: Any, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = search(ALL, scheme=scheme)
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [360, 375])
def test_no_sideways_scroll_with_results(search: Any, width: int) -> None:
    page = search(ALL, width=width)
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client


def test_without_javascript_the_page_says_search_needs_it(
    browser: Any, served: tuple[str, Path]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served[0] + "/desk/search/", wait_until="load")
        assert "Search needs JavaScript" in page.locator("main").inner_text()
    finally:
        context.close()


CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:"
"""The policy docs/search.md gives a site that sets one: WebAssembly allowed, and the
UI's search icon (a data: image)."""


@pytest.mark.parametrize("policy", [CSP, CSP.replace(" 'wasm-unsafe-eval'", "")])
def test_search_works_under_the_documented_content_security_policy(
    browser: Any, served: tuple[str, Path], policy: str
) -> None:
    class Strict(QuietHandler):
        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", policy)
            super().end_headers()

    handler = functools.partial(Strict, directory=str(served[1].parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()
    try:
        page = context.new_page()
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if "Security" in m.text else None)
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/desk/search/", wait_until="load")
        page.fill(".pagefind-ui__search-input", ONE)
        if "wasm-unsafe-eval" in policy:
            page.wait_for_selector(".pagefind-ui__result", timeout=15000)
            assert titles(page) == ["Parliament votes on sanctions"] and refused == []
        else:  # without it the browser refuses Pagefind's WebAssembly: the policy needs it
            page.wait_for_timeout(1500)
            assert titles(page) == [] and any("WebAssembly" in m for m in refused)
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_an_edited_article_is_found_by_its_new_word(
    search: Any, desk: Path, served: tuple[str, Path]
) -> None:
    """Last in this module: it rebuilds the site being served."""
    talks = desk / "content" / "world" / "2022-02-28-talks.md"
    talks.write_text(talks.read_text(encoding="utf-8") + "\nA quokkaline moment.\n", "utf-8")
    out = _build(desk, served[1])
    sharded = "shard_pages" in (desk / "site.yaml").read_text(encoding="utf-8")
    # in shards, only the edited story's is made again: two of the four stories
    assert ("indexed 2 pages in " if sharded else "indexed 4 pages in ") in out
    assert titles(search("quokkaline")) == ["Talks open at the border"]
