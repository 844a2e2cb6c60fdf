"""The mapping table: each key a generator writes, read into brief's fields; and dates."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

import pytest

from brief.importer.dates import local, read_moment, written
from brief.importer.hugo import HUGO
from brief.importer.jekyll import JEKYLL
from brief.importer.matter import Kind, Matter
from brief.importer.posts import Dialect, Fields, ImageRef, Post, PostFile, map_fields, titleize

UTC = dt.UTC
PLUS2 = dt.timezone(dt.timedelta(hours=2))


def fields(
    values: dict[str, Any],
    dialect: Dialect = JEKYLL,
    *,
    name: str = "a-post",
    day: dt.date | None = None,
    zone: zoneinfo.ZoneInfo | None = None,
) -> Fields:
    lines = {key: n for n, key in enumerate(values, 2)}
    post = Post(
        PostFile(Path("p.md"), "p.md", "_posts/p.md", name, day),
        Matter(Kind.YAML, values, lines, "", len(values) + 2),
    )
    return map_fields(post, dialect, zone)


def messages(f: Fields) -> list[str]:
    return [p.format() for p in f.problems]


def test_the_basic_fields() -> None:
    f = fields({"title": "Hello", "date": dt.date(2020, 1, 2), "slug": "hi", "layout": "post"})
    assert (f.title, f.date, f.slug) == ("Hello", dt.date(2020, 1, 2), "hi")
    assert f.mapped == ("title", "date", "slug")
    assert f.dropped == ("layout",)
    assert f.problems == ()


@pytest.mark.parametrize(
    ("values", "summary", "unused"),
    [
        ({"excerpt": "E", "description": "D"}, "E", ("description",)),
        ({"description": "D", "summary": "S"}, "S", ("description",)),
        ({"description": "D"}, "D", ()),
    ],
)
def test_summary_prefers_summary_then_excerpt_then_description(
    values: dict[str, Any], summary: str, unused: tuple[str, ...]
) -> None:
    f = fields({"title": "T", "date": "2020-01-01", **values})
    assert (f.summary, f.unused) == (summary, unused)


def test_jekyll_tags_and_categories_are_word_lists() -> None:
    f = fields(
        {
            "title": "T",
            "date": "2020-01-01",
            "tags": "one two",
            "categories": "News Meta",
            "category": "Release notes",
            "keywords": ["k", 2021, "news"],
        }
    )
    assert f.tags == ("one", "two", "News", "Meta", "Release notes", "k", "2021")


def test_hugo_tags_are_whole_and_keys_fold_case() -> None:
    f = fields(
        {"Title": "T", "PublishDate": "2020-01-01", "Tags": "one two", "LastMod": "2020-02-01"},
        HUGO,
    )
    assert (f.title, f.date, f.updated, f.tags) == (
        "T",
        dt.date(2020, 1, 1),
        dt.date(2020, 2, 1),
        ("one two",),
    )
    assert f.mapped == ("title", "publishdate -> date", "lastmod -> updated", "tags")


def test_folders_give_tags_first() -> None:
    post = Post(
        PostFile(Path("p.md"), "p.md", "blog/_posts/p.md", "p", None, ("blog",)),
        Matter(Kind.YAML, {"title": "T", "date": "2020-01-01", "tags": ["Blog", "x"]}, {}, "", 4),
    )
    f = map_fields(post, JEKYLL, None)
    assert f.tags == ("blog", "x")  # Blog folds to blog: one tag
    assert "folders -> tags" in f.mapped


@pytest.mark.parametrize(
    ("value", "author"),
    [
        ("Ada", "Ada"),
        ({"name": "Ada", "twitter": "ada"}, "Ada"),
        (["Ada", "Grace"], "Ada and Grace"),
        (["Ada", {"name": "Grace"}, "Alan"], "Ada, Grace and Alan"),
    ],
)
def test_authors(value: Any, author: str) -> None:
    assert fields({"title": "T", "date": "2020-01-01", "author": value}).author == author


def test_authors_key() -> None:
    f = fields({"title": "T", "date": "2020-01-01", "authors": ["A", "B"]}, HUGO)
    assert (f.author, f.mapped[-1]) == ("A and B", "authors -> author")


@pytest.mark.parametrize(
    ("values", "image"),
    [
        ({"image": "https://x.org/a.jpg"}, ImageRef("https://x.org/a.jpg", None, None)),
        ({"image": {"path": "/a.jpg", "alt": "A"}}, ImageRef("/a.jpg", "A", None)),
        (
            {"cover": {"image": "c.jpg", "alt": "C", "caption": "Cap"}},
            ImageRef("c.jpg", "C", "Cap"),
        ),
        ({"featured_image": "f.png"}, ImageRef("f.png", None, None)),
        ({"images": ["first.png", "second.png"]}, ImageRef("first.png", None, None)),
    ],
)
def test_images(values: dict[str, Any], image: ImageRef) -> None:
    assert fields({"title": "T", "date": "2020-01-01", **values}, HUGO).image == image


def test_draft_and_published() -> None:
    assert fields({"title": "T", "date": "2020-01-01", "published": False}).draft is True
    assert fields({"title": "T", "date": "2020-01-01", "published": True}).draft is False
    assert fields({"title": "T", "date": "2020-01-01", "draft": "true"}, HUGO).draft is True
    assert fields({"title": "T", "date": "2020-01-01"}).draft is False


def test_old_addresses() -> None:
    f = fields(
        {
            "title": "T",
            "date": "2020-01-01",
            "permalink": "/x/",
            "redirect_from": "/one/",
            "aliases": ["/two/"],
        }
    )
    assert (f.url, f.aliases) == ("/x/", ("/one/", "/two/"))
    assert f.mapped[-3:] == ("redirect_from -> aliases", "aliases", "permalink -> aliases")


def test_the_date_from_the_file_name_and_a_title_from_its_name() -> None:
    f = fields({"tags": ["x"]}, name="my-first_post", day=dt.date(2020, 3, 1))
    assert (f.title, f.date) == ("My First Post", dt.date(2020, 3, 1))
    assert f.mapped == ("tags", "file name -> date")
    assert messages(f) == [
        "p.md:1: warning: no title: 'My First Post' is made from the file name; check it"
    ]
    assert f.problems[0].code == "title"


def test_no_date_at_all_is_an_error() -> None:
    f = fields({"title": "T"}, name="notes")
    assert messages(f) == [
        "p.md:1: error: no date: add date: to the front-matter, or start the file name with "
        "it (YYYY-MM-DD-notes.md)"
    ]


def test_values_that_cannot_be_used() -> None:
    f = fields(
        {
            "title": "T",
            "date": "2020-01-01",
            "updated": "soon",
            "summary": ["a"],
            "author": [1.5, None],
            "tags": ["ok", "!!", {"x": 1}],
            "draft": "maybe",
            "image": {"alt": "no src"},
            "aliases": ["/ok/", 3],
        }
    )
    assert f.author == "1.5"
    assert f.tags == ("ok",)
    assert f.aliases == ("/ok/",)
    assert (f.updated, f.summary, f.image, f.draft) == (None, None, None, False)
    assert messages(f) == [
        "p.md:4: warning: cannot read the date 'soon' of 'updated': write it as 2022-02-28, "
        "2022-02-28 14:30 or 2022-02-28 14:30:00 +01:00; left out",
        "p.md:5: warning: 'summary' must be text, got a list; left out",
        "p.md:6: warning: 'author' must be a name, or a list of names, got nothing (an empty "
        "value); left out",
        "p.md:7: warning: tag '!!' has no letters or digits to make a URL from; left out",
        "p.md:7: warning: 'tags' must be text or a list of words, got a mapping; left out",
        "p.md:8: warning: 'draft' must be true or false, got 'maybe'; left out",
        "p.md:9: warning: 'image' must be a path or URL (or a mapping with src, path, url, "
        "image, file), got a mapping; left out",
        "p.md:10: warning: 'aliases' must be a path such as /old/url/, or a list of them, got "
        "the number 3; left out",
    ]


def test_a_title_that_is_no_text_is_an_error() -> None:
    f = fields({"title": {"en": "x"}, "date": "2020-01-01"})
    assert messages(f) == ["p.md:2: error: 'title' must be text, got a mapping"]


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("2013-05-06 02:12:52 +0200", dt.datetime(2013, 5, 6, 2, 12, 52, tzinfo=PLUS2)),
        ("2013-05-06T02:12:52+02:00", dt.datetime(2013, 5, 6, 2, 12, 52, tzinfo=PLUS2)),
        ("2013-5-6 2:12", dt.datetime(2013, 5, 6, 2, 12)),
        ("2019-11-27T10:00:00.123Z", dt.datetime(2019, 11, 27, 10, 0, tzinfo=UTC)),
        ("2019-11-27 10:00 UTC", dt.datetime(2019, 11, 27, 10, 0, tzinfo=UTC)),
        ("2020-01-01", dt.date(2020, 1, 1)),
        (dt.date(2020, 1, 1), dt.date(2020, 1, 1)),
        (dt.datetime(2020, 1, 1, 5, 6, 7, 890), dt.datetime(2020, 1, 1, 5, 6, 7)),
    ],
)
def test_dates_as_generators_write_them(value: Any, moment: dt.date) -> None:
    assert read_moment(value) == (moment, "")


def test_a_date_with_words_after_it_is_read_with_a_note() -> None:
    moment, note = read_moment("2023-01-29 18:30:22 2023 -0800")
    assert moment == dt.datetime(
        2023, 1, 29, 18, 30, 22, tzinfo=dt.timezone(-dt.timedelta(hours=8))
    )
    assert note == "read as 2023-01-29 18:30:22-08:00"
    f = fields({"title": "T", "date": "2023-01-29 18:30:22 2023 -0800"})
    assert messages(f) == [
        "p.md:3: warning: the date '2023-01-29 18:30:22 2023 -0800' is read as "
        "2023-01-29 18:30:22-08:00; check it"
    ]


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("next tuesday", "write it as 2022-02-28, 2022-02-28 14:30 or 2022-02-28 14:30:00 +01:00"),
        ("2021-02-30", "no such date (day is out of range for month)"),
        ("0999-01-01", "the year must be from 1000 to 9000"),
        (20200101, "a date is needed, not the number 20200101"),
    ],
)
def test_dates_that_are_none(value: Any, why: str) -> None:
    assert read_moment(value) == (None, why)


def test_naive_times_are_taken_in_the_old_sites_zone() -> None:
    zone = zoneinfo.ZoneInfo("America/New_York")
    f = fields({"title": "T", "date": dt.datetime(2020, 3, 1, 9, 30)}, zone=zone)
    assert f.date == dt.datetime(2020, 3, 1, 9, 30, tzinfo=zone)
    day = fields({"title": "T", "date": dt.date(2020, 3, 1)}, zone=zone)
    assert day.date == dt.date(2020, 3, 1)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (dt.date(2020, 1, 2), "2020-01-02"),
        (dt.datetime(2020, 1, 2, 3, 4), "2020-01-02 03:04"),
        (dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=PLUS2), "2020-01-02 03:04:05+02:00"),
        (
            dt.datetime(2020, 1, 2, 3, 4, tzinfo=dt.timezone(-dt.timedelta(hours=9, minutes=30))),
            "2020-01-02 03:04-09:30",
        ),
    ],
)
def test_written(moment: dt.date, text: str) -> None:
    assert written(moment) == text


def test_local() -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    assert local(dt.date(2020, 1, 2), berlin) == dt.datetime(2020, 1, 2, tzinfo=berlin)
    assert local(dt.datetime(2020, 1, 2, 23, 30, tzinfo=UTC), berlin).day == 3
    assert local(dt.datetime(2020, 1, 2, 23, 30), berlin).tzinfo is berlin
    assert local(dt.datetime(2020, 1, 2, 23, 30, tzinfo=UTC), None).tzinfo is UTC


def test_titleize() -> None:
    assert titleize("jekyll-1-0-0-released") == "Jekyll 1 0 0 Released"
    assert titleize("") == ""
