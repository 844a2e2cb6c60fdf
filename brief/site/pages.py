"""Planning: which pages the site has, at which URLs, rendered by which template.

Pure: takes an `Edition`, returns `Page`s; no I/O, no rendering. Collisions between any two
outputs are found here, before anything is written.

What a template receives is typed: one frozen context class per page kind. Each says which
articles it shows (`shown`), what its bytes depend on (`signature`), and how to swap edited
articles in (`swapped`), so fingerprints, re-planning and the sitemap read fields rather
than searching a mapping for articles.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from functools import partial
from typing import Any, Self

from brief.content.article import UNDATED, Article, Change
from brief.errors import Problem
from brief.i18n import Catalogue, catalogue
from brief.site import credits, routes
from brief.site.archives import DAY, PER_PAGE, Archive, DayGroup, Period, archives, day_groups
from brief.site.credits import CreditGroup, GroupLink
from brief.site.edition import (
    Author,
    AuthorSummary,
    Edition,
    Nav,
    Section,
    SectionSummary,
    StoryLink,
    Tag,
    TagLink,
    TagSummary,
)
from brief.site.related import around

Swap = Callable[[Article], Article]
"""Maps an article to its edited version (or to itself)."""
Card = Callable[[Article], str]
"""A story as a list shows it: the digest of what the list's templates read of it."""


def _whole(article: Article) -> str:
    return article.digest


class PageKind(StrEnum):
    """What a page is; templates compare it with plain strings (`page.kind == "tag"`)."""

    ARTICLE = "article"
    INDEX = "index"
    TAG = "tag"
    TAGS = "tags"
    NOT_FOUND = "404"
    PAGE = "page"
    SECTION = "section"
    AUTHOR = "author"
    AUTHORS = "authors"
    FEEDS = "feeds"
    ARCHIVE = "archive"
    """A year's or a month's stories."""
    DAY = "day"
    """The daily edition: one day's stories."""
    CREDITS = "credits"
    CORRECTIONS = "corrections"
    SEARCH = "search"


@dataclass(frozen=True)
class Pagination:
    """Where a listing page sits among its siblings."""

    number: int
    """1-based number of this page."""
    total: int
    urls: tuple[str, ...]
    """Site path of every page of the listing, in order."""

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.total else None

    @property
    def first_url(self) -> str:
        return self.urls[0]


@dataclass(frozen=True)
class ArticleContext:
    """`article.html`: one article, and its topics as links (not whole tags, so editing one
    article does not re-render every article that shares a tag with it)."""

    article: Article
    tags: tuple[TagLink, ...]
    earlier: StoryLink | None = None
    """The story before it in its section (in the site, without one); none for a page."""
    later: StoryLink | None = None
    related: tuple[StoryLink, ...] = ()
    """Stories that share its rarest tags, best first (see `site.related`)."""

    @property
    def shown(self) -> tuple[Article, ...]:
        return (self.article,)

    @property
    def links(self) -> tuple[StoryLink, ...]:
        """The other stories it links by headline."""
        near = tuple(x for x in (self.earlier, self.later) if x is not None)
        return near + self.related

    @property
    def modified(self) -> dt.datetime | None:
        """When the page's content last changed, for the sitemap (a standalone page without
        a date has none)."""
        article = self.article
        if article.date == UNDATED:
            known = (article.updated, *(c.date for c in article.notes))
            return max((d for d in known if d is not None), default=None)
        return article.modified

    def signature(self) -> tuple[str, ...]:
        # An article stands for itself by the digest of its source (which, with the
        # config, decides every field) and its file name.
        # Other stories stand for themselves by what the page shows of them.
        return (
            self.article.digest,
            self.article.source,
            *(t.name for t in self.tags),
            *(f"{w}\x1e{x.title}\x1e{x.url}" for w, x in self.around_keys()),
        )

    def around_keys(self) -> tuple[tuple[str, StoryLink], ...]:
        """The linked stories with where each is shown (`<`, `>`, `~`): part of the
        signature, and of what the fingerprints remembered per article are valid for."""
        ends = (("<", self.earlier), (">", self.later))
        return (*((w, x) for w, x in ends if x is not None), *(("~", x) for x in self.related))

    def swapped(self, swap: Swap) -> ArticleContext:
        return replace(self, article=swap(self.article))

    def relinked(self, titles: dict[str, str]) -> ArticleContext:
        """With the headlines of the linked stories at the URLs of `titles` replaced."""

        def new(x: StoryLink | None) -> StoryLink | None:
            return StoryLink(titles[x.url], x.url) if x is not None and x.url in titles else x

        return replace(
            self,
            earlier=new(self.earlier),
            later=new(self.later),
            related=tuple(StoryLink(titles.get(x.url, x.title), x.url) for x in self.related),
        )


