"""The theme's catalogues against the strings the code asks for: every msgid the templates
(extracted the way `pybabel extract` reads Jinja) and the page planner use is in every
shipped catalogue, translated, with the same placeholders and markup; no catalogue holds
strings nothing asks for; and the `.po` files are all there is (nothing compiled)."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from brief.i18n import shipped_languages
from brief.render.hosting import MOVED
from tests.helpers import REPO

LAYOUTS = REPO / "layouts"
LOCALES = LAYOUTS / "locales"
PLANNER = [REPO / "brief" / "site" / "pages.py"]
"""Python that asks the catalogue for page titles, through `Catalogue.text`/`ntext`."""
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "text": None,
    "ntext": (1, 2),
}
RESERVED = {
    # Strings for pages and menus on their way (sections' and authors' extras, standalone
    # pages' menus): translated now so that they need no second pass.
    ("", "Menu"),
    ("", "Home"),
    ("", "All authors"),
    ("", "All topics"),
    ("", "Sections"),
    ("", "Articles by %(name)s"),
    ("", "More news"),
    ("", "More in %(section)s"),
    ("", "Contact"),
    ("", "About"),
    ("", "Corrections"),
}

Key = tuple[str, str]
"""(context or "", msgid)."""


def used() -> dict[Key, tuple[str, int, tuple[str, ...]]]:
    """Every string asked for: key -> (file, line, the msgid and plural as written)."""
    found: dict[Key, tuple[str, int, tuple[str, ...]]] = {}
    templates = sorted(p for p in LAYOUTS.rglob("*.html") if "static" not in p.parts)
    for path, method in [
        *((p, babel_extract) for p in templates),
        *((p, "python") for p in PLANNER),
    ]:
        with path.open("rb") as f:
            for line, message, _, context in extract(method, f, keywords=KEYWORDS):  # type: ignore[arg-type]
                ids = (message,) if isinstance(message, str) else tuple(message)
                rel = path.relative_to(REPO).as_posix()
                found.setdefault((context or "", ids[0]), (rel, line, ids))
    found.setdefault(("", MOVED), ("brief/render/hosting.py", 0, (MOVED,)))
    return found


def catalogue(language: str) -> dict[Key, tuple[tuple[str, ...], tuple[str, ...], int]]:
    """key -> (msgid and plural, msgstr forms, line) of the theme's catalogue."""
    with (LOCALES / f"{language}.po").open("rb") as f:
        parsed = read_po(f, locale=language.replace("-", "_"), abort_invalid=True)
    out = {}
    for m in parsed:
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        forms = (m.string,) if isinstance(m.string, str) else tuple(m.string or ())
        out[(m.context or "", ids[0])] = (ids, forms, m.lineno or 0)
    return out


def names(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


def tags(text: str) -> list[str]:
    return sorted(re.findall(r"</?\w+", text))


def test_the_templates_and_planner_ask_for_strings() -> None:
    asked = used()
    assert len(asked) >= 40
    assert ("", "Latest news") in asked and ("", "%(num)s article") in asked
    assert asked[("", "%(num)s article")][2] == ("%(num)s article", "%(num)s articles")
    assert ("list separator", ", ") in asked


def test_only_po_files_no_compiled_catalogues() -> None:
    assert sorted(p.name for p in LOCALES.iterdir()) == sorted(
        f"{lang}.po" for lang in shipped_languages()
    )
    assert list(REPO.glob("**/*.mo")) == []


@pytest.mark.parametrize("language", shipped_languages())
def test_every_string_asked_for_is_translated(language: str) -> None:
    have = catalogue(language)
    missing, empty, different = [], [], []
    for key, (where, line, ids) in sorted(used().items()):
        if key not in have:
            missing.append(f"{where}:{line}: {key[1]!r}")
            continue
        msgids, forms, _ = have[key]
        if msgids != ids:
            different.append(f"{where}:{line}: {ids} but the catalogue has {msgids}")
        if not all(forms):
            empty.append(f"{language}.po:{have[key][2]}: {key[1]!r}")
    assert (missing, empty, different) == ([], [], [])


@pytest.mark.parametrize("language", shipped_languages())
def test_no_catalogue_holds_strings_nothing_asks_for(language: str) -> None:
    stale = set(catalogue(language)) - set(used()) - RESERVED
    assert stale == set()


def test_every_catalogue_has_the_same_strings() -> None:
    keys = {language: set(catalogue(language)) for language in shipped_languages()}
    assert all(k == keys["en"] for k in keys.values())


def test_english_says_what_the_msgids_say() -> None:
    for (_, _), (ids, forms, line) in catalogue("en").items():
        assert forms == (ids if len(ids) > 1 else ids[:1]), f"en.po:{line}"


@pytest.mark.parametrize("language", shipped_languages())
def test_translations_keep_placeholders_and_markup(language: str) -> None:
    wrong = []
    for _, (ids, forms, line) in catalogue(language).items():
        wanted = set().union(*(names(i) for i in ids))
        if len(ids) == 1:
            ok = names(forms[0]) == wanted
        else:
            # A form for one or two may say the number in words (Arabic "مقال واحد"); the
            # last form, CLDR's "other", always has it.
            ok = all(names(f) <= wanted for f in forms) and names(forms[-1]) == wanted
        ok = ok and all(tags(f) == tags(ids[0]) for f in forms)
        ok = ok and all("%" not in re.sub(r"%\(\w+\)s|%%", "", f) for f in forms)
        if not ok:
            wrong.append(f"{language}.po:{line}: {forms}")
    assert wrong == []


@pytest.mark.parametrize("language", shipped_languages())
def test_plural_forms_header_is_cldrs(language: str) -> None:
    with (LOCALES / f"{language}.po").open("rb") as f:
        parsed = read_po(f)
    rule = get_plural(language)
    header = dict(parsed.mime_headers)
    assert header["Plural-Forms"] == f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"
    assert header["Language"] == language
    for _, (ids, forms, line) in catalogue(language).items():
        if len(ids) > 1:
            assert len(forms) == rule.num_plurals, f"{language}.po:{line}"


def test_no_template_has_english_outside_the_catalogue() -> None:
    """Text between tags in a template is either markup, an expression or a catalogue call:
    a sentence typed straight into a template would reach every language's pages."""
    text_between = re.compile(r">([^<>{}]*[A-Za-z]{2,}[^<>{}]*)<")
    said = re.compile(r'(?:aria-label|title|alt|placeholder)="([^"{}]*[A-Za-z][^"{}]*)"')
    found = []
    for path in sorted(p for p in LAYOUTS.rglob("*.html") if "static" not in p.parts):
        source = re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        source = re.sub(r"{{.*?}}|{%.*?%}", "", source, flags=re.DOTALL)
        for m in [*text_between.finditer(source), *said.finditer(source)]:
            found.append(f"{path.relative_to(REPO)}: {m.group(1).strip()!r}")
    assert found == []
