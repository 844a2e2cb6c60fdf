"""All articles together: what is published, in which order, under which tags and URLs.

This is where problems that no single file shows are found: two articles at one URL, two
different tags that would share a page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from brief.config import SiteConfig
from brief.content.article import Article
from brief.errors import Problem
from brief.site import routes
from brief.slugs import fold


@dataclass(frozen=True)
class TagLink:
    """A tag as an article page shows it: its name and where it links.

    Article pages get these rather than whole `Tag`s, so editing one article does not
    change (and re-render) every other article that shares a tag with it.
    """

    name: str
    slug: str

    @property
    def url(self) -> str:
        return routes.tag_url(self.slug)

    @property
    def feed_url(self) -> str:
        return routes.tag_feed_url(self.slug)


@dataclass(frozen=True)
class StoryLink:
    """An article as another page links it: its headline and where it is.

    Article pages link their neighbours and related stories by these rather than by whole
    articles, so a body edit re-renders no other article page; a headline edit re-renders
    just the pages that show the headline.
    """

    title: str
    url: str


@dataclass(frozen=True)
class TagSummary(TagLink):
    """A tag as topic pages show it: name, link and how many articles it has.

    Not the articles themselves: a topic page shows its own page of them (`articles`), so
    an edit re-renders only the pages that list the edited article.
    """

    count: int


@dataclass(frozen=True)
class Tag(TagLink):
    """A tag with every published article that carries it, newest first.

    Its `name` is the spelling most articles use; on a tie the best-kept one (see
    `_spelling_rank`).
    """

    articles: tuple[Article, ...]

    @property
    def count(self) -> int:
        return len(self.articles)

    @cached_property
    def link(self) -> TagLink:
        return TagLink(self.name, self.slug)

    @cached_property
    def summary(self) -> TagSummary:
        return TagSummary(self.name, self.slug, len(self.articles))


@dataclass(frozen=True)
class SectionSummary:
    """A desk as its front shows it: name, description, link and how many articles."""

    name: str
    slug: str
    description: str
    count: int

    @property
    def url(self) -> str:
        return routes.section_url(self.slug)

    @property
    def feed_url(self) -> str:
        return routes.section_feed_url(self.slug)


@dataclass(frozen=True)
class Section:
    """A desk from site.yaml with every published article filed under it, newest first."""

    name: str
    slug: str
    description: str
    articles: tuple[Article, ...]

    @property
    def url(self) -> str:
        return routes.section_url(self.slug)

    @property
    def feed_url(self) -> str:
        return routes.section_feed_url(self.slug)

    @cached_property
    def summary(self) -> SectionSummary:
        return SectionSummary(self.name, self.slug, self.description, len(self.articles))


@dataclass(frozen=True)
class AuthorSummary:
    """An author as their page shows them: the registry's bio, portrait and home page."""

    name: str
    slug: str
    bio: str
    home: str | None
    image: str | None
    count: int

    @property
    def url(self) -> str:
        return routes.author_url(self.slug)

    @property
    def feed_url(self) -> str:
        return routes.author_feed_url(self.slug)


@dataclass(frozen=True)
class Author:
    """A byline with every published article it is on, newest first."""

    name: str
    slug: str
    bio: str
    home: str | None
    image: str | None
    articles: tuple[Article, ...]

    @property
    def url(self) -> str:
        return routes.author_url(self.slug)

    @property
    def feed_url(self) -> str:
        return routes.author_feed_url(self.slug)

    @cached_property
    def summary(self) -> AuthorSummary:
        return AuthorSummary(
            self.name, self.slug, self.bio, self.home, self.image, len(self.articles)
        )


@dataclass(frozen=True)
class NavLink:
    """One link of a menu. `kind` is what it leads to (home, section, page, tag, topics,
    authors, feed, corrections, url); a built-in link without a title of the site's own has an empty
    `label`, and the theme names it in the site's language."""

    kind: str
    url: str
    label: str


@dataclass(frozen=True)
class Nav:
    main: tuple[NavLink, ...] = ()
    footer: tuple[NavLink, ...] = ()


@dataclass(frozen=True)
class Edition:
    """The published site's content, ready to be planned into pages."""

    config: SiteConfig
    articles: tuple[Article, ...]
    """Published articles, newest first (ties broken by URL, so order is stable)."""
    tags: tuple[Tag, ...]
    """Every tag in use, sorted by name."""
    tag_by_key: Mapping[str, Tag] = field(default_factory=dict)
    pages: tuple[Article, ...] = ()
    """Published standalone pages (About, Contact...), in file order."""
    sections: tuple[Section, ...] = ()
    """Every desk of site.yaml, in its order, even one with nothing published yet."""
    authors: tuple[Author, ...] = ()
    """Every byline on a published article and every author of the registry, by name."""
    nav: Nav = field(default_factory=Nav)

    def tag(self, key: str) -> Tag:
        return self.tag_by_key[key]


def sort_key(article: Article) -> tuple[float, str]:
    return (-article.date.timestamp(), article.url)