@dataclass(frozen=True)
class ListingContext:
    """`index.html`: one page of the latest articles."""

    articles: tuple[Article, ...]
    pagination: Pagination

    @property
    def shown(self) -> tuple[Article, ...]:
        return self.articles

    @property
    def modified(self) -> dt.datetime | None:
        return None

    def signature(self, card: Card | None = None) -> tuple[str, ...]:
        """What the page shows; each story by `card` (the digest of the fields the page's
        templates read of it), else by the digest of its whole source."""
        told = card or _whole
        return (*self.pagination.urls, *(told(a) + a.source for a in self.articles))

    def swapped(self, swap: Swap) -> ListingContext:
        return replace(self, articles=tuple(map(swap, self.articles)))


@dataclass(frozen=True)
class TagContext(ListingContext):
    """`tag.html`: one page of a topic's articles, and the topic with its count."""

    tag: TagSummary

    def signature(self, card: Card | None = None) -> tuple[str, ...]:
        return (self.tag.name, self.tag.slug, str(self.tag.count), *super().signature(card))


@dataclass(frozen=True)
class SectionContext(ListingContext):
    """`section.html`: one page of a desk's front, and the desk with its count."""

    section: SectionSummary

    def signature(self, card: Card | None = None) -> tuple[str, ...]:
        s = self.section
        return (s.name, s.slug, s.description, str(s.count), *super().signature(card))


@dataclass(frozen=True)
class AuthorContext(ListingContext):
    """`author.html`: one page of an author's articles, with their bio and portrait."""

    author: AuthorSummary

    def signature(self, card: Card | None = None) -> tuple[str, ...]:
        a = self.author
        who = (a.name, a.slug, a.bio, str(a.home), str(a.image), str(a.count))
        return (*who, *super().signature(card))


def _period(p: Period | None) -> str:
    return "-" if p is None else f"{p.level}\x1e{p.url}\x1e{p.name}\x1e{p.count}"


@dataclass(frozen=True)
class ArchiveContext(ListingContext):
    """`archive.html`: one page of a year's or a month's stories, or of a day's (the daily
    edition), with the periods within it and the ones on either side."""

    period: Period
    parts: tuple[Period, ...]
    """The months of a year, the days of a month, newest first; none for a day."""
    earlier: Period | None
    later: Period | None
    days: tuple[DayGroup, ...]
    """This page's stories by day (`articles[start:stop]`): one group on a day's page."""

    def signature(self, card: Card | None = None) -> tuple[str, ...]:
        periods = (self.period, *self.parts, self.earlier, self.later)
        days = (f"{_period(d.period)}\x1e{d.start}\x1e{d.stop}" for d in self.days)
        return (*map(_period, periods), *days, *super().signature(card))


@dataclass(frozen=True)
class CreditsContext:
    """`credits.html`: one page of every credit of the site by its terms, each work once
    with the articles that use it (see `site.credits`), and every group with its count.

    It shows no article, only links to them: an edit to a credit re-plans the site (see
    `build.replan`), a headline edit relinks the pages that show the headline."""

    groups: tuple[CreditGroup, ...]
    """This page's works, by group."""
    contents: tuple[GroupLink, ...]
    """Every group of the site, with the page where its list begins."""
    pagination: Pagination

    @property
    def shown(self) -> tuple[Article, ...]:
        return ()

    @property
    def modified(self) -> dt.datetime | None:
        return None

    @property
    def links(self) -> tuple[StoryLink, ...]:
        """The articles it links by headline."""
        return tuple(u for g in self.groups for e in g.entries for u in e.uses)

    def signature(self) -> tuple[str, ...]:
        contents = (f"{g.kind}\x1e{g.count}\x1e{g.url}" for g in self.contents)
        return (*self.pagination.urls, *contents, *credits.signature(self.groups))

    def swapped(self, swap: Swap) -> CreditsContext:
        return self

    def relinked(self, titles: dict[str, str]) -> CreditsContext:
        """With the headlines of the articles at the URLs of `titles` replaced."""
        return replace(self, groups=credits.relinked(self.groups, titles))


