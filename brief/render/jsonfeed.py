"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1), beside the Atom and RSS feeds: the same
entries (see `feeds`), as JSON.

Each item's credits are in a `_brief` object, the form JSON Feed gives extensions (readers
that do not know one ignore it):

    "_brief": {"credits": [{"role": "image", "image": "https://.../media/photo.jpg",
      "title": "...", "creator": "...", "source": "...", "source_url": "...",
      "license": {"id": "CC BY 4.0", "name": "...", "url": "https://...", "spdx": "CC-BY-4.0"},
      "license_kind": null, "notice": null}]}

in the order the article's credits footer lists them (its lead image, its body's images,
further sources); `image` is the credited image's URL (null for a further source), every key
is always there (null when the credit has no such part), and an item without credits has no
`_brief`. `feed.content: summary` gives `content_text` (the summary, or "" without one)
instead of `content_html`. The file is compact JSON with `<`, `>` and `&` written as `\\u`
escapes, as the JSON-LD of pages is (`structured.script_json`): no output holds a raw tag.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from typing import Any

from brief.config import SiteConfig
from brief.content.article import Article, Credit
from brief.i18n import Catalogue, catalogue
from brief.render.feeds import (
    clean,
    credits,
    entry_content,
    image_url,
    kept,
    site_author,
    when,
)
from brief.render.urls import absolute

VERSION = "https://jsonfeed.org/version/1.1"


def _credit(credit: Credit, image: str | None) -> dict[str, Any]:
    lic = credit.license
    return {
        "role": credit.role,
        "image": image,
        "title": credit.title,
        "creator": credit.creator,
        "source": credit.source,
        "source_url": credit.source_url,
        "license": (
            {"id": lic.id, "name": lic.name, "url": lic.url, "spdx": lic.spdx} if lic else None
        ),
        "license_kind": credit.license_kind,
        "notice": credit.notice,
    }


def _clean(data: Any) -> Any:
    """`data` with the characters no feed should carry dropped from every text in it."""
    if isinstance(data, str):
        return clean(data)
    if isinstance(data, dict):
        return {k: _clean(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_clean(v) for v in data]
    return data


def _item(art: Article, config: SiteConfig, words: Catalogue) -> dict[str, Any]:
    """One article's item, the same in every JSON feed that carries it (never changed
    once made: feeds share it)."""

    def a(path: str) -> str:
        return absolute(path, config.base_url)

    url = a(art.url)
    item: dict[str, Any] = {"id": url, "url": url, "title": art.title}
    if config.feed.content == "full":
        item["content_html"] = entry_content(art, config, words).html
    else:
        item["content_text"] = art.summary
    if art.summary:
        item["summary"] = art.summary
    lead = image_url(art.image.src, a) if art.image and art.image.src else None
    if lead:
        item["image"] = lead
    item["date_published"] = when(art.date)
    item["date_modified"] = when(art.modified)
    if art.authors:
        item["authors"] = [{"name": x.name, "url": a(x.url)} for x in art.authors]
    if art.tags:
        item["tags"] = [t.name for t in art.tags]
    found = credits(art, a)
    if found:
        item["_brief"] = {"credits": [_credit(c, image) for c, image in found]}
    return item


def json_feed(
    config: SiteConfig,
    articles: Sequence[Article],
    *,
    feed_path: str,
    page_path: str,
    title: str,
    words: Catalogue | None = None,
) -> bytes:
    """A JSON Feed 1.1 of the latest `config.feed.entries` articles."""

    def a(path: str) -> str:
        return absolute(path, config.base_url)

    words = words or catalogue(config)  # the credit words of the entries' HTML
    data: dict[str, Any] = {
        "version": VERSION,
        "title": title,
        "home_page_url": a(page_path),
        "feed_url": a(feed_path),
    }
    if config.description:
        data["description"] = config.description
    data["language"] = config.language
    author = site_author(config)
    if author:
        data["authors"] = [{"name": author.name, **({"url": author.url} if author.url else {})}]
    items = [
        kept("json", art, config, words, partial(_item, art, config, words))
        for art in articles[: config.feed.entries]
    ]
    data["items"] = items
    return serialise(data)


_MARKUP = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))
"""What JSON may write as escapes, so that no tag of hostile text is in the file as it is:
the same JSON to every parser, inert to anything that sniffs the file for HTML. Replaced
one after another (no escape holds another's character): `str.translate` with a table
looks every character up, a third of a feed's time."""


def serialise(data: Any) -> bytes:
    """Compact JSON (the C encoder writes it; an indented feed takes three times as long),
    UTF-8 as JSON Feed asks, with `<`, `>` and `&` as escapes and without the characters
    `feeds.clean` drops: those are looked for in the text made first, which escapes the C0
    ones (a false alarm only costs a second pass)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if clean(text) != text or any(e in text for e in ("\\u00", "\\b", "\\f")):
        text = json.dumps(_clean(data), ensure_ascii=False, separators=(",", ":"))
    for char, escape in _MARKUP:
        text = text.replace(char, escape)
    return (text + "\n").encode("utf-8")
