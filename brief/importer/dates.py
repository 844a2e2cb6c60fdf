"""Dates as other generators write them, and as brief's front-matter reads them back.

Jekyll hands dates to Ruby's `Time.parse` and Hugo to Go's parser, so posts hold forms
brief's YAML does not read as dates (`2013-05-06 02:12:52 +0200`); they are read here, kept
with the offset they were written with, and written back in a form brief reads as the same
moment.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from brief.content.fields import FIRST_YEAR, LAST_YEAR
from brief.yamlmap import describe

Moment = dt.date | dt.datetime
"""A date as a post gives it: a day, a naive time (read in a timezone later), or an aware one."""


_DAY = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_TIME = r"(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
_ZONE = r"(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)"
_WRITTEN = re.compile(_DAY + _TIME + r"\s*" + _ZONE + "?", re.IGNORECASE)
_LOOSE = re.compile(_DAY + _TIME + r"\b.*?(?:\s" + _ZONE + r")?", re.IGNORECASE)
"""A date and time, then words the import cannot read, then maybe a zone: Ruby's
`Time.parse` (Jekyll's) reads `2023-01-29 18:30:22 2023 -0800` so, and so does this,
saying what it made of it."""
TIME_FORMATS = "write it as 2022-02-28, 2022-02-28 14:30 or 2022-02-28 14:30:00 +01:00"


def read_moment(value: Any) -> tuple[Moment | None, str]:
    """A date from front-matter (YAML or TOML dates, or text such as Jekyll's
    `2013-05-06 02:12:52 +0200`), and "" - or, when there is none, why, or when it was read
    past words it could not, a note saying so."""
    note = ""
    if isinstance(value, str):
        found = _WRITTEN.fullmatch(value.strip())
        if found is None:
            found = _LOOSE.fullmatch(value.strip())
            if found is None:
                return None, TIME_FORMATS
            note = "read as {}"
        year, month, day, hour, minute, second, zone = found.groups()
        try:
            if hour is None:
                value = dt.date(int(year), int(month), int(day))
            else:
                value = dt.datetime(
                    int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
                )
                if zone is not None:
                    value = value.replace(tzinfo=_offset(zone))
        except ValueError as exc:
            return None, f"no such date ({exc})"
    if not isinstance(value, dt.date):
        return None, f"a date is needed, not {describe(value)}"
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return None, f"the year must be from {FIRST_YEAR} to {LAST_YEAR}"
    if isinstance(value, dt.datetime):
        value = value.replace(microsecond=0)
    return value, note.format(written(value)) if note else ""


def _offset(zone: str) -> dt.tzinfo:
    if zone.upper() in ("Z", "UTC", "GMT"):
        return dt.UTC
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return dt.timezone(dt.timedelta(minutes=-minutes if zone[0] == "-" else minutes))


def in_zone(moment: Moment | None, zone: zoneinfo.ZoneInfo | None) -> Moment | None:
    """A naive time given the old site's timezone, which the old site read it in."""
    if isinstance(moment, dt.datetime) and moment.tzinfo is None and zone is not None:
        return moment.replace(tzinfo=zone)
    return moment


def local(moment: Moment, zone: dt.tzinfo | None) -> dt.datetime:
    """`moment` as a time in `zone` (None: as written); a day is its midnight."""
    if not isinstance(moment, dt.datetime):
        return dt.datetime(moment.year, moment.month, moment.day, tzinfo=zone)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone) if zone is not None else moment


def written(moment: Moment) -> str:
    """`moment` as brief's front-matter reads it back: `2013-05-06`, `2013-05-06 14:30`,
    `2013-05-06 02:12:52+02:00`."""
    if not isinstance(moment, dt.datetime):
        return moment.isoformat()
    text = moment.strftime("%Y-%m-%d %H:%M" if moment.second == 0 else "%Y-%m-%d %H:%M:%S")
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
