"""Atom feeds, what every feed format shows of an article, and the XML escaping every
machine-readable output shares.

Written directly rather than through templates: the format is fixed by a standard, every URL
in it must be absolute, and escaping is done by one function we can test.

An entry carries its images' credits twice, for two kinds of reader:

- Media RSS elements (`media:content` with `media:credit`, `media:license`,
  `media:copyright`, `media:description`), which feed readers read in Atom as in RSS: the
  lead image first (readers take it as the entry's picture), then each credited image of
  the body, with what the page's JSON-LD says of them (`structured.image_object`: the same
  credit text, licence and notice);
- in a full-content entry, the HTML itself, for readers that ignore extensions: the lead
  image as the article page shows it (a figure with its caption and "Image: ..."), the body,
  and the credits footer of the page (every credit with its licence), in the site's language.

`rss.py` and `jsonfeed.py` write the other formats from the same pieces.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar, cast
from urllib.parse import urlsplit

import brief
from brief.config import Person, SiteConfig
from brief.content.article import Article, Credit
from brief.content.figures import CREDIT_LABEL, localized
from brief.i18n import Catalogue, catalogue
from brief.render.kept import ByIdentity
from brief.render.mediatypes import content_type
from brief.render.structured import image_object
from brief.render.urls import absolute, site_links
from brief.site import routes

AbsUrl = Callable[[str], str]
"""A site path to its absolute URL (an absolute URL stays as it is)."""

MEDIA_NS = "http://search.yahoo.com/mrss/"
"""Media RSS (https://www.rssboard.org/media-rss), read in Atom feeds too."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids even escaped (a vertical tab or ESC pasted from a word
processor): one would make the whole feed unreadable."""


def clean(text: str) -> str:
    """`text` without the characters XML forbids, which no feed of any format should carry
    (JSON could escape them, but no reader could show them)."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def escape(text: str) -> str:
    """Text for XML element content, with characters XML forbids dropped. (xml.sax.saxutils
    would import urllib.request, a fifth of brief's start-up, for three replacements.)"""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + escape(text).replace('"', "&quot;") + '"'


def when(value: dt.datetime) -> str:
    """RFC 3339 in UTC, as Atom and JSON Feed write dates."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def site_author(config: SiteConfig) -> Person | None:
    """Who a feed names as its author, for entries whose article names none."""
    return config.author or config.publisher


# --- what an entry shows -------------------------------------------------------------------


@dataclass(frozen=True)
class FeedImage:
    """An image a feed entry carries, with its credit."""

    url: str
    """Absolute http(s)."""
    type: str | None
    """Its media type, when its name tells (`image/png`)."""
    size: tuple[int, int] | None
    """Width and height in pixels, when brief read them (body images)."""
    caption: str | None
    credit: Credit


def image_url(src: str, a: AbsUrl) -> str | None:
    """The absolute URL of an image a page shows: a site path (without the query or fragment
    a body may write after a file) or an http(s) URL; None for anything else (`data:`,
    `//host/...`), which no feed should point readers at."""
    if src.startswith("/") and not src.startswith("//"):
        return a(re.split(r"[?#]", src, maxsplit=1)[0])
    parts = urlsplit(src)
    return src if parts.scheme in ("http", "https") and parts.netloc else None


def _image_type(url: str) -> str | None:
    kind = content_type(urlsplit(url).path)
    return kind if kind.startswith("image/") else None


def images(article: Article, a: AbsUrl) -> list[FeedImage]:
    """The lead image, then each credited image of the body: those whose credits the
    article's JSON-LD carries too."""
    found = []
    lead = article.image
    url = image_url(lead.src, a) if lead and lead.src else None
    if lead and url:
        found.append(FeedImage(url, _image_type(url), None, lead.caption, lead.credit))
    for figure in article.figures:
        url = image_url(figure.url, a) if figure.credit else None
        if figure.credit and url:
            caption = figure.credit.title
            found.append(FeedImage(url, _image_type(url), figure.size, caption, figure.credit))
    return found


def credits(article: Article, a: AbsUrl) -> list[tuple[Credit, str | None]]:
    """`Article.attributions`, each with the absolute URL of the image it credits (None for
    a further source, or an image whose URL no feed can give)."""
    lead = article.image
    found: list[tuple[Credit, str | None]] = []
    if lead and lead.src:
        found.append((lead.credit, image_url(lead.src, a)))
    found += [(f.credit, image_url(f.url, a)) for f in article.figures if f.credit]
    return found + [(c, None) for c in article.credits]


