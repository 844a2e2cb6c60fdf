"""The site's language: message catalogues, plural forms, and dates and numbers by CLDR.

Every string the theme shows and every page title is looked up by its English text (the
msgid) in gettext catalogues, `locales/<lang>.po` in the layout folders: the site's own
`layouts/locales/` first, string by string, over the bundled theme's. They are read with
Babel from the `.po` text itself; nothing is compiled. What a language means for dates,
numbers, plural forms and writing direction is CLDR's, through Babel.

A loaded catalogue is kept per language and file digests: the same files always give the
same catalogue, so keeping it is memoisation, not state.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as gnu
import hashlib
import io
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import babel
import babel.dates
import babel.lists
import babel.localedata
import babel.numbers
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po

from brief.errors import Problem, Severity, did_you_mean
from brief.paths import display_path, inside, theme_dir

if TYPE_CHECKING:
    from brief.config import SiteConfig

LOCALES = "locales"
"""The folder of a layout folder that holds its catalogues, `<lang>.po` each."""
SOURCE_LANGUAGE = "en"
"""The language of the msgids: a site in it needs no catalogue to read well."""
NAMED_FORMATS = ("short", "medium", "long", "full")
"""The lengths CLDR names for dates (`long`: 28 February 2022 in en-GB)."""
_LENGTHS: dict[str, Literal["short", "medium", "long", "full"]] = {
    "short": "short",
    "medium": "medium",
    "long": "long",
    "full": "full",
}


# --- languages ----------------------------------------------------------------------------


def shipped_languages() -> tuple[str, ...]:
    """The languages the bundled theme has a catalogue for (`ar`, `de`, `en`...)."""
    folder = theme_dir() / LOCALES
    return tuple(sorted(p.stem for p in folder.glob("*.po") if p.is_file()))


def _bcp47(value: str) -> str:
    """`value` spelt as BCP 47 writes it: `pt_br` -> `pt-BR`, `sr_latn` -> `sr-Latn`."""
    parts = re.split(r"[-_]", value)
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part)
    return "-".join(out)


@functools.lru_cache(maxsize=32)
def locale_of(language: str) -> babel.Locale:
    """The CLDR locale of a language tag that `check_language` accepted."""
    return babel.Locale.parse(language.replace("-", "_"))


def right_to_left(language: str) -> bool:
    """Whether CLDR writes the language right to left (pages get `dir="rtl"`)."""
    return locale_of(language).character_order == "right-to-left"


def check_language(value: str) -> tuple[str, str]:
    """`value` as a BCP 47 tag (`pt_BR` and `pt-br` give `pt-BR`), or "" and why not.

    A language is any CLDR locale; a suggestion is made from the theme's languages and, for
    a language written out (`German`), from CLDR's names of languages."""
    tag = _bcp47(value.strip())
    primary = tag.split("-")[0]
    known = shipped_languages()
    if re.fullmatch(r"[a-z]{2,3}", primary) and primary not in ("und", "root"):
        try:
            locale = locale_of(tag)
        except (ValueError, babel.UnknownLocaleError):
            pass
        else:
            # An alias CLDR knows (`ukr`, `iw`) is written as its one code (`uk`, `he`).
            return "-".join([locale.language, *tag.split("-")[1:]]), ""
    hint = _suggest(value.strip(), tag, known)
    return "", (
        f"unknown language '{value}': use a language code such as en, de or pt-BR (the theme "
        f"has catalogues for {', '.join(known)})" + (f"; did you mean '{hint}'?" if hint else "")
    )


def _suggest(value: str, tag: str, known: Sequence[str]) -> str | None:
    primary = tag.split("-")[0]
    if "-" in tag and primary in babel.Locale("en").languages:
        return primary  # `en-XX`: the language is fine, the region is not
    english = babel.Locale("en").languages
    every = {n.casefold(): c for c, n in english.items() if babel.localedata.exists(c)}
    if value.casefold() in every:  # `Swahili`
        return str(every[value.casefold()])
    # The theme's languages by code, English name and own name (`Deutsch`), misspelt too.
    names = {code: code for code in known}
    for code in known:
        for name in (english.get(code), babel.Locale.parse(code).get_display_name(code)):
            if name:
                names[name.casefold()] = code
    close = did_you_mean(value.casefold(), list(names))
    return names[close] if close else None


