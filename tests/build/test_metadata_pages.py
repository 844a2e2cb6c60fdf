"""News metadata in real builds: every page's Open Graph tags and JSON-LD, read back from
the written HTML as a crawler would, a hostile title and credit, and incremental builds."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from brief.build import BuildOptions, build
from brief.config import load_config
from tests.helpers import BASIC_CONFIG, PNG_BYTES, Site, article, tree

CONFIG = BASIC_CONFIG + (
    "description: Short items for tests\n"
    "language: de-AT\n"
    "publisher:\n  name: Brief Media\n  url: https://media.example/\n  logo: /logo.png\n"
)
HOSTILE_TITLE = "</script><script>alert('title')</script> & <!-- Talks resume"
HOSTILE_CREDIT = "</script><img src=x onerror=alert(1)>"
BASE = "https://news.example.org/"
STORY = "2022/03/01/talks-resume/index.html"


def _write_site(site: Site, credit: str = "Jane Doe", title: str = "Talks resume") -> None:
    site.write("site.yaml", CONFIG)
    site.write("layouts/static/logo.png", PNG_BYTES)
    site.write("content/photo.png", PNG_BYTES)
    image = (
        f"{{src: photo.png, alt: The venue, caption: The venue near the border, "
        f"credit: {json.dumps(credit)}, source: Example Agency, "
        "source_url: 'https://agency.example/1', license: CC BY-SA 4.0}"
    )
    site.write(
        "content/story.md",
        article(
            json.dumps(title),
            date="2022-03-01 10:30",
            slug="talks-resume",
            updated="2022-03-02 08:00",
            author="Jane Doe",
            summary="Delegations met again.",
            tags="[Ukraine, Diplomacy]",
            image=image,
        ),
    )
    site.write("content/plain.md", article("A second item", date="2022-02-27"))


def _head(page: Path) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """The page's meta tags (by property or name) and its JSON-LD objects."""
    doc = html.fromstring(page.read_bytes())
    meta: dict[str, list[str]] = {}
    for tag in doc.iter("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            meta.setdefault(key, []).append(tag.get("content", ""))
    scripts = doc.xpath('//script[@type="application/ld+json"]')
    assert all(s.getparent().tag == "head" for s in scripts)
    return meta, [json.loads(s.text) for s in scripts]


def _pages(public: Path) -> dict[str, Path]:
    return {p.relative_to(public).as_posix(): p for p in sorted(public.rglob("*.html"))}


def test_every_page_kind_carries_its_metadata(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_site(site)
    assert site.build(capsys=capsys).code == 0
    pages = _pages(site.public)
    assert STORY in pages and "index.html" in pages and "404.html" in pages
    for rel, path in pages.items():
        meta, data = _head(path)
        if "http-equiv" in path.read_text(encoding="utf-8"):  # an alias redirect page
            continue
        assert meta["og:site_name"] == ["Test Brief"], rel
        assert meta["og:locale"] == ["de_AT"], rel
        assert meta["og:title"] and meta["og:description"], rel
        assert meta["twitter:card"] in (["summary"], ["summary_large_image"]), rel
        if rel == "404.html":
            assert "og:url" not in meta and data == []
            continue
        url = BASE + rel.removesuffix("index.html")
        assert meta["og:url"] == [url], rel
        kinds = [d["@type"] for d in data]
        if rel in (STORY, "2022/02/27/a-second-item/index.html"):
            assert meta["og:type"] == ["article"], rel
            assert kinds == ["NewsArticle", "BreadcrumbList"], rel
            story = data[0]
            for key in ("headline", "datePublished", "dateModified", "publisher", "inLanguage"):
                assert story[key], (rel, key)
            assert story["mainEntityOfPage"] == story["url"] == url
            assert story["publisher"]["logo"]["url"] == BASE + "logo.png"
            assert data[1]["itemListElement"][-1]["item"] == url
        else:
            assert meta["og:type"] == ["website"], rel
            assert kinds == (["WebSite", "NewsMediaOrganization"] if rel == "index.html" else [])
    meta, (story, trail) = _head(pages[STORY])
    assert [re.sub(r"\.[0-9a-f]{16}\.", ".KEY.", u) for u in meta["og:image"]] == [
        BASE + "media/photo.KEY.social.jpg"
    ]
    assert meta["og:image:alt"] == ["The venue"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["article:published_time"] == ["2022-03-01T10:30:00+00:00"]
    assert meta["article:modified_time"] == ["2022-03-02T08:00:00+00:00"]
    assert meta["article:author"] == ["Jane Doe"]
    assert meta["article:tag"] == ["Ukraine", "Diplomacy"]
    assert story["author"] == [
        {"@type": "Person", "name": "Jane Doe", "url": BASE + "authors/jane-doe/"}
    ]
    assert story["keywords"] == ["Ukraine", "Diplomacy"]
    assert story["description"] == "Delegations met again."
    assert story["image"]["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert story["image"]["acquireLicensePage"] == "https://agency.example/1"
    assert story["image"]["creditText"] == "Jane Doe / Example Agency"
    assert [i["name"] for i in trail["itemListElement"]] == [
        "Test Brief",
        "Ukraine",
        "Talks resume",
    ]
    plain_meta, (plain, _) = _head(pages["2022/02/27/a-second-item/index.html"])
    assert plain_meta["og:description"] == ["Short items for tests"]  # the site's
    assert plain_meta["twitter:card"] == ["summary"] and "og:image" not in plain_meta
    assert "image" not in plain and "keywords" not in plain
    _, (site_data, organisation) = _head(pages["index.html"])
    assert site_data["url"] == BASE and site_data["name"] == "Test Brief"
    assert organisation == {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": "Brief Media",
        "url": "https://media.example/",
        "logo": {"@type": "ImageObject", "url": BASE + "logo.png"},
    }


def test_hostile_title_and_credit_stay_inside_the_json(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_site(site, credit=HOSTILE_CREDIT, title=HOSTILE_TITLE)
    assert site.build(capsys=capsys).code == 0
    page = site.public / STORY
    text = page.read_text(encoding="utf-8")
    doc = html.fromstring(page.read_bytes())
    # no script or image element came out of the title or credit
    assert [s.get("type") for s in doc.iter("script")] == ["application/ld+json"] * 2
    assert not [i for i in doc.iter("img") if i.get("onerror")]
    head = text[: text.index("</head>")]
    assert head.count("</script>") == 2 and "<!--" not in head
    meta, (story, trail) = _head(page)
    assert story["headline"] == HOSTILE_TITLE
    assert story["image"]["creator"] == {"@type": "Person", "name": HOSTILE_CREDIT}
    assert story["image"]["creditText"] == f"{HOSTILE_CREDIT} / Example Agency"
    assert trail["itemListElement"][-1]["name"] == HOSTILE_TITLE
    assert meta["og:title"] == [HOSTILE_TITLE]  # an attribute, escaped by the template


def test_incremental_equals_clean_after_a_credit_edit(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_site(site)
    assert site.build(capsys=capsys).code == 0
    _write_site(site, credit="John Roe")
    assert site.build(capsys=capsys).code == 0
    _, (story, _) = _head(site.public / STORY)
    assert story["image"]["creator"]["name"] == "John Roe"
    clean = tmp_path / "clean"
    build(load_config(site.root), BuildOptions(out_dir=clean, cache=False, jobs=1))
    assert tree(site.public) == tree(clean)
