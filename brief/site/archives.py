"""The date archives: every year, month and day with published articles, and what each
of their pages shows.

Archives are always at `/YYYY/`, `/YYYY/MM/` and `/YYYY/MM/DD/` (the daily edition),
whatever the permalink: a reader can cut any article's address back to its day, month or
year under the default permalink, and the paths stay the same when a site changes its
permalink. Where an article's URL would take one of these paths (`/{slug}/` and an article
slugged `2022`), the plan's collision check names both.

Pure and linear: `edition.articles` is newest first, so each period's articles are one run
of it, in its order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from brief.content.article import Article
from brief.i18n import Catalogue, format_date, format_skeleton
from brief.site import routes
from brief.site.edition import Edition

YEAR, MONTH, DAY = "year", "month", "day"
"""The levels of the archive."""
PER_PAGE = 100
"""Headlines on one archive page (or the site's `paginate`, if that is more): an archive is
a compact list of headlines, grouped by day, not a page of story cards."""


@dataclass(frozen=True)
class Period:
    """A year, month or day of the archive as pages link it: where, its name in the site's
    language ("2022", "February 2022", "February 28, 2022") and how many stories it has."""

    level: str
    """`year`, `month` or `day`."""
    start: dt.date
    """Its first day (the day itself for a day)."""
    url: str
    name: str
    count: int


@dataclass(frozen=True)
class Archive:
    """One period with its stories and its place among the others."""

    period: Period
    articles: tuple[Article, ...]
    """Newest first."""
    parts: tuple[Period, ...]
    """The months of a year, the days of a month (newest first); none for a day."""
    earlier: Period | None
    """The period of the same length before it that has stories."""
    later: Period | None
    day_of: tuple[Period, ...]
    """The day of each of `articles`, in their order."""


@dataclass(frozen=True)
class DayGroup:
    """One day's run of an archive page's stories: `articles[start:stop]` of the page."""

    period: Period
    start: int
    stop: int


def day_groups(days: tuple[Period, ...]) -> tuple[DayGroup, ...]:
    """The runs of one day in `days` (the day of each story of a page, in its order)."""
    groups, start = [], 0
    for day, run in groupby(days):
        stop = start + sum(1 for _ in run)
        groups.append(DayGroup(day, start, stop))
        start = stop
    return tuple(groups)


def archives(edition: Edition, words: Catalogue) -> list[Archive]:
    """Every year, then every month, then every day with stories, each newest first."""
    tz = edition.config.tz
    dated = [(a.date.astimezone(tz).date(), a) for a in edition.articles]
    runs = {
        YEAR: _runs(dated, lambda d: d.replace(month=1, day=1)),
        MONTH: _runs(dated, lambda d: d.replace(day=1)),
        DAY: _runs(dated, lambda d: d),
    }
    periods = {
        level: [_period(level, start, len(items), words, tz) for start, items in found]
        for level, found in runs.items()
    }
    # The parts of a period are those of the next level that start within it.
    parts: dict[tuple[str, dt.date], list[Period]] = {}
    for p in periods[MONTH]:
        parts.setdefault((YEAR, p.start.replace(month=1)), []).append(p)
    for p in periods[DAY]:
        parts.setdefault((MONTH, p.start.replace(day=1)), []).append(p)
    day_of = {}
    for p, (_, items) in zip(periods[DAY], runs[DAY], strict=True):
        day_of.update(dict.fromkeys(map(id, items), p))
    found: list[Archive] = []
    for level in (YEAR, MONTH, DAY):
        these = periods[level]
        for i, (start, items) in enumerate(runs[level]):
            found.append(
                Archive(
                    these[i],
                    items,
                    tuple(parts.get((level, start), ())),
                    these[i + 1] if i + 1 < len(these) else None,
                    these[i - 1] if i > 0 else None,
                    tuple(day_of[id(a)] for a in items),
                )
            )
    return found


def _period(level: str, start: dt.date, count: int, words: Catalogue, tz: dt.tzinfo) -> Period:
    if level == YEAR:
        return Period(
            level,
            start,
            routes.year_url(start.year),
            format_skeleton(start, "y", words.locale),
            count,
        )
    if level == MONTH:
        url = routes.month_url(start.year, start.month)
        return Period(level, start, url, format_skeleton(start, "yMMMM", words.locale), count)
    url = routes.day_url(start.year, start.month, start.day)
    return Period(level, start, url, format_date(start, words.locale, "long", tz), count)


def _runs(
    dated: list[tuple[dt.date, Article]], start_of: Callable[[dt.date], dt.date]
) -> list[tuple[dt.date, tuple[Article, ...]]]:
    """The articles grouped by the period `start_of` gives each date, newest first."""
    return [
        (start, tuple(a for _, a in group))
        for start, group in groupby(dated, key=lambda pair: start_of(pair[0]))
    ]