def is_published(
    article: Article, now: dt.datetime, *, drafts: bool = False, future: bool = False
) -> bool:
    """On the site at `now`: not a draft, not scheduled for later, not expired."""
    return (
        (drafts or not article.draft)
        and (future or article.date <= now)
        and (article.expires is None or article.expires > now)
    )


def make_edition(
    articles: Iterable[Article],
    config: SiteConfig,
    *,
    drafts: bool = False,
    future: bool = False,
    now: dt.datetime | None = None,
    nav: Nav | None = None,
) -> tuple[Edition, list[Problem]]:
    """Choose what is published and group it; report URL and tag-slug clashes."""
    now = now or dt.datetime.now(config.tz)
    published = [a for a in articles if is_published(a, now, drafts=drafts, future=future)]
    pages = tuple(a for a in published if a.standalone)
    chosen = sorted((a for a in published if not a.standalone), key=sort_key)
    problems = _url_clashes([*chosen, *pages])

    by_key: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    slug_of: dict[str, str] = {}
    for article in chosen:
        for ref in article.tags:
            by_key[ref.key].append(article)
            spellings[ref.key][ref.name] += 1
            slug_of[ref.key] = ref.slug
    problems += _tag_clashes(by_key, slug_of)

    tags: dict[str, Tag] = {}
    for key, items in by_key.items():
        counts = spellings[key]
        name = min(counts, key=lambda n: _spelling_rank(n, counts[n]))
        tags[key] = Tag(name=name, slug=slug_of[key], articles=tuple(items))
    ordered = tuple(sorted(tags.values(), key=lambda t: (t.slug, t.name)))
    edition = Edition(
        config=config,
        articles=tuple(chosen),
        tags=ordered,
        tag_by_key=tags,
        pages=pages,
        sections=_sections(chosen, config),
        authors=_authors(chosen, config),
        nav=nav or Nav(),
    )
    return edition, problems


def _sections(chosen: list[Article], config: SiteConfig) -> tuple[Section, ...]:
    filed: dict[str, list[Article]] = defaultdict(list)
    for article in chosen:
        if article.section is not None:
            filed[article.section.slug].append(article)
    return tuple(
        Section(s.name, s.slug, s.description, tuple(filed.get(s.slug, ())))
        for s in config.sections
    )


def _authors(chosen: list[Article], config: SiteConfig) -> tuple[Author, ...]:
    """The registry's authors and every other byline, each once by slug, sorted by name."""
    wrote: dict[str, list[Article]] = defaultdict(list)
    names: dict[str, str] = {}
    for article in chosen:
        for ref in article.authors:
            wrote[ref.slug].append(article)
            names.setdefault(ref.slug, ref.name)
    found = [
        Author(a.name, a.slug, a.bio, a.url, a.image, tuple(wrote.get(a.slug, ())))
        for a in config.authors
    ]
    known = {a.slug for a in config.authors}
    found += [
        Author(names[slug], slug, "", None, None, tuple(items))
        for slug, items in wrote.items()
        if slug not in known
    ]
    return tuple(sorted(found, key=lambda a: (fold(a.name), a.slug)))


def _spelling_rank(name: str, count: int) -> tuple[int, bool, bool, int, str]:
    """Order for choosing a tag's display name: most used, then not shouted or flattened
    ("Ukraine" over "UKRAINE" and "ukraine"), then with its accents ("Élysée" over
    "Elysee"), then alphabetical so the choice never depends on file order."""
    accents = sum(1 for ch in name if not ch.isascii())
    return (-count, name.isupper(), name.islower(), -accents, name)


def _url_clashes(articles: list[Article]) -> list[Problem]:
    by_url: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_url[a.url].append(a)
    problems = []
    for url, group in sorted(by_url.items()):
        if len(group) > 1:
            files = sorted(a.source for a in group)
            for a in sorted(group, key=lambda a: a.source):
                others = ", ".join(f for f in files if f != a.source)
                problems.append(
                    Problem(
                        a.source,
                        a.lines.get("slug") or a.lines.get("title"),
                        1,
                        f"two articles have the URL {url}: this one and {others}; "
                        "give one of them a different slug:",
                    )
                )
    return problems


def _tag_clashes(by_key: dict[str, list[Article]], slug_of: dict[str, str]) -> list[Problem]:
    keys_of_slug: dict[str, list[str]] = defaultdict(list)
    for key, slug in slug_of.items():
        keys_of_slug[slug].append(key)
    problems = []
    for slug, keys in sorted(keys_of_slug.items()):
        if len(keys) < 2:
            continue
        names = []
        for key in sorted(keys):
            article = by_key[key][0]
            name = next(r.name for r in article.tags if r.key == key)
            names.append((name, article))
        listed = " and ".join(f"'{n}' ({a.source})" for n, a in names)
        for name, article in names:
            problems.append(
                Problem(
                    article.source,
                    article.lines.get("tags"),
                    1,
                    f"tag '{name}' would share the page {routes.tag_url(slug)} with a different tag: "
                    f"{listed}; rename one of them",
                )
            )
    return problems
