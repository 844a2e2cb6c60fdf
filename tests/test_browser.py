"""The bundled site in a real browser: accessibility (axe-core, WCAG 2.1 AA) in light and dark,
no horizontal scrolling on a small phone, no requests leaving the site, credits shown.

Runs headless Debian Chromium through Playwright against the built site served over HTTP on a
loopback port. Without /usr/bin/chromium the tests are skipped, or fail when
BRIEF_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.photos import write_photo_site

REPO = Path(__file__).resolve().parent.parent
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SEED = "/2022/02/28/russia-makes-demands-for-ceasefire-in-ukraine/"
PAGES = {
    "front": "/",
    "page-2": "/page/2/",
    "tag": "/tags/ukraine/",
    "tags": "/tags/",
    "article": SEED,
    "404": "/404.html",
    "feeds": "/feeds/",
    "search": "/search/",
    # a newsroom's site (tests/sites/newsroom), served under /desk/: every page kind it adds
    "desk-front": "/desk/",
    "section": "/desk/world/",
    "section-page-2": "/desk/world/page/2/",
    "author": "/desk/authors/jane-doe/",
    "authors": "/desk/authors/",
    "page": "/desk/about/",
    "desk-article": "/desk/2022/02/28/talks-open-at-the-border/",
    "credits": "/desk/credits/",
    "archive": "/desk/2022/",
    "daily-edition": "/desk/2022/02/28/",
    "desk-corrected": "/desk/2022/02/27/calls-for-a-ceasefire-grow/",
    "corrections": "/desk/corrections/",
    # a site of processed photos (tests/photos.py), served under /photos/
    "photo-front": "/photos/",
    "photo-article": "/photos/2022/03/01/talks-resume-at-the-border/",
    "desk-search": "/desk/search/",
}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "public"
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "build", "--source", str(REPO), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # a copy: a build keeps its cache in the site folder, which must stay as committed
    desk = shutil.copytree(
        REPO / "tests" / "sites" / "newsroom",
        out.parent / "newsroom",
        ignore=shutil.ignore_patterns(".brief", "public"),
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "brief",
            "build",
            "--source",
            str(desk),
            "--output",
            str(out / "desk"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    photos = write_photo_site(out.parent / "photo-desk")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "brief",
            "build",
            "--source",
            str(photos),
            "--output",
            str(out / "photos"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(public: Path) -> Iterator[str]:
    """The built site over HTTP on a free loopback port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(public))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def open_page(browser: Any, server: str) -> Iterator[Any]:
    """open_page(path, scheme="light", width=1280) -> a loaded Playwright page."""
    contexts: list[Any] = []

    def open_(path: str, scheme: str = "light", width: int = 1280) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(server + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag21aa_violations(open_page: Any, name: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(PAGES[name], scheme=scheme)
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    checked = {
        rule["id"]
        for kind in ("passes", "violations", "incomplete")
        for rule in results.response[kind]
    }
    assert {"color-contrast", "document-title", "html-has-lang"} <= checked, checked
    assert results.violations_count == 0, f"{PAGES[name]} ({scheme}):\n{results.generate_report()}"


def test_axe_outline_and_landmarks(open_page: Any) -> None:
    """Best-practice rules beyond WCAG: one h1, no skipped heading levels, content in landmarks."""
    from axe_playwright_python.sync_playwright import Axe

    rules = [
        "page-has-heading-one",
        "heading-order",
        "landmark-one-main",
        "landmark-unique",
        "landmark-no-duplicate-banner",
        "landmark-no-duplicate-contentinfo",
        "region",
    ]
    reports = []
    for path in PAGES.values():
        results = Axe().run(open_page(path), options={"runOnly": {"type": "rule", "values": rules}})
        if results.violations_count:
            reports.append(f"{path}:\n{results.generate_report()}")
    assert not reports, "\n".join(reports)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scrolling_at_360px(open_page: Any, name: str) -> None:
    page = open_page(PAGES[name], width=360)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client_width == 360
    assert scroll_width <= client_width, (
        f"{PAGES[name]} is {scroll_width}px wide in a {client_width}px viewport"
    )


def test_pages_request_nothing_from_other_hosts(browser: Any, server: str) -> None:
    origin = urlsplit(server).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    failures: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("requestfailed", lambda request: failures.append(request.url))
    try:
        page = context.new_page()
        for path in PAGES.values():
            response = page.goto(server + path, wait_until="networkidle")
            assert response is not None and response.ok, path
    finally:
        context.close()
    assert any(re.search(r"/style\.[0-9a-f]{8}\.css$", url) for url in requests), requests
    foreign = [url for url in requests if urlsplit(url).netloc != origin]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not failures, f"failed requests: {failures}"


def test_a_photo_shows_its_credit_and_licence(open_page: Any) -> None:
    from playwright.sync_api import expect

    page = open_page("/desk/2022/02/26/airspace-closed-to-civilian-flights/")
    expect(page.locator(".lead-image img")).to_be_visible()
    footer = page.locator("footer.attribution")
    expect(footer.locator(".credit-creator")).to_have_text("The Desk")
    licence = page.locator("a[rel~='license']")
    expect(licence).to_have_count(1)
    expect(licence).to_have_attribute("href", "https://creativecommons.org/licenses/by/4.0/")
    expect(licence).to_be_visible()
    expect(licence).to_have_text("CC BY 4.0")


def test_skip_link_appears_with_a_focus_outline(open_page: Any) -> None:
    page = open_page(SEED, width=375)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement, box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return {cls: el.className, top: box.top, bottom: box.bottom,
                    outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
        }"""
    )
    assert focused["cls"] == "skip"
    assert focused["top"] >= 0 and focused["bottom"] <= 800, focused
    assert focused["outline"] != "none" and focused["width"] >= 2, focused


def brightness(css_colour: str) -> float:
    """Mean of the channels of an `rgb(...)` colour, 0 to 255."""
    channels = css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]
    return sum(float(c) for c in channels) / 3


def test_dark_scheme_is_dark_and_light_scheme_is_light(open_page: Any) -> None:
    script = (
        "[getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.querySelector('h1')).color]"
    )
    light_bg, light_text = open_page("/", scheme="light").evaluate(script)
    dark_bg, dark_text = open_page("/", scheme="dark").evaluate(script)
    assert brightness(light_bg) > 200 and brightness(light_text) < 80, (light_bg, light_text)
    assert brightness(dark_bg) < 60 and brightness(dark_text) > 180, (dark_bg, dark_text)


SHIFTS = """
window.__shifts = [];
window.__lcp = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__shifts.push(e.value);
}).observe({type: "layout-shift", buffered: true});
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__lcp.push(e);
}).observe({type: "largest-contentful-paint", buffered: true});
"""
LCP = """async () => {
  await Promise.all([...document.images].map((i) => i.decode().catch(() => null)));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300)));
  const last = window.__lcp[window.__lcp.length - 1];
  const el = last && last.element;
  const box = el ? el.getBoundingClientRect() : null;
  return {
    shift: window.__shifts.reduce((a, b) => a + b, 0),
    tag: el ? el.tagName : null,
    src: el && el.currentSrc,
    natural: el ? el.naturalWidth : 0,
    shown: box ? box.width : 0,
    ratio: window.devicePixelRatio,
    lazy: el ? el.loading : null,
    priority: el ? el.getAttribute('fetchpriority') : null,
  };
}"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["photo-front", "photo-article"])
def test_photos_shift_nothing_and_the_largest_is_a_fitting_size(
    browser: Any, server: str, name: str, width: int
) -> None:
    """What Lighthouse weighs most: no layout shift (every photo has its size before it
    loads) and a largest contentful paint that is a photo loaded at once, in a width close to
    what the screen shows (neither a thumbnail blown up nor the full photo squeezed)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        context.add_init_script(SHIFTS)
        page = context.new_page()
        page.goto(server + PAGES[name], wait_until="load")
        found = page.evaluate(LCP)
    finally:
        context.close()
    assert found["shift"] == 0, found
    assert found["tag"] == "IMG" and "/media/photos/" in found["src"], found
    assert found["lazy"] == "auto", found
    assert found["priority"] == ("high" if "article" in name else None), found
    needed = found["shown"] * found["ratio"]
    assert needed <= found["natural"] <= max(2.2 * needed, 480), found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["photo-front", "photo-article"])
def test_screenshots_show_every_photo_on_the_first_screen(
    open_page: Any, name: str, width: int, scheme: str, tmp_path: Path
) -> None:
    page = open_page(PAGES[name], scheme=scheme, width=width)
    page.evaluate("Promise.all([...document.images].map((i) => i.decode().catch(() => null)))")
    page.screenshot(path=str(tmp_path / f"{name}-{width}-{scheme}.png"))
    photos = page.evaluate(
        """() => [...document.querySelectorAll('picture img')].map((i) => {
            const b = i.getBoundingClientRect();
            return {top: b.top, w: b.width, h: b.height, done: i.complete, nat: i.naturalWidth,
                    ratio: i.width / i.height, own: i.naturalWidth / i.naturalHeight};
        })"""
    )
    seen = [p for p in photos if p["top"] < 800]
    assert seen, photos
    for p in seen:
        assert p["done"] and p["nat"] > 0 and p["w"] > 50 and p["h"] > 30, p
