"""News metadata in the head of a page: Open Graph and Twitter card tags, and JSON-LD.

Built in Python as plain data from a page and the config, so templates only print it:
`meta_tags` gives the `<meta>` tags, `structured_data` the JSON-LD objects (a
`NewsArticle` and a `BreadcrumbList` on article pages, a `WebPage` and a `BreadcrumbList`
on standalone pages, a `WebSite` and the publisher's `NewsMediaOrganization` on the home
page), and `script_json` serialises one object so that
nothing in it can end the `<script>` element it is printed in.

Everything here reads only the page's context and the config, which page fingerprints
already cover (the article's source digest, its topics' names, the config in the cache key).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from brief.config import SiteConfig
from brief.content.article import UNDATED, Article, Credit
from brief.site import routes
from brief.site.pages import ArticleContext, ListingContext, Page, PageKind

AbsUrl = Callable[[str], str]
"""A site path (or an absolute URL, returned as it is) to an absolute URL."""

SCHEMA = "https://schema.org"
HEADLINE_LIMIT = 110
"""Google shows at most this many characters of a `headline`."""

# Characters that would let JSON text end or confuse the <script> element it sits in
# (`</script>`, `<!--`), or end a line in older JavaScript parsers (U+2028, U+2029).
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


@dataclass(frozen=True)
class MetaTag:
    """One `<meta>` tag: `<meta {attribute}="{key}" content="{content}">`."""

    attribute: str
    """`property` for Open Graph (`og:`, `article:`), `name` for Twitter cards."""
    key: str
    content: str


def script_json(data: Any) -> str:
    """`data` as JSON that is safe inside `<script type="application/ld+json">`: sorted keys,
    non-ASCII text as it is, and `<`, `>`, `&`, U+2028 and U+2029 as `\\u` escapes (which
    JSON parsers read back as the same characters)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text)


def headline(title: str, limit: int = HEADLINE_LIMIT) -> str:
    """`title` cut to at most `limit` characters at a word boundary, ending in an ellipsis."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–—-") + "…"


def _iso(value: dt.datetime, config: SiteConfig) -> str:
    """As the `isodate` filter writes it: ISO 8601 in the site timezone."""
    return value.astimezone(config.tz).isoformat()


def _locale(config: SiteConfig) -> str:
    return config.language.replace("-", "_")


def _byline(article: Article, config: SiteConfig) -> tuple[str, str | None] | None:
    """The author's name (and home page, for the site's author), as the page shows it."""
    if article.author:
        return article.author, None
    if config.author:
        return config.author.name, config.author.url
    return None


def _authors(article: Article, config: SiteConfig, abs_url: AbsUrl) -> list[dict[str, Any]]:
    """A `Person` per byline, with `url` at their author page: every byline of an article
    has one, and every author of site.yaml's registry (the only ones a standalone page's
    byline is sure of); `sameAs` their own home page, when the registry gives one."""
    if not article.authors:
        byline = _byline(article, config)
        if byline is None:
            return []
        person = {"@type": "Person", "name": byline[0]}
        if byline[1]:
            person["url"] = byline[1]
        return [person]
    homes = {a.slug: a.url for a in config.authors if a.url}
    found = []
    for ref in article.authors:
        person = {"@type": "Person", "name": ref.name}
        if ref.known or not article.standalone:
            person["url"] = abs_url(ref.url)
        if ref.known and ref.slug in homes:
            person["sameAs"] = homes[ref.slug]
        found.append(person)
    return found


def _image_url(article: Article, abs_url: AbsUrl) -> str | None:
    if article.image is None or not article.image.src:
        return None
    return abs_url(article.image.src)


def file_url(url: str) -> str:
    """A body image's URL without a query or fragment it was written with (`#layer`)."""
    return re.split(r"[?#]", url, maxsplit=1)[0] if url.startswith("/") else url


def _title(page: Page, config: SiteConfig) -> str:
    if isinstance(page.context, ArticleContext):
        return page.context.article.title
    if page.kind is PageKind.INDEX and page.url == routes.HOME:
        return config.title
    return page.title


def meta_tags(page: Page, config: SiteConfig, abs_url: AbsUrl) -> tuple[MetaTag, ...]:
    """The Open Graph and Twitter card tags of `page`.

    A processed lead photo is shown by its 1.91:1 social card, with its size; a page
    without one by the site's `images.default`, if it has one. Twitter reads the title and
    description from the Open Graph tags; `twitter:image` repeats the image for readers
    that want their own tag.
    """
    context = page.context
    story = context.article if isinstance(context, ArticleContext) else None
    article = story if story and not story.standalone else None  # a page is no article
    description = (story.summary if story else "") or config.description
    tags: list[tuple[str, str]] = [
        ("og:type", "article" if article else "website"),
        ("og:title", _title(page, config)),
    ]
    if description:
        tags.append(("og:description", description))
    if page.kind is not PageKind.NOT_FOUND:  # served at any URL, so it has none of its own
        tags.append(("og:url", abs_url(page.url)))
    tags += [("og:site_name", config.title), ("og:locale", _locale(config))]
    image = _image_url(story, abs_url) if story else None
    if story and image:
        assert story.image is not None
        social = story.image.picture.social if story.image.picture else None
        image = abs_url(social.path) if social else image  # the 1.91:1 cut, when made
        tags.append(("og:image", image))
        if social:
            tags += [("og:image:width", str(social.width)), ("og:image:height", str(social.height))]
        if story.image.alt:
            tags.append(("og:image:alt", story.image.alt))
    elif config.images.default:
        image = abs_url(config.images.default)
        tags.append(("og:image", image))
    if article:
        tags.append(("article:published_time", _iso(article.date, config)))
        tags.append(("article:modified_time", _iso(article.modified, config)))
        byline = _byline(article, config)
        if byline:
            tags.append(("article:author", byline[0]))
        assert isinstance(context, ArticleContext)
        tags += [("article:tag", t.name) for t in context.tags]
    found = [MetaTag("property", key, value) for key, value in tags]
    card = "summary_large_image" if image else "summary"
    twitter = (MetaTag("name", "twitter:image", image),) if image else ()
    return (*found, MetaTag("name", "twitter:card", card), *twitter)


