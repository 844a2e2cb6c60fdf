"""The site's language (brief/i18n.py): which languages are accepted and how they are spelt,
catalogues read from real `.po` files (the site's string by string over the theme's), CLDR
plural forms, dates, times, numbers and lists, and `date_format`."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import babel
import pytest

from brief import i18n
from brief.errors import Severity
from brief.i18n import (
    Catalogue,
    catalogue_names,
    check_date_format,
    check_language,
    format_date,
    format_datetime,
    format_number,
    has_time,
    list_glue,
    load_catalogue,
    locale_of,
    shipped_languages,
)
from brief.paths import theme_dir

THEME = theme_dir()
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


def po(folder: Path, name: str, body: str, header: str = HEADER) -> Path:
    path = folder / "locales" / f"{name}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
    return path


def load(language: str, site: Path) -> Catalogue:
    return load_catalogue(language, [site, THEME], site)


# Languages


def test_the_theme_ships_six_languages() -> None:
    assert shipped_languages() == ("ar", "de", "en", "fr", "ru", "uk")


@pytest.mark.parametrize(
    ("written", "tag"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("de", "de"),
        ("pt-BR", "pt-BR"),
        ("pt_BR", "pt-BR"),
        ("pt-br", "pt-BR"),
        ("sr_latn", "sr-Latn"),
        ("zh-Hant-TW", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("ukr", "uk"),  # an alias CLDR knows is written as the one code
        ("iw", "he"),
        ("sw", "sw"),
    ],
)
def test_a_language_is_any_cldr_locale_written_as_bcp47(written: str, tag: str) -> None:
    assert check_language(written) == (tag, "")


THEIRS = "use a language code such as en, de or pt-BR (the theme has catalogues for ar, de, en, fr, ru, uk)"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("klingon", None),  # CLDR names it, but has no locale for it
        ("en_XX", "en"),  # the language is known, the region is not
        ("de-QQ", "de"),
        ("German", "de"),
        ("Deutsch", "de"),
        ("Ukranian", "uk"),
        ("swahili", "sw"),
        ("C", None),
        ("und", None),
        ("root", None),
        ("", None),
        ("en-US-x-private", "en"),
    ],
)
def test_an_unknown_language_is_refused_with_a_suggestion(written: str, hint: str | None) -> None:
    tag, message = check_language(written)
    assert tag == ""
    expected = f"unknown language '{written}': {THEIRS}"
    assert message == expected + (f"; did you mean '{hint}'?" if hint else "")


def test_file_names_looked_for_go_from_specific_to_general() -> None:
    assert catalogue_names("pt-BR") == ["pt_BR", "pt"]
    assert catalogue_names("zh-TW") == ["zh_TW", "zh_Hant_TW", "zh_Hant", "zh"]
    assert catalogue_names("en") == ["en"]


# Catalogues


def test_the_theme_catalogues_load_without_problems(tmp_path: Path) -> None:
    for language in shipped_languages():
        words = load(language, tmp_path)
        assert words.problems == (), language
        assert words.files == (f"{THEME / 'locales' / language}.po",)


def test_a_site_string_wins_and_every_other_string_stays_the_themes(tmp_path: Path) -> None:
    po(tmp_path, "de", 'msgid "Latest news"\nmsgstr "Das Neueste"\n')
    words = load("de", tmp_path)
    assert words.gettext("Latest news") == "Das Neueste"
    assert words.gettext("Topics") == "Themen"  # the theme's
    assert words.files == ("locales/de.po", f"{THEME}/locales/de.po")
    assert words.problems == ()


def test_plural_forms_are_overridden_form_by_form(tmp_path: Path) -> None:
    po(
        tmp_path,
        "uk",
        'msgid "%(num)s article"\nmsgid_plural "%(num)s articles"\n'
        'msgstr[0] "%(num)s матеріал"\nmsgstr[1] ""\nmsgstr[2] "%(num)s матеріалів"\n',
    )
    words = load("uk", tmp_path)
    assert words.ntext("%(num)s article", "%(num)s articles", 1) == "1 матеріал"
    assert words.ntext("%(num)s article", "%(num)s articles", 3) == "3 статті"  # the theme's
    assert words.ntext("%(num)s article", "%(num)s articles", 5) == "5 матеріалів"


def test_a_regional_language_reads_its_own_file_then_the_languages(tmp_path: Path) -> None:
    po(tmp_path, "de_AT", 'msgid "Latest news"\nmsgstr "Aktuelles aus Österreich"\n')
    words = load("de-AT", tmp_path)
    assert words.gettext("Latest news") == "Aktuelles aus Österreich"
    assert words.gettext("Topics") == "Themen"  # de.po of the theme
    assert words.language == "de-AT" and str(words.locale) == "de_AT"
    assert load("en-GB", tmp_path).files == (f"{THEME}/locales/en.po",)


def test_untranslated_and_fuzzy_strings_fall_back(tmp_path: Path) -> None:
    po(
        tmp_path,
        "de",
        'msgid "Topics"\nmsgstr ""\n\n#, fuzzy\nmsgid "Latest news"\nmsgstr "Geraten"\n\n'
        'msgid "Not in the theme"\nmsgstr ""\n',
    )
    words = load("de", tmp_path)
    assert words.gettext("Topics") == "Themen"
    assert words.gettext("Latest news") == "Aktuelle Nachrichten"
    assert words.gettext("Not in the theme") == "Not in the theme"


def test_contexts_keep_equal_msgids_apart(tmp_path: Path) -> None:
    words = load("ar", tmp_path)
    assert words.pgettext("list separator", ", ") == "، "
    assert words.gettext(", ") == ", "


def test_a_language_without_a_catalogue_shows_english_with_a_warning(tmp_path: Path) -> None:
    words = load("sw", tmp_path)
    assert words.gettext("Latest news") == "Latest news"
    assert words.ntext("%(num)s article", "%(num)s articles", 2) == "2 articles"
    assert [(p.path, p.severity, p.message) for p in words.problems] == [
        (
            "site.yaml",
            Severity.WARNING,
            "no catalogue for language 'sw' (Swahili): pages show the theme's English strings; "
            "to translate them, copy the theme's locales/en.po to layouts/locales/sw.po and "
            "write each msgstr in Swahili",
        )
    ]
    assert load("en-AU", tmp_path).problems == ()


def test_a_broken_catalogue_is_an_error_at_its_line(tmp_path: Path) -> None:
    po(tmp_path, "de", 'msgid "Topics"\nmsgstr "Themen"\n\nmsgid "Latest\n')
    problems = load("de", tmp_path).problems
    assert [(p.path, p.line, p.severity) for p in problems] == [
        ("locales/de.po", 8, Severity.ERROR)
    ]
    assert problems[0].message.startswith("catalogue: ")


def test_a_translation_with_a_placeholder_of_its_own_is_not_used(tmp_path: Path) -> None:
    po(
        tmp_path,
        "de",
        'msgid "Page %(num)s of %(total)s"\nmsgstr "Seite %(nummer)s von %(total)s"\n\n'
        'msgid "Topics"\nmsgstr "100% Themen"\n',
    )
    words = load("de", tmp_path)
    assert words.text("Page %(num)s of %(total)s", num=2, total=3) == "Seite 2 von 3"
    assert words.gettext("Topics") == "Themen"
    assert [(p.line, p.severity) for p in words.problems] == [
        (5, Severity.WARNING),
        (8, Severity.WARNING),
    ]
    assert "'Seite %(nummer)s von %(total)s'" in words.problems[0].message
    assert "write %% for a percent sign" in words.problems[1].message


def test_plural_forms_that_disagree_with_cldr_are_warned_about(tmp_path: Path) -> None:
    header = HEADER.replace('\\n"\n\n', '\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
    po(tmp_path, "uk", 'msgid "Topics"\nmsgstr "Рубрики"\n', header=header)
    words = load("uk", tmp_path)
    assert words.gettext("Topics") == "Рубрики"
    assert [p.message for p in words.problems] == [
        "catalogue: Plural-Forms declares 2 forms, and CLDR's rule for 'uk' has 3: nplurals=3; "
        "plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
        "(n % 100 < 12 || n % 100 > 14) ? 1 : 2;"
    ]


def test_a_catalogue_that_is_a_symlink_out_of_its_folder_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.po"
    outside.write_text(HEADER + 'msgid "Topics"\nmsgstr "leaked"\n', encoding="utf-8")
    site = tmp_path / "layouts"
    (site / "locales").mkdir(parents=True)
    (site / "locales" / "de.po").symlink_to(outside)
    words = load_catalogue("de", [site, THEME], tmp_path)
    assert words.gettext("Topics") == "Themen"
    assert words.files == (f"{THEME}/locales/de.po",)


def test_a_catalogue_is_kept_while_its_files_are_unchanged(tmp_path: Path) -> None:
    path = po(tmp_path, "de", 'msgid "Topics"\nmsgstr "Rubriken"\n')
    first = load("de", tmp_path)
    assert load("de", tmp_path) is first
    path.write_text(HEADER + 'msgid "Topics"\nmsgstr "Sachgebiete"\n', encoding="utf-8")
    second = load("de", tmp_path)
    assert second is not first and second.gettext("Topics") == "Sachgebiete"
    assert second.digest != first.digest


# Plural forms: CLDR's rules


@pytest.mark.parametrize(
    ("language", "counts"),
    [
        ("en", {1: "1 article", 2: "2 articles", 0: "0 articles"}),
        ("de", {1: "1 Artikel", 2: "2 Artikel"}),
        ("fr", {0: "0 article", 1: "1 article", 2: "2 articles", 1000000: "1 000 000 d’articles"}),
        (
            "uk",
            {1: "1 стаття", 3: "3 статті", 5: "5 статей", 11: "11 статей", 21: "21 стаття",
             22: "22 статті", 112: "112 статей", 1234: "1 234 статті"},
        ),
        ("ru", {1: "1 статья", 4: "4 статьи", 25: "25 статей", 101: "101 статья"}),
        (
            "ar",
            {0: "0 مقال", 1: "مقال واحد", 2: "مقالان", 3: "3 مقالات", 11: "11 مقالًا",
             100: "100 مقال"},
        ),
    ],
)  # fmt: skip
def test_counts_take_the_plural_form_cldr_gives(
    tmp_path: Path, language: str, counts: dict[int, str]
) -> None:
    words = load(language, tmp_path)
    for n, text in counts.items():
        assert (
            words.ntext("%(num)s article", "%(num)s articles", n)
            .replace("\u202f", " ")
            .replace("\xa0", " ")
            == text
        ), n


@pytest.mark.parametrize("language", ["en", "de", "fr", "uk", "ru", "ar", "pt", "ja", "pl"])
def test_plural_index_and_cldr_category_go_together(language: str, tmp_path: Path) -> None:
    """Babel's gettext form of the rules, which picks the msgstr[i], agrees with its CLDR
    plural categories: each form stands for one category, for every count."""
    words = load_catalogue(language, [], tmp_path)
    locale = locale_of(language)
    pairs = {(words.plural_index(n), locale.plural_form(n)) for n in range(0, 2000)}
    assert len({i for i, _ in pairs}) == len(pairs) == len({c for _, c in pairs})


# Dates, times, numbers, lists


FEB_28 = dt.datetime(2022, 2, 28, 14, 30, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("language", "fmt", "text"),
    [
        ("en", "long", "February 28, 2022"),
        ("en-GB", "long", "28 February 2022"),
        ("de", "long", "28. Februar 2022"),
        ("uk", "long", "28 лютого 2022\u202fр."),
        ("ru", "long", "28 февраля 2022\u202fг."),
        ("fr", "long", "28 février 2022"),
        ("ar", "long", "28 فبراير 2022"),
        ("de", "short", "28.02.22"),
        ("de", "full", "Montag, 28. Februar 2022"),
        ("de", "d. MMMM y", "28. Februar 2022"),
        ("pt-BR", "d 'de' MMMM 'de' y", "28 de fevereiro de 2022"),
    ],
)
def test_dates_are_written_by_cldr_in_the_language(language: str, fmt: str, text: str) -> None:
    assert format_date(FEB_28, locale_of(language), fmt, BERLIN) == text


def test_a_date_is_the_one_of_the_site_timezone() -> None:
    late = dt.datetime(2022, 2, 28, 23, 30, tzinfo=dt.UTC)
    assert format_date(late, locale_of("en-GB"), "long", BERLIN) == "1 March 2022"
    assert format_date(late, locale_of("en-GB"), "long", dt.UTC) == "28 February 2022"


@pytest.mark.parametrize(
    ("language", "fmt", "text"),
    [
        ("en-GB", "long", "28 February 2022, 14:30"),
        ("en", "long", "February 28, 2022, 2:30\u202fPM"),
        ("de", "long", "28. Februar 2022, 14:30"),
        ("uk", "long", "28 лютого 2022\u202fр., 14:30"),
        ("ar", "long", "28 فبراير 2022، 2:30 م"),
        ("de", "d. MMMM", "28. Februar, 14:30"),
    ],
)
def test_a_time_of_day_is_joined_to_the_date_as_the_language_joins_them(
    language: str, fmt: str, text: str
) -> None:
    assert format_datetime(FEB_28, locale_of(language), fmt, BERLIN) == text


def test_midnight_in_the_site_timezone_counts_as_no_time() -> None:
    assert not has_time(dt.datetime(2022, 2, 28, tzinfo=BERLIN), BERLIN)
    assert has_time(dt.datetime(2022, 2, 28, 0, 1, tzinfo=BERLIN), BERLIN)
    # midnight in UTC is one o'clock in Berlin: a time of day there
    assert has_time(dt.datetime(2022, 2, 28, tzinfo=dt.UTC), BERLIN)
    assert not has_time(dt.date(2022, 2, 28), BERLIN)


def test_numbers_and_lists_as_the_language_writes_them() -> None:
    assert format_number(1234567, locale_of("de")) == "1.234.567"
    assert format_number(1234567, locale_of("en")) == "1,234,567"
    assert list_glue(1, locale_of("de")) == ["", ""]
    assert list_glue(2, locale_of("de")) == ["", " und ", ""]
    assert list_glue(3, locale_of("en")) == ["", ", ", ", and ", ""]
    assert list_glue(2, locale_of("uk")) == ["", " і ", ""]


def test_right_to_left_languages() -> None:
    rtl = {lang: load_catalogue(lang, [], Path(".")).direction for lang in ("ar", "he", "fa", "de")}
    assert rtl == {"ar": "rtl", "he": "rtl", "fa": "rtl", "de": "ltr"}


# date_format


@pytest.mark.parametrize("value", ["short", "medium", "long", "full", "d MMMM y", "dd.MM.y",
                                   "EEEE, d. MMMM y", "d 'de' MMMM 'de' y", "MMMM y", "y"])  # fmt: skip
def test_date_format_accepts_cldr_lengths_and_date_patterns(value: str) -> None:
    assert check_date_format(value) == (value, "")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "%-d %B %Y",
            "'date_format' takes a CLDR length (short, medium, long, full) or a CLDR pattern "
            "such as 'd MMMM y', not a strftime pattern; for '%-d %B %Y' write 'd MMMM y'",
        ),
        (
            "%d.%m.%Y",
            "'date_format' takes a CLDR length (short, medium, long, full) or a CLDR pattern "
            "such as 'd MMMM y', not a strftime pattern; for '%d.%m.%Y' write 'dd.MM.y'",
        ),
        (
            "%A, %d de %B",
            "'date_format' takes a CLDR length (short, medium, long, full) or a CLDR pattern "
            "such as 'd MMMM y', not a strftime pattern; for '%A, %d de %B' write "
            "'EEEE, dd' de 'MMMM'",
        ),
        (
            "%H:%M",
            "'date_format' takes a CLDR length (short, medium, long, full) or a CLDR pattern "
            "such as 'd MMMM y', not a strftime pattern",
        ),
        (
            "dd.mm.yyyy",
            "'date_format' shows dates only: 'm' is minutes in a CLDR pattern; the month is 'M' "
            "(MM: 02, MMMM: February), got 'dd.mm.yyyy'",
        ),
        (
            "d MMMM y HH:mm",
            "'date_format' shows dates only: 'H' is a field of the time of day, which dates do "
            "not have, got 'd MMMM y HH:mm'",
        ),
        (
            "d MMMM 'at' h",
            "'date_format' shows dates only: 'h' is a field of the time of day, which dates do "
            "not have, got 'd MMMM 'at' h'",
        ),
        (
            "d. MMMM o",
            "'date_format' shows dates only: 'o' is no CLDR date field (put literal text in "
            "quotes, e.g. 'de'), got 'd. MMMM o'",
        ),
        ("d 'of MMMM", "'date_format' has a quote that is never closed, got 'd 'of MMMM'"),
        (
            "'today'",
            "'date_format' must be short, medium, long, full or a CLDR pattern such as 'd MMMM y'",
        ),
        (
            "dddd",
            "'date_format' is no CLDR pattern Babel can write (Invalid length for field: "
            "'dddd'), got 'dddd'",
        ),
    ],
)
def test_date_format_refuses_what_cldr_would_not_write_as_meant(value: str, message: str) -> None:
    assert check_date_format(value) == ("", message)


def test_every_shipped_language_is_a_locale_babel_has() -> None:
    for language in shipped_languages():
        assert isinstance(locale_of(language), babel.Locale)
    assert i18n.SOURCE_LANGUAGE in shipped_languages()
