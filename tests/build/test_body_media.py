"""Body images through whole builds: copied once, linked relative from pages (under a
sub-path too) and absolute from feeds, root links resolved alike, credits listed, errors
located with the output left alone, and incremental builds equal to clean ones."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import html
from PIL import Image

from brief.build import BuildOptions, build
from brief.build.cache import CACHE_DIR
from brief.build.gather import gather
from brief.build.memo import Memo
from brief.config import load_config
from tests.content.test_body_media import png
from tests.helpers import PNG_BYTES, Site, article, tree, vnu

SUB_PATH = """\
title: Test Brief
base_url: https://example.org/news/
timezone: UTC
copyright: "© Test Brief"
"""
TALKS = "2022/02/28/talks-begin/index.html"
OTHER = "2022/03/01/other/index.html"
BODY = """\
Intro with an inline ![a small map](front.png "Tiny") here.

![The front line](front.png "Where the front ran on Monday")

![Both delegations](/images/shared.png)

See [the other story](/2022/03/01/other/#part), [the topics](/tags/) and
`![code](/images/shared.png)`, which stays as written.
"""
FRONT = """\
figures:
  front.png:
    credit: Jane Roe
    source: Map Desk
    license: CC BY 4.0
image:
  src: /images/lead.png
  alt: The table
  credit: Lead Photographer
  license: CC0
credits:
  - title: Background
    credit: Wire
    license: CC BY 4.0"""


@pytest.fixture
def news(site: Site) -> Site:
    """A site under a sub-path: one article with local, shared and credited body images,
    another that shows the shared image too."""
    site.write("site.yaml", SUB_PATH)
    site.write("content/maps/front.png", png(30, 20))
    site.write("content/images/shared.png", PNG_BYTES)
    site.write("content/images/lead.png", PNG_BYTES)
    site.write("content/maps/a.md", article("Talks begin", body=BODY, **_front(FRONT)))
    site.write(
        "content/b.md",
        article("Other", date="2022-03-01", body='## Part\n\n![Shared](images/shared.png "Again")'),
    )
    return site


def _front(text: str) -> dict[str, str]:
    """Front-matter given as YAML text, for `article(**fields)`: one key with the rest."""
    first, rest = text.split(":", 1)
    return {first: rest}


def _touch_later(root: Path) -> None:
    """Every input file dated well in the past, so the build trusts their stats."""
    past = time.time_ns() - 10_000_000_000
    for path in root.rglob("*"):
        if path.is_file() and CACHE_DIR not in path.parts and "public" not in path.parts:
            os.utime(path, ns=(past, past))


def _clean(site: Site, out: Path) -> dict[str, bytes]:
    build(load_config(site.root), BuildOptions(out_dir=out, cache=False, jobs=1))
    return tree(out)


def test_body_images_are_copied_once_and_linked_relative(
    news: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    result = news.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    media = {
        re.sub(r"\.[0-9a-f]{16}\.", ".KEY.", k): Image.open(news.public / k).size
        for k in tree(news.public)
        if k.startswith("media/")
    }
    # each photo at its own path, re-encoded, and in its sizes and formats (never larger)
    assert media == {
        "media/images/lead.png": (1, 1),
        "media/images/lead.KEY.1.png": (1, 1),
        "media/images/lead.KEY.1.webp": (1, 1),
        "media/images/lead.KEY.social.jpg": (1, 1),
        "media/images/shared.png": (1, 1),
        "media/images/shared.KEY.1.png": (1, 1),
        "media/images/shared.KEY.1.webp": (1, 1),
        "media/maps/front.png": (30, 20),
        "media/maps/front.KEY.30.png": (30, 20),
        "media/maps/front.KEY.30.webp": (30, 20),
    }
    planned = [f.path for f in gather(load_config(news.root)).files]
    assert sorted(p for p in planned if p.startswith("media/")) == sorted(
        k for k in tree(news.public) if k.startswith("media/")
    )

    body = re.sub(r"\.[0-9a-f]{16}\.", ".KEY.", _body(news.page(TALKS)))
    lazy = 'loading="lazy" decoding="async"'
    front = "../../../../media/maps/front.KEY.30"
    shared = "../../../../media/images/shared.KEY.1"
    assert body == (
        # an inline image with a title keeps its <img> (the macro has no title)
        f'<p>Intro with an inline <img src="../../../../media/maps/front.png" alt="a small map" '
        f'title="Tiny" width="30" height="20" {lazy}> here.</p>\n'
        f'<figure class="body-figure"><picture><source type="image/webp" srcset="{front}.webp 30w"'
        f' sizes="(min-width: 42rem) 40rem, 100vw"><img src="{front}.png" srcset="{front}.png 30w"'
        ' sizes="(min-width: 42rem) 40rem, 100vw" width="30" height="20" alt="The front line" '
        f'{lazy}></picture><figcaption><span class="caption">'
        "Where the front ran on Monday</span> "
        '<span class="figure-credit">Image: Jane Roe</span></figcaption></figure>\n'
        f'<p><picture><source type="image/webp" srcset="{shared}.webp 1w" sizes="(min-width: '
        f'42rem) 40rem, 100vw"><img src="{shared}.png" srcset="{shared}.png 1w" sizes="(min-width:'
        f' 42rem) 40rem, 100vw" width="1" height="1" alt="Both delegations" {lazy}></picture></p>\n'
        '<p>See <a href="../../../03/01/other/#part">the other story</a>, '
        '<a href="../../../../tags/">the topics</a> and\n'
        "<code>![code](/images/shared.png)</code>, which stays as written.</p>\n"
    )
    assert 'srcset="../../../../media/images/shared.' in news.page(OTHER)


def _body(page: str) -> str:
    found = re.search(r'<div class="body">\n(.*?)\n  </div>', page, re.S)
    assert found is not None
    return found.group(1)


def test_figure_credits_are_listed_between_the_lead_image_and_other_credits(
    news: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert news.build(capsys=capsys).code == 0
    doc = html.fromstring(news.page(TALKS))
    credits = [
        (li.cssselect(".credit-what")[0].text, li.cssselect(".credit-creator")[0].text)
        for li in doc.cssselect(".credits li")
    ]
    assert credits == [("Image", "Lead Photographer"), ("Tiny", "Jane Roe"), ("Background", "Wire")]
    (data,) = [
        json.loads(s.text)
        for s in doc.cssselect('script[type="application/ld+json"]')
        if '"NewsArticle"' in s.text
    ]
    assert [(i["contentUrl"], i.get("creditText")) for i in data["image"]] == [
        ("https://example.org/news/media/images/lead.png", "Lead Photographer"),
        ("https://example.org/news/media/maps/front.png", "Jane Roe / Map Desk"),
    ]


def test_the_feed_links_body_images_and_root_links_absolutely(
    news: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert news.build(capsys=capsys).code == 0
    feed = feedparser.parse((news.public / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    content = {e.title: e.content[0].value for e in feed.entries}
    talks = html.fromstring(f"<div>{content['Talks begin']}</div>")
    for lead_or_credits in talks.cssselect("figure.lead-image, footer.attribution"):
        lead_or_credits.drop_tree()  # the lead image and credits, as on the page: the body is left
    assert [i.get("src") for i in talks.iter("img")] == [
        "https://example.org/news/media/maps/front.png",
        "https://example.org/news/media/maps/front.png",
        "https://example.org/news/media/images/shared.png",
    ]
    assert [a.get("href") for a in talks.iter("a")] == [
        "https://example.org/news/2022/03/01/other/#part",
        "https://example.org/news/tags/",
    ]
    assert "![code](/images/shared.png)" in content["Talks begin"]
    other = html.fromstring(f"<div>{content['Other']}</div>")
    assert [i.get("src") for i in other.iter("img")] == [
        "https://example.org/news/media/images/shared.png"
    ]


def test_the_article_page_is_valid_html(news: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert news.build(capsys=capsys).code == 0
    errors = vnu([news.public / TALKS, news.public / OTHER])
    assert errors == [], errors


@pytest.fixture
def served(news: Site, tmp_path: Path) -> Iterator[str]:
    """The site built into `<root>/news/` and served from `<root>` on loopback, as a host
    serves a project under a sub-path."""
    root = tmp_path / "host"
    out = root / "news"
    build(load_config(news.root), BuildOptions(out_dir=out, jobs=1))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/news/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_browser_under_the_sub_path_loads_every_body_image(browser: Any, served: str) -> None:
    page = browser.new_page()
    try:
        page.goto(served + "2022/02/28/talks-begin/")
        page.wait_for_load_state("load")
        shown = page.eval_on_selector_all(
            ".body img",
            "imgs => Promise.all(imgs.map(i => { i.loading = 'eager'; return i.decode()"
            ".then(() => [i.currentSrc, i.naturalHeight > 0]) }))",
        )
        # a processed photo is loaded from its srcset, in the best format the browser takes
        assert [(re.sub(r"\.[0-9a-f]{16}\.", ".KEY.", src), ok) for src, ok in shown] == [
            (served + "media/maps/front.png", True),
            (served + "media/maps/front.KEY.30.webp", True),
            (served + "media/images/shared.KEY.1.webp", True),
        ]
        page.click("text=the other story")
        page.wait_for_load_state("load")
        assert page.url == served + "2022/03/01/other/#part"
        assert page.locator("h1").inner_text() == "Other"
    finally:
        page.close()


def test_a_changed_image_is_copied_again_and_resized_like_a_clean_build(
    news: Site, tmp_path: Path
) -> None:
    config = load_config(news.root)
    _touch_later(news.root)
    build(config)
    assert build(config).written == ()  # nothing changed: the fast path
    news.write("content/maps/front.png", png(50, 10))
    report = build(config)
    assert "media/maps/front.png" in report.written
    assert TALKS in report.written
    assert 'width="50" height="10"' in news.page(TALKS)
    assert tree(news.public) == _clean(news, tmp_path / "clean-1")
    # the same bytes again, long ago: the stat fast path must still see the change
    _touch_later(news.root)
    news.write("content/images/shared.png", png(2, 2))
    build(config)
    assert tree(news.public) == _clean(news, tmp_path / "clean-2")


def test_a_changed_image_in_a_long_running_process_matches_a_clean_build(
    news: Site, tmp_path: Path
) -> None:
    config = load_config(news.root)
    memo = Memo()  # as `brief serve` keeps between builds
    build(config, memo=memo)
    news.write("content/maps/front.png", png(12, 34))
    build(config, memo=memo)
    assert 'width="12" height="34"' in news.page(TALKS)
    assert tree(news.public) == _clean(news, tmp_path / "clean")


def test_a_removed_image_is_a_located_error_and_the_output_stays(
    news: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert news.build(capsys=capsys).code == 0
    before = tree(news.public)
    _touch_later(news.root)
    (news.root / "content/maps/front.png").unlink()
    result = news.build(capsys=capsys)
    assert (result.code, result.out) == (1, "")
    assert result.err == (  # once, where the body first shows it
        "content/maps/a.md:19:37: error: image file 'front.png' not found (looked for "
        "content/maps/front.png)\nbrief: build failed: 1 error\n"
    )
    assert tree(news.public) == before
    news.write("content/maps/front.png", png(30, 20))
    assert news.build(capsys=capsys).code == 0
    assert tree(news.public) == _clean(news, tmp_path / "clean")


def test_an_image_added_after_the_error_builds(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article(body="![A map](map.png)"))
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (
        1,
        "content/a.md:5:10: error: image file 'map.png' not found (looked for "
        "content/map.png)\nbrief: build failed: 1 error\n",
    )
    site.write("content/map.png", PNG_BYTES)
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, "")
    assert Image.open(site.public / "media/map.png").size == (1, 1)


def test_an_empty_alt_fails_the_build_through_the_cli(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/map.png", PNG_BYTES)
    site.write("content/a.md", article(body="Text.\n\nA map: ![](map.png)"))
    result = site.build(capsys=capsys)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "content/a.md:7:8: error: image map.png has no alt text; describe it for readers who "
        "cannot see it: ![What it shows](map.png) (an image that is only decoration belongs in "
        "the theme's stylesheet, not in the article)\nbrief: build failed: 1 error\n"
    )
    assert not site.public.exists()


def test_a_draft_s_images_are_not_published(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/map.png", PNG_BYTES)
    site.write("content/a.md", article(draft="true", body="![A map](map.png)"))
    site.write("content/b.md", article("Other"))
    assert site.build(capsys=capsys).code == 0
    assert not (site.public / "media").exists()
    assert site.build("--drafts", capsys=capsys).code == 0
    assert (site.public / "media/map.png").is_file()


def test_figure_credits_are_in_the_site_s_language_on_pages_and_in_feeds(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """The credit words are the theme's catalogue string of the lead image's credit."""
    site.write("site.yaml", SUB_PATH + "language: de\n")
    site.write("content/map.png", PNG_BYTES)
    front = "\n  map.png: {credit: Jane <Roe>, license: CC0}"
    site.write("content/a.md", article("Gespräche", body="![Die Karte](map.png)", figures=front))
    assert site.build(capsys=capsys).code == 0
    credit = '<span class="figure-credit">Bild: Jane &lt;Roe&gt;</span>'
    assert credit in site.page("2022/02/28/gesprache/index.html")
    feed = feedparser.parse((site.public / "feed.xml").read_bytes())
    assert credit in feed.entries[0].content[0].value
