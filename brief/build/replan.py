"""Re-planning after small edits.

Building the edition, the page list and 10,000 page fingerprints costs a warm rebuild of a
big site more than everything else together. When the edited articles kept their place in
the site (same file, date, URL, tags, draft state and expiry), the structure is what the
last build planned: only the article objects change. Two ways use that:

- `replan`, for a process that builds again and again (`brief serve`): it keeps the last
  plan and swaps the new articles into the pages that show them.
- `from_index`, for a process that builds once: the edition index the last build left in
  `.brief/` (`cache.EditionIndex`) says where every story was, which pages show or link
  it, and each page's fingerprint. The pages are planned again (cheap), but the related
  stories are read from it and only the pages an edit touches get a new fingerprint.

Anything else falls back to planning afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from brief.build.cache import EditionIndex
from brief.build.digest import fingerprint
from brief.content.article import Article
from brief.render.generated import carried
from brief.site.credits import credited
from brief.site.edition import Edition, Tag
from brief.site.pages import (
    ArticleContext,
    CorrectionsContext,
    CreditsContext,
    FeedsContext,
    ListingContext,
    Page,
    plan_pages,
)

if TYPE_CHECKING:
    from brief.build.cache import ArticlePage


@dataclass
class Plan:
    """One successful build's plan, with what it was planned from."""

    basis: tuple[object, ...]
    """Everything besides the articles that the plan depends on (cache key, options)."""
    articles: tuple[Article, ...]
    """All articles read, in file order, before drafts and future ones were left out."""
    next_due: float | None
    """When a future article becomes due or one expires: the published set changes then."""
    edition: Edition
    pages: list[Page]
    fingerprints: list[str]
    """Per page, in the order of `pages`."""
    uses: dict[str, list[int]]
    """Article file -> indices of the pages that show it."""
    linked: dict[str, list[int]]
    """Article URL -> indices of the pages that link it by its headline (article pages'
    neighbours and related stories, the credits pages)."""


def _placement(a: Article) -> tuple[object, ...]:
    """What decides where an article appears: if unchanged, no page comes or goes, and no
    article page links another story (neighbours in a section, related by tags)."""
    placed = (a.source, a.date, a.url, a.tags, a.draft, a.expires, a.section, a.authors)
    # Its credits too: they decide the credits pages' order and paging; and its photos'
    # names, which the credits pages show as thumbnails.
    lead = a.image.picture.key if a.image and a.image.picture else None
    return (
        *placed,
        tuple(credited(a)),
        lead,
        tuple(f.picture.key for f in a.figures if f.picture),
        a.corrections,
    )  # /corrections/ lists each, in order among all articles'


def placement(article: Article) -> str:
    """The digest of `_placement`, for the edition index."""
    return fingerprint(_placement(article))


