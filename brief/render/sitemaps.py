"""The sitemaps: what crawlers read to find the site's pages (robots.txt, in hosting, names
them).

`sitemap` is the sitemaps.org list of every page, with each page's images in Google's image
extension. `news_sitemap` is Google News' list of the latest articles: those published in
the 48 hours up to the newest article, at most 1,000 of them. The window ends at the newest
article rather than at the time of the build, so the same articles always give the same
bytes (a build today and one next week of an unchanged site write the same file, and the
preview never rewrites it as time passes). A site that publishes daily sees no difference;
one that has been quiet for days keeps offering its last two days, which Google News, which
only takes articles of the last two days, then leaves out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from brief.config import SiteConfig
from brief.content.article import Article
from brief.i18n import locale_of
from brief.render.feeds import escape, when
from brief.render.structured import file_url
from brief.render.urls import absolute
from brief.site.pages import ArticleContext, Page, PageKind

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_WINDOW = dt.timedelta(hours=48)
"""Google News takes articles published in the last two days."""
NEWS_LIMIT = 1000
"""Google News reads at most this many URLs from one news sitemap."""


def sitemap(config: SiteConfig, pages: Sequence[Page]) -> bytes:
    """sitemaps.org XML listing every page but the 404 page and the search page (which has
    nothing to read without a query), with last-modified dates and the images each article
    or standalone page shows."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:image="{IMAGE_NS}">',
    ]
    for page in pages:
        if page.kind in (PageKind.NOT_FOUND, PageKind.SEARCH):
            continue
        out.append(f"  <url><loc>{escape(absolute(page.url, config.base_url))}</loc>")
        modified = page.context.modified
        if modified is not None:
            out.append(f"    <lastmod>{when(modified)}</lastmod>")
        for image in page_images(page, config):
            out.append(f"    <image:image><image:loc>{escape(image)}</image:loc></image:image>")
        out.append("  </url>")
    out.append("</urlset>\n")
    return "\n".join(out).encode("utf-8")


def page_images(page: Page, config: SiteConfig) -> tuple[str, ...]:
    """The absolute URLs of the images an article or standalone page shows: its lead image,
    then its body's figures, each once (a listing shows other pages' images, which their
    own entries list)."""
    if not isinstance(page.context, ArticleContext):
        return ()
    return tuple(dict.fromkeys(_images(page.context.article, config)))


def _images(article: Article, config: SiteConfig) -> Iterator[str]:
    if article.image is not None and article.image.src:
        yield absolute(article.image.src, config.base_url)
    for figure in article.figures:
        yield absolute(file_url(figure.url), config.base_url)


def news_articles(articles: Sequence[Article]) -> tuple[Article, ...]:
    """What the news sitemap lists, from published articles newest first: those of the 48
    hours up to the newest one, at most `NEWS_LIMIT`. Standalone pages are never news."""
    stories = [a for a in articles if not a.standalone]
    if not stories:
        return ()
    start = stories[0].date - NEWS_WINDOW
    return tuple(a for a in stories if a.date >= start)[:NEWS_LIMIT]


def publication_name(config: SiteConfig) -> str:
    """The name Google News files the articles under: the publisher's, else the site's
    title (as the `NewsMediaOrganization` of the home page names it)."""
    return config.publisher.name if config.publisher else config.title


def news_language(language: str) -> str:
    """The site's language as Google News writes it: the ISO 639 code (`de` for `de-AT`),
    except Chinese, which is `zh-cn` (simplified) or `zh-tw` (traditional script)."""
    locale = locale_of(language)
    if locale.language == "zh":
        return "zh-tw" if locale.script == "Hant" else "zh-cn"
    return locale.language.lower()


def news_sitemap(config: SiteConfig, articles: Sequence[Article]) -> bytes:
    """Google News sitemap XML of `articles` (`news_articles` chooses them)."""
    name = escape(publication_name(config))
    language = escape(news_language(config.language))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">',
    ]
    for article in articles:
        out += [
            f"  <url><loc>{escape(absolute(article.url, config.base_url))}</loc>",
            "    <news:news>",
            f"      <news:publication><news:name>{name}</news:name>"
            f"<news:language>{language}</news:language></news:publication>",
            f"      <news:publication_date>{when(article.date)}</news:publication_date>",
            f"      <news:title>{escape(article.title)}</news:title>",
            "    </news:news>",
            "  </url>",
        ]
    out.append("</urlset>\n")
    return "\n".join(out).encode("utf-8")
