"""Sites in other languages, built through `main(argv)`: tests/sites/lang-de, lang-uk and
lang-ar (content in their own language) leave no English string of the theme on any page;
dates, times and counts are CLDR's; Arabic pages run right to left; a site's own catalogue
changes its strings, one by one, and an edit to it rebuilds exactly what a clean build makes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from lxml import html

from brief.build import build
from brief.build.memo import Memo
from brief.cli import main
from brief.config import load_config
from tests.helpers import BASIC_CONFIG, REPO, Site, article, tree

SITES = REPO / "tests" / "sites"
LOCALES = REPO / "layouts" / "locales"
WORD = re.compile(r"[^\W\d_]+")
NOT_THE_THEMES = "script, style, .body, code, a[rel=license]"
"""What a page shows that is not the theme's words: the article's own text, a feed's
address, a licence's id (CC BY 4.0 is a name, not English)."""
SAID = ("aria-label", "title", "alt", "placeholder")


def copy(name: str, tmp_path: Path) -> Site:
    root = tmp_path / name
    shutil.copytree(SITES / name, root)
    return Site(root)


def ok(site: Site, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    result = site.build(*args, capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    return result.out


def words(language: str) -> set[str]:
    """Every word of a theme catalogue's strings, folded (placeholders and markup left out)."""
    with (LOCALES / f"{language}.po").open("rb") as f:
        parsed = read_po(f)
    found: set[str] = set()
    for m in parsed:
        if m.id:
            for text in [m.string] if isinstance(m.string, str) else m.string or ():
                text = re.sub(r"%\(\w+\)s|<[^>]+>", " ", text)
                found |= {w.casefold() for w in WORD.findall(text)}
    return found


def visible_words(page: bytes) -> set[str]:
    """The words a reader sees or hears on a page, but for the article's own copy: the text of
    every element, the page title, and what is said for links and images."""
    doc = html.fromstring(page)
    for element in doc.cssselect(NOT_THE_THEMES):
        element.drop_tree()
    said = [
        v for el in doc.iter() if isinstance(el.tag, str) for k, v in el.attrib.items() if k in SAID
    ]
    return set(WORD.findall(" ".join([*doc.itertext(), *said])))


def english_left(public: Path, language: str) -> dict[str, list[str]]:
    """Words of the English catalogue on each HTML page. A word the language's own catalogue
    uses too (German says Feed and Website) cannot be told apart and is not looked for; the
    Ukrainian site, whose catalogue shares no word with English, covers those."""
    english = words("en") - words(language)
    left = {}
    for page in sorted(public.rglob("*.html")):
        found = sorted(w for w in visible_words(page.read_bytes()) if w.casefold() in english)
        if found:
            left[page.relative_to(public).as_posix()] = found
    return left


@pytest.mark.parametrize("name", ["lang-de", "lang-uk", "lang-ar"])
def test_no_english_string_of_the_theme_is_left_on_any_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    site = copy(name, tmp_path)
    ok(site, capsys)
    language = name.removeprefix("lang-")
    pages = sorted(site.public.rglob("*.html"))
    assert len(pages) >= 12
    assert english_left(site.public, language) == {}

    # The scan is not blind: the same site in English shows the theme's words everywhere.
    config = site.root / "site.yaml"
    config.write_text(re.sub(r"(?m)^language: .*$", "language: en", config.read_text()))
    ok(site, capsys)
    left = english_left(site.public, language)
    assert set(left) == {p.relative_to(site.public).as_posix() for p in pages}
    assert {"Skip", "content", "Topics"} <= set(left["index.html"])


def page(site: Site, rel: str) -> html.HtmlElement:
    return html.fromstring(site.page(rel))


def texts(doc: html.HtmlElement, selector: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in doc.cssselect(selector)]


def test_german_dates_counts_and_credits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = copy("lang-de", tmp_path)
    ok(site, capsys)
    story = page(site, "2022/02/28/erste-verhandlungsrunde-an-der-grenze-beendet/index.html")
    assert texts(story, ".article-head .meta > *") == [
        "28. Februar 2022, 14:30",
        "Aktualisiert am 1. März 2022, 09:15",
        "Von Anna Schmidt",
    ]
    assert texts(story, ".credit") == [
        "Der Grenzort, in einem Pixel von Max Mustermann, Wikimedia Commons, lizenziert unter "
        "CC BY 4.0.",
        "Karte der Grenzregion von Erika Musterfrau, als gemeinfrei freigegeben (CC0 1.0).",
        "Historisches Foto, Bundesarchiv, gemeinfrei.",
    ]
    assert texts(story, ".figure-credit") == ["Bild: Max Mustermann"]
    front = page(site, "index.html")
    assert texts(front, "h1") == ["Aktuelle Nachrichten"]
    assert texts(front, ".story .meta > time")[1] == "28. Februar 2022"  # midnight: no time
    assert texts(front, ".page-count") == ["Seite 1 von 2"]
    assert texts(page(site, "page/2/index.html"), "title") == [
        "Aktuelle Nachrichten, Seite 2 – Der Überblick"
    ]
    topics = page(site, "tags/index.html")
    assert texts(topics, ".topics li") == [
        "Belarus 1 Artikel",
        "Diplomatie 3 Artikel",
        "Ukraine 2 Artikel",
    ]
    assert texts(page(site, "tags/diplomatie/page/2/index.html"), "title") == [
        "Diplomatie, Seite 2 – Der Überblick"
    ]
    assert texts(page(site, "404.html"), "h1") == ["Seite nicht gefunden"]
    moved = site.page("alt/verhandlungen/index.html")
    assert '<html lang="de">' in moved and "Dieser Artikel ist umgezogen: <a href=" in moved
    assert texts(page(site, "index.html"), ".site-footer p")[-1] == (
        "Herausgegeben von Überblick Medien."
    )


def test_ukrainian_plural_forms_and_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = copy("lang-uk", tmp_path)
    ok(site, capsys)
    counts = dict(
        zip(
            texts(page(site, "tags/index.html"), ".topics a"),
            texts(page(site, "tags/index.html"), ".topics .count"),
            strict=True,
        )
    )
    assert counts == {
        "Україна": "5 статей",  # many
        "Дипломатія": "3 статті",  # few
        "Білорусь": "1 стаття",  # one
        "Переговори": "1 стаття",
    }
    front = page(site, "index.html")
    # (CLDR puts a narrow no-break space before р., which `texts` reads as a space)
    assert texts(front, ".story .meta time")[:3] == [
        "28 лютого 2022 р., 14:30",
        "1 березня 2022 р.",
        "25 лютого 2022 р.",
    ]
    assert texts(front, ".page-count") == ["Сторінка 1 з 2"]
    assert texts(page(site, "tags/україна/index.html"), ".page-sub > *")[:2] == [
        "5 статей",
        "сторінка 1 з 2",
    ]
    assert '<html lang="uk">' in site.page("index.html")


def test_arabic_pages_run_right_to_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy("lang-ar", tmp_path)
    ok(site, capsys)
    pages = sorted(site.public.rglob("*.html"))
    for path in pages:
        assert '<html lang="ar" dir="rtl">' in path.read_text(encoding="utf-8"), path
    assert "qadim/muhadathat/index.html" in {p.relative_to(site.public).as_posix() for p in pages}
    topics = page(site, "tags/index.html")
    counts = dict(zip(texts(topics, ".topics a"), texts(topics, ".topics .count"), strict=True))
    assert counts == {"دبلوماسية": "4 مقالات", "أوكرانيا": "مقال واحد"}
    story = page(site, "2022/02/28/محادثات-على-الحدود/index.html")
    assert texts(story, ".credit") == [
        "البلدة الحدودية من سامي خوري، Wikimedia Commons، مرخّص بموجب CC BY 4.0."
    ]


def test_a_left_to_right_page_says_no_direction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = copy("lang-de", tmp_path)
    ok(site, capsys)
    assert all("dir=" not in p.read_text(encoding="utf-8") for p in site.public.rglob("*.html"))


# A site's own catalogue

TOP_STORIES = 'msgid ""\nmsgstr ""\n\nmsgid "Latest news"\nmsgstr "Top stories"\n'


def test_a_sites_catalogue_changes_that_string_and_nothing_else(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(3):
        site.write(f"content/{n}.md", article(f"Story {n}", tags="[Kyiv]", aliases=f"[/old/{n}/]"))
    ok(site, capsys, "--output", str(tmp_path / "before"))
    before = tree(tmp_path / "before")
    site.write("layouts/locales/en.po", TOP_STORIES)
    ok(site, capsys, "--output", str(tmp_path / "after"))
    after = tree(tmp_path / "after")
    changed = sorted(rel for rel in before if before[rel] != after.get(rel))
    assert changed == ["index.html"]
    assert set(after) == set(before)  # the catalogue itself is not published
    assert after["index.html"].count(b"Top stories") == 1
    assert after["index.html"].replace(b"Top stories", b"Latest news") == before["index.html"]


def test_an_edited_catalogue_rebuilds_what_a_clean_build_makes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = copy("lang-de", tmp_path)
    ok(site, capsys)
    site.write(
        "layouts/locales/de.po", 'msgid ""\nmsgstr ""\n\nmsgid "Topics"\nmsgstr "Rubriken"\n'
    )
    out = ok(site, capsys)
    assert "Rubriken" in site.page("tags/index.html") and "Rubriken" in site.page("index.html")
    clean = tmp_path / "clean"
    ok(site, capsys, "--no-cache", "--output", str(clean))
    assert tree(site.public) == tree(clean), out

    # A second edit, and taking the catalogue away again, the same.
    site.write(
        "layouts/locales/de.po", 'msgid ""\nmsgstr ""\n\nmsgid "Topics"\nmsgstr "Sachgebiete"\n'
    )
    ok(site, capsys)
    shutil.rmtree(clean)
    ok(site, capsys, "--no-cache", "--output", str(clean))
    assert tree(site.public) == tree(clean)
    (site.root / "layouts" / "locales" / "de.po").unlink()
    ok(site, capsys)
    shutil.rmtree(clean)
    ok(site, capsys, "--no-cache", "--output", str(clean))
    assert tree(site.public) == tree(clean)
    assert "Themen" in site.page("tags/index.html")


def test_a_catalogue_edit_in_a_long_running_process_rebuilds_its_pages(tmp_path: Path) -> None:
    """As `brief serve` builds: one memo across builds (kept environments, the last plan)."""
    site = copy("lang-uk", tmp_path)
    config = load_config(site.root)
    memo = Memo()
    build(config, memo=memo)
    site.write(
        "layouts/locales/uk.po", 'msgid ""\nmsgstr ""\n\nmsgid "Latest news"\nmsgstr "Головне"\n'
    )
    report = build(config, memo=memo)
    assert "index.html" in report.written
    assert '<h1 class="page-title">Головне</h1>' in site.page("index.html")
    site.write(
        "layouts/locales/uk.po", 'msgid ""\nmsgstr ""\n\nmsgid "Latest news"\nmsgstr "Найновіше"\n'
    )
    build(config, memo=memo)
    assert "Найновіше" in site.page("index.html")
    clean = tmp_path / "clean"
    assert main(["build", "--source", str(site.root), "--no-cache", "--output", str(clean)]) == 0
    assert tree(site.public) == tree(clean)


# Mistakes


def test_an_unknown_language_fails_the_build_naming_its_line(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", BASIC_CONFIG + "language: klingon\n")
    site.write("content/a.md", article())
    assert main(["build", "--source", str(site.root)]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "site.yaml:6:11: error: unknown language 'klingon': use a language code such as en, de "
        "or pt-BR (the theme has catalogues for ar, de, en, fr, ru, uk)\n"
        "brief: build failed: 1 error\n"
    )
    assert captured.out == "" and "Traceback" not in captured.err
    assert not site.public.exists()


def test_a_language_without_a_catalogue_builds_in_english_with_a_warning(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", BASIC_CONFIG + "language: sw\n")
    site.write("content/a.md", article())
    result = site.build(capsys=capsys)
    assert result.code == 0
    assert result.err == (
        "site.yaml: warning: no catalogue for language 'sw' (Swahili): pages show the theme's "
        "English strings; to translate them, copy the theme's locales/en.po to "
        "layouts/locales/sw.po and write each msgstr in Swahili\n"
    )
    front = site.page("index.html")
    assert '<html lang="sw">' in front and "Latest news" in front
    assert "Februari" in front  # the date is still Swahili's, by CLDR
    # the warning stays until the catalogue is there, also when nothing changed
    assert site.build(capsys=capsys).err == result.err
    site.write(
        "layouts/locales/sw.po",
        'msgid ""\nmsgstr ""\n\nmsgid "Latest news"\nmsgstr "Habari mpya"\n',
    )
    again = site.build(capsys=capsys)
    assert (again.code, again.err) == (0, "")
    assert "Habari mpya" in site.page("index.html")


def test_a_broken_site_catalogue_is_an_error_at_its_line(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    site.write("layouts/locales/en.po", 'msgid "Latest news"\nmsgtsr "Top stories"\n')
    result = site.build(capsys=capsys)
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[0].startswith("layouts/locales/en.po:2: error: catalogue: "), result.err
    assert lines[-1] == "brief: build failed: 1 error"
