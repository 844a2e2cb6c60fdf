"""The credits pages' content: every credit of the site, grouped by the terms of use, each
work once however many articles use it, with links to those articles.

A rights holder looks here for their work: who made it, what it is, where it came from,
under which licence, and where the site shows it. The credits are those of the published
articles and standalone pages (`Article.attributions`: lead images, body figures,
`credits:` entries); linear in their number. A big site's works are split into pages of
`PER_PAGE`, so that a headline edit re-renders the one page that shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from brief.content.article import Article, Credit
from brief.content.licenses import NOTICE_ALL_RIGHTS_RESERVED, NOTICE_PERMISSION
from brief.images.plan import Picture
from brief.site.edition import StoryLink
from brief.slugs import fold

CC_FAMILIES = ("by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd")
"""Creative Commons licences by family (every version of a family in one group), freest
first."""
PUBLIC_DOMAIN = "public-domain"
"""CC0 and the Public Domain Mark together: neither asks anything of the user (each entry
still names and links its own tool)."""
GROUPS = (
    *CC_FAMILIES,
    PUBLIC_DOMAIN,
    NOTICE_PERMISSION,
    NOTICE_ALL_RIGHTS_RESERVED,
    "notice",
    "unstated",
)
"""Every group in the order the page shows them; `notice` is a notice without a licence
or a kind, `unstated` a credit that gives no terms at all."""
PER_PAGE = 200
"""Works on one credits page."""


@dataclass(frozen=True)
class CreditEntry:
    """One work as the credits page lists it: its credit, and the pages that use it."""

    credit: Credit
    image: str | None
    """The image credited (a site path or URL), for an image's credit."""
    uses: tuple[StoryLink, ...]
    """The articles (then the pages) that show it, in the site's order, each once."""
    picture: Picture | None = None
    """The processed photo's sizes, for a small thumbnail rather than the whole photo."""


@dataclass(frozen=True)
class CreditGroup:
    """The works used under one kind of terms."""

    kind: str
    """One of `GROUPS`; the theme names it in the site's language."""
    entries: tuple[CreditEntry, ...]


@dataclass(frozen=True)
class GroupLink:
    """A group as every credits page lists it: its kind, how many works, and the page where
    its list begins."""

    kind: str
    count: int
    url: str


def group_of(credit: Credit) -> str:
    """The group of `GROUPS` that `credit` is listed in."""
    if credit.license is not None:
        return PUBLIC_DOMAIN if credit.license.is_public_domain else credit.license.code
    if credit.license_kind is not None:
        return credit.license_kind
    return "notice" if credit.notice else "unstated"


def credited(article: Article) -> Iterator[tuple[Credit, str | None]]:
    """`article.attributions`, in its order, each with the image it credits (if any)."""
    if article.image and article.image.src:  # an image: without src shows none
        yield article.image.credit, article.image.src
    for figure in article.figures:
        if figure.credit:
            yield figure.credit, figure.url
    for credit in article.credits:
        yield credit, None


def _pictures(article: Article) -> Iterator[tuple[str, Picture]]:
    """The processed photos of `article` by the path `credited` gives them."""
    if article.image and article.image.src and article.image.picture:
        yield article.image.src, article.image.picture
    for figure in article.figures:
        if figure.picture:
            yield figure.url, figure.picture


def _work(credit: Credit, image: str | None) -> tuple[object, ...]:
    """What makes two credits one work: the same image, if it is one, and everything its
    credit shows but its role (two photos credited alike are two works)."""
    lic = credit.license.id if credit.license else None
    return (
        image,
        credit.title,
        credit.creator,
        credit.source,
        credit.source_url,
        lic,
        credit.license_kind,
        credit.notice,
    )


def _order(entry: CreditEntry) -> tuple[str, ...]:
    c = entry.credit
    return (
        fold(c.title or c.creator or c.source or c.notice or ""),
        fold(c.creator or ""),
        fold(c.source or ""),
        c.source_url or "",
        c.license.id if c.license else "",
        c.notice or "",
        c.title or "",
        entry.image or "",
    )


def credit_groups(articles: Iterable[Article]) -> tuple[CreditGroup, ...]:
    """The credits of `articles` (the published ones, then the pages, in the site's order)
    by group: only groups with works, in `GROUPS` order; within a group, by title (or
    creator), then creator, source and licence."""
    works: dict[tuple[object, ...], tuple[Credit, str | None, dict[str, StoryLink]]] = {}
    pictures: dict[str, Picture] = {}
    for article in articles:
        for credit, image in credited(article):
            key = _work(credit, image)
            if key not in works:
                works[key] = (credit, image, {})
            works[key][2].setdefault(article.url, StoryLink(article.title, article.url))
        pictures.update(_pictures(article))
    grouped: dict[str, list[CreditEntry]] = {}
    for credit, image, uses in works.values():
        shown = pictures.get(image) if image else None
        entry = CreditEntry(credit, image, tuple(uses.values()), shown)
        grouped.setdefault(group_of(credit), []).append(entry)
    return tuple(
        CreditGroup(kind, tuple(sorted(grouped[kind], key=_order)))
        for kind in GROUPS
        if kind in grouped
    )


def pages_of(
    groups: tuple[CreditGroup, ...], per_page: int = PER_PAGE
) -> list[tuple[CreditGroup, ...]]:
    """`groups` cut into pages of `per_page` works, in order; a group that runs over a page
    goes on with its heading on the next. At least one page, empty for no credits."""
    pages: list[tuple[CreditGroup, ...]] = []
    current: list[CreditGroup] = []
    room = per_page
    for group in groups:
        entries = group.entries
        while entries:
            current.append(CreditGroup(group.kind, entries[:room]))
            room -= len(current[-1].entries)
            entries = entries[len(current[-1].entries) :]
            if room == 0:
                pages.append(tuple(current))
                current, room = [], per_page
    if current or not pages:
        pages.append(tuple(current))
    return pages


def relinked(groups: tuple[CreditGroup, ...], titles: dict[str, str]) -> tuple[CreditGroup, ...]:
    """`groups` with the headlines of the articles at the URLs of `titles` replaced."""
    return tuple(
        CreditGroup(
            g.kind,
            tuple(
                CreditEntry(
                    e.credit,
                    e.image,
                    tuple(StoryLink(titles.get(u.url, u.title), u.url) for u in e.uses),
                    e.picture,
                )
                for e in g.entries
            ),
        )
        for g in groups
    )


def signature(groups: tuple[CreditGroup, ...]) -> tuple[str, ...]:
    """Everything the credits page shows of `groups`, as plain strings."""
    out: list[str] = []
    for group in groups:
        out.append(f"\x1d{group.kind}")
        for entry in group.entries:
            c = entry.credit
            out.append(
                "\x1e".join(
                    str(x)
                    for x in (
                        entry.image,
                        entry.picture.key if entry.picture else None,
                        c.role,
                        c.title,
                        c.creator,
                        c.source,
                        c.source_url,
                        c.license.id if c.license else None,
                        c.license_kind,
                        c.notice,
                    )
                )
            )
            out.extend(f"{u.title}\x1f{u.url}" for u in entry.uses)
    return tuple(out)
