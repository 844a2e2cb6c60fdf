"""The site's menus: site.yaml's `menu:` resolved to links, or brief's defaults.

Every page shows the menus, so they are worked out once per build from what is published,
before pages are planned: their digest is part of every page's fingerprint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from brief.config import CONFIG_NAME, SiteConfig
from brief.content.article import Article
from brief.errors import Problem, Severity, did_you_mean
from brief.newsroom import MenuItem
from brief.site import routes
from brief.site.edition import Nav, NavLink, is_published
from brief.slugs import fold, slugify


def make_nav(
    articles: Sequence[Article],
    config: SiteConfig,
    now: dt.datetime,
    *,
    drafts: bool = False,
    future: bool = False,
) -> tuple[Nav, list[Problem]]:
    """The masthead's and the footer's links, and what in `menu:` names nothing."""
    published = [a for a in articles if is_published(a, now, drafts=drafts, future=future)]
    pages = [a for a in published if a.standalone]
    has_authors = bool(config.authors) or any(a.authors for a in published if not a.standalone)
    corrected = any(a.corrections for a in published)
    archive = _archive_url(published, config)
    credited = any(a.attributions for a in published)
    problems: list[Problem] = []
    if config.menu.main is None:
        main = [NavLink("home", routes.HOME, "")]
        main += [NavLink("section", routes.section_url(s.slug), s.name) for s in config.sections]
        main.append(NavLink("topics", routes.TAGS, ""))
        if config.search.enabled:
            main.append(NavLink("search", routes.SEARCH, ""))
    else:
        main = _resolve(config.menu.main, config, published, pages, problems)
    if config.menu.footer is None:
        footer = [NavLink("page", p.url, p.title) for p in pages]
        if has_authors:
            footer.append(NavLink("authors", routes.AUTHORS, ""))
        footer += [NavLink("topics", routes.TAGS, ""), NavLink("feed", routes.FEEDS, "")]
        if archive:
            footer.append(NavLink("archive", archive, ""))
        if credited:
            footer.append(NavLink("credits", routes.CREDITS, ""))
        if corrected:
            footer.append(NavLink("corrections", routes.CORRECTIONS, ""))
    else:
        footer = _resolve(config.menu.footer, config, published, pages, problems)
    if not corrected:  # /corrections/ is made only once there is a correction
        main = [link for link in main if link.kind != "corrections"]
        footer = [link for link in footer if link.kind != "corrections"]
    return Nav(tuple(main), tuple(footer)), problems


def _archive_url(published: list[Article], config: SiteConfig) -> str | None:
    """The archive of the newest year with a published article, if there is one."""
    if not config.archives:
        return None
    dates = [a.date for a in published if not a.standalone]
    return routes.year_url(max(dates).astimezone(config.tz).year) if dates else None


def _resolve(
    items: Sequence[MenuItem],
    config: SiteConfig,
    published: list[Article],
    pages: list[Article],
    problems: list[Problem],
) -> list[NavLink]:
    links: list[NavLink] = []
    for item in items:
        link = _link(item, config, published, pages, problems)
        if link is not None:
            links.append(link)
    return links


def _link(
    item: MenuItem,
    config: SiteConfig,
    published: list[Article],
    pages: list[Article],
    problems: list[Problem],
) -> NavLink | None:
    label = item.title or ""

    def problem(message: str, severity: Severity = Severity.ERROR) -> None:
        problems.append(Problem(CONFIG_NAME, item.line, None, message, severity=severity))

    if item.target in ("home", "topics", "authors", "feed", "corrections", "credits"):
        url = {
            "home": routes.HOME,
            "topics": routes.TAGS,
            "authors": routes.AUTHORS,
            "feed": routes.FEEDS,  # the page about the feeds: a feed is no page to read
            "corrections": routes.CORRECTIONS,
            "credits": routes.CREDITS,
        }[item.target]
        return NavLink(item.target, url, label)
    if item.target == "search":
        if config.search.enabled:
            return NavLink("search", routes.SEARCH, label)
        problem(
            "menu names search, but site.yaml turns search off (search: false); the link is left out",
            Severity.WARNING,
        )
        return None
    if item.target == "archive":  # the newest year; no link while nothing is published
        if not config.archives:
            problem(
                "menu names archive, but site.yaml turns the archives off (archives: false); "
                "the link is left out",
                Severity.WARNING,
            )
            return None
        archive = _archive_url(published, config)
        return NavLink("archive", archive, label) if archive else None
    if item.target == "url":
        return NavLink("url", item.value, label)
    if item.target == "section":
        key = fold(item.value)
        for s in config.sections:
            if key in (s.key, s.slug):
                return NavLink("section", routes.section_url(s.slug), label or s.name)
        names = [s.name for s in config.sections]
        close = did_you_mean(item.value, names)
        hint = f"did you mean '{close}'?" if close else "add it to sections: first"
        problem(f"menu names section '{item.value}', which is not in sections:; {hint}")
        return None
    if item.target == "page":
        wanted = item.value.strip("/")
        for p in pages:
            if wanted in (p.slug, p.url.strip("/")):
                return NavLink("page", p.url, label or p.title)
        slugs = [p.url.strip("/") for p in pages]
        close = did_you_mean(wanted, slugs)
        hint = (
            f"did you mean '{close}'?"
            if close
            else "pages are the files in content/pages/ (about.md is page: about)"
        )
        problem(f"menu names page '{item.value}', which is not a published page; {hint}")
        return None
    # a tag: its page exists only while a published article carries it
    key = fold(item.value)
    slug = slugify(item.value)
    name = next(
        (r.name for a in published if not a.standalone for r in a.tags if r.key == key), None
    )
    if name is None:
        problem(
            f"menu names tag '{item.value}', which no published article has; the link is left out",
            Severity.WARNING,
        )
        return None
    return NavLink("tag", routes.tag_url(slug), label or name)
