"""Editorial checks over the gathered site: ordered plain functions that return problems.

Each table is an ordered list of `(code, check)` pairs, in the manner of markdown-it's rule
lists: a new check is a function added to one of them, with a stable code that messages,
`brief check --format json` and site.yaml's `checks: {code: false}` use. Checks read what
parsing already found (`Article.body` holds every heading, link and image with its line), so
they never parse Markdown again; the runners stamp each problem with its check's code.

- `CHECKS` run in every build (`gather()` calls `run_checks`), so their warnings appear in
  `brief build` and `brief serve` alike. They must stay cheap: a look at each article.
- `EDITOR_CHECKS` are what an editor wants before publishing, and would be noise on every
  quick build (a note without tags is fine while it is being written): `brief check` only.
- `SITE_CHECKS` need the planned site (every page's path, which articles are published), a
  `links.Site`: `brief check` runs them after `gather()`. See `links` for what each costs.

Every check is on unless site.yaml turns it off; a code there that no check has is an
error in every build, with a did-you-mean.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from brief.checks.headings import check_top_headings
from brief.checks.licences import check_licences
from brief.checks.links import Site, check_anchors, check_links, check_unpublished
from brief.checks.metadata import (
    check_headline_length,
    check_summary_length,
    check_tags,
    check_updated,
)
from brief.config import CONFIG_NAME, SiteConfig
from brief.content.article import Article
from brief.errors import Problem, Severity, did_you_mean
from brief.yamlmap import MappingReader

Check = Callable[[Sequence[Article], SiteConfig], Iterable[Problem]]
"""Over every article read (drafts and future ones too)."""
SiteCheck = Callable[[Site, SiteConfig], Iterable[Problem]]
"""Over the planned site."""

# Severity and what each finds; the thresholds and rules are in each check's module.
CHECKS: list[tuple[str, Check]] = [
    ("h1-in-body", check_top_headings),  # warning: a `#` heading competes with the headline
    ("updated-before-date", check_updated),  # warning: `updated:` earlier than `date:`
]
EDITOR_CHECKS: list[tuple[str, Check]] = [
    ("no-tags", check_tags),  # warning: on no topic page
    ("headline-long", check_headline_length),  # warning: a title over 110 characters
    ("summary-long", check_summary_length),  # warning: a summary over 300 characters
    ("licence-nc-nd", check_licences),  # warning: NC/ND on a site not called non-commercial
]
SITE_CHECKS: list[tuple[str, SiteCheck]] = [
    ("broken-link", check_links),  # error: an internal link to no page of the site
    ("broken-anchor", check_anchors),  # error: `#id` that the linked article lacks
    ("links-unpublished", check_unpublished),  # error: a link to a draft or future article
]
BUILD_ERROR = "build-error"
"""The code of a problem that no check made (front-matter, site.yaml, clashes ...) and
that fails the build; `BUILD_WARNING` for one that does not. Neither can be turned off."""
BUILD_WARNING = "build-warning"
RETIRED = {
    "image-alt": "a body image without alt text",
    "image-missing": "a body image whose file is not there",
}
"""Codes of checks whose finding became an error of reading the article (`content.figures`),
which no `checks:` entry turns off; naming one there is a warning, not an unknown code."""


def codes() -> list[str]:
    """Every check's code, in table order: what `checks:` may name."""
    return [code for table in (CHECKS, EDITOR_CHECKS, SITE_CHECKS) for code, _ in table]


def switched_off(config: SiteConfig) -> frozenset[str]:
    return frozenset(code for code, on in config.checks if not on)


def unknown_codes(config: SiteConfig) -> list[Problem]:
    """An error for every code under `checks:` that no check has, at its line in site.yaml
    (a warning for a `RETIRED` one)."""
    known = codes()
    unknown = [code for code, _ in config.checks if code not in known]
    if not unknown:
        return []
    places = _places_in_config(config)
    problems = []
    for code in unknown:
        line, column = places.get(code, (None, None))
        if code in RETIRED:
            problems.append(
                Problem(
                    CONFIG_NAME,
                    line,
                    column,
                    f"check '{code}' is no longer a check: {RETIRED[code]} is an error in "
                    "every build, which checks: cannot turn off; remove it from checks:",
                    severity=Severity.WARNING,
                    code=BUILD_WARNING,
                )
            )
            continue
        close = did_you_mean(code, known)
        hint = f"did you mean '{close}'?" if close else f"known checks: {', '.join(known)}"
        problems.append(
            Problem(
                CONFIG_NAME,
                line,
                column,
                f"unknown check '{code}' in checks:; {hint}",
                code=BUILD_ERROR,
            )
        )
    return problems


def _places_in_config(config: SiteConfig) -> dict[str, tuple[int | None, int | None]]:
    """Line and column of each key under `checks:` in site.yaml (read again: the config
    keeps values, not places, and this is needed only for a mistake)."""
    try:
        text = (config.root / CONFIG_NAME).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):  # a SiteConfig made in code has no file
        return {}
    reader = MappingReader(text, CONFIG_NAME)
    for entry in reader.entries(reader.root, CONFIG_NAME):
        if entry.key == "checks":
            return {e.key: (e.line, e.column) for e in reader.entries(entry.node, "checks")}
    return {}


def _stamped(code: str, problems: Iterable[Problem]) -> list[Problem]:
    return [p if p.code else dataclasses.replace(p, code=code) for p in problems]


def run_checks(articles: Sequence[Article], config: SiteConfig) -> list[Problem]:
    """Every build's checks (`CHECKS`) that the site has on, in table order, and the
    mistakes in `checks:`."""
    problems = unknown_codes(config)
    off = switched_off(config)
    for code, check in CHECKS:
        if code not in off:
            problems.extend(_stamped(code, check(articles, config)))
    return problems


def run_editor_checks(articles: Sequence[Article], config: SiteConfig) -> list[Problem]:
    """`EDITOR_CHECKS` that the site has on, in table order."""
    off = switched_off(config)
    return [
        p
        for code, check in EDITOR_CHECKS
        if code not in off
        for p in _stamped(code, check(articles, config))
    ]


def run_site_checks(site: Site, config: SiteConfig) -> list[Problem]:
    """`SITE_CHECKS` that the site has on, in table order."""
    off = switched_off(config)
    return [
        p
        for code, check in SITE_CHECKS
        if code not in off
        for p in _stamped(code, check(site, config))
    ]