# --- catalogues -----------------------------------------------------------------------------

Messages = Mapping[tuple[str, str], tuple[str, ...]]
"""(context or "", msgid) -> the translation, one form per plural form (one for a plain
string); an empty form was not translated."""


@dataclass(frozen=True, eq=False)
class Catalogue:
    """The strings of one language for one site, with its CLDR locale."""

    language: str
    """The BCP 47 tag, as `<html lang>` carries it."""
    locale: babel.Locale
    messages: Messages
    files: tuple[str, ...]
    """The catalogues read, as shown in messages, in the order they win."""
    digest: str
    """Of the language and every catalogue read: what a page's strings depend on."""
    problems: tuple[Problem, ...] = ()

    @property
    def rtl(self) -> bool:
        """The language is written right to left (Arabic, Hebrew, Persian, Urdu...)."""
        return right_to_left(self.language)

    @property
    def direction(self) -> str:
        """`rtl` or `ltr`, for the `dir` attribute."""
        return "rtl" if self.rtl else "ltr"

    def gettext(self, message: str) -> str:
        return self._find("", message, message, 0)

    def pgettext(self, context: str, message: str) -> str:
        return self._find(context, message, message, 0)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._find("", singular, singular if n == 1 else plural, self.plural_index(n))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._find(context, singular, singular if n == 1 else plural, self.plural_index(n))

    def plural_index(self, n: int) -> int:
        """Which plural form CLDR's rules of the language give `n` (Babel's gettext form of
        them, the one `pybabel init` writes into a catalogue's Plural-Forms)."""
        return self._plural(n)

    @functools.cached_property
    def _plural(self) -> Callable[[int], int]:
        # `str(locale)` alone took a tenth of an article page's time, asked for every count
        return _plural_rule(str(self.locale))

    def text(self, message: str, /, **values: object) -> str:
        """The translation with its `%(name)s` placeholders filled, as templates' `_()`
        does (so `%%` is a percent sign in both)."""
        return self.gettext(message) % values

    def ntext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The plural form for `n`, filled; `%(num)s` is `n` written in the language."""
        values.setdefault("num", self.number(n))
        return self.ngettext(singular, plural, n) % values

    def number(self, n: float) -> str:
        """`n` as the language writes numbers."""
        return format_number(n, self.locale)

    def _find(self, context: str, message: str, fallback: str, form: int) -> str:
        forms = self.messages.get((context, message))
        if forms and form < len(forms) and forms[form]:
            return forms[form]
        return fallback


@functools.lru_cache(maxsize=32)
def _plural_rule(locale: str) -> Callable[[int], int]:
    rule: Callable[[int], int] = gnu.c2py(get_plural(locale).plural_expr)
    return rule


def catalogue_folders(config: SiteConfig) -> list[Path]:
    """The layout folders, the site's own first: the same as `render.theme.layout_dirs`."""
    unique: list[Path] = []
    for d in (config.layouts_dir, theme_dir()):
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def catalogue_names(language: str) -> list[str]:
    """The file names (without `.po`) looked for, most specific first: `pt-BR` reads
    `pt_BR.po`, then `pt.po`."""
    names = [language.replace("-", "_")]
    parts = str(locale_of(language)).split("_")
    names += ["_".join(parts[:i]) for i in range(len(parts), 0, -1)]
    return list(dict.fromkeys(names))


def catalogue(config: SiteConfig) -> Catalogue:
    """The site's catalogue for its language (see `load_catalogue`).

    Asked for by every page plan, feed and redirect page, so a build of a site with a
    thousand feeds would read and digest the same files a thousand times: the answer is
    kept while no catalogue file's stat changed, and files changed in the last two seconds
    (where a second edit could keep size and mtime) are always read again."""
    folders = catalogue_folders(config)
    stats: list[tuple[str, int, int, int]] = []
    settled = time.time_ns() - RACY_NS
    for folder in folders:
        for name in catalogue_names(config.language):
            try:
                st = os.stat(folder / LOCALES / f"{name}.po")
            except OSError:
                continue
            if st.st_mtime_ns >= settled:
                return load_catalogue(config.language, folders, config.root)
            stats.append((str(folder / LOCALES / name), st.st_mtime_ns, st.st_size, st.st_ino))
    key = (config.language, config.root, tuple(folders), tuple(stats))
    known = _BY_STAT.get(key)
    if known is None:
        known = _BY_STAT[key] = load_catalogue(config.language, folders, config.root)
        while len(_BY_STAT) > _KEEP:
            del _BY_STAT[next(iter(_BY_STAT))]
    return known