def structured_data(page: Page, config: SiteConfig, abs_url: AbsUrl) -> list[dict[str, Any]]:
    """The JSON-LD objects of `page`, each for a `<script type="application/ld+json">`."""
    context = page.context
    if isinstance(context, ArticleContext) and context.article.standalone:
        return [web_page(context, config, abs_url), breadcrumbs(context, config, abs_url)]
    if isinstance(context, ArticleContext):
        return [
            news_article(context.article, [t.name for t in context.tags], config, abs_url),
            breadcrumbs(context, config, abs_url),
        ]
    if (
        page.kind is PageKind.INDEX
        and isinstance(context, ListingContext)
        and context.pagination.number == 1
    ):
        return [website(config), organisation(config, abs_url)]
    return []


def organisation(config: SiteConfig, abs_url: AbsUrl) -> dict[str, Any]:
    """The publisher (or, without one in site.yaml, the site under its own name)."""
    publisher = config.publisher
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsMediaOrganization",
        "name": publisher.name if publisher else config.title,
        "url": (publisher.url if publisher and publisher.url else None) or config.base_url,
    }
    if publisher and publisher.logo:
        data["logo"] = {"@type": "ImageObject", "url": abs_url(publisher.logo)}
    return data


def website(config: SiteConfig) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": config.title,
        "url": config.base_url,
        "inLanguage": config.language,
    }
    if config.description:
        data["description"] = config.description
    return data


def news_article(
    article: Article, keywords: list[str], config: SiteConfig, abs_url: AbsUrl
) -> dict[str, Any]:
    """A schema.org `NewsArticle` with what Google's article and image-licence rich results
    read; `keywords` are the article's topics under their site-wide names."""
    url = abs_url(article.url)
    publisher = organisation(config, abs_url)
    del publisher["@context"]
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": headline(article.title),
        "datePublished": _iso(article.date, config),
        "dateModified": _iso(article.modified, config),
        "publisher": publisher,
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": config.language,
    }
    if article.summary:
        data["description"] = article.summary
    authors = _authors(article, config, abs_url)
    if authors:
        data["author"] = authors
    if keywords:
        data["keywords"] = keywords
    if article.corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": c.text,
                "datePublished": _iso(c.date, config),
            }
            for c in article.corrections
        ]
    images = []
    image = _image_url(article, abs_url)
    if image and article.image:
        images.append(image_object(image, article.image.caption, article.image.credit))
    # The body's credited images carry their licences too; the lead image stays first.
    images += [
        image_object(abs_url(file_url(f.url)), f.credit.title, f.credit)
        for f in article.figures
        if f.credit
    ]
    if images:
        data["image"] = images[0] if len(images) == 1 else images
    return data


def web_page(context: ArticleContext, config: SiteConfig, abs_url: AbsUrl) -> dict[str, Any]:
    """A standalone page (About, Contact) as a schema.org `WebPage`: it is no news, and
    most have no publication date."""
    article = context.article
    url = abs_url(article.url)
    publisher = organisation(config, abs_url)
    del publisher["@context"]
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "WebPage",
        "name": article.title,
        "url": url,
        "inLanguage": config.language,
        "publisher": publisher,
    }
    if article.summary:
        data["description"] = article.summary
    if article.date != UNDATED:
        data["datePublished"] = _iso(article.date, config)
    if context.modified is not None:
        data["dateModified"] = _iso(context.modified, config)
    return data


def image_object(url: str, caption: str | None, credit: Credit) -> dict[str, Any]:
    """An `ImageObject` with the licence metadata Google shows ("Licensable" in Images)."""
    data: dict[str, Any] = {"@type": "ImageObject", "contentUrl": url, "url": url}
    if caption:
        data["caption"] = caption
    if credit.creator:
        data["creator"] = {"@type": "Person", "name": credit.creator}
    elif credit.source:
        data["creator"] = {"@type": "Organization", "name": credit.source}
    credited = " / ".join(x for x in (credit.creator, credit.source) if x)
    if credited:
        data["creditText"] = credited
    if credit.license and credit.license.url:
        data["license"] = credit.license.url
    if credit.source_url:
        data["acquireLicensePage"] = credit.source_url
    if credit.notice:
        data["copyrightNotice"] = credit.notice
    return data


def breadcrumbs(context: ArticleContext, config: SiteConfig, abs_url: AbsUrl) -> dict[str, Any]:
    """Home, the article's first topic (if it has one), the article."""
    trail = [(config.title, config.base_url)]
    if context.tags:
        trail.append((context.tags[0].name, abs_url(context.tags[0].url)))
    trail.append((headline(context.article.title), abs_url(context.article.url)))
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": item}
            for n, (name, item) in enumerate(trail, start=1)
        ],
    }