def media_elements(shown: Sequence[FeedImage], indent: str, described: bool) -> list[str]:
    """The `media:content` elements of an entry's images. A caption becomes
    `media:description` only in an entry that has a summary (`described`): readers built on
    feedparser take an entry's first description for its summary."""
    out = []
    for image in shown:
        data = image_object(image.url, image.caption, image.credit)
        attrs = f'url={quoteattr(image.url)} medium="image"'
        if image.type:
            attrs += f" type={quoteattr(image.type)}"
        if image.size:
            attrs += f' width="{image.size[0]}" height="{image.size[1]}"'
        inner = []
        if described and data.get("caption"):
            inner.append(
                f'<media:description type="plain">{escape(data["caption"])}</media:description>'
            )
        if data.get("creditText"):
            # No role: brief cannot tell a photograph from a map or a drawing.
            inner.append(f"<media:credit>{escape(data['creditText'])}</media:credit>")
        lic = image.credit.license
        if lic and data.get("license"):
            inner.append(
                f'<media:license type="text/html" href={quoteattr(data["license"])}>'
                f"{escape(lic.id)}</media:license>"
            )
        if data.get("copyrightNotice"):
            more = data.get("acquireLicensePage")
            where = f" url={quoteattr(more)}" if more else ""
            inner.append(
                f"<media:copyright{where}>{escape(data['copyrightNotice'])}</media:copyright>"
            )
        if not inner:
            out.append(f"{indent}<media:content {attrs}/>")
            continue
        out.append(f"{indent}<media:content {attrs}>")
        out += [f"{indent}  {line}" for line in inner]
        out.append(f"{indent}</media:content>")
    return out


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def lead_figure(article: Article, a: AbsUrl, words: Catalogue) -> str:
    """The lead image as the article page shows it, or "" without one a feed can link."""
    lead = article.image
    url = image_url(lead.src, a) if lead and lead.src else None
    if lead is None or url is None:
        return ""
    spans = []
    if lead.caption:
        spans.append(f'<span class="caption">{_h(lead.caption)}</span>')
    if lead.credit.creator:
        label = words.gettext(CREDIT_LABEL) % {"creator": _h(lead.credit.creator)}
        spans.append(f'<span class="figure-credit">{label}</span>')
    caption = f"<figcaption>{' '.join(spans)}</figcaption>" if spans else ""
    return (
        f'<figure class="lead-image"><img src="{_h(url)}" alt="{_h(lead.alt)}">{caption}</figure>'
    )


def credit_line(credit: Credit, words: Catalogue) -> str:
    """One credit in the TASL form of the theme's credits footer
    (`partials/attribution.html`), with its words from the same catalogue strings."""
    sep = words.pgettext("list separator", ", ")
    default = "Image" if credit.role == "image" else "Source"
    what = f'<span class="credit-what">{_h(credit.title or words.gettext(default))}</span>'
    line = what
    if credit.creator:
        creator = f'<span class="credit-creator">{_h(credit.creator)}</span>'
        line = words.gettext("%(work)s by %(creator)s") % {"work": what, "creator": creator}
    if credit.source:
        source = _h(credit.source)
        line += sep + (
            f'<a class="credit-source" href="{_h(credit.source_url)}">{source}</a>'
            if credit.source_url
            else f'<span class="credit-source">{source}</span>'
        )
    elif credit.source_url:
        line += sep + (
            f'<a class="credit-source" href="{_h(credit.source_url)}">{words.gettext("source")}</a>'
        )
    lic = credit.license
    if lic:
        deed = f'<a class="credit-license" rel="license" href="{_h(lic.url)}">{_h(lic.id)}</a>'
        if lic.is_dedication:
            said = words.gettext("dedicated to the public domain (%(licence)s)") % {"licence": deed}
        elif lic.is_public_domain:
            said = (
                f'<a class="credit-license" rel="license" href="{_h(lic.url)}">'
                f"{words.gettext('in the public domain')}</a>"
            )
        else:
            said = words.gettext("licensed under %(licence)s") % {"licence": deed}
        line += sep + said
    line += "."
    if credit.notice:
        line += f' <span class="credit-notice">{_h(credit.notice)}</span>'
    return f'<li class="credit credit-{_h(credit.role)}">{line}</li>'


