"""Date archives (`/2022/`, `/2022/02/`) and the daily edition (`/2022/02/28/`): built
through `main(argv)`, read back from the pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html

from tests.helpers import BASIC_CONFIG, REPO, Site, article

SITES = REPO / "tests" / "sites"


def _doc(site: Site, rel: str) -> html.HtmlElement:
    return html.fromstring(site.page(rel))


def _stories(doc: html.HtmlElement) -> list[str]:
    return [a.text_content() for a in doc.cssselect(".archive-list a")]


def _copy(name: str, tmp_path: Path) -> Site:
    shutil.copytree(SITES / name, tmp_path / name, ignore=shutil.ignore_patterns(".brief"))
    return Site(tmp_path / name)


def test_years_months_and_days_list_their_stories_newest_first(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article("March story", "2022-03-01 09:00"))
    site.write("content/b.md", article("Late February", "2022-02-28 18:00"))
    site.write("content/c.md", article("Early February", "2022-02-28 08:00"))
    site.write("content/d.md", article("Last year", "2021-12-31 23:00"))
    assert site.build(capsys=capsys).code == 0  # paginate: 2, and archives list 100 a page

    year = _doc(site, "2022/index.html")
    assert year.cssselect("h1")[0].text_content() == "Archive 2022"
    assert _stories(year) == ["March story", "Late February", "Early February"]
    assert not (site.public / "2022/page/2/index.html").exists()
    # grouped under their days, each linking its edition
    assert [(a.text_content(), a.get("href")) for a in year.cssselect(".archive-day h2 a")] == [
        ("March 1, 2022", "03/01/"),
        ("February 28, 2022", "02/28/"),
    ]
    assert [len(s.cssselect("li")) for s in year.cssselect(".archive-day")] == [1, 2]
    assert [a.text_content() for a in year.cssselect(".archive-parts a")] == [
        "March 2022",
        "February 2022",
    ]
    assert [a.get("href") for a in year.cssselect(".archive-parts a")] == ["03/", "02/"]
    assert [a.get("href") for a in year.cssselect(".archive-around a")] == ["../2021/"]

    month = _doc(site, "2022/02/index.html")
    assert month.cssselect("title")[0].text == "February 2022 – Test Brief"
    assert _stories(month) == ["Late February", "Early February"]
    assert month.cssselect(".archive-parts") == []  # one page: its day headings suffice

    day = _doc(site, "2022/02/28/index.html")
    assert day.cssselect("title")[0].text == "Test Brief of February 28, 2022"
    assert "Test Brief of February 28, 2022" in day.cssselect("h1")[0].text_content()
    assert _stories(day) == ["Late February", "Early February"]
    # the day's folder holds its edition beside its articles' folders
    assert (site.public / "2022/02/28/late-february/index.html").is_file()
    assert [a.get("href") for a in day.cssselect(".archive-around a")] == [
        "../../03/01/",
        "../../../2021/12/31/",
    ]
    assert _stories(_doc(site, "2021/index.html")) == ["Last year"]


def test_the_day_is_the_sites_day(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("site.yaml", BASIC_CONFIG.replace("UTC", "Europe/Berlin"))
    site.write("content/a.md", article("Past midnight in Berlin", "2022-02-28T23:30:00+00:00"))
    assert site.build(capsys=capsys).code == 0
    assert _stories(_doc(site, "2022/03/01/index.html")) == ["Past midnight in Berlin"]
    assert not (site.public / "2022/02/28/index.html").exists()


def test_headings_are_the_sites_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    de = _copy("lang-de", tmp_path)
    assert de.build(capsys=capsys).code == 0
    month = _doc(de, "2022/02/index.html")
    assert month.cssselect("h1")[0].text_content() == "Archiv Februar 2022"
    assert month.cssselect("title")[0].text == "Februar 2022 – Der Überblick"
    day = _doc(de, "2022/02/28/index.html")
    assert day.cssselect("title")[0].text == "Der Überblick vom 28. Februar 2022"
    assert day.cssselect(".page-sub")[0].text_content().split()[:2] == ["2", "Artikel"]
    footer = [a.text_content() for a in _doc(de, "index.html").cssselect(".footer-nav a")]
    assert "Archiv" in footer
    uk = _copy("lang-uk", tmp_path)
    assert uk.build(capsys=capsys).code == 0
    assert "лютий 2022" in _doc(uk, "2022/02/index.html").cssselect("h1")[0].text_content()


def test_the_default_footer_links_the_newest_year(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article("Old", "2021-05-01"))
    site.write("content/b.md", article("New", "2022-02-01"))
    assert site.build(capsys=capsys).code == 0
    doc = _doc(site, "2022/02/01/new/index.html")
    archive = [a for a in doc.cssselect(".footer-nav a") if a.text_content() == "Archive"]
    assert [a.get("href") for a in archive] == ["../../../"]
    year = _doc(site, "2022/index.html")
    (link,) = [a for a in year.cssselect(".footer-nav a") if a.text_content() == "Archive"]
    assert link.get("aria-current") == "page"


@pytest.mark.parametrize(
    ("permalink", "slug", "path", "archive"),
    [
        ("/{slug}/", "2022", "2022/index.html", "/2022/"),
        ("/{year}/{slug}/", "02", "2022/02/index.html", "/2022/02/"),
    ],
)
def test_an_article_at_an_archives_path_is_an_error_naming_both(
    site: Site,
    capsys: pytest.CaptureFixture[str],
    permalink: str,
    slug: str,
    path: str,
    archive: str,
) -> None:
    site.write("site.yaml", BASIC_CONFIG + f'permalink: "{permalink}"\n')
    site.write("content/clash.md", article("A clash", "2022-02-28", slug=f'"{slug}"'))
    site.write("content/fine.md", article("Fine", "2022-02-27"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert (
        f"error: several things would be written to {path}: content/clash.md, page {archive}"
        in result.err
    ), result.err


def test_a_permalink_without_dates_keeps_the_archives(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", BASIC_CONFIG + 'permalink: "/news/{slug}/"\n')
    site.write("content/a.md", article("Undated address", "2022-02-28"))
    assert site.build(capsys=capsys).code == 0
    assert _stories(_doc(site, "2022/02/28/index.html")) == ["Undated address"]
    link = _doc(site, "2022/02/28/index.html").cssselect(".archive-list a")[0]
    assert link.get("href") == "../../../news/undated-address/"


def test_archive_pages_list_a_hundred_headlines_each(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(101):
        when = f"2022-02-28 {n // 60:02d}:{n % 60:02d}"
        site.write(f"content/{n}.md", article(f"Story {n}", when))
    assert site.build(capsys=capsys).code == 0
    first = _stories(_doc(site, "2022/02/28/index.html"))
    assert len(first) == 100 and first[0] == "Story 100"
    assert _stories(_doc(site, "2022/02/28/page/2/index.html")) == ["Story 0"]
    assert _stories(_doc(site, "2022/02/page/2/index.html")) == ["Story 0"]
    month = _doc(site, "2022/02/index.html")
    assert [a.text_content() for a in month.cssselect(".archive-parts a")] == ["February 28, 2022"]


def test_archives_false_makes_no_archive_and_links_none(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article("Old", "2021-05-01"))
    site.write("content/b.md", article("New", "2022-02-01"))
    assert site.build(capsys=capsys).code == 0
    assert (site.public / "2022/02/01/index.html").is_file()
    site.write("site.yaml", BASIC_CONFIG + "archives: false\n")
    assert site.build(capsys=capsys).code == 0
    for gone in (
        "2022/index.html",
        "2022/02/index.html",
        "2022/02/01/index.html",
        "2021/index.html",
    ):
        assert not (site.public / gone).exists(), gone
    assert (site.public / "2022/02/01/new/index.html").is_file()
    doc = _doc(site, "2022/02/01/new/index.html")
    assert "Archive" not in [a.text_content() for a in doc.cssselect(".footer-nav a")]
    assert "/2022/</loc>" not in (site.public / "sitemap.xml").read_text()

    site.write("site.yaml", BASIC_CONFIG + "archives: false\nmenu: [home, archive]\n")
    result = site.build(capsys=capsys)
    assert result.code == 0
    assert result.err == (
        "site.yaml:7: warning: menu names archive, but site.yaml turns the archives off "
        "(archives: false); the link is left out\n"
    )
    nav = _doc(site, "index.html").cssselect(".site-nav a")
    assert [a.text_content() for a in nav] == ["Latest"]