def _links(pages: Sequence[Page]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Article file -> the pages that show it; article URL -> the pages that link it by
    its headline (article pages' neighbours and related stories, the credits pages)."""
    uses: dict[str, list[int]] = {}
    linked: dict[str, list[int]] = {}
    for i, page in enumerate(pages):
        for article in page.context.shown:
            uses.setdefault(article.source, []).append(i)
        if isinstance(page.context, ArticleContext | CreditsContext):
            for story in page.context.links:
                linked.setdefault(story.url, []).append(i)
    return uses, linked


def page_shape(pages: Sequence[Page]) -> str:
    """The digest of every page's file, template and kind, and of the titles of those that
    are not an article's (an article page's is its headline, which an edit may change)."""
    rows = [
        (p.file, p.template, p.kind.value, "" if isinstance(p.context, ArticleContext) else p.title)
        for p in pages
    ]
    return fingerprint(rows)


def shows(page: Page) -> str:
    """How `page` shows the stories of its `context.shown` (`EditionIndex.kinds`): `a` an
    article's own page, `c` by their cards (`fingerprints.card_digests`), `p` by their
    credits and corrections (in `_placement`) and headlines, `o` any other way."""
    context = page.context
    if isinstance(context, ArticleContext):
        return "a"
    if isinstance(context, ListingContext | FeedsContext):
        return "c"
    if isinstance(context, CreditsContext | CorrectionsContext):
        return "p"
    return "o"


def article_pages(pages: Sequence[Page]) -> dict[str, ArticlePage]:
    """Article file -> its page's index and the page's parts besides the story, which
    `build.patch` makes the page again from (`cache.save_index` keeps them)."""
    return {
        p.context.article.source: (
            i,
            p.context.tags,
            p.context.earlier,
            p.context.later,
            p.context.related,
        )
        for i, p in enumerate(pages)
        if isinstance(p.context, ArticleContext)
    }


def edition_index(
    slot: str,
    token: str,
    basis: tuple[object, ...],
    next_due: float | None,
    articles: Sequence[Article],
    related: Sequence[tuple[int, ...]],
    pages: Sequence[Page],
    fingerprints: Sequence[str],
    edition: Edition,
    listed: str,
    last: EditionIndex | None = None,
) -> EditionIndex:
    """The edition index of a build. `last` is the index this build's plan was read from,
    if it was: then what depends only on where the stories are is taken from it.
    `listed`: the digest of the problems the listing of the inputs reported."""
    digests = tuple(a.digest for a in articles)
    # what `build.patch` reads besides: the article pages' parts hold other stories'
    # headlines, which an edit in place may have changed
    if last is not None:
        index = replace(
            last,
            token=token,
            next_due=next_due,
            digests=digests,
            fingerprints=tuple(fingerprints),
        )
    else:
        uses, linked = _links(pages)
        index = EditionIndex(
            slot=slot,
            token=token,
            basis=fingerprint(*basis),
            next_due=next_due,
            sources=tuple(a.source for a in articles),
            digests=digests,
            placements=tuple(placement(a) for a in articles),
            related=tuple(related),
            shape=page_shape(pages),
            fingerprints=tuple(fingerprints),
            uses={k: tuple(v) for k, v in uses.items()},
            linked={k: tuple(v) for k, v in linked.items()},
        )
    # What `build.patch` reads besides (and `article_pages`, which `cache.save_index`
    # keeps apart: they hold other stories' headlines, which an edit in place may have
    # changed, so they are made afresh).
    return replace(
        index,
        listed=listed,
        nav=edition.nav,
        kinds="".join(shows(p) for p in pages),
        templates=tuple(p.template for p in pages),
        carried=carried(edition),
        page_parts=(),
    )


def _changed_in_place(
    index: EditionIndex, basis: tuple[object, ...], articles: Sequence[Article], now: dt.datetime
) -> list[Article] | None:
    """The articles edited since `index` was written, if every one of them kept its place
    (and nothing else the plan depends on changed); None if the site must be planned
    afresh."""
    if index.basis != fingerprint(*basis) or len(articles) != len(index.sources):
        return None
    if index.next_due is not None and now.timestamp() >= index.next_due:
        return None
    changed = []
    for i, a in enumerate(articles):
        if a.source != index.sources[i]:
            return None
        if a.digest != index.digests[i]:
            if placement(a) != index.placements[i]:
                return None
            changed.append(a)
    return changed


def from_index(
    index: EditionIndex,
    basis: tuple[object, ...],
    articles: Sequence[Article],
    edition: Edition,
    now: dt.datetime,
    fingerprint_of: Callable[[Page], str],
) -> tuple[list[Page], list[str]] | None:
    """The pages of `edition` with their related stories from `index`, and every page's
    fingerprint: a new one for the pages that show or link an article edited since, the
    index's for the rest. None if a story moved, or anything else the plan depends on
    changed: then the site is planned afresh."""
    changed = _changed_in_place(index, basis, articles, now)
    if changed is None or len(index.related) != len(edition.articles):
        return None
    pages = plan_pages(edition, index.related)
    if len(pages) != len(index.fingerprints) or page_shape(pages) != index.shape:
        return None
    fingerprints = list(index.fingerprints)
    touched: set[int] = set()
    for a in changed:
        touched.update(index.uses.get(a.source, ()))
        touched.update(index.linked.get(a.url, ()))
    for i in sorted(touched):
        fingerprints[i] = fingerprint_of(pages[i])
    return pages, fingerprints


def make_plan(
    basis: tuple[object, ...],
    articles: Sequence[Article],
    next_due: float | None,
    edition: Edition,
    pages: list[Page],
    fingerprints: list[str],
) -> Plan:
    uses, linked = _links(pages)
    return Plan(basis, tuple(articles), next_due, edition, pages, fingerprints, uses, linked)


def replan(
    plan: Plan | None,
    basis: tuple[object, ...],
    articles: Sequence[Article],
    now: dt.datetime,
    fingerprint_of: Callable[[Page], str],
) -> tuple[Edition, list[Page], list[str]] | None:
    """The last plan with `articles` swapped in, or None if the structure may have changed."""
    if plan is None or plan.basis != basis or len(articles) != len(plan.articles):
        return None
    if plan.next_due is not None and now.timestamp() >= plan.next_due:
        return None
    pairs = []
    for new, old in zip(articles, plan.articles, strict=True):
        if new is old:
            continue
        if _placement(new) != _placement(old):
            return None
        pairs.append((old, new))
    if not pairs:
        return plan.edition, plan.pages, plan.fingerprints
    edition, pages, fingerprints, _ = swapped(plan, pairs, fingerprint_of)
    return edition, pages, fingerprints


def swapped(
    plan: Plan,
    pairs: Sequence[tuple[Article, Article]],
    fingerprint_of: Callable[[Page], str],
) -> tuple[Edition, list[Page], list[str], list[int]]:
    """The plan's edition, pages and fingerprints with each (old, new) story of `pairs`
    swapped in (each kept its place: `_placement`), and the indices of the pages made
    again. Proportional to the edits, not the archive: the tags, section and authors that
    hold a story are found from its own references."""
    swap = {id(old): new for old, new in pairs}
    titles = {old.url: new.title for old, new in pairs if new.title != old.title}

    def sub(a: Article) -> Article:
        return swap.get(id(a), a)

    def holds(articles: Sequence[Article]) -> bool:
        return any(id(a) in swap for a in articles)

    edition = plan.edition
    tag_keys = {ref.key for old, _ in pairs for ref in old.tags}
    new_tags: dict[int, Tag] = {}
    for key in tag_keys:
        tag = edition.tag_by_key.get(key)
        if tag is not None and holds(tag.articles):
            new_tags[id(tag)] = Tag(
                name=tag.name, slug=tag.slug, articles=tuple(map(sub, tag.articles))
            )
    desks = {old.section.slug for old, _ in pairs if old.section is not None}
    bylines = {ref.slug for old, _ in pairs for ref in old.authors}
    if new_tags:
        edition = replace(
            edition,
            tags=tuple(new_tags.get(id(t), t) for t in edition.tags),
            tag_by_key={k: new_tags.get(id(t), t) for k, t in edition.tag_by_key.items()},
        )
    edition = replace(
        edition,
        articles=tuple(map(sub, edition.articles)),
        pages=tuple(map(sub, edition.pages)),
        sections=tuple(
            replace(s, articles=tuple(map(sub, s.articles)))
            if s.slug in desks and holds(s.articles)
            else s
            for s in edition.sections
        ),
        authors=tuple(
            replace(a, articles=tuple(map(sub, a.articles)))
            if a.slug in bylines and holds(a.articles)
            else a
            for a in edition.authors
        ),
    )
    pages = list(plan.pages)
    fingerprints = list(plan.fingerprints)
    touched = {i for old, _ in pairs for i in plan.uses.get(old.source, ())}
    # A new headline is shown by the pages that link the story, besides those that show it.
    relinked = {i for url in titles for i in plan.linked.get(url, ())}
    done = sorted(touched | relinked)
    for i in done:
        page = pages[i]
        context = page.context.swapped(sub) if i in touched else page.context
        if isinstance(context, ArticleContext | CreditsContext) and i in relinked:
            context = context.relinked(titles)
        if isinstance(context, ArticleContext):
            page = replace(page, title=context.article.title)
        pages[i] = replace(page, context=context)
        fingerprints[i] = fingerprint_of(pages[i])
    return edition, pages, fingerprints, done