RACY_NS = 2_000_000_000
_BY_STAT: dict[tuple[object, ...], Catalogue] = {}


_LOADED: dict[tuple[object, ...], Catalogue] = {}
_KEEP = 16


def load_catalogue(language: str, folders: Sequence[Path], root: Path) -> Catalogue:
    """The catalogue of `language` from `folders/locales/`, the first folder's strings over
    the next's, the most specific language first within each (`pt_BR.po`, then `pt.po`).

    Only regular files inside their folder are read (a symlink that leads out is skipped;
    the layout listing warns about it). Problems of the files come with the catalogue:
    errors for a file that cannot be read as a catalogue, warnings for strings that cannot
    be used and for a language without any catalogue."""
    found: list[tuple[Path, bytes]] = []
    for folder in folders:
        for name in catalogue_names(language):
            data = _read(folder / LOCALES / f"{name}.po", folder)
            if data is not None:
                found.append((folder / LOCALES / f"{name}.po", data))
    digests = tuple(
        (display_path(p, root), hashlib.blake2b(d, digest_size=16).hexdigest()) for p, d in found
    )
    key = (language, digests)
    known = _LOADED.pop(key, None) or _parse(language, found, digests, root)
    _LOADED[key] = known
    while len(_LOADED) > _KEEP:
        del _LOADED[next(iter(_LOADED))]
    return known


def _read(path: Path, folder: Path) -> bytes | None:
    if not (path.exists() or path.is_symlink()) or not inside(path, folder) or not path.is_file():
        return None
    return path.read_bytes()


def _parse(
    language: str,
    found: list[tuple[Path, bytes]],
    digests: tuple[tuple[str, str], ...],
    root: Path,
) -> Catalogue:
    locale = locale_of(language)
    problems: list[Problem] = []
    merged: dict[tuple[str, str], list[str]] = {}
    for path, data in found:
        shown = display_path(path, root)
        for key, forms in _messages(data, shown, str(locale), problems).items():
            have = merged.setdefault(key, [])
            have.extend([""] * (len(forms) - len(have)))
            for i, form in enumerate(forms):
                have[i] = have[i] or form  # an earlier file's string wins, form by form
    if not found and locale.language != SOURCE_LANGUAGE:
        problems.append(_no_catalogue(language, locale))
    whole = hashlib.blake2b(repr((language, digests)).encode(), digest_size=16).hexdigest()
    return Catalogue(
        language=language,
        locale=locale,
        messages={k: tuple(v) for k, v in merged.items()},
        files=tuple(shown for shown, _ in digests),
        digest=whole,
        problems=tuple(problems),
    )


def _no_catalogue(language: str, locale: babel.Locale) -> Problem:
    name = catalogue_names(language)[0]
    return Problem(
        "site.yaml",
        None,
        None,
        f"no catalogue for language '{language}' ({locale.english_name}): pages show the "
        f"theme's English strings; to translate them, copy the theme's locales/en.po to "
        f"layouts/locales/{name}.po and write each msgstr in {locale.english_name}",
        severity=Severity.WARNING,
    )


_PLACEHOLDER = re.compile(r"%(?:%|\((\w+)\)[sd])|(%)")
"""`%(name)s` and `%%`, what templates' `_()` understands; a lone `%` is a mistake."""
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def _names(text: str) -> tuple[set[str], bool]:
    """The placeholder names in `text`, and whether it has a stray `%`."""
    names, stray = set(), False
    for m in _PLACEHOLDER.finditer(text):
        if m.group(1):
            names.add(m.group(1))
        stray = stray or m.group(2) is not None
    return names, stray


