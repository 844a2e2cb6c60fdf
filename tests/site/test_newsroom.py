"""A newsroom's site (tests/sites/newsroom): standalone pages, sections, authors and menus,
built and read back, and the mistakes a desk makes with each."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from lxml import html

from tests.helpers import REPO, Site

SITE = REPO / "tests" / "sites" / "newsroom"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Site:
    shutil.copytree(SITE, tmp_path / "site", ignore=shutil.ignore_patterns(".brief", "public"))
    site = Site(tmp_path / "site")
    run = site.build(capsys=capsys)
    assert run.code == 0, run.err
    return site


def _doc(site: Site, rel: str) -> html.HtmlElement:
    return html.fromstring(site.page(rel))


def _links(doc: html.HtmlElement, css: str) -> list[tuple[str, str]]:
    return [(a.text_content().strip(), a.get("href")) for a in doc.cssselect(css)]


def test_pages_are_on_no_listing_or_feed_but_in_the_sitemap(desk: Site) -> None:
    about = _doc(desk, "about/index.html")
    assert about.cssselect("h1")[0].text_content() == "About The Desk"
    assert "kind-page" in about.body.get("class")
    assert not about.cssselect("time")  # a page has no date line
    assert (desk.public / "corrections-policy/index.html").is_file()
    for rel in ("index.html", "page/2/index.html", "world/index.html", "tags/index.html"):
        stories = _doc(desk, rel).cssselect("main")[0].text_content()
        assert "About The Desk" not in stories and "Corrections policy" not in stories
    for feed in ("feed.xml", "world/feed.xml", "tags/ukraine/feed.xml"):
        assert "about" not in "".join(e.link for e in feedparser.parse(desk.page(feed)).entries)
    urls = {
        u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod")
        for u in ET.fromstring(desk.page("sitemap.xml")).iter(f"{SM}url")
    }
    assert urls["https://desk.example.org/news/about/"] is None  # undated: no lastmod
    assert urls["https://desk.example.org/news/corrections-policy/"] == "2022-02-28T23:00:00Z"


def test_front_page_lists_articles_only(desk: Site) -> None:
    titles = [a.text_content() for a in _doc(desk, "index.html").cssselect(".story-title a")]
    assert titles == ["Talks open at the border", "Calls for a ceasefire grow"]


def test_section_fronts_are_paged_with_a_feed(desk: Site) -> None:
    world = _doc(desk, "world/index.html")
    assert "World" in world.cssselect("h1")[0].text_content()
    assert "News from every continent." in world.cssselect(".page-lede")[0].text_content()
    assert [a.text_content() for a in world.cssselect(".story-title a")] == [
        "Talks open at the border",
        "Calls for a ceasefire grow",
    ]
    second = _doc(desk, "world/page/2/index.html")
    assert [a.text_content() for a in second.cssselect(".story-title a")] == [
        "Airspace closed to civilian flights"
    ]
    feed = feedparser.parse(desk.page("world/feed.xml"))
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [
        "Talks open at the border",
        "Calls for a ceasefire grow",
        "Airspace closed to civilian flights",
    ]
    assert feed.feed.link == "https://desk.example.org/news/world/"
    economy = _doc(desk, "economy/index.html")  # a desk with nothing yet still has a front
    assert economy.cssselect(".empty")
    assert not feedparser.parse(desk.page("economy/feed.xml")).entries


def test_the_kicker_shows_the_section(desk: Site) -> None:
    doc = _doc(desk, "2022/02/28/talks-open-at-the-border/index.html")
    assert _links(doc, ".kicker a") == [("World", "../../../../world/")]


def test_authors_have_paged_pages_with_a_feed_and_bylines_link_to_them(desk: Site) -> None:
    jane = _doc(desk, "authors/jane-doe/index.html")
    assert "Jane reports from Kyiv." in jane.cssselect(".page-lede")[0].text_content()
    assert ("Website", "https://jane.example.org/") in _links(jane, ".page-sub a")
    assert (desk.public / "authors/jane-doe/page/2/index.html").is_file() is False
    olena = _doc(desk, "authors/olena-petrenko/index.html")
    assert [a.text_content() for a in olena.cssselect(".story-title a")] == [
        "Calls for a ceasefire grow",
        "Airspace closed to civilian flights",
    ]
    # not in the registry: a page all the same, without a bio
    sam = _doc(desk, "authors/sam-stringer/index.html")
    assert not sam.cssselect(".page-lede")
    feed = feedparser.parse(desk.page("authors/olena-petrenko/feed.xml"))
    assert len(feed.entries) == 2 and not feed.bozo
    index = _doc(desk, "authors/index.html")
    assert [a.text_content() for a in index.cssselect(".person-name")] == [
        "Jane Doe",
        "Sam Stringer",
        "Олена Петренко",
    ]
    story = _doc(desk, "2022/02/27/calls-for-a-ceasefire-grow/index.html")
    assert _links(story, ".article-head .byline a") == [
        ("Jane Doe", "../../../../authors/jane-doe/"),
        ("Олена Петренко", "../../../../authors/olena-petrenko/"),
    ]


def test_menus_follow_site_yaml_in_order(desk: Site) -> None:
    doc = _doc(desk, "world/page/2/index.html")
    assert _links(doc, ".site-nav a") == [
        ("Latest", "../../../"),
        ("World", "../../"),
        ("Politics", "../../../politics/"),
        ("About The Desk", "../../../about/"),
        ("Shop", "https://shop.example.org/"),
    ]
    assert doc.cssselect('.site-nav a[class="is-current"]')[0].text_content() == "World"
    assert _links(doc, ".footer-nav a") == [
        ("About The Desk", "../../../about/"),
        ("Corrections policy", "../../../corrections-policy/"),
        ("Corrections", "../../../corrections/"),
        ("Authors", "../../../authors/"),
        ("Topics", "../../../tags/"),
        ("Feed", "../../../feeds/"),
        ("Archive", "../../../2022/"),
        ("Credits", "../../../credits/"),
    ]
    about = _doc(desk, "about/index.html")
    assert about.cssselect('.site-nav a[aria-current="page"]')[0].text_content() == (
        "About The Desk"
    )


def test_default_menus_without_menu_key(desk: Site, capsys: pytest.CaptureFixture[str]) -> None:
    config = desk.root / "site.yaml"
    config.write_text(config.read_text().split("menu:")[0])
    assert desk.build(capsys=capsys).code == 0
    doc = _doc(desk, "index.html")
    assert [t for t, _ in _links(doc, ".site-nav a")] == [
        "Latest",
        "World",
        "Politics",
        "Economy",
        "Topics",
        "Search",
    ]
    assert [t for t, _ in _links(doc, ".footer-nav a")] == [
        "About The Desk",
        "Corrections policy",
        "Authors",
        "Topics",
        "Feed",
        "Archive",
        "Credits",
        "Corrections",
    ]


def test_a_page_title_edit_renews_every_menu(
    desk: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    about = desk.root / "content/pages/about.md"
    about.write_text(about.read_text().replace("About The Desk", "Who we are"))
    assert desk.build(capsys=capsys).code == 0
    for rel in (
        "index.html",
        "world/index.html",
        "2022/02/26/airspace-closed-to-civilian-flights/index.html",
    ):
        assert "Who we are" in desk.page(rel) and "About The Desk" not in desk.page(rel)


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        (
            "content/world/x.md",
            "---\ntitle: X\ndate: 2022-03-01\nsection: Wrold\n---\nx\n",
            "content/world/x.md:4:10: error: unknown section 'Wrold'; did you mean 'World'? "
            "(sections are listed in site.yaml)",
        ),
        (
            "content/world/x.md",
            "---\ntitle: X\ndate: 2022-03-01\nauthor: Jane\nauthors: [Jo]\n---\nx\n",
            "content/world/x.md:5:1: error: give author: or authors:, not both (each takes one "
            "name or a list)",
        ),
        (
            "content/pages/world.md",
            "---\ntitle: Our world\n---\nx\n",
            "content/pages/world.md: error: several things would be written to "
            "world/index.html: content/pages/world.md, page /world/; change a slug or permalink",
        ),
        (
            "content/pages/tags.md",
            "---\ntitle: Tags\n---\nx\n",
            "content/pages/tags.md: error: several things would be written to "
            "tags/index.html: content/pages/tags.md, page /tags/; change a slug or permalink",
        ),
    ],
)
def test_desk_mistakes(
    desk: Site, capsys: pytest.CaptureFixture[str], rel: str, text: str, expected: str
) -> None:
    before = {p: p.read_bytes() for p in desk.public.rglob("*") if p.is_file()}
    desk.write(rel, text)
    run = desk.build(capsys=capsys)
    assert run.code == 1
    assert expected in run.err.splitlines()
    assert "Traceback" not in run.err
    assert {p: p.read_bytes() for p in desk.public.rglob("*") if p.is_file()} == before


def test_an_unknown_author_is_a_warning_with_a_suggestion(
    desk: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    desk.write("content/world/x.md", "---\ntitle: X\ndate: 2022-03-01\nauthor: Jane Do\n---\nx\n")
    run = desk.build(capsys=capsys)
    assert run.code == 0
    assert (
        "content/world/x.md:4:9: warning: author 'Jane Do' is not in site.yaml's authors: list; "
        "did you mean 'Jane Doe'? add them there to give the page a bio"
    ) in run.err.splitlines()


def test_menu_naming_a_missing_page_is_an_error(
    desk: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    config = desk.root / "site.yaml"
    config.write_text(
        config.read_text().replace("page: about\n    - url", "page: abuot\n    - url")
    )
    run = desk.build(capsys=capsys)
    assert run.code == 1
    assert (
        "site.yaml:26: error: menu names page 'abuot', which is not a published page; did you "
        "mean 'about'?"
    ) in run.err.splitlines()


def test_articles_with_sections_and_bylines_come_from_the_cache(desk: Site) -> None:
    """Only the edited file is parsed again: the cache can hold every part of the model."""
    from brief.build import build
    from brief.config import load_config

    story = desk.root / "content/world/2022-02-27-ceasefire.md"
    story.write_text(story.read_text() + "\nOne more line.\n")
    report = build(load_config(desk.root))
    # Before SectionRef, AuthorRef and Change (a correction) were in the cache's allowed
    # list, the articles that hold them were parsed again on every build.
    assert report.parsed == 1
