"""Corrections and updates in real builds: the dated box on the article, /corrections/ and
its feed, the footer link, what they do to `dateModified`, Atom's `<updated>` and the
sitemap's `<lastmod>`, and incremental builds equal to clean ones as corrections come and go."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import html

from brief.build import BuildOptions, build
from brief.build.memo import Memo
from brief.config import load_config
from tests.helpers import BASIC_CONFIG, Site, article, tree

CONFIG = BASIC_CONFIG + "language: en-GB\n"
BASE = "https://news.example.org/"
STORY = "2022/03/01/talks-resume/index.html"
OTHER = "2022/02/27/border-reopens/index.html"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

CORRECTION = "{date: 2022-03-02 09:30, text: The second round was in Gomel.}"
UPDATE = "{date: 2022-03-01 18:00, text: Talks ended for the day.}"


def _write(site: Site, corrections: str = f"[{CORRECTION}]", updates: str = f"[{UPDATE}]") -> None:
    site.write("site.yaml", CONFIG)
    fields = {"slug": "talks-resume", "tags": "[Ukraine]"}
    if corrections:
        fields["corrections"] = corrections
    if updates:
        fields["updates"] = updates
    site.write("content/story.md", article("Talks resume", date="2022-03-01 10:30", **fields))
    site.write(
        "content/other.md",
        article(
            "Border reopens",
            date="2022-02-27",
            corrections="[{date: 2022-03-05, text: 'It reopened at noon, not at dawn.'}]",
        ),
    )


def _doc(site: Site, rel: str) -> html.HtmlElement:
    return html.fromstring(site.page(rel))


def _json_ld(site: Site, rel: str) -> list[dict[str, Any]]:
    return [
        json.loads(s.text) for s in _doc(site, rel).xpath('//script[@type="application/ld+json"]')
    ]


def test_the_article_shows_its_corrections_and_updates_at_the_top(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(site)
    assert site.build(capsys=capsys).code == 0
    doc = _doc(site, STORY)
    box = doc.cssselect("article section.notes")[0]
    heading = box.cssselect("h2")[0]
    assert box.get("aria-labelledby") == heading.get("id") == "notes-heading"
    assert heading.text_content() == "Corrections and updates"
    assert [li.text_content() for li in box.cssselect("li")] == [
        "Update, 1 March 2022: Talks ended for the day.",
        "Correction, 2 March 2022: The second round was in Gomel.",
    ]
    assert [t.get("datetime") for t in box.cssselect("time")] == [
        "2022-03-01T18:00:00+00:00",
        "2022-03-02T09:30:00+00:00",
    ]
    # before the article's text, after its headline
    following = box.getnext()
    assert following is not None and "body" in following.get("class", "")


@pytest.mark.parametrize(
    ("corrections", "updates", "heading"),
    [(f"[{CORRECTION}]", "", "Corrections"), ("", f"[{UPDATE}]", "Updates")],
)
def test_the_box_is_named_after_what_it_holds(
    site: Site, capsys: pytest.CaptureFixture[str], corrections: str, updates: str, heading: str
) -> None:
    _write(site, corrections, updates)
    assert site.build(capsys=capsys).code == 0
    assert _doc(site, STORY).cssselect(".notes h2")[0].text_content() == heading
    assert not _doc(site, "2022/02/27/border-reopens/index.html").cssselect(".notes li.note-update")


def test_the_box_speaks_the_site_language(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _write(site)
    site.write("site.yaml", BASIC_CONFIG + "language: de\n")
    assert site.build(capsys=capsys).code == 0
    box = _doc(site, STORY).cssselect(".notes")[0]
    assert box.cssselect("h2")[0].text_content() == "Korrekturen und Aktualisierungen"
    assert box.cssselect("li")[1].text_content() == (
        "Korrektur vom 2. März 2022: The second round was in Gomel."
    )


def test_an_article_without_notes_has_no_box(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(site, "", "")
    site.write("content/other.md", article("Border reopens", date="2022-02-27"))
    assert site.build(capsys=capsys).code == 0
    assert not _doc(site, STORY).cssselect(".notes")
    # no correction anywhere: no page, no feed, no link to them
    assert not (site.public / "corrections").exists()
    assert "corrections" not in site.page("index.html")


def test_the_corrections_page_lists_every_correction_newest_first(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(site)
    assert site.build(capsys=capsys).code == 0
    doc = _doc(site, "corrections/index.html")
    assert doc.cssselect("h1")[0].text_content() == "Corrections"
    items = doc.cssselect("li.correction")
    assert [
        (
            li.cssselect("h2 a")[0].text_content(),
            li.cssselect("h2 a")[0].get("href"),
            li.cssselect("time")[0].text_content(),
            li.cssselect(".correction-text")[0].text_content(),
        )
        for li in items
    ] == [
        (
            "Border reopens",
            "../2022/02/27/border-reopens/",
            "5 March 2022",
            "It reopened at noon, not at dawn.",
        ),
        (
            "Talks resume",
            "../2022/03/01/talks-resume/",
            "2 March 2022",
            "The second round was in Gomel.",
        ),
    ]
    assert "Talks ended" not in doc.text_content()  # updates are no corrections
    feeds = doc.xpath('//link[@rel="alternate"]/@href')
    assert "feed.xml" in feeds  # /corrections/feed.xml, besides the site's feeds
    # the default footer links the page, on every page
    for rel in ("index.html", STORY, "corrections/index.html"):
        footer = _doc(site, rel).cssselect(".footer-nav a")
        assert "Corrections" in [a.text_content() for a in footer], rel


def test_the_corrections_feed(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _write(site)
    assert site.build(capsys=capsys).code == 0
    feed = feedparser.parse(site.page("corrections/feed.xml"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Corrections – Test Brief"
    assert feed.feed.link == BASE + "corrections/"
    assert [(e.id, e.title, e.link, e.summary, e.updated) for e in feed.entries] == [
        (
            BASE + "2022/02/27/border-reopens/#correction-1",
            "Border reopens",
            BASE + "2022/02/27/border-reopens/",
            "It reopened at noon, not at dawn.",
            "2022-03-05T00:00:00Z",
        ),
        (
            BASE + "2022/03/01/talks-resume/#correction-1",
            "Talks resume",
            BASE + "2022/03/01/talks-resume/",
            "The second round was in Gomel.",
            "2022-03-02T09:30:00Z",
        ),
    ]
    assert feed.feed.updated == "2022-03-05T00:00:00Z"


def test_the_last_change_is_the_latest_note(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _write(site)
    assert site.build(capsys=capsys).code == 0
    story, _ = _json_ld(site, STORY)
    assert story["dateModified"] == "2022-03-02T09:30:00+00:00"
    assert story["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The second round was in Gomel.",
            "datePublished": "2022-03-02T09:30:00+00:00",
        }
    ]
    modified = _doc(site, STORY).xpath('//meta[@property="article:modified_time"]/@content')
    assert modified == ["2022-03-02T09:30:00+00:00"]
    entries = {e.title: e for e in feedparser.parse(site.page("feed.xml")).entries}
    assert entries["Talks resume"].updated == "2022-03-02T09:30:00Z"
    assert entries["Talks resume"].published == "2022-03-01T10:30:00Z"
    lastmod = {
        u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod")
        for u in ET.fromstring(site.page("sitemap.xml")).iter(f"{SM}url")
    }
    assert lastmod[BASE + "2022/03/01/talks-resume/"] == "2022-03-02T09:30:00Z"
    assert lastmod[BASE + "corrections/"] == "2022-03-05T00:00:00Z"  # its newest correction
    # an update alone moves the last change too, but is no correction
    _write(site, "", f"[{UPDATE}]")
    assert site.build(capsys=capsys).code == 0
    story, _ = _json_ld(site, STORY)
    assert story["dateModified"] == "2022-03-01T18:00:00+00:00" and "correction" not in story


def _clean(site: Site, out: Path) -> dict[str, bytes]:
    build(load_config(site.root), BuildOptions(out_dir=out, cache=False, jobs=1))
    return tree(out)


@pytest.mark.parametrize("memo", [True, False], ids=["preview", "one-shot"])
def test_incremental_equals_clean_as_corrections_come_and_go(
    site: Site, tmp_path: Path, memo: bool
) -> None:
    """Adding, editing and removing a correction re-plans the site (/corrections/ changes);
    a headline edit of a corrected article patches the plan and still renews the page."""
    kept = Memo() if memo else None
    site.write("site.yaml", CONFIG)
    site.write(
        "content/story.md", article("Talks resume", date="2022-03-01 10:30", slug="talks-resume")
    )
    site.write("content/other.md", article("Border reopens", date="2022-02-27"))
    config = load_config(site.root)
    steps = [
        ("add", {"corrections": f"[{CORRECTION}]"}),
        ("edit", {"corrections": "[{date: 2022-03-02 09:30, text: It was in Minsk.}]"}),
        (
            "second",
            {"corrections": f"[{CORRECTION}, {{date: 2022-03-04, text: Four were held.}}]"},
        ),
        ("headline", {"corrections": f"[{CORRECTION}]", "title": "Talks resume in Gomel"}),
        ("update", {"corrections": f"[{CORRECTION}]", "updates": f"[{UPDATE}]"}),
        ("remove", {}),
    ]
    for n, (name, fields) in enumerate(steps):
        title = str(fields.pop("title", "Talks resume"))
        site.write(
            "content/story.md",
            article(title, date="2022-03-01 10:30", slug="talks-resume", **fields),
        )
        build(config, memo=kept)
        assert tree(site.public) == _clean(site, tmp_path / f"clean-{n}"), name
        if name == "edit":
            assert "It was in Minsk." in site.page("corrections/index.html")
        if name == "headline":
            assert "Talks resume in Gomel" in site.page("corrections/index.html")
            assert "Talks resume in Gomel" in site.page("corrections/feed.xml")
    assert not (site.public / "corrections").exists()


@pytest.mark.parametrize("language", ["de", "fr", "uk", "ru", "ar"])
def test_no_english_is_left_in_the_box_or_on_the_page(
    site: Site, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    from tests.render.test_languages import visible_words, words

    _write(site)
    site.write("site.yaml", BASIC_CONFIG + f"language: {language}\n")
    assert site.build(capsys=capsys).code == 0
    english = words("en") - words(language)
    box = _doc(site, STORY).cssselect(".notes")[0]
    page = _doc(site, "corrections/index.html")
    for copy in page.cssselect(".correction-text"):
        copy.drop_tree()  # the newsroom's words, not the theme's
    for part in (box, *page.cssselect("main, .footer-nav, title")):
        for label in part.cssselect(".note-label"):
            label.tail = ""  # the label is the theme's; the note's own words are copy
        shown = visible_words(html.tostring(part))
        assert not sorted(w for w in shown if w.casefold() in english), (language, part.tag)
    if language == "ar":
        assert _doc(site, STORY).get("dir") == "rtl"


def test_a_menu_names_corrections_which_shows_once_there_is_one(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(site, "", "")
    site.write("content/other.md", article("Border reopens", date="2022-02-27"))
    site.write("site.yaml", CONFIG + "menu:\n  footer: [corrections, topics]\n")
    run = site.build(capsys=capsys)
    assert (run.code, run.err) == (0, "")  # no page yet: left out, and no warning
    footer = [a.text_content() for a in _doc(site, "index.html").cssselect(".footer-nav a")]
    assert footer == ["Topics"]
    _write(site)
    site.write("site.yaml", CONFIG + "menu:\n  footer: [corrections, topics]\n")
    assert site.build(capsys=capsys).code == 0
    links = _doc(site, "index.html").cssselect(".footer-nav a")
    assert [(a.text_content(), a.get("href")) for a in links] == [
        ("Corrections", "corrections/"),
        ("Topics", "tags/"),
    ]
    here = _doc(site, "corrections/index.html").cssselect(".footer-nav a")[0]
    assert here.get("aria-current") == "page"