def _messages(
    data: bytes, shown: str, locale: str, problems: list[Problem]
) -> dict[tuple[str, str], tuple[str, ...]]:
    """The translated strings of one `.po` file; what cannot be used goes to `problems`."""
    try:
        parsed = read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]
        problems.append(Problem(shown, exc.lineno + 1, None, f"catalogue: {message}"))
        return {}
    except (UnicodeDecodeError, LookupError) as exc:
        problems.append(
            Problem(shown, None, None, f"catalogue: cannot be read ({exc}); save it as UTF-8")
        )
        return {}
    declared = _NPLURALS.search(dict(parsed.mime_headers).get("Plural-Forms", ""))
    rule = get_plural(locale)
    if declared and int(declared.group(1)) != rule.num_plurals:
        problems.append(
            Problem(
                shown,
                None,
                None,
                f"catalogue: Plural-Forms declares {declared.group(1)} forms, and CLDR's rule "
                f"for '{locale}' has {rule.num_plurals}: nplurals={rule.num_plurals}; "
                f"plural={rule.plural_expr};",
                severity=Severity.WARNING,
            )
        )
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for m in parsed:
        if not m.id or m.fuzzy:
            continue  # the header; and a fuzzy string is a guess, which gettext never shows
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        forms = (m.string,) if isinstance(m.string, str) else tuple(m.string or ())
        if not any(forms):
            continue
        allowed = set().union(*(_names(i)[0] for i in ids)) | ({"num"} if len(ids) > 1 else set())
        bad = next((f for f in forms if _names(f)[1] or not _names(f)[0] <= allowed), None)
        if bad is not None:
            problems.append(
                Problem(
                    shown,
                    m.lineno,
                    None,
                    f"catalogue: the translation of '{ids[0]}' has a placeholder the msgid "
                    f"has not, or a lone '%' (write %% for a percent sign): '{bad}'; the "
                    "English is shown instead",
                    severity=Severity.WARNING,
                )
            )
            continue
        out[(m.context or "", ids[0])] = forms
    return out


# --- dates and numbers ----------------------------------------------------------------------


