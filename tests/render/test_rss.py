"""RSS 2.0 feeds (and the Media RSS they share with Atom) from small sites built for real:
the channel and item elements readers rely on, each credit's parts where Media RSS puts them,
`feed.content`, and hostile text kept as text in both XML formats."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from lxml import etree, html

from tests.content.test_body_media import png
from tests.helpers import PNG_BYTES, Site, article

BASE = "https://news.example.org/"
MEDIA = "http://search.yahoo.com/mrss/"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": MEDIA,
}
CONFIG = """\
title: Test Brief
description: News for the tests.
base_url: https://news.example.org/
timezone: Europe/Berlin
copyright: "© Test Brief"
sections: [World]
"""
FRONT = {
    "section": "World",
    "author": "[Jane Doe, Sam Roe]",
    "tags": "[Ukraine, Diplomacy]",
    "summary": '"Tom & Jerry <b>meet</b>"',
    "image": (
        "\n  src: lead.png\n  alt: The table\n  caption: Where they met\n  credit: Ann Lens"
        "\n  source: Wire Co\n  source_url: https://wire.example.org/photo/1?a=1&b=2"
        '\n  license: permission\n  notice: "© Wire Co, used with permission"'
    ),
    "figures": (
        "\n  map.png:\n    caption: The front line\n    credit: Jane Roe\n    source: Map Desk"
        "\n    source_url: https://maps.example.org/\n    license: CC BY-SA 4.0"
    ),
}
TALKS = "2022/02/28/talks/"


def _talks(site: Site, capsys: pytest.CaptureFixture[str], extra: str = "") -> None:
    site.write("site.yaml", CONFIG + extra)
    site.write("content/lead.png", PNG_BYTES)
    site.write("content/map.png", png(30, 20))
    site.write(
        "content/talks.md",
        article("Talks", date="2022-02-28 14:30", body="Met.\n\n![A map](map.png)", **FRONT),
    )
    site.write("content/older.md", article("Older", date="2022-02-27", updated="2022-03-01"))
    run = site.build(capsys=capsys)
    assert run.code == 0, run.err


def _item(root: etree._Element, link: str) -> etree._Element:
    (item,) = [i for i in root.iter("item") if i.findtext("link") == link]
    return item


def test_the_channel_and_its_items(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _talks(site, capsys)
    data = (site.public / "rss.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    root = etree.fromstring(data)
    assert root.get("version") == "2.0"
    assert {k: v for k, v in root.nsmap.items() if k} == NS
    channel = root.find("channel")
    assert channel is not None
    assert [channel.findtext(k) for k in ("title", "link", "description", "language")] == [
        "Test Brief",
        BASE,
        "News for the tests.",
        "en",
    ]
    assert channel.findtext("copyright") == "© Test Brief"
    (me,) = channel.findall("atom:link", NS)
    assert (me.get("rel"), me.get("type"), me.get("href")) == (
        "self",
        "application/rss+xml",
        BASE + "rss.xml",
    )
    # the latest change of any item: Older's update
    built = channel.findtext("lastBuildDate")
    assert built == "Mon, 28 Feb 2022 23:00:00 GMT"
    item = _item(root, BASE + TALKS)
    guid = item.find("guid")
    assert guid is not None and (guid.get("isPermaLink"), guid.text) == ("true", BASE + TALKS)
    # 14:30 in Berlin, written in GMT, as RFC 822 wants
    assert item.findtext("pubDate") == "Mon, 28 Feb 2022 13:30:00 GMT"
    assert parsedate_to_datetime(item.findtext("pubDate") or "") == dt.datetime(
        2022, 2, 28, 13, 30, tzinfo=dt.UTC
    )
    assert item.findtext("dc:creator", namespaces=NS) == "Jane Doe, Sam Roe"
    assert [(c.get("domain"), c.text) for c in item.findall("category")] == [
        (BASE, "World"),
        (BASE + "tags/", "Ukraine"),
        (BASE + "tags/", "Diplomacy"),
    ]
    # a summary is written as HTML, so its own < and & stay text in every reader
    assert item.findtext("description") == htmllib.escape("Tom & Jerry <b>meet</b>", quote=False)
    entry = next(e for e in parsed.entries if e.link == BASE + TALKS)
    assert html.fromstring(entry.summary).text_content() == "Tom & Jerry <b>meet</b>"
    older = _item(root, BASE + "2022/02/27/older/")
    assert older.find("description") is None  # no summary, no description
    assert older.findtext("dc:creator", namespaces=NS) is None  # nobody to name


def test_full_content_is_content_encoded(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _talks(site, capsys)
    item = _item(etree.parse(str(site.public / "rss.xml")).getroot(), BASE + TALKS)
    content = html.fromstring(f"<div>{item.findtext('content:encoded', namespaces=NS)}</div>")
    lead = content.cssselect("figure.lead-image")[0]
    assert lead.cssselect("img")[0].get("src") == BASE + "media/lead.png"
    assert lead.cssselect("figcaption")[0].text_content() == "Where they met Image: Ann Lens"
    body = content.cssselect("figure.body-figure img")[0]
    assert (body.get("src"), body.get("width")) == (BASE + "media/map.png", "30")
    credits = [" ".join(li.text_content().split()) for li in content.cssselect(".credits li")]
    assert credits == [
        "Where they met by Ann Lens, Wire Co. © Wire Co, used with permission",
        "The front line by Jane Roe, Map Desk, licensed under CC BY-SA 4.0.",
    ]
    page = html.fromstring(site.page(TALKS + "index.html"))
    assert [" ".join(li.text_content().split()) for li in page.cssselect(".credits li")] == credits


def test_summary_content_has_no_body(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _talks(site, capsys, "feed:\n  content: summary\n")
    root = etree.parse(str(site.public / "rss.xml")).getroot()
    item = _item(root, BASE + TALKS)
    assert item.find("content:encoded", NS) is None
    assert item.findtext("description") == "Tom &amp; Jerry &lt;b&gt;meet&lt;/b&gt;"
    assert item.find("media:content", NS) is not None  # the credits stay with the images


def test_media_rss_gives_each_credit_s_parts(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _talks(site, capsys)
    for name, entry_tag in (
        ("rss.xml", "item"),
        ("feed.xml", "{http://www.w3.org/2005/Atom}entry"),
    ):
        root = etree.parse(str(site.public / name)).getroot()
        (entry,) = [e for e in root.iter(entry_tag) if "Jerry" in etree.tostring(e).decode()]
        lead, figure = entry.findall("media:content", NS)
        assert dict(lead.attrib) == {
            "url": BASE + "media/lead.png",
            "medium": "image",
            "type": "image/png",
        }
        assert lead.findtext("media:description", namespaces=NS) == "Where they met"
        assert lead.findtext("media:credit", namespaces=NS) == "Ann Lens / Wire Co"
        assert lead.find("media:license", NS) is None  # used with permission: no licence
        copyright = lead.find("media:copyright", NS)
        assert copyright is not None
        assert copyright.text == "© Wire Co, used with permission"
        assert copyright.get("url") == "https://wire.example.org/photo/1?a=1&b=2"
        assert dict(figure.attrib) == {
            "url": BASE + "media/map.png",
            "medium": "image",
            "type": "image/png",
            "width": "30",
            "height": "20",
        }
        assert figure.findtext("media:credit", namespaces=NS) == "Jane Roe / Map Desk"
        licence = figure.find("media:license", NS)
        assert licence is not None
        assert (licence.get("type"), licence.get("href"), licence.text) == (
            "text/html",
            "https://creativecommons.org/licenses/by-sa/4.0/",
            "CC BY-SA 4.0",
        )


def test_a_remote_lead_image_is_given_as_written(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    image = "\n  src: https://cdn.example.org/p/photo.JPG\n  alt: A photo\n  credit: Ann\n  license: CC0"
    site.write("content/a.md", article("Remote", image=image))
    assert site.build(capsys=capsys).code == 0
    parsed = feedparser.parse((site.public / "rss.xml").read_bytes())
    assert parsed.entries[0].media_content == [
        {"url": "https://cdn.example.org/p/photo.JPG", "medium": "image", "type": "image/jpeg"}
    ]
    assert parsed.entries[0].media_credit == [{"content": "Ann"}]


HOSTILE_TITLE = "</title><script>alert(1)</script> ]]> \u2028 &amp; \"quotes\" 'and'"
HOSTILE = {
    "summary": '"</summary><script>x</script> ]]>"',
    "tags": '["</category>", "A & B"]',
    "image": (
        "\n  src: lead.png\n  alt: '\"><script>alt</script>'\n  caption: '</media:description>]]>'"
        '\n  credit: "</media:credit><script>c</script>"\n  license: CC BY 4.0'
    ),
}
HOSTILE_BODY = "Body \x0b with \x1b escapes, ]]> and \ufffe <script>no</script>.\n"


def _hostile(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/lead.png", PNG_BYTES)
    title = json.dumps(HOSTILE_TITLE)  # YAML reads JSON strings
    site.write("content/a.md", article(title, body=HOSTILE_BODY, **HOSTILE))
    run = site.build(capsys=capsys)
    assert run.code == 0, run.err


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml"])
def test_hostile_text_stays_text_and_the_feed_parses(
    site: Site, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    _hostile(site, capsys)
    data = (site.public / name).read_bytes()
    assert not any(ch in data.decode() for ch in "\x0b\x1b\ufffe")
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    (entry,) = parsed.entries
    assert entry.title == HOSTILE_TITLE
    root = etree.fromstring(data)  # strict: one stray character would raise
    assert b"<script>" not in data  # every one is escaped text
    credit = root.find(".//media:credit", NS)
    assert credit is not None and credit.text == "</media:credit><script>c</script>"
    described = root.find(".//media:description", NS)
    assert described is not None and described.text == "</media:description>]]>"
    doc = html.fromstring(f"<div>{entry.content[0].value}</div>")
    shown = " ".join(doc.text_content().split())
    assert "Body with escapes, ]]> and <script>no</script>." in shown
    assert doc.cssselect("figure.lead-image img")[0].get("alt") == '"><script>alt</script>'
    assert not doc.cssselect("script")


def test_every_format_and_feed_carries_the_same_content_and_a_new_base_url_is_followed(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """An entry's content is made once for all its feeds and formats (feeds.entry_content):
    the site's and its topic's, in Atom, RSS and JSON Feed, carry the same HTML; a second
    build in the same process with another base_url makes its links anew."""
    extra = "feed:\n  formats: [atom, rss, json]\n  groups: [atom, rss, json]\n"
    _talks(site, capsys, extra)

    def contents() -> list[str]:
        found = []
        for folder in ("", "tags/ukraine/"):
            rss = etree.parse(str(site.public / folder / "rss.xml")).getroot()
            found.append(_item(rss, BASE + TALKS).findtext("content:encoded", namespaces=NS))
            atom = etree.parse(str(site.public / folder / "feed.xml")).getroot()
            found += [
                e.findtext("atom:content", namespaces=NS)
                for e in atom.iterfind("atom:entry", NS)
                if e.findtext("atom:id", namespaces=NS) == BASE + TALKS
            ]
            data = json.loads((site.public / folder / "feed.json").read_text(encoding="utf-8"))
            found += [i["content_html"] for i in data["items"] if i["url"] == BASE + TALKS]
        return found

    first = contents()
    assert len(first) == 6 and len(set(first)) == 1 and BASE + "media/lead.png" in first[0]
    site.write("site.yaml", (CONFIG + extra).replace(BASE, "https://mirror.example.net/"))
    assert site.build(capsys=capsys).code == 0
    again_base = "https://mirror.example.net/"
    rss = etree.parse(str(site.public / "tags/ukraine/rss.xml")).getroot()
    again = _item(rss, again_base + TALKS).findtext("content:encoded", namespaces=NS)
    assert again == first[0].replace(BASE, again_base) and BASE not in again


def test_rfc822_dates_are_what_the_email_package_writes() -> None:
    """`rss.rfc822` stands in for `email.utils.format_datetime(usegmt=True)`: the same text for
    every weekday and month, times either side of midnight UTC, and zones east and west."""
    from email.utils import format_datetime

    from brief.render.rss import rfc822

    zones = [
        dt.UTC,
        dt.timezone(dt.timedelta(hours=5, minutes=30)),
        dt.timezone(-dt.timedelta(hours=11)),
    ]
    start = dt.datetime(1999, 12, 31, 23, 59, 58, tzinfo=dt.UTC)
    for day in range(0, 400, 3):
        for zone in zones:
            value = (start + dt.timedelta(days=day, seconds=day * 7919)).astimezone(zone)
            expected = format_datetime(value.astimezone(dt.UTC), usegmt=True)
            assert rfc822(value) == expected
