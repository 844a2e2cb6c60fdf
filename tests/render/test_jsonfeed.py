"""JSON Feed 1.1 from small sites built for real: the keys the version requires, items in
both `feed.content` modes, the credits in the `_brief` extension, and hostile text that
stays text with no character a reader cannot show."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from lxml import html

from tests.helpers import PNG_BYTES, Site, article
from tests.render.test_rss import CONFIG, FRONT, HOSTILE_TITLE, TALKS, _hostile, _talks

BASE = "https://news.example.org/"


def _feed(site: Site, rel: str = "feed.json") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site.public / rel).read_text(encoding="utf-8"))
    return data


def _rfc3339(value: str) -> dt.datetime:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), value
    return dt.datetime.fromisoformat(value)


def test_the_feed_and_its_items(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _talks(site, capsys, "author: {name: The Desk, url: 'https://desk.example.org/'}\n")
    data = _feed(site)
    assert list(data)[:4] == ["version", "title", "home_page_url", "feed_url"]
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert (data["title"], data["home_page_url"], data["feed_url"]) == (
        "Test Brief",
        BASE,
        BASE + "feed.json",
    )
    assert (data["description"], data["language"]) == ("News for the tests.", "en")
    assert data["authors"] == [{"name": "The Desk", "url": "https://desk.example.org/"}]
    talks, older = data["items"]
    assert talks["id"] == talks["url"] == BASE + TALKS
    assert talks["title"] == "Talks"
    assert talks["summary"] == "Tom & Jerry <b>meet</b>"  # plain text, as written
    assert talks["image"] == BASE + "media/lead.png"
    assert _rfc3339(talks["date_published"]) == dt.datetime(2022, 2, 28, 13, 30, tzinfo=dt.UTC)
    assert _rfc3339(older["date_modified"]) == dt.datetime(2022, 2, 28, 23, 0, tzinfo=dt.UTC)
    assert talks["authors"] == [
        {"name": "Jane Doe", "url": BASE + "authors/jane-doe/"},
        {"name": "Sam Roe", "url": BASE + "authors/sam-roe/"},
    ]
    assert talks["tags"] == ["Ukraine", "Diplomacy"]
    assert "authors" not in older and "tags" not in older and "image" not in older
    content = html.fromstring(f"<div>{talks['content_html']}</div>")
    assert content.cssselect("figure.lead-image img")[0].get("src") == BASE + "media/lead.png"
    assert len(content.cssselect(".credits li")) == 2
    for item in data["items"]:
        assert "content_html" in item and "content_text" not in item
    # the topic's feed is the same item, under the topic's name
    topic = _feed(site, "tags/ukraine/feed.json")
    assert topic["title"] == "Ukraine – Test Brief"
    assert topic["home_page_url"] == BASE + "tags/ukraine/"
    assert [i["id"] for i in topic["items"]] == [BASE + TALKS]


def test_summary_content_is_content_text(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _talks(site, capsys, "feed:\n  content: summary\n")
    talks, older = _feed(site)["items"]
    assert talks["content_text"] == "Tom & Jerry <b>meet</b>"
    assert older["content_text"] == ""  # the key JSON Feed requires, with nothing to say
    assert "content_html" not in talks and "content_html" not in older
    assert talks["_brief"]["credits"]  # the credits stay


def test_the_credits_are_in_the_brief_extension(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    front = dict(FRONT, credits="\n  - title: Background\n    credit: Wire\n    license: CC0")
    site.write("site.yaml", CONFIG)
    site.write("content/lead.png", PNG_BYTES)
    site.write("content/map.png", PNG_BYTES)
    site.write("content/talks.md", article("Talks", body="![A map](map.png)", **front))
    assert site.build(capsys=capsys).code == 0
    (item,) = _feed(site)["items"]
    assert item["_brief"] == {
        "credits": [
            {
                "role": "image",
                "image": BASE + "media/lead.png",
                "title": "Where they met",
                "creator": "Ann Lens",
                "source": "Wire Co",
                "source_url": "https://wire.example.org/photo/1?a=1&b=2",
                "license": None,
                "license_kind": "permission",
                "notice": "© Wire Co, used with permission",
            },
            {
                "role": "image",
                "image": BASE + "media/map.png",
                "title": "The front line",
                "creator": "Jane Roe",
                "source": "Map Desk",
                "source_url": "https://maps.example.org/",
                "license": {
                    "id": "CC BY-SA 4.0",
                    "name": "Creative Commons Attribution-ShareAlike 4.0 International",
                    "url": "https://creativecommons.org/licenses/by-sa/4.0/",
                    "spdx": "CC-BY-SA-4.0",
                },
                "license_kind": None,
                "notice": None,
            },
            {
                "role": "credit",
                "image": None,
                "title": "Background",
                "creator": "Wire",
                "source": None,
                "source_url": None,
                "license": {
                    "id": "CC0 1.0",
                    "name": "Creative Commons CC0 1.0 Universal",
                    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
                    "spdx": "CC0-1.0",
                },
                "license_kind": None,
                "notice": None,
            },
        ]
    }


def test_hostile_text_stays_text(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    _hostile(site, capsys)
    text = (site.public / "feed.json").read_text(encoding="utf-8")
    # no character a reader cannot show, raw or escaped (JSON would allow \\u000b)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\ufffe]|\\u00[01]", text)
    assert not re.search("[<>&]", text)  # as \u escapes: no raw tag, whatever reads the file
    (item,) = json.loads(text)["items"]
    assert item["title"] == HOSTILE_TITLE  # `</script>` is harmless in a JSON file
    assert item["summary"] == "</summary><script>x</script> ]]>"
    assert item["tags"] == ["</category>", "A & B"]
    assert item["_brief"]["credits"][0]["creator"] == "</media:credit><script>c</script>"
    doc = html.fromstring(f"<div>{item['content_html']}</div>")
    assert not doc.cssselect("script")
    assert doc.cssselect("img")[0].get("alt") == '"><script>alt</script>'
