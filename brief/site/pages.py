"""Planning: which pages the site has, at which URLs, rendered by which template.

Pure: takes an `Edition`, returns `Page`s; no I/O, no rendering. Collisions between any two
outputs are found here, before anything is written.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from brief.content.article import Article
from brief.errors import Problem
from brief.site.edition import Edition, Tag, TagLink, TagSummary


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
class Page:
    """One HTML page to render: its URL, file, template and what the template receives."""

    url: str
    """Site path, e.g. `/tags/ukraine/`."""
    output: str
    """Path of the written file relative to the output folder, e.g. `tags/ukraine/index.html`."""
    template: str
    kind: str
    """article, index, tag, tags or 404."""
    title: str
    """The page's own title, without the site name."""
    context: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    """The article file this page shows, for messages about it."""
    feed: str | None = None
    """Site path of the Atom feed that matches this page."""


def output_path(url: str) -> str:
    """Pretty URLs: `/a/b/` is written as `a/b/index.html`; `/x.xml` as `x.xml`."""
    path = url.lstrip("/")
    return path + "index.html" if url.endswith("/") else path


def paginate(
    items: Sequence[Article], per_page: int, first_url: str
) -> list[tuple[Pagination, tuple[Article, ...]]]:
    """Split a listing into pages: `first_url`, then `first_url + page/2/` ..."""
    total = max(1, -(-len(items) // per_page))
    urls = tuple(first_url if n == 1 else f"{first_url}page/{n}/" for n in range(1, total + 1))
    return [
        (Pagination(n, total, urls), tuple(items[(n - 1) * per_page : n * per_page]))
        for n in range(1, total + 1)
    ]


def plan_pages(edition: Edition) -> list[Page]:
    """Every HTML page of the site, in a stable order."""
    config = edition.config
    pages: list[Page] = []
    for article in edition.articles:
        tags = tuple(edition.tag(ref.key).link for ref in article.tags)
        pages.append(
            Page(
                url=article.url,
                output=output_path(article.url),
                template="article.html",
                kind="article",
                title=article.title,
                context={"article": article, "tags": tags},
                source=article.source,
                feed="/feed.xml",
            )
        )
    for pagination, items in paginate(edition.articles, config.paginate, "/"):
        title = (
            "Latest news" if pagination.number == 1 else f"Latest news, page {pagination.number}"
        )
        pages.append(
            Page(
                url=pagination.urls[pagination.number - 1],
                output=output_path(pagination.urls[pagination.number - 1]),
                template="index.html",
                kind="index",
                title=title,
                context={"articles": items, "pagination": pagination},
                feed="/feed.xml",
            )
        )
    for tag in edition.tags:
        pages.extend(_tag_pages(tag, config.paginate))
    pages.append(
        Page(
            url="/tags/",
            output="tags/index.html",
            template="tags.html",
            kind="tags",
            title="Topics",
            context={"tags": tuple(t.summary for t in edition.tags)},
        )
    )
    pages.append(
        Page(
            url="/404.html",
            output="404.html",
            template="404.html",
            kind="404",
            title="Page not found",
        )
    )
    return pages


def _tag_pages(tag: Tag, per_page: int) -> Iterable[Page]:
    for pagination, items in paginate(tag.articles, per_page, tag.url):
        url = pagination.urls[pagination.number - 1]
        title = tag.name if pagination.number == 1 else f"{tag.name}, page {pagination.number}"
        yield Page(
            url=url,
            output=output_path(url),
            template="tag.html",
            kind="tag",
            title=title,
            context={"tag": tag.summary, "articles": items, "pagination": pagination},
            feed=tag.feed_url,
        )


def find_collisions(outputs: Iterable[tuple[str, str]]) -> list[Problem]:
    """Outputs that would be written to the same file: (output path, what made it) pairs."""
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
    return problems


def signature(value: object) -> object:
    """Plain data that changes whenever `value` could render differently.

    An article stands for itself by the digest of its source (which, with the config,
    decides every field) and its file name.
    """
    if isinstance(value, Article):
        return (value.digest, value.source)
    if isinstance(value, TagSummary):
        return (value.name, value.slug, value.count)
    if isinstance(value, TagLink):
        return (value.name, value.slug)
    if isinstance(value, Pagination):
        return (value.number, value.urls)
    if isinstance(value, tuple | list):
        return tuple(signature(v) for v in value)
    if isinstance(value, Mapping):
        return tuple((str(k), signature(v)) for k, v in sorted(value.items()))
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"no signature for {type(value).__name__}")


def page_signature(page: Page) -> object:
    return (
        page.url,
        page.template,
        page.kind,
        page.title,
        page.feed,
        page.source,
        signature(page.context),
    )


# Article page fingerprints of this process, by source file, valid for the very article
# object held: a long-running preview keeps unchanged articles as the same objects, so it
# need not digest 10,000 pages again. One entry per file, so edits do not pile up.
_article_fingerprints: dict[str, tuple[Article, tuple[object, ...], str]] = {}


def page_fingerprint(page: Page, salt: str) -> str:
    """The digest of `salt` (config and templates) and everything `page` renders from.

    Article pages, most of a site, take a short path: their signature is known to be the
    article's digest and file, and the names of its topics.
    """
    if page.kind == "article":
        article = page.context["article"]
        names = tuple(t.name for t in page.context["tags"])
        key = (salt, page.url, page.template, names)
        held = _article_fingerprints.get(article.source)
        if held is not None and held[0] is article and held[1] == key:
            return held[2]
        text = "\x1f".join([salt, page.url, page.template, article.digest, article.source, *names])
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        _article_fingerprints[article.source] = (article, key, digest)
        return digest
    elif page.kind in ("index", "tag"):
        # A listing: its place among its sibling pages, its topic, and its stories.
        ctx = page.context
        tag = ctx.get("tag")
        head = [salt, page.url, page.template, page.title, str(page.feed)]
        if tag is not None:
            head += [tag.name, tag.slug, str(tag.count)]
        head += ctx["pagination"].urls
        text = "\x1f".join(head + [a.digest + a.source for a in ctx["articles"]])
    else:
        text = salt + repr(page_signature(page))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