def _credits_pages(edition: Edition, words: Catalogue, nav: Nav) -> Iterator[Page]:
    """`/credits/` and its further pages: the credits of the published articles and pages."""
    groups = credits.credit_groups((*edition.articles, *edition.pages))
    chunks = credits.pages_of(groups)
    urls = tuple(routes.page_url(routes.CREDITS, n) for n in range(1, len(chunks) + 1))
    first: dict[str, str] = {}
    for url, chunk in zip(urls, chunks, strict=True):
        for g in chunk:
            first.setdefault(g.kind, url)
    contents = tuple(GroupLink(g.kind, len(g.entries), first[g.kind]) for g in groups)
    for n, (url, chunk) in enumerate(zip(urls, chunks, strict=True), start=1):
        yield Page(
            nav=nav,
            url=url,
            file=routes.output_path(url),
            template="credits.html",
            kind=PageKind.CREDITS,
            title=paged_title(words.text("Credits"), n, words),
            context=CreditsContext(chunk, contents, Pagination(n, len(urls), urls)),
        )


class _NoArticles:
    """For pages that show no article: nothing to swap, no modification date."""

    @property
    def shown(self) -> tuple[Article, ...]:
        return ()

    @property
    def modified(self) -> dt.datetime | None:
        return None

    def swapped(self, swap: Swap) -> Self:
        return self


@dataclass(frozen=True)
class TagsContext(_NoArticles):
    """`tags.html`: every topic with its count."""

    tags: tuple[TagSummary, ...]

    def signature(self) -> tuple[str, ...]:
        return tuple(f"{t.name}\x1e{t.slug}\x1e{t.count}" for t in self.tags)


@dataclass(frozen=True)
class AuthorsContext(_NoArticles):
    """`authors.html`: every author with their count."""

    authors: tuple[AuthorSummary, ...]

    def signature(self) -> tuple[str, ...]:
        return tuple(
            f"{a.name}\x1e{a.slug}\x1e{a.bio}\x1e{a.image}\x1e{a.count}" for a in self.authors
        )


@dataclass(frozen=True)
class FeedsContext:
    """`feeds.html`: what a reader who follows the Feed link sees in a browser (a feed itself
    is no page to read there): how to subscribe, every feed, and what the site feed carries."""

    articles: tuple[Article, ...]
    """The site feed's entries, newest first."""
    tags: tuple[TagSummary, ...]
    sections: tuple[SectionSummary, ...]
    authors: tuple[AuthorSummary, ...]
    """Those with articles: an author without any has no feed."""
    formats: tuple[routes.FeedFormat, ...] = (routes.FEED_FORMATS["atom"],)
    """The site feed's formats (`feed.formats`), Atom first: `f.url("/")` is its feed."""
    group_formats: tuple[routes.FeedFormat, ...] = (routes.FEED_FORMATS["atom"],)
    """Those of each topic's, section's and author's feed (`feed.groups`)."""

    @property
    def shown(self) -> tuple[Article, ...]:
        return self.articles

    @property
    def modified(self) -> dt.datetime | None:
        return None

    def signature(self, card: Card | None = None) -> tuple[str, ...]:
        groups: tuple[TagSummary | SectionSummary | AuthorSummary, ...]
        groups = (*self.tags, *self.sections, *self.authors)
        told = card or _whole
        return (
            *(told(a) + a.source for a in self.articles),
            *(f"{type(g).__name__}\x1e{g.name}\x1e{g.slug}" for g in groups),
            " ".join(f.name for f in self.formats),
            " ".join(f.name for f in self.group_formats),
        )

    def swapped(self, swap: Swap) -> FeedsContext:
        return replace(self, articles=tuple(map(swap, self.articles)))


@dataclass(frozen=True)
class CorrectionItem:
    """One correction as /corrections/ lists it: the article, and which of its corrections
    (so that swapping in an edited article keeps the two together)."""

    article: Article
    index: int
    """Its place in `article.corrections` (oldest first), from 0."""

    @property
    def correction(self) -> Change:
        return self.article.corrections[self.index]

    @property
    def date(self) -> dt.datetime:
        return self.correction.date

    @property
    def text(self) -> str:
        return self.correction.text