def content_html(article: Article, a: AbsUrl, words: Catalogue) -> str:
    """The article as a full-content entry shows it: the lead image with its caption and
    credit, the body (its figures' credit words in the site's language, every link
    absolute), and the credits footer."""
    text = site_links(localized(article.html, words.gettext), a)
    lead = lead_figure(article, a, words)
    if lead:
        text = f"{lead}\n{text}"
    found = article.attributions
    if found:
        items = "".join(credit_line(c, words) for c in found)
        footer = (
            f'<footer class="attribution"><h2>{words.gettext("Credits")}</h2>'
            f'<ul class="credits">{items}</ul></footer>'
        )
        text = f"{text.rstrip()}\n{footer}\n"
    return text


@dataclass(frozen=True)
class EntryContent:
    """A full-content entry's HTML, and the same escaped for XML element content."""

    html: str
    xml: str


_KEPT: ByIdentity[object] = ByIdentity(1 << 14)
"""Entries kept: an article is in some six feeds (the site's, its section's, each topic's
and author's), and its entry in one format is the same in all of them."""

T = TypeVar("T")


def kept(
    kind: str, article: Article, config: SiteConfig, words: Catalogue, make: Callable[[], T]
) -> T:
    """What `make` gives for one article in one format (`kind`), made once for every feed
    that carries it: it may depend only on the article, the config and the catalogue."""
    return cast(T, _KEPT.get((article, config, words), (kind,), make))


def entry_content(article: Article, config: SiteConfig, words: Catalogue) -> EntryContent:
    """`content_html` of an article with absolute links, for every feed and format."""

    def make() -> EntryContent:
        html = content_html(article, lambda path: absolute(path, config.base_url), words)
        return EntryContent(html, escape(html))

    return kept("content", article, config, words, make)


# --- Atom ----------------------------------------------------------------------------------


def _atom_entry(art: Article, config: SiteConfig, words: Catalogue) -> tuple[str, ...]:
    """The lines of one article's `<entry>`, the same in every Atom feed that carries it."""

    def a(path: str) -> str:
        return absolute(path, config.base_url)

    url = a(art.url)
    out = [
        "  <entry>",
        f"    <id>{escape(url)}</id>",
        f"    <title>{escape(art.title)}</title>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
        f"    <published>{when(art.date)}</published>",
        f"    <updated>{when(art.modified)}</updated>",
    ]
    if art.author:
        out.append(f"    <author><name>{escape(art.author)}</name></author>")
    if art.section:
        # scheme + term is the section's front, as the tags' scheme + term is a topic's
        out.append(
            f"    <category term={quoteattr(art.section.slug)}"
            f" label={quoteattr(art.section.name)} scheme={quoteattr(a(routes.HOME))}/>"
        )
    for ref in art.tags:
        out.append(
            f"    <category term={quoteattr(ref.slug)} label={quoteattr(ref.name)}"
            f" scheme={quoteattr(a(routes.TAGS))}/>"
        )
    if art.summary:
        out.append(f"    <summary>{escape(art.summary)}</summary>")
    if config.feed.content == "full":
        body = entry_content(art, config, words).xml
        out.append(f'    <content type="html" xml:base={quoteattr(url)}>{body}</content>')
    out += media_elements(images(art, a), "    ", bool(art.summary))
    out.append("  </entry>")
    return tuple(out)


def atom(
    config: SiteConfig,
    articles: Sequence[Article],
    *,
    feed_path: str,
    page_path: str,
    title: str,
    words: Catalogue | None = None,
) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of the latest `config.feed.entries` articles, with Media
    RSS for their images."""
    latest = list(articles[: config.feed.entries])

    def a(path: str) -> str:
        return absolute(path, config.base_url)

    words = words or catalogue(config)  # the credit words of the entries' HTML
    updated = max((x.modified for x in latest), default=None)
    author = site_author(config)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="{MEDIA_NS}"'
        f" xml:lang={quoteattr(config.language)}>",
        f"  <id>{escape(a(feed_path))}</id>",
        f"  <title>{escape(title)}</title>",
    ]
    if config.description:
        out.append(f"  <subtitle>{escape(config.description)}</subtitle>")
    out += [
        f"  <updated>{when(updated) if updated else '1970-01-01T00:00:00Z'}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(a(feed_path))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(a(page_path))}/>',
        f"  <author><name>{escape(author.name if author else config.title)}</name></author>",
        f'  <generator version="{brief.__version__}">brief</generator>',
    ]
    if config.copyright:
        out.append(f"  <rights>{escape(config.copyright)}</rights>")
    for art in latest:
        out += kept("atom", art, config, words, partial(_atom_entry, art, config, words))
    out.append("</feed>\n")
    return "\n".join(out).encode("utf-8")
