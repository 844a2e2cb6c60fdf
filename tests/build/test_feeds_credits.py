"""Feeds carry credits, in every format: the newsroom site (tests/sites/newsroom) built, each
of its Atom, RSS and JSON feeds read back; which formats are written; and incremental builds
equal to clean ones after a credit is edited."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import etree, html

from brief.build import BuildOptions, build
from brief.build.cache import CACHE_DIR
from brief.config import load_config
from tests.helpers import REPO, Site, tree

SITE = REPO / "tests" / "sites" / "newsroom"
BASE = "https://desk.example.org/news/"
MEDIA = "http://search.yahoo.com/mrss/"
NS = {"a": "http://www.w3.org/2005/Atom", "media": MEDIA}
AIRSPACE = "2022/02/26/airspace-closed-to-civilian-flights/"
TALKS = "2022/02/28/talks-open-at-the-border/"
SANCTIONS = "2022/02/25/parliament-votes-on-sanctions/"
PHOTOS = {
    # article -> (image URL, media:credit, licence id, deed)
    AIRSPACE: (
        BASE + "media/world/media/airport.svg",
        "The Desk",
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    TALKS: (
        BASE + "media/world/media/border.svg",
        "The Desk",
        "CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    SANCTIONS: (
        BASE + "media/politics/media/parliament.svg",
        "The Desk",
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
}


def _copy(tmp_path: Path) -> Site:
    shutil.copytree(SITE, tmp_path / "site", ignore=shutil.ignore_patterns(CACHE_DIR, "public"))
    return Site(tmp_path / "site")


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Site:
    site = _copy(tmp_path)
    run = site.build(capsys=capsys)
    assert run.code == 0, run.err
    return site


def _feeds(site: Site, name: str) -> list[str]:
    return sorted(p.relative_to(site.public).as_posix() for p in site.public.rglob(name))


def test_every_feed_parses_in_every_format(desk: Site) -> None:
    atom = _feeds(desk, "feed.xml")
    groups = ["", "world/", "politics/", "economy/"]
    groups += [f"tags/{t}/" for t in ("aviation", "diplomacy", "sanctions", "ukraine")]
    groups += [f"authors/{a}/" for a in ("jane-doe", "olena-petrenko", "sam-stringer")]
    assert set(atom) >= {g + "feed.xml" for g in groups}
    assert _feeds(desk, "rss.xml") == sorted(g + "rss.xml" for g in groups)
    assert _feeds(desk, "feed.json") == sorted(g + "feed.json" for g in groups)
    for g in groups:
        for name, version in (("feed.xml", "atom10"), ("rss.xml", "rss20")):
            parsed = feedparser.parse((desk.public / g / name).read_bytes())
            assert not parsed.bozo, (g + name, parsed.bozo_exception)
            assert parsed.version == version
            assert parsed.namespaces.get("media") == MEDIA
        data = json.loads((desk.public / g / "feed.json").read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["feed_url"] == BASE + g + "feed.json"
        assert data["home_page_url"] == BASE + g
    world = [
        feedparser.parse((desk.public / "world" / name).read_bytes())
        for name in ("feed.xml", "rss.xml")
    ]
    assert [e.link for e in world[0].entries] == [e.link for e in world[1].entries]
    assert world[0].feed.title == world[1].feed.title == "World – The Desk"


def test_atom_and_rss_carry_each_photo_s_credit_and_licence(desk: Site) -> None:
    for name in ("feed.xml", "rss.xml"):
        parsed = feedparser.parse((desk.public / name).read_bytes())
        assert len(parsed.entries) == 4
        for entry in parsed.entries:
            photo = PHOTOS.get(entry.link.removeprefix(BASE))
            if photo is None:
                assert "media_content" not in entry
                continue
            url, credit, licence, deed = photo
            assert entry.media_content == [{"url": url, "medium": "image", "type": "image/svg+xml"}]
            assert entry.media_credit == [{"content": credit}]
            assert entry.media_license == {"type": "text/html", "href": deed, "content": licence}


def test_the_caption_is_the_media_description_only_beside_a_summary(desk: Site) -> None:
    """feedparser-based readers take a first description for the entry's summary."""
    for name in ("feed.xml", "rss.xml"):
        root = etree.parse(str(desk.public / name)).getroot()
        described = {
            d.text for d in root.iter(f"{{{MEDIA}}}description") if d.get("type") == "plain"
        }
        assert described == {"The crossing where the delegations met"}  # Talks: a summary
        parsed = feedparser.parse((desk.public / name).read_bytes())
        talks = next(e for e in parsed.entries if e.link == BASE + TALKS)
        assert talks.summary == "Delegations met near the border."


