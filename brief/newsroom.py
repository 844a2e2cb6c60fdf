"""The newsroom's lists in site.yaml: its sections (desks), its authors and its menus.

Read once, at the edge, like every other key: each entry keeps its site.yaml line, so a
later stage (an article naming an unknown section, a menu naming a missing page) can point
at it. Slugs are settled here, so every stage agrees on `/world/` and `/authors/jane-doe/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from brief.errors import Problem, did_you_mean
from brief.slugs import MAX_SLUG_BYTES, fold, is_segment, slugify
from brief.yamlmap import Entry, MappingReader, describe

UrlRule = Callable[[str, str], tuple[str, str]]
"""(value, key) -> (value, error message or "")."""
SECTION_KEYS = ("name", "slug", "description", "order")
AUTHOR_KEYS = ("name", "slug", "bio", "url", "image")
MENU_TARGETS = (
    "home",
    "section",
    "page",
    "tag",
    "topics",
    "authors",
    "feed",
    "url",
    "corrections",
    "credits",
    "archive",
    "search",
)
"""What a menu item points at; `home`, `topics`, `authors`, `feed`, `corrections`,
`credits`, `archive` (the newest year's) and `search` need no value."""
MENU_WORDS = ("home", "topics", "authors", "feed", "corrections", "credits", "archive", "search")
RESERVED_SLUGS = (
    "tags",
    "authors",
    "feeds",
    "corrections",
    "credits",
    "search",
    "pagefind",
    "news-sitemap.xml",
    "page",
    "media",
    "feed.xml",
    "rss.xml",
    "feed.json",
    "sitemap.xml",
    "404.html",
)
"""First URL segments brief uses itself: a section slug may not take one."""


@dataclass(frozen=True)
class SiteSection:
    """A desk of the newspaper (World, Politics...): its front is `/<slug>/`."""

    name: str
    slug: str
    description: str = ""
    order: int = 0
    """Lower comes first; ties keep the order of site.yaml."""
    line: int = 0
    key: str = ""
    """`name` folded, so `section: world` finds World."""


@dataclass(frozen=True)
class SiteAuthor:
    """A writer in the registry: the byline links to `/authors/<slug>/`."""

    name: str
    slug: str
    bio: str = ""
    url: str | None = None
    """Their own home page, if any (an absolute http(s) URL)."""
    image: str | None = None
    """A portrait: a site path such as /authors/jane.jpg or an http(s) URL."""
    line: int = 0
    key: str = ""


@dataclass(frozen=True)
class MenuItem:
    """One link of a menu as site.yaml gives it; resolved to a URL when the site is planned."""

    target: str
    """One of MENU_TARGETS."""
    value: str = ""
    """The section name, page slug, tag name or URL; empty for home, topics, authors, feed."""
    title: str | None = None
    """The link's text, if not the target's own name."""
    line: int = 0


@dataclass(frozen=True)
class Menus:
    main: tuple[MenuItem, ...] | None = None
    """The masthead's links; None: brief's default (latest, the sections, topics)."""
    footer: tuple[MenuItem, ...] | None = None
    """The footer's links; None: brief's default (the pages, topics, authors, feed)."""


def _items(reader: MappingReader, entry: Entry, what: str, example: str) -> Iterator[Entry]:
    """The items of a YAML list, each as an `Entry` with its own line."""
    if not isinstance(entry.value, list):
        reader.problems.append(
            reader.located(
                entry, f"'{what}' must be a list, e.g. {example}; got {describe(entry.value)}"
            )
        )
        return
    for i, node in enumerate(entry.node.value):
        ok, value = reader.construct(node)
        if not ok:
            continue
        line = reader.line_offset + node.start_mark.line + 1
        column = node.start_mark.column + 1
        yield Entry(f"{what}[{i + 1}]", value, line, column, line, column, node)


def _fields(
    reader: MappingReader, item: Entry, keys: tuple[str, ...], example: str
) -> dict[str, Entry] | None:
    if not isinstance(item.value, dict):
        reader.problems.append(
            reader.located(
                item, f"each of '{item.key.split('[')[0]}' must be a mapping, e.g. {example}"
            )
        )
        return None
    out: dict[str, Entry] = {}
    for sub in reader.entries(item.node, item.key):
        if sub.key not in keys:
            close = did_you_mean(sub.key, keys)
            hint = f"did you mean '{close}'?" if close else f"known keys: {', '.join(keys)}"
            reader.problems.append(
                Problem(
                    reader.path,
                    sub.line,
                    sub.column,
                    f"unknown key '{sub.key}' in {item.key}; {hint}",
                )
            )
            continue
        out[sub.key] = sub
    return out


def _text(reader: MappingReader, entry: Entry, *, one_line: bool = True) -> str | None:
    value = entry.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(entry.node.value)
    if not isinstance(value, str) or not value.strip():
        reader.problems.append(
            reader.located(entry, f"'{entry.key}' must be text, got {describe(entry.value)}")
        )
        return None
    value = " ".join(value.split()) if one_line else value.strip()
    return value


def _slug(reader: MappingReader, fields: dict[str, Entry], name: str, what: str) -> str | None:
    """The explicit slug, checked, or one made from the name."""
    if "slug" not in fields:
        slug = slugify(name)
        if not slug:
            reader.problems.append(
                reader.located(
                    fields["name"],
                    f"cannot make a URL from {what} '{name}'; add slug: with a short name",
                )
            )
            return None
        return slug
    raw = _text(reader, fields["slug"])
    if raw is None:
        return None
    if not is_segment(raw) or len(raw.encode()) > MAX_SLUG_BYTES:
        reader.problems.append(
            reader.located(
                fields["slug"],
                f"slug '{raw}' must be one short URL segment (no '/', spaces or '?#%'); "
                f"try slug: {slugify(raw)[:60] or 'world'}",
            )
        )
        return None
    return raw


def _duplicates(reader: MappingReader, found: list[Any], what: str) -> None:
    """Two entries with one name or one slug would share a page: both lines are named."""
    named: set[int] = set()
    for attr in ("key", "slug"):
        first: dict[str, Any] = {}
        for item in found:
            value = getattr(item, attr)
            if value in first and id(item) not in named:
                named.add(id(item))
                label = "name" if attr == "key" else "slug"
                reader.problems.append(
                    Problem(
                        reader.path,
                        item.line,
                        None,
                        f"{what} '{item.name}' has the same {label} as '{first[value].name}' "
                        f"(line {first[value].line}); give each its own",
                    )
                )
            else:
                first.setdefault(value, item)


def read_sections(reader: MappingReader, entry: Entry) -> Any:
    """`sections:` as a list of desks, in the order the site gives (then `order:`)."""
    example = "sections: [{name: World}, {name: Politics}]"
    found: list[SiteSection] = []
    before = len(reader.problems)
    for position, item in enumerate(_items(reader, entry, "sections", example)):
        if isinstance(item.value, str) and item.value.strip():
            item = Entry(item.key, {"name": item.value}, *_where(item), _as_mapping(item))
        fields = _fields(reader, item, SECTION_KEYS, "{name: World, description: ...}")
        if fields is None:
            continue
        if "name" not in fields:
            reader.problems.append(reader.located(item, f"{item.key} needs name:"))
            continue
        name = _text(reader, fields["name"])
        if name is None:
            continue
        slug = _slug(reader, fields, name, "section")
        description = _text(reader, fields["description"]) if "description" in fields else ""
        order = position
        if "order" in fields:
            value = fields["order"].value
            if not isinstance(value, int) or isinstance(value, bool):
                reader.problems.append(
                    reader.located(
                        fields["order"], f"'order' must be a whole number, got {describe(value)}"
                    )
                )
                continue
            order = value
        if slug is None or description is None:
            continue
        if slug in RESERVED_SLUGS:
            reader.problems.append(
                reader.located(
                    fields.get("slug", fields["name"]),
                    f"section slug '{slug}' is a path brief uses itself; choose another slug:",
                )
            )
            continue
        found.append(SiteSection(name, slug, description, order, item.line, fold(name)))
    _duplicates(reader, found, "section")
    if len(reader.problems) > before:
        return None
    return tuple(sorted(found, key=lambda s: s.order))


def read_authors(reader: MappingReader, entry: Entry, check_url: UrlRule) -> Any:
    """`authors:` as the registry of writers: name, and optionally slug, bio, url, image.
    `check_url` is site.yaml's one rule for URLs (config's, passed in: config reads this)."""
    example = "authors: [{name: Jane Doe, bio: Reports from Kyiv.}]"
    found: list[SiteAuthor] = []
    before = len(reader.problems)
    for item in _items(reader, entry, "authors", example):
        if isinstance(item.value, str) and item.value.strip():
            item = Entry(item.key, {"name": item.value}, *_where(item), _as_mapping(item))
        fields = _fields(reader, item, AUTHOR_KEYS, "{name: Jane Doe, bio: ...}")
        if fields is None:
            continue
        if "name" not in fields:
            reader.problems.append(reader.located(item, f"{item.key} needs name:"))
            continue
        name = _text(reader, fields["name"])
        if name is None:
            continue
        slug = _slug(reader, fields, name, "author")
        bio = _text(reader, fields["bio"], one_line=False) if "bio" in fields else ""
        url: str | None = None
        if "url" in fields:
            raw = _text(reader, fields["url"])
            if raw is not None:
                url, err = check_url(raw, f"{item.key}.url")
                if err:
                    reader.problems.append(reader.located(fields["url"], err))
                    continue
        image: str | None = None
        if "image" in fields:
            raw = _text(reader, fields["image"])
            if raw is not None:
                image, err = _image(raw, f"{item.key}.image", check_url)
                if err:
                    reader.problems.append(reader.located(fields["image"], err))
                    continue
        if slug is None or bio is None:
            continue
        found.append(SiteAuthor(name, slug, bio, url, image, item.line, fold(name)))
    _duplicates(reader, found, "author")
    if len(reader.problems) > before:
        return None
    return tuple(found)


def _image(raw: str, key: str, check_url: UrlRule) -> tuple[str | None, str]:
    if raw.startswith("/") and not raw.startswith("//"):
        parts = raw[1:].split("/")
        if all(is_segment(p) for p in parts):
            return raw, ""
        return None, f"'{key}' must be a plain site path such as /authors/jane.jpg, got '{raw}'"
    value, err = check_url(raw, key)
    return (value or None), err


def read_menus(reader: MappingReader, entry: Entry, check_url: UrlRule) -> Any:
    """`menu:` as one list (the masthead's) or as `main:` and `footer:` lists."""
    if isinstance(entry.value, dict):
        lists: dict[str, tuple[MenuItem, ...] | None] = {"main": None, "footer": None}
        for sub in reader.entries(entry.node, "menu"):
            if sub.key not in lists:
                close = did_you_mean(sub.key, list(lists))
                hint = f"did you mean '{close}'?" if close else "known keys: main, footer"
                reader.problems.append(
                    Problem(
                        reader.path,
                        sub.line,
                        sub.column,
                        f"unknown key '{sub.key}' in 'menu'; {hint}",
                    )
                )
                continue
            lists[sub.key] = _menu(reader, sub, f"menu.{sub.key}", check_url)
        return Menus(main=lists["main"], footer=lists["footer"])
    return Menus(main=_menu(reader, entry, "menu", check_url))


def _menu(
    reader: MappingReader, entry: Entry, what: str, check_url: UrlRule
) -> tuple[MenuItem, ...]:
    example = "[home, {section: World}, {page: about}, {url: /tags/, title: Topics}]"
    items: list[MenuItem] = []
    for item in _items(reader, entry, what, example):
        if isinstance(item.value, str):
            word = item.value.strip()
            if word in MENU_WORDS:
                items.append(MenuItem(word, line=item.line))
                continue
            close = did_you_mean(word, MENU_WORDS)
            hint = (
                f"did you mean '{close}'?"
                if close
                else f"a word ({', '.join(MENU_WORDS)}) or a mapping such as {{page: about}}"
            )
            reader.problems.append(reader.located(item, f"unknown menu item '{word}'; {hint}"))
            continue
        fields = _fields(reader, item, (*MENU_TARGETS, "title"), "{page: about, title: About us}")
        if fields is None:
            continue
        targets = [k for k in MENU_TARGETS if k in fields]
        if len(targets) != 1:
            reader.problems.append(
                reader.located(
                    item,
                    f"{item.key} must name exactly one of {', '.join(MENU_TARGETS)}"
                    + (f", not {' and '.join(targets)}" if targets else ""),
                )
            )
            continue
        target = targets[0]
        title = _text(reader, fields["title"]) if "title" in fields else None
        if "title" in fields and title is None:
            continue
        value = ""
        if target not in MENU_WORDS or fields[target].value not in (None, True, ""):
            got = _text(reader, fields[target])
            if got is None:
                continue
            value = got
        if target == "url":
            problem = _menu_url(value, check_url)
            if problem:
                reader.problems.append(reader.located(fields["url"], problem))
                continue
            if title is None:
                reader.problems.append(
                    reader.located(item, f"{item.key} links to {value}; give it a title:")
                )
                continue
        items.append(MenuItem(target, value, title, item.line))
    return tuple(items)


def _menu_url(value: str, check_url: UrlRule) -> str:
    if value.startswith("/") and not value.startswith("//"):
        path = value.split("#", 1)[0]
        if all(p == "" or is_segment(p) for p in path[1:].split("/")):
            return ""
        return f"menu url '{value}' must be a plain site path such as /tags/ or an http(s) URL"
    return check_url(value, "menu url")[1]


def _where(item: Entry) -> tuple[int, int, int, int]:
    return item.line, item.column, item.value_line, item.value_column


def _as_mapping(item: Entry) -> Any:
    """A `- World` list item read as `- {name: World}`: a mapping node with its position."""
    key = yaml.ScalarNode("tag:yaml.org,2002:str", "name", item.node.start_mark, item.node.end_mark)
    return yaml.MappingNode(
        "tag:yaml.org,2002:map", [(key, item.node)], item.node.start_mark, item.node.end_mark
    )
