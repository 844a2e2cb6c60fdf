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
from brief.site.pages import ArticleContext, Page

__all__ = ["ArticleFingerprints", "fingerprint", "fingerprinter", "page_fingerprint"]

ArticleFingerprints = dict[str, tuple[Article, tuple[object, ...], str]]


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def page_fingerprint(page: Page, salt: str, held: ArticleFingerprints) -> str:
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
    return _digest("\x1f".join(head + list(context.signature())))


def fingerprinter(
    key: str, templates: TemplateKeys, held: ArticleFingerprints
) -> Callable[[Page], str]:
    """A page's fingerprint function for this build's cache key and templates."""
    salts = {name: f"{key}|{digest}" for name, digest in templates.by_template.items()}
    fallback = f"{key}|{templates.everything}"
    return lambda page: page_fingerprint(page, salts.get(page.template, fallback), held)