def test_full_content_shows_the_lead_image_and_the_credits_footer(desk: Site) -> None:
    """Readers that ignore Media RSS see what the article page shows."""
    parsed = feedparser.parse((desk.public / "feed.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link == BASE + AIRSPACE)
    content = html.fromstring(f"<div>{entry.content[0].value}</div>")
    (figure,) = content.cssselect("figure.lead-image")
    assert figure.cssselect("img")[0].get("src") == PHOTOS[AIRSPACE][0]
    assert (
        figure.cssselect("img")[0].get("alt") == "An empty airport apron with one parked airliner"
    )
    assert figure.cssselect(".figure-credit")[0].text_content() == "Image: The Desk"
    (line,) = content.cssselect(".credits li")
    assert " ".join(line.text_content().split()) == "Image by The Desk, licensed under CC BY 4.0."
    assert line.cssselect("a[rel=license]")[0].get("href") == PHOTOS[AIRSPACE][3]
    page = html.fromstring(desk.page(AIRSPACE + "index.html"))
    assert [" ".join(li.text_content().split()) for li in page.cssselect(".credits li")] == [
        " ".join(line.text_content().split())
    ]
    # the body follows the figure, and every link and image is absolute
    assert "Airspace was closed." in content.text_content()
    assert all(i.get("src").startswith(BASE) for i in content.iter("img"))
    assert all(a.get("href").startswith("https://") for a in content.iter("a"))


def test_json_feed_items_carry_the_credits_in_the_brief_extension(desk: Site) -> None:
    data = json.loads((desk.public / "feed.json").read_text(encoding="utf-8"))
    assert data["title"] == "The Desk"
    assert data["language"] == "en"
    items = {i["id"].removeprefix(BASE): i for i in data["items"]}
    assert list(items) == [TALKS, "2022/02/27/calls-for-a-ceasefire-grow/", AIRSPACE, SANCTIONS]
    for item in items.values():
        assert item["url"] == item["id"]
        assert "content_html" in item and "content_text" not in item
        assert item["date_published"].endswith("Z") and item["date_modified"].endswith("Z")
    for path, (url, credit, licence, deed) in PHOTOS.items():
        item = items[path]
        assert item["image"] == url
        (found,) = item["_brief"]["credits"]
        assert found["role"] == "image" and found["image"] == url
        assert found["creator"] == credit
        assert (found["license"]["id"], found["license"]["url"]) == (licence, deed)
    assert "_brief" not in items["2022/02/27/calls-for-a-ceasefire-grow/"]
    assert items[TALKS]["summary"] == "Delegations met near the border."
    assert items[TALKS]["tags"] == ["Ukraine", "Diplomacy"]
    assert items[TALKS]["authors"] == [{"name": "Jane Doe", "url": BASE + "authors/jane-doe/"}]


def test_the_feeds_page_and_page_heads_list_every_feed(desk: Site) -> None:
    page = html.fromstring(desk.page("feeds/index.html"))
    linked = {a.get("href") for a in page.cssselect(".feeds a") if a.get("type")}
    written = {"../" + p for n in ("feed.xml", "rss.xml", "feed.json") for p in _feeds(desk, n)}
    written.discard("../corrections/feed.xml")  # not a listing's feed
    assert written <= linked
    types = {
        a.get("href").rsplit("/", 1)[-1]: a.get("type") for a in page.cssselect(".feeds a[type]")
    }
    assert types == {
        "feed.xml": "application/atom+xml",
        "rss.xml": "application/rss+xml",
        "feed.json": "application/feed+json",
    }
    head = html.fromstring(desk.page("world/index.html")).head
    alternates = [(e.get("type"), e.get("href")) for e in head.cssselect("link[rel=alternate]")]
    assert alternates == [
        ("application/atom+xml", "../feed.xml"),
        ("application/rss+xml", "../rss.xml"),
        ("application/feed+json", "../feed.json"),
        ("application/atom+xml", "feed.xml"),
    ]


def test_atom_only_writes_no_other_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _copy(tmp_path)
    yaml = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", yaml + "feed:\n  formats: [atom]\n")
    assert site.build(capsys=capsys).code == 0
    assert _feeds(site, "rss.xml") == _feeds(site, "feed.json") == []
    assert "feed.xml" in _feeds(site, "feed.xml") and "world/feed.xml" in _feeds(site, "feed.xml")
    front = site.page("index.html") + site.page("feeds/index.html")
    assert "rss.xml" not in front and "feed.json" not in front
    assert "feed-formats" not in site.page("feeds/index.html")


def test_groups_can_have_fewer_formats_than_the_site_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _copy(tmp_path)
    yaml = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", yaml + "feed:\n  formats: [json, atom]\n  groups: [atom]\n")
    assert site.build(capsys=capsys).code == 0
    assert _feeds(site, "rss.xml") == []
    assert _feeds(site, "feed.json") == ["feed.json"]
    page = html.fromstring(site.page("feeds/index.html"))
    assert [a.text for a in page.cssselect(".feed-formats")[0].iter("a")] == ["Atom", "JSON"]
    assert len(page.cssselect(".feed-formats")) == 1  # the sections' feeds: Atom only
    assert not page.cssselect("h3.feed-format")


def test_an_unknown_format_is_an_error_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _copy(tmp_path)
    yaml = (site.root / "site.yaml").read_text(encoding="utf-8")
    lines = yaml.count("\n")
    site.write("site.yaml", yaml + "feed:\n  formats: [atom, rss, jsonfeed]\n")
    run = site.build(capsys=capsys)
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        f"site.yaml:{lines + 2}:24: error: unknown feed format 'jsonfeed' in 'formats'; "
        "did you mean 'json'?\nbrief: build failed: 1 error\n"
    )
    assert not site.public.exists()


def _touch_past(root: Path) -> None:
    """Every input dated well in the past, so the build trusts their stats."""
    past = time.time_ns() - 10_000_000_000
    for path in root.rglob("*"):
        if path.is_file() and CACHE_DIR not in path.parts and "public" not in path.parts:
            os.utime(path, ns=(past, past))


def _clean(site: Site, out: Path) -> dict[str, bytes]:
    build(load_config(site.root), BuildOptions(out_dir=out, cache=False, jobs=1))
    return tree(out)


def _feed_files(written: Any) -> set[str]:
    return {p for p in written if p.endswith(("feed.xml", "rss.xml", "feed.json"))}


def test_a_credit_edit_rewrites_the_feeds_that_show_the_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _copy(tmp_path)
    config = load_config(site.root)
    _touch_past(site.root)
    build(config, BuildOptions(jobs=1))
    assert build(config, BuildOptions(jobs=1)).written == ()
    # the same bytes under a new mtime: the whole plan is made again and nothing differs
    path = site.root / "content/world/2022-02-26-airspace.md"
    os.utime(path)
    assert build(config, BuildOptions(jobs=1)).written == ()
    _touch_past(site.root)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  credit: The Desk\n  license: CC BY 4.0",
            "  credit: Ann Lens\n  license: CC BY-SA 4.0",
        ),
        encoding="utf-8",
    )
    _touch_past(site.root)
    report = build(config, BuildOptions(jobs=1))
    shown = ["", "world/", "tags/aviation/", "authors/olena-petrenko/"]
    assert _feed_files(report.written) == {
        g + n for g in shown for n in ("feed.xml", "rss.xml", "feed.json")
    }
    rss = feedparser.parse((site.public / "world/rss.xml").read_bytes())
    entry = next(e for e in rss.entries if e.link == BASE + AIRSPACE)
    assert entry.media_credit == [{"content": "Ann Lens"}]
    assert entry.media_license["content"] == "CC BY-SA 4.0"
    data = json.loads((site.public / "tags/aviation/feed.json").read_text(encoding="utf-8"))
    assert data["items"][0]["_brief"]["credits"][0]["creator"] == "Ann Lens"
    assert tree(site.public) == _clean(site, tmp_path / "clean")
