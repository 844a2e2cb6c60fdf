"""Fingerprints: short digests of everything an output's bytes depend on.

An output whose fingerprint is unchanged since the last build is not rendered again. A page's
fingerprint covers its template (and every template that one extends, includes or imports),
the config, and what its context shows (`signature()` of the typed context).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from brief.build.digest import fingerprint
from brief.content.article import Article
from brief.render.templates import TemplateKeys
from brief.site.pages import ArticleContext, Card, FeedsContext, ListingContext, Page

__all__ = ["ArticleFingerprints", "fingerprint", "fingerprinter", "page_fingerprint"]

ArticleFingerprints = dict[str, tuple[Article, tuple[object, ...], str]]


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def page_fingerprint(
    page: Page, salt: str, held: ArticleFingerprints, card: Card | None = None
) -> str:
    """The digest of `salt` (config and templates) and everything `page` renders from.

    Article pages, most of a site, are remembered in `held` by article file, valid for the
    very article object: a long-running preview keeps unchanged articles as the same
    objects, so it need not digest 10,000 pages again.
    """
    context = page.context
    if isinstance(context, ArticleContext):
        article = context.article
        names = tuple(t.name for t in context.tags)
        # Valid for the very article object and what else the page shows: its topics'
        # names and the headlines and URLs of the stories it links.
        key = (
            salt,
            page.url,
            page.template,
            names,
            context.earlier,
            context.later,
            context.related,
        )
        known = held.get(article.source)
        if known is not None and known[0] is article and known[1] == key:
            return known[2]
        digest = _digest("\x1f".join([salt, page.url, page.template, *context.signature()]))
        held[article.source] = (article, key, digest)
        return digest
    head = [salt, page.url, page.template, page.kind, page.title, str(page.feed), str(page.source)]
    if isinstance(context, ListingContext | FeedsContext):
        return _digest("\x1f".join(head + list(context.signature(card))))
    return _digest("\x1f".join(head + list(context.signature())))


def card_digests(fields: frozenset[str] | None) -> Card | None:
    """A story's digest as a list whose templates read `fields` of it shows it (None when
    they are not known: then the whole article stands for itself). A body edit then
    changes the article page and the feeds, not every list the story is on.

    Kept per article while this build lasts: a story is on five to ten lists."""
    if fields is None:
        return None
    names = sorted(fields)
    known: dict[int, tuple[Article, str]] = {}

    def card(article: Article) -> str:
        held = known.get(id(article))
        if held is not None and held[0] is article:
            return held[1]
        digest = _digest(repr(tuple(getattr(article, n) for n in names)))
        known[id(article)] = (article, digest)
        return digest

    return card


def fingerprinter(
    key: str, templates: TemplateKeys, held: ArticleFingerprints
) -> Callable[[Page], str]:
    """A page's fingerprint function for this build's cache key and templates."""
    salts = {name: f"{key}|{digest}" for name, digest in templates.by_template.items()}
    fallback = f"{key}|{templates.everything}"
    by_fields: dict[frozenset[str], Card | None] = {}
    cards: dict[str, Card | None] = {}
    for name, fields in templates.reads.items():
        if fields is not None and fields not in by_fields:
            by_fields[fields] = card_digests(fields)
        cards[name] = by_fields[fields] if fields is not None else None
    return lambda page: page_fingerprint(
        page, salts.get(page.template, fallback), held, cards.get(page.template)
    )
