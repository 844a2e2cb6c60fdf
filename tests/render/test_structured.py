"""News metadata built from a page and the config: Open Graph tags, JSON-LD, script escaping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from brief.config import SiteConfig, load_config
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from brief.render.structured import (
    AbsUrl,
    headline,
    meta_tags,
    script_json,
    structured_data,
)
from brief.render.urls import absolute
from brief.site.edition import make_edition
from brief.site.pages import Page, PageKind, plan_pages
from tests.helpers import BASIC_CONFIG, PNG_BYTES, article

IMAGE = (
    "{src: photo.png, alt: The venue, caption: The venue near the border, credit: Jane Doe, "
    "source: Example Agency, source_url: 'https://agency.example/1', license: CC BY-SA 4.0}"
)


def _pages(tmp_path: Path, config_text: str = BASIC_CONFIG, **fields: str) -> list[Page]:
    (tmp_path / "site.yaml").write_text(config_text, encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "photo.png").write_bytes(PNG_BYTES)
    path = content / "story.md"
    path.write_text(article("Talks resume", date="2022-03-01 10:30", **fields), encoding="utf-8")
    config = load_config(tmp_path)
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    parsed, problems = parse_article(source, config)
    assert parsed is not None and problems == []
    edition, problems = make_edition([parsed], config)
    assert problems == []
    return plan_pages(edition)


def _kind(pages: list[Page], kind: PageKind) -> Page:
    return next(p for p in pages if p.kind is kind)


def _abs(config: SiteConfig) -> AbsUrl:
    return lambda target: absolute(target, config.base_url)


def _meta(page: Page, config: SiteConfig) -> list[tuple[str, str]]:
    return [(t.key, t.content) for t in meta_tags(page, config, _abs(config))]


def _data(page: Page, config: SiteConfig) -> list[dict[str, Any]]:
    return structured_data(page, config, _abs(config))


def test_headline_is_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    short = "Talks resume at the border"
    assert headline(short) == short
    long = " ".join(["negotiations"] * 20)
    cut = headline(long)
    assert len(cut) <= 110 and cut.endswith("…")
    assert cut[:-1] == " ".join(["negotiations"] * 8)
    assert headline("x" * 200) == "x" * 109 + "…"  # one long word: cut inside it
    assert headline("word, " * 30).endswith("word…")  # no dangling comma


def test_script_json_cannot_end_the_script_element() -> None:
    data = {"headline": "</script><script>alert(1)</script> & <!-- \u2028\u2029", "é": "Россия"}
    text = script_json(data)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert "Россия" in text and "é" in text  # ensure_ascii=False
    assert json.loads(text) == data
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True).replace(
        "<", "\\u003c"
    ).replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace(
        "\u2029", "\\u2029"
    )


def test_article_page_open_graph(tmp_path: Path) -> None:
    pages = _pages(
        tmp_path,
        BASIC_CONFIG + "language: en-GB\ndescription: A test site\n",
        updated="2022-03-02 08:00",
        author="Jane Doe",
        summary="Delegations met again.",
        tags="[Ukraine, Diplomacy]",
        image=IMAGE,
    )
    config = load_config(tmp_path)
    page = _kind(pages, PageKind.ARTICLE)
    url = "https://news.example.org/2022/03/01/talks-resume/"
    assert page.context.article.image.picture is not None  # type: ignore[union-attr]
    key = page.context.article.image.picture.key[:16]  # type: ignore[union-attr]
    card = f"https://news.example.org/media/photo.{key}.social.jpg"
    assert _meta(page, config) == [
        ("og:type", "article"),
        ("og:title", "Talks resume"),
        ("og:description", "Delegations met again."),
        ("og:url", url),
        ("og:site_name", "Test Brief"),
        ("og:locale", "en_GB"),
        ("og:image", card),  # the 1.91:1 card of a 1 x 1 photo is its own size
        ("og:image:width", "1"),
        ("og:image:height", "1"),
        ("og:image:alt", "The venue"),
        ("article:published_time", "2022-03-01T10:30:00+00:00"),
        ("article:modified_time", "2022-03-02T08:00:00+00:00"),
        ("article:author", "Jane Doe"),
        ("article:tag", "Ukraine"),
        ("article:tag", "Diplomacy"),
        ("twitter:card", "summary_large_image"),
        ("twitter:image", card),
    ]
    attributes = {t.key: t.attribute for t in meta_tags(page, config, _abs(config))}
    assert attributes["twitter:card"] == "name" and attributes["og:title"] == "property"


def test_other_pages_are_websites_with_the_site_description(tmp_path: Path) -> None:
    pages = _pages(tmp_path, BASIC_CONFIG + "description: A test site\n", tags="[Ukraine]")
    config = load_config(tmp_path)
    home = dict(_meta(_kind(pages, PageKind.INDEX), config))
    assert home == {
        "og:type": "website",
        "og:title": "Test Brief",
        "og:description": "A test site",
        "og:url": "https://news.example.org/",
        "og:site_name": "Test Brief",
        "og:locale": "en",
        "twitter:card": "summary",
    }
    tag = dict(_meta(_kind(pages, PageKind.TAG), config))
    assert (tag["og:title"], tag["og:url"]) == ("Ukraine", "https://news.example.org/tags/ukraine/")
    missing = dict(_meta(_kind(pages, PageKind.NOT_FOUND), config))
    assert "og:url" not in missing  # a 404 page is served at any URL
    # an article without summary or image: the site's description, a small card
    story = dict(_meta(_kind(pages, PageKind.ARTICLE), config))
    assert story["og:description"] == "A test site"
    assert story["twitter:card"] == "summary" and "og:image" not in story


def test_news_article_with_image_licence_metadata(tmp_path: Path) -> None:
    config_text = BASIC_CONFIG + (
        "publisher:\n  name: Brief Media\n  url: https://media.example/\n  logo: /logo.png\n"
    )
    pages = _pages(
        tmp_path,
        config_text,
        author="Jane Doe",
        summary="Delegations met again.",
        tags="[Ukraine, Diplomacy]",
        image=IMAGE,
    )
    config = load_config(tmp_path)
    story, trail = _data(_kind(pages, PageKind.ARTICLE), config)
    url = "https://news.example.org/2022/03/01/talks-resume/"
    assert story == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Talks resume",
        "description": "Delegations met again.",
        "datePublished": "2022-03-01T10:30:00+00:00",
        "dateModified": "2022-03-01T10:30:00+00:00",
        "author": [
            {
                "@type": "Person",
                "name": "Jane Doe",
                "url": "https://news.example.org/authors/jane-doe/",  # the author page
            }
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": "Brief Media",
            "url": "https://media.example/",
            "logo": {"@type": "ImageObject", "url": "https://news.example.org/logo.png"},
        },
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": "en",
        "keywords": ["Ukraine", "Diplomacy"],
        "image": {
            "@type": "ImageObject",
            "contentUrl": "https://news.example.org/media/photo.png",
            "url": "https://news.example.org/media/photo.png",
            "caption": "The venue near the border",
            "creator": {"@type": "Person", "name": "Jane Doe"},
            "creditText": "Jane Doe / Example Agency",
            "license": "https://creativecommons.org/licenses/by-sa/4.0/",
            "acquireLicensePage": "https://agency.example/1",
        },
    }
    assert trail["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]] == [
        (1, "Test Brief", "https://news.example.org/"),
        (2, "Ukraine", "https://news.example.org/tags/ukraine/"),
        (3, "Talks resume", url),
    ]


def test_notice_and_agency_only_credits(tmp_path: Path) -> None:
    image = (
        "{src: photo.png, alt: A map, source: Example Wire, license: permission, "
        "notice: '© Example Wire, used with permission'}"
    )
    pages = _pages(tmp_path, image=image)
    config = load_config(tmp_path)
    story, trail = _data(_kind(pages, PageKind.ARTICLE), config)
    assert story["image"] == {
        "@type": "ImageObject",
        "contentUrl": "https://news.example.org/media/photo.png",
        "url": "https://news.example.org/media/photo.png",
        "creator": {"@type": "Organization", "name": "Example Wire"},
        "creditText": "Example Wire",
        "copyrightNotice": "© Example Wire, used with permission",
    }
    # no publisher, no author in site.yaml: the site stands in as publisher, no author
    assert story["publisher"] == {
        "@type": "NewsMediaOrganization",
        "name": "Test Brief",
        "url": "https://news.example.org/",
    }
    assert "author" not in story and "keywords" not in story and "description" not in story
    assert len(trail["itemListElement"]) == 2  # home, article


def test_home_page_has_website_and_organisation(tmp_path: Path) -> None:
    config_text = BASIC_CONFIG + (
        "description: A test site\npublisher:\n  name: Brief Media\n"
        "  logo: https://cdn.example/logo.png\n"
    )
    pages = _pages(tmp_path, config_text)
    config = load_config(tmp_path)
    assert _data(_kind(pages, PageKind.INDEX), config) == [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": "Test Brief",
            "url": "https://news.example.org/",
            "description": "A test site",
            "inLanguage": "en",
        },
        {
            "@context": "https://schema.org",
            "@type": "NewsMediaOrganization",
            "name": "Brief Media",
            "url": "https://news.example.org/",
            "logo": {"@type": "ImageObject", "url": "https://cdn.example/logo.png"},
        },
    ]
    for kind in (PageKind.TAG, PageKind.TAGS, PageKind.NOT_FOUND):
        assert [p for p in pages if p.kind is kind and _data(p, config)] == []


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("javascript:alert(1)", "'publisher.logo' must be an absolute http(s) URL"),
        ("logo.png", "'publisher.logo' must be an absolute http(s) URL"),
        ("//cdn.example/logo.png", "'publisher.logo' must be an absolute http(s) URL"),
        ("/a/../logo.png", "'publisher.logo' must not contain '.' or '..' segments"),
        ('/logo".png', "'publisher.logo' must not contain '\"'"),
        ("'/my logo.png'", "'publisher.logo' must not contain spaces"),
    ],
)
def test_publisher_logo_is_a_url_or_a_site_path(tmp_path: Path, logo: str, message: str) -> None:
    from brief.errors import BriefError

    (tmp_path / "site.yaml").write_text(
        BASIC_CONFIG + f"publisher:\n  name: Brief Media\n  logo: {logo}\n", encoding="utf-8"
    )
    with pytest.raises(BriefError) as caught:
        load_config(tmp_path)
    assert message in str(caught.value.problems[0].message)
