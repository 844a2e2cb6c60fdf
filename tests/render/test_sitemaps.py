"""The sitemaps: Google News' list of the latest articles (which ones, how Google wants the
language, the same bytes whenever it is built), the images of the plain sitemap, and
robots.txt naming both."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from brief.build import BuildOptions, build
from brief.config import load_config
from brief.content.article import Article
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from brief.render.sitemaps import NEWS_LIMIT, news_articles, news_language
from tests.helpers import BASIC_CONFIG, PNG_BYTES, Site, article, tree

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
IMG = "{http://www.google.com/schemas/sitemap-image/1.1}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
BASE = "https://news.example.org/"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("de-AT", "de"),
        ("pt-BR", "pt"),
        ("sr-Latn", "sr"),
        ("fil", "fil"),
        ("zh", "zh-cn"),
        ("zh-CN", "zh-cn"),
        ("zh-Hans-SG", "zh-cn"),
        ("zh-TW", "zh-tw"),
        ("zh-HK", "zh-tw"),  # written in traditional characters, as CLDR knows
        ("zh-Hant", "zh-tw"),
    ],
)
def test_the_language_as_google_news_spells_it(language: str, expected: str) -> None:
    assert news_language(language) == expected


def _article(tmp_path: Path) -> Article:
    (tmp_path / "site.yaml").write_text(BASIC_CONFIG, encoding="utf-8")
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "a.md"
    path.write_text(article("A", date="2022-03-01 12:00"), encoding="utf-8")
    config = load_config(tmp_path)
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    parsed, problems = parse_article(source, config)
    assert parsed is not None and problems == []
    return parsed


def test_the_news_window_is_the_48_hours_up_to_the_newest_article(tmp_path: Path) -> None:
    one = _article(tmp_path)
    newest = one.date

    def at(hours: float, **changes: object) -> Article:
        date = newest - dt.timedelta(hours=hours)
        return dataclasses.replace(one, date=date, url=f"/{hours}/", **changes)  # type: ignore[arg-type]

    stories = [at(0), at(1, standalone=True), at(47.9), at(48), at(48.01), at(100)]
    assert [a.url for a in news_articles(stories)] == ["/0/", "/47.9/", "/48/"]
    assert news_articles([]) == ()
    many = [at(i / 100) for i in range(NEWS_LIMIT + 5)]
    chosen = news_articles(many)
    assert len(chosen) == NEWS_LIMIT == 1000 and chosen == tuple(many[:NEWS_LIMIT])


def _news(site: Site) -> list[dict[str, str | None]]:
    root = ET.fromstring((site.public / "news-sitemap.xml").read_bytes())
    return [
        {
            "loc": u.findtext(f"{SM}loc"),
            "name": u.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name"),
            "language": u.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language"),
            "date": u.findtext(f"{NEWS}news/{NEWS}publication_date"),
            "title": u.findtext(f"{NEWS}news/{NEWS}title"),
        }
        for u in root.iter(f"{SM}url")
    ]


def _stories(site: Site) -> None:
    site.write("content/new.md", article('"Talks <resume> & continue"', date="2022-03-03 09:00"))
    site.write("content/day.md", article("A day before", date="2022-03-02 09:00"))
    site.write("content/edge.md", article("Just in time", date="2022-03-01 09:00"))
    site.write("content/old.md", article("Too old", date="2022-03-01 08:59"))
    site.write("content/pages/about.md", "---\ntitle: About\ndate: 2022-03-03\n---\nUs.\n")


def test_the_news_sitemap_lists_the_last_two_days(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", BASIC_CONFIG + "language: de-AT\n")
    _stories(site)
    assert site.build(capsys=capsys).code == 0
    assert _news(site) == [
        {
            "loc": BASE + "2022/03/03/talks-resume-continue/",
            "name": "Test Brief",
            "language": "de",
            "date": "2022-03-03T09:00:00Z",
            "title": "Talks <resume> & continue",
        },
        {
            "loc": BASE + "2022/03/02/a-day-before/",
            "name": "Test Brief",
            "language": "de",
            "date": "2022-03-02T09:00:00Z",
            "title": "A day before",
        },
        {
            "loc": BASE + "2022/03/01/just-in-time/",
            "name": "Test Brief",
            "language": "de",
            "date": "2022-03-01T09:00:00Z",
            "title": "Just in time",
        },
    ]
    text = site.page("news-sitemap.xml")
    assert "<news:title>Talks &lt;resume&gt; &amp; continue</news:title>" in text
    assert "about" not in text  # a standalone page is never news


def test_the_publisher_names_the_publication(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", BASIC_CONFIG + "publisher:\n  name: Brief & Co Media\n")
    site.write("content/a.md", article())
    assert site.build(capsys=capsys).code == 0
    assert [n["name"] for n in _news(site)] == ["Brief & Co Media"]


def test_the_news_sitemap_does_not_depend_on_the_day_it_is_built(
    site: Site, tmp_path: Path
) -> None:
    """The window ends at the newest article, not at the build: a build a week later of the
    same site writes the same bytes."""
    _stories(site)
    config = load_config(site.root)
    outputs = []
    for n, now in enumerate(
        [dt.datetime(2022, 3, 3, 10, tzinfo=dt.UTC), dt.datetime(2022, 3, 10, tzinfo=dt.UTC)]
    ):
        out = tmp_path / f"out{n}"
        build(config, BuildOptions(out_dir=out, cache=False, jobs=1, now=now))
        outputs.append(tree(out))
    assert outputs[0] == outputs[1]
    assert outputs[0]["news-sitemap.xml"].count(b"<url>") == 3


def test_a_site_without_articles_has_no_news_sitemap(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/pages/about.md", "---\ntitle: About\n---\nUs.\n")
    assert site.build(capsys=capsys).code == 0
    assert not (site.public / "news-sitemap.xml").exists()  # a sitemap lists at least one URL
    assert site.page("robots.txt") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/sitemap.xml\n"
    )
    site.write("content/a.md", article())
    assert site.build(capsys=capsys).code == 0
    assert site.page("robots.txt") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/sitemap.xml\n"
        "Sitemap: https://news.example.org/news-sitemap.xml\n"
    )
    assert len(_news(site)) == 1


def test_a_staging_build_names_no_sitemap(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article())
    assert site.build("--staging", capsys=capsys).code == 0
    assert site.page("robots.txt") == "User-agent: *\nDisallow: /\n"


def test_the_news_sitemap_follows_edits_as_a_clean_build_does(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from brief.build.memo import Memo

    _stories(site)
    config = load_config(site.root)
    memo = Memo()
    build(config, memo=memo)
    # a new newest article moves the window: two of the three leave
    site.write("content/newer.md", article("Newer", date="2022-03-04 10:00", slug="newer"))
    build(config, memo=memo)
    assert [n["title"] for n in _news(site)] == ["Newer", "Talks <resume> & continue"]
    # a new headline at the same address (the last plan is patched, not made again)
    site.write("content/newer.md", article("Newest", date="2022-03-04 10:00", slug="newer"))
    report = build(config, memo=memo)
    assert "news-sitemap.xml" in report.written
    assert next(n["title"] for n in _news(site)) == "Newest"
    build(config, BuildOptions(out_dir=tmp_path / "clean", cache=False, jobs=1))
    assert tree(site.public) == tree(tmp_path / "clean")


def _images(site: Site) -> dict[str, list[str]]:
    root = ET.fromstring((site.public / "sitemap.xml").read_bytes())
    return {
        str(u.findtext(f"{SM}loc")): [str(i.findtext(f"{IMG}loc")) for i in u.iter(f"{IMG}image")]
        for u in root.iter(f"{SM}url")
    }


def test_the_sitemap_lists_the_images_of_each_article_and_page(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/photo.png", PNG_BYTES)
    site.write("content/map.png", PNG_BYTES)
    site.write(
        "content/a.md",
        article(
            "Talks resume",
            image="{src: photo.png, alt: The venue, credit: Jane Doe, license: CC BY 4.0}",
            figures=("{'https://cdn.example.org/x.jpg?w=2': {credit: Wire, license: CC BY 4.0}}"),
            body=(
                "![Map](map.png#layer)\n\n![Again](map.png)\n\n"
                "![Remote](https://cdn.example.org/x.jpg?w=2)\n\n![Uncredited](https://other.example/y.jpg)"
            ),
        ),
    )
    site.write("content/b.md", article("No pictures", date="2022-02-27"))
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\nimage: {src: ../photo.png, alt: Us, license: CC BY 4.0}\n---\nUs.\n",
    )
    run = site.build(capsys=capsys)
    assert run.code == 0, run.err
    images = _images(site)
    assert images[BASE + "2022/02/28/talks-resume/"] == [
        BASE + "media/photo.png",
        BASE + "media/map.png",  # once, without its fragment
        "https://cdn.example.org/x.jpg?w=2",  # a credited remote image, as written
    ]
    assert images[BASE + "2022/02/27/no-pictures/"] == []
    assert images[BASE + "about/"] == [BASE + "media/photo.png"]
    assert images[BASE] == []  # listings show other pages' images
    text = site.page("sitemap.xml")
    assert 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"' in text
    assert "<image:loc>https://cdn.example.org/x.jpg?w=2</image:loc>" in text