def site_corrections(edition: Edition) -> tuple[CorrectionItem, ...]:
    """Every correction of the published articles and pages, newest first."""
    found = [
        CorrectionItem(a, i)
        for a in (*edition.articles, *edition.pages)
        for i in range(len(a.corrections))
    ]
    return tuple(sorted(found, key=lambda c: (-c.date.timestamp(), c.article.url, c.index)))


@dataclass(frozen=True)
class CorrectionsContext:
    """`corrections.html`: every correction on the site, newest first, each with the
    article it corrects."""

    corrections: tuple[CorrectionItem, ...]

    @property
    def shown(self) -> tuple[Article, ...]:
        unique = {id(c.article): c.article for c in self.corrections}  # Articles hash not
        return tuple(unique.values())

    @property
    def modified(self) -> dt.datetime | None:
        """The newest correction: the page changes with each one."""
        return self.corrections[0].date if self.corrections else None

    def signature(self) -> tuple[str, ...]:
        return tuple(f"{c.article.digest}{c.article.source}\x1e{c.index}" for c in self.corrections)

    def swapped(self, swap: Swap) -> CorrectionsContext:
        return replace(
            self, corrections=tuple(replace(c, article=swap(c.article)) for c in self.corrections)
        )


@dataclass(frozen=True)
class NotFoundContext(_NoArticles):
    """`404.html`: nothing but the site."""

    def signature(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class SearchContext(_NoArticles):
    """`search.html`: the search form, which runs in the reader's browser over the index
    the build makes after the pages (`build.search`); it shows no article of its own.
    `bundles`: the site paths of the index's other shards, merged into the first in the
    browser (`routes.search_shards`)."""

    bundles: tuple[str, ...] = ()

    @property
    def shards(self) -> int:
        return 1 + len(self.bundles)

    def signature(self) -> tuple[str, ...]:
        return self.bundles


PageContext = (
    ArticleContext
    | ListingContext
    | TagContext
    | TagsContext
    | SectionContext
    | AuthorContext
    | AuthorsContext
    | FeedsContext
    | NotFoundContext
    | SearchContext
    | CorrectionsContext
    | ArchiveContext
    | CreditsContext
)


_VARIABLES: dict[type[Any], tuple[str, ...]] = {
    kind: tuple(f.name for f in fields(kind))
    for kind in (
        ArticleContext,
        ListingContext,
        TagContext,
        TagsContext,
        SectionContext,
        AuthorContext,
        AuthorsContext,
        FeedsContext,
        NotFoundContext,
        SearchContext,
        CorrectionsContext,
        ArchiveContext,
        CreditsContext,
    )
}


def template_variables(context: PageContext) -> dict[str, Any]:
    """The context's fields as the variables its template receives (`article`, `tags`...)."""
    return {name: getattr(context, name) for name in _VARIABLES[type(context)]}


@dataclass(frozen=True)
class Page:
    """One HTML page to render: its URL, file, template and what the template receives."""

    url: str
    """Site path, e.g. `/tags/ukraine/`."""
    file: str
    """Path of the written file relative to the output folder, e.g. `tags/ukraine/index.html`."""
    template: str
    kind: PageKind
    title: str
    """The page's own title, without the site name."""
    context: PageContext
    source: str | None = None
    """The article file this page shows, for messages about it."""
    feed: str | None = None
    """Site path of the Atom feed that matches this page."""
    nav: Nav = field(default_factory=Nav, compare=False)
    """The menus (the same for every page of a build; their digest is in every fingerprint)."""

    @property
    def output(self) -> str:
        """The same as `file`; the name templates have always used."""
        return self.file


def paginate(
    items: Sequence[Article], per_page: int, first_url: str
) -> list[tuple[Pagination, tuple[Article, ...]]]:
    """Split a listing into pages: `first_url`, then `first_url + page/2/` ..."""
    total = max(1, -(-len(items) // per_page))
    urls = tuple(routes.page_url(first_url, n) for n in range(1, total + 1))
    return [
        (Pagination(n, total, urls), tuple(items[(n - 1) * per_page : n * per_page]))
        for n in range(1, total + 1)
    ]


def article_page(context: ArticleContext, nav: Nav) -> Page:
    """The page of an article, or of a standalone page, with `context`: all else follows
    from the article (`build.patch` makes one again from its parts this way)."""
    article = context.article
    standalone = article.standalone
    return Page(
        nav=nav,
        url=article.url,
        file=routes.output_path(article.url),
        template=article.template or ("page.html" if standalone else "article.html"),
        kind=PageKind.PAGE if standalone else PageKind.ARTICLE,
        title=article.title,
        context=context,
        source=article.source,
        feed=None if standalone else routes.FEED,
    )


def plan_pages(edition: Edition, related: Sequence[tuple[int, ...]] | None = None) -> list[Page]:
    """Every HTML page of the site, in a stable order; `related` as `site.related.around`
    takes it."""
    config = edition.config
    words = catalogue(config)
    nav = edition.nav  # on every page: built with each, not copied in afterwards
    pages: list[Page] = []
    nears = around(edition, related=related)
    for article, near in zip(edition.articles, nears, strict=True):
        tags = tuple(edition.tag(ref.key).link for ref in article.tags)
        context = ArticleContext(article, tags, near.earlier, near.later, near.related)
        pages.append(article_page(context, nav))
    pages.extend(article_page(ArticleContext(article, ()), nav) for article in edition.pages)
    for pagination, items in paginate(edition.articles, config.paginate, routes.HOME):
        title = (
            words.text("Latest news")
            if pagination.number == 1
            else words.text("Latest news, page %(num)s", num=words.number(pagination.number))
        )
        url = pagination.urls[pagination.number - 1]
        pages.append(
            Page(
                nav=nav,
                url=url,
                file=routes.output_path(url),
                template="index.html",
                kind=PageKind.INDEX,
                title=title,
                context=ListingContext(items, pagination),
                feed=routes.FEED,
            )
        )
    for tag in edition.tags:
        pages.extend(
            _group_pages(
                tag, config.paginate, words, PageKind.TAG, partial(TagContext, tag=tag.summary), nav
            )
        )
    for section in edition.sections:
        summary = section.summary
        pages.extend(
            _group_pages(
                section,
                config.paginate,
                words,
                PageKind.SECTION,
                partial(SectionContext, section=summary),
                nav,
            )
        )
    for author in edition.authors:
        pages.extend(
            _group_pages(
                author,
                config.paginate,
                words,
                PageKind.AUTHOR,
                partial(AuthorContext, author=author.summary),
                nav,
            )
        )
    for archive in archives(edition, words) if config.archives else ():
        pages.extend(_archive_pages(archive, config.paginate, config.title, words, nav))
    pages.extend(_credits_pages(edition, words, nav))
    if edition.authors:
        pages.append(
            Page(
                nav=nav,
                url=routes.AUTHORS,
                file=routes.output_path(routes.AUTHORS),
                template="authors.html",
                kind=PageKind.AUTHORS,
                title=words.text("Authors"),
                context=AuthorsContext(tuple(a.summary for a in edition.authors)),
            )
        )
    corrections = site_corrections(edition)
    if corrections:
        pages.append(
            Page(
                nav=nav,
                url=routes.CORRECTIONS,
                file=routes.output_path(routes.CORRECTIONS),
                template="corrections.html",
                kind=PageKind.CORRECTIONS,
                title=words.text("Corrections"),
                context=CorrectionsContext(corrections),
                feed=routes.CORRECTIONS_FEED,
            )
        )
    pages.append(
        Page(
            nav=nav,
            url=routes.TAGS,
            file=routes.output_path(routes.TAGS),
            template="tags.html",
            kind=PageKind.TAGS,
            title=words.text("Topics"),
            context=TagsContext(tuple(t.summary for t in edition.tags)),
        )
    )
    pages.append(
        Page(
            nav=nav,
            url=routes.NOT_FOUND,
            file=routes.output_path(routes.NOT_FOUND),
            template="404.html",
            kind=PageKind.NOT_FOUND,
            title=words.text("Page not found"),
            context=NotFoundContext(),
        )
    )
    if config.search.enabled:
        indexed = [a.url for a in edition.articles]
        indexed += [p.url for p in edition.pages] if config.search.pages else []
        shards = routes.search_shards(indexed, config.search.shard_pages)
        pages.append(
            Page(
                nav=nav,
                url=routes.SEARCH,
                file=routes.output_path(routes.SEARCH),
                template="search.html",
                kind=PageKind.SEARCH,
                title=words.text("Search"),
                context=SearchContext(tuple(routes.shard_bundle(k) for k in range(1, shards))),
            )
        )
    pages.append(
        Page(
            nav=nav,
            url=routes.FEEDS,
            file=routes.output_path(routes.FEEDS),
            template="feeds.html",
            kind=PageKind.FEEDS,
            title=words.text("Feeds"),
            context=FeedsContext(
                edition.articles[: config.feed.entries],
                tuple(t.summary for t in edition.tags),
                tuple(s.summary for s in edition.sections),
                tuple(a.summary for a in edition.authors if a.articles),
                tuple(routes.FEED_FORMATS[f] for f in config.feed.formats),
                tuple(routes.FEED_FORMATS[f] for f in config.feed.group_formats),
            ),
            feed=routes.FEED,
        )
    )
    return pages


def _archive_pages(
    archive: Archive, per_page: int, site: str, words: Catalogue, nav: Nav
) -> Iterator[Page]:
    """The pages of one year, month or day; a day's are titled as the site's edition of
    that day ("The Desk of February 28, 2022")."""
    period = archive.period
    name = period.name
    if period.level == DAY:
        name = words.text("%(site)s of %(date)s", site=site, date=period.name)
    per_page = max(per_page, PER_PAGE)
    for pagination, items in paginate(archive.articles, per_page, period.url):
        url = pagination.urls[pagination.number - 1]
        start = (pagination.number - 1) * per_page
        days = day_groups(archive.day_of[start : start + len(items)])
        yield Page(
            nav=nav,
            url=url,
            file=routes.output_path(url),
            template="archive.html",
            kind=PageKind.DAY if period.level == DAY else PageKind.ARCHIVE,
            title=paged_title(name, pagination.number, words),
            context=ArchiveContext(
                items, pagination, period, archive.parts, archive.earlier, archive.later, days
            ),
        )


def paged_title(name: str, number: int, words: Catalogue) -> str:
    """The title of page `number` of a listing named `name`, in the site's language."""
    if number == 1:
        return name
    return words.text("%(name)s, page %(num)s", name=name, num=words.number(number))


GroupContext = Callable[[tuple[Article, ...], Pagination], ListingContext]


def _group_pages(
    group: Tag | Section | Author,
    per_page: int,
    words: Catalogue,
    kind: PageKind,
    context: GroupContext,
    nav: Nav,
) -> Iterator[Page]:
    """The paged listing of a topic, section or author: `<url>`, `<url>page/2/`..., each
    titled by the group's name and linked to its feed (an author without articles has none)."""
    for pagination, items in paginate(group.articles, per_page, group.url):
        url = pagination.urls[pagination.number - 1]
        yield Page(
            nav=nav,
            url=url,
            file=routes.output_path(url),
            template=f"{kind}.html",
            kind=kind,
            title=paged_title(group.name, pagination.number, words),
            context=context(items, pagination),
            feed=group.feed_url if group.articles else None,
        )


def find_collisions(outputs: Iterable[tuple[str, str]]) -> list[Problem]:
    """Outputs that cannot all be written, from (output path, what made it) pairs: two to the
    same file, or one file where another output needs a folder (`feed.xml` and
    `feed.xml/index.html`). Paths are compared case-folded, as macOS and Windows see them."""
    by_path: dict[str, list[str]] = defaultdict(list)
    for path, origin in outputs:
        by_path[path.casefold()].append(origin)
    problems = []
    for path, origins in sorted(by_path.items()):
        if len(origins) > 1:
            listed = ", ".join(sorted(set(origins)))
            problems.append(
                Problem(
                    sorted(origins)[0],
                    None,
                    None,
                    f"several things would be written to {path}: {listed}; change a slug or permalink",
                )
            )
    # A file and a folder of one name cannot both exist; the writer would fail on disk.
    within: dict[str, list[str]] = defaultdict(list)
    for path in by_path:
        parts = path.split("/")
        for i in range(1, len(parts)):
            folder = "/".join(parts[:i])
            if folder in by_path:
                within[folder].append(path)
    for folder, paths in sorted(within.items()):
        first = min(paths)
        files = sorted(set(by_path[folder]))
        under = sorted(set(by_path[first]))
        more = f", and {len(paths) - 1} more under {folder}/" if len(paths) > 1 else ""
        problems.append(
            Problem(
                min(files + under),
                None,
                None,
                f"{folder} would be both a file ({', '.join(files)}) and a folder, for "
                f"{first} ({', '.join(under)}){more}; change a slug or permalink",
            )
        )
    return problems