def format_date(value: dt.datetime | dt.date, locale: babel.Locale, fmt: str, tz: dt.tzinfo) -> str:
    """The date of `value` in the site timezone, as `fmt` (a CLDR length or pattern) writes
    it in the language: `long` is "28. Februar 2022" in German."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(tz).date()
    return _format_day(value, fmt, locale)


@functools.lru_cache(maxsize=1 << 14)
def _format_day(day: dt.date, fmt: str, locale: babel.Locale) -> str:
    # Memoised by day: a desk publishes a dozen stories a day, and Babel takes some 50 µs
    return str(babel.dates.format_date(day, fmt, locale=locale))


def format_skeleton(value: dt.date, skeleton: str, locale: babel.Locale) -> str:
    """`value` as CLDR's pattern for `skeleton` writes it in the language: `yMMMM` is
    "February 2022", "Februar 2022", "февраль 2022 г." (the month standing alone, not
    in the genitive of a full date); `y` is the year alone."""
    return str(babel.dates.format_skeleton(skeleton, value, locale=locale))


def format_datetime(value: dt.datetime, locale: babel.Locale, fmt: str, tz: dt.tzinfo) -> str:
    """The date as `format_date` writes it and the time of day (CLDR's short time, in the
    site timezone), joined as the language joins them: "28 February 2022, 14:30"."""
    local = value.astimezone(tz)
    return _joined(
        _format_day(local.date(), fmt, locale), _format_time(local.time(), locale), fmt, locale
    )


@functools.lru_cache(maxsize=1 << 12)
def _format_time(time: dt.time, locale: babel.Locale) -> str:
    # Memoised: stories are published at a few hundred times of day
    return str(babel.dates.format_time(time, "short", locale=locale))


def _joined(date: str, time: str, fmt: str, locale: babel.Locale) -> str:
    glue = _datetime_glue(_LENGTHS.get(fmt, "medium"), locale)
    # As Babel's own format_datetime joins them: quotes in the glue mark literal text.
    return glue.replace("{0}", time).replace("{1}", date)


@functools.lru_cache(maxsize=64)
def _datetime_glue(length: Literal["short", "medium", "long", "full"], locale: babel.Locale) -> str:
    return str(babel.dates.get_datetime_format(length, locale=locale)).replace("'", "")


def has_time(value: dt.datetime | dt.date, tz: dt.tzinfo) -> bool:
    """Whether `value` says a time of day: a date given alone is read as midnight in the site
    timezone, so exactly midnight there counts as no time."""
    return isinstance(value, dt.datetime) and value.astimezone(tz).time() != dt.time(0, 0)


@functools.lru_cache(maxsize=4096)
def format_number(n: float, locale: babel.Locale) -> str:
    """A number as the language writes it: 1,234 in English, 1.234 in German. Memoised:
    pages ask for the same few counts again and again (reading times, page numbers)."""
    return babel.numbers.format_decimal(n, locale=locale)


def list_glue(n: int, locale: babel.Locale) -> list[str]:
    """What goes before, between and after `n` items of a list as the language joins them
    ("A, B and C", "A, B und C"): `n + 1` pieces of text, for items that are markup."""
    return list(_list_glue(n, locale))


@functools.lru_cache(maxsize=256)
def _list_glue(n: int, locale: babel.Locale) -> tuple[str, ...]:
    # Memoised: every byline and every credits page entry asks, mostly for 1 to 3 items.
    if n <= 0:
        return ("",)
    marks = [f"\ue000{i}\ue001" for i in range(n)]
    return tuple(re.split("\ue000\\d+\ue001", babel.lists.format_list(marks, locale=locale)))


# --- date_format ------------------------------------------------------------------------------

_DATE_FIELDS = frozenset("GyYuQqMLwWdDFgEec")
"""CLDR pattern letters of a date (era, year, quarter, month, week, day, weekday)."""
_TIME_FIELDS = frozenset("abBhHKkmsSAzZOvVxX")
"""CLDR pattern letters of a time of day and its zone."""
_STRFTIME = {
    "%d": "dd",
    "%-d": "d",
    "%e": "d",
    "%B": "MMMM",
    "%b": "MMM",
    "%h": "MMM",
    "%m": "MM",
    "%-m": "M",
    "%Y": "y",
    "%y": "yy",
    "%A": "EEEE",
    "%a": "EEE",
    "%j": "DDD",
}


def check_date_format(value: str) -> tuple[str, str]:
    """`value` if it is a CLDR date length or a CLDR date pattern, or "" and why not."""
    if value in NAMED_FORMATS:
        return value, ""
    lengths = ", ".join(NAMED_FORMATS)
    if "%" in value:
        same = _from_strftime(value)
        instead = f"; for '{value}' write '{same}'" if same else ""
        return "", (
            f"'date_format' takes a CLDR length ({lengths}) or a CLDR pattern such as "
            f"'d MMMM y', not a strftime pattern{instead}"
        )
    letters = _unquoted_letters(value)
    if letters is None:
        return "", f"'date_format' has a quote that is never closed, got '{value}'"
    for ch in letters:
        if ch in _DATE_FIELDS:
            continue
        if ch == "m":
            why = "'m' is minutes in a CLDR pattern; the month is 'M' (MM: 02, MMMM: February)"
        elif ch in _TIME_FIELDS:
            why = f"'{ch}' is a field of the time of day, which dates do not have"
        else:
            why = f"'{ch}' is no CLDR date field (put literal text in quotes, e.g. 'de')"
        return "", f"'date_format' shows dates only: {why}, got '{value}'"
    if not letters:
        return "", f"'date_format' must be {lengths} or a CLDR pattern such as 'd MMMM y'"
    try:
        babel.dates.format_date(dt.date(2022, 2, 28), value, locale="en")
    except (ValueError, KeyError, AttributeError) as exc:
        return "", f"'date_format' is no CLDR pattern Babel can write ({exc}), got '{value}'"
    return value, ""


def _unquoted_letters(pattern: str) -> str | None:
    """The ASCII letters of `pattern` outside quotes (CLDR reserves all of them), or None if
    a quote is left open. `''` is a quote character, in or out of quotes."""
    letters, quoted, i = [], False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            if pattern.startswith("''", i):
                i += 2
                continue
            quoted = not quoted
        elif not quoted and ch.isascii() and ch.isalpha():
            letters.append(ch)
        i += 1
    return None if quoted else "".join(letters)


def _from_strftime(value: str) -> str | None:
    """The CLDR pattern that writes what the strftime pattern `value` writes, if one can be
    said for all its directives."""
    out: list[str] = []
    for piece in re.split(r"(%-?[A-Za-z%])", value):
        if piece.startswith("%") and len(piece) > 1:
            if piece == "%%":
                out.append("%")
            elif piece in _STRFTIME:
                out.append(_STRFTIME[piece])
            else:
                return None
        elif piece:
            text = piece.replace("'", "''")
            out.append(f"'{text}'" if re.search(r"[A-Za-z]", piece) else text)
    return "".join(out)
