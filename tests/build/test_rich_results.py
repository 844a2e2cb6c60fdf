"""Every page's JSON-LD, read back with extruct as a crawler reads it, against what Google's
structured-data documentation requires and recommends for each page kind:

- Article (`NewsArticle`): headline (at most 110 characters), image, datePublished,
  dateModified, author (each a Person with a name, and a url where an author page exists),
  publisher (name, url);
- image licence metadata (`ImageObject`): contentUrl, and creator, creditText, license,
  acquireLicensePage and copyrightNotice whenever the credit knows them;
- BreadcrumbList: ListItems numbered from 1, each with a name and an item;
- the home page: WebSite (name, url) and the publisher's NewsMediaOrganization;
- a standalone page (About): a WebPage, never a NewsArticle dated 1970.

Checked on the bundled site and on tests/sites/newsroom; and hostile text in a title, a
credit and a correction cannot end the script element it is printed in.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import extruct
import pytest
from lxml import html

from brief.render.structured import HEADLINE_LIMIT
from tests.helpers import PNG_BYTES, REPO, Site, article

SCHEMA = "https://schema.org"


def _build(source: Path, out: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "build", "--source", str(source), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return _build(REPO, tmp_path_factory.mktemp("bundled") / "public"), "https://news.example.org/"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("desk") / "site"
    shutil.copytree(
        REPO / "tests" / "sites" / "newsroom", root, ignore=shutil.ignore_patterns(".brief")
    )
    return _build(root, root / "public"), "https://desk.example.org/news/"


def _base_url(public: Path) -> str:
    """The site's address, from its home page's canonical link."""
    doc = html.fromstring((public / "index.html").read_bytes())
    return str(doc.xpath('//link[@rel="canonical"]/@href')[0])


def _html_pages(public: Path) -> list[Path]:
    pages = []
    for path in sorted(public.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text:  # an alias page only forwards
            pages.append(path)
    return pages


def _kind(doc: html.HtmlElement) -> str:
    classes = str(doc.body.get("class", "")).split()
    return next(c.removeprefix("kind-") for c in classes if c.startswith("kind-"))


def _is_date(value: Any) -> dt.datetime:
    assert isinstance(value, str), value
    when = dt.datetime.fromisoformat(value)
    assert when.tzinfo is not None, f"{value} has no timezone"
    assert when.year > 1970, f"{value} is no real date"
    return when


def _is_url(value: Any) -> str:
    assert isinstance(value, str) and urlsplit(value).scheme in ("http", "https"), value
    return value


def _local(url: str, base: str, public: Path) -> Path | None:
    """The built file a URL of the site names (None for another site's URL)."""
    if not url.startswith(base):
        return None
    rel = url[len(base) :].split("#")[0]
    return public / (rel + "index.html" if rel.endswith("/") or not rel else rel)


def check_image(image: Any, base: str, public: Path) -> None:
    """Google's image licence metadata: contentUrl required, with at least one of creator,
    creditText, copyrightNotice and license; the others as URLs or named creators."""
    assert image["@type"] == "ImageObject"
    local = _local(_is_url(image["contentUrl"]), base, public)
    assert local is None or local.is_file(), image["contentUrl"]
    assert {"creator", "creditText", "copyrightNotice", "license"} & image.keys(), image
    if "creator" in image:
        assert image["creator"]["@type"] in ("Person", "Organization") and image["creator"]["name"]
    for key in ("license", "acquireLicensePage"):
        if key in image:
            _is_url(image[key])
    for key in ("creditText", "copyrightNotice", "caption"):
        if key in image:
            assert isinstance(image[key], str) and image[key].strip(), (key, image)


def check_news_article(
    data: dict[str, Any], doc: html.HtmlElement, canonical: str, base: str, public: Path
) -> None:
    assert data["@context"] == SCHEMA
    headline = data["headline"]
    assert isinstance(headline, str) and 0 < len(headline) <= HEADLINE_LIMIT
    published = _is_date(data["datePublished"])
    assert _is_date(data["dateModified"]) >= published
    assert data["mainEntityOfPage"] == data["url"] == canonical
    assert data["inLanguage"] == doc.get("lang")
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization" and publisher["name"]
    _is_url(publisher["url"])
    if "logo" in publisher:
        assert publisher["logo"]["@type"] == "ImageObject"
        _is_url(publisher["logo"]["url"])
    # every byline the page links to an author page is a Person with that page as its url
    bylines = [
        (a.text_content(), urljoin(canonical, a.get("href")))
        for a in doc.cssselect(".article-head a[rel~='author']")
    ]
    authors = data.get("author", [])
    assert bylines == [(p["name"], p["url"]) for p in authors if "url" in p][: len(bylines)]
    for person in authors:
        assert person["@type"] == "Person" and person["name"].strip()
        if "url" in person:
            page = _local(_is_url(person["url"]), base, public)
            assert page is None or page.is_file(), person["url"]
    # an image for every article that shows one, its licence metadata with it
    lead = doc.xpath('//meta[@property="og:image"]/@content')
    images = data.get("image")
    if lead:
        assert images, canonical
    if images:
        images = images if isinstance(images, list) else [images]
        if lead:
            assert images[0]["contentUrl"] == lead[0]
        for image in images:
            check_image(image, base, public)
    for correction in data.get("correction", []):
        assert correction["@type"] == "CorrectionComment" and correction["text"].strip()
        assert published <= _is_date(correction["datePublished"]) <= _is_date(data["dateModified"])


def check_breadcrumbs(data: dict[str, Any], canonical: str) -> None:
    assert data["@context"] == SCHEMA and data["@type"] == "BreadcrumbList"
    items = data["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, len(items) + 1))
    assert len(items) >= 2
    for item in items:
        assert item["@type"] == "ListItem" and item["name"].strip()
        _is_url(item["item"])
    assert items[-1]["item"] == canonical


def check_site(public: Path) -> dict[str, list[str]]:
    """Every page's JSON-LD checked for its kind; the types found, by page kind."""
    base = _base_url(public)
    found: dict[str, list[str]] = {}
    for path in _html_pages(public):
        rel = path.relative_to(public).as_posix()
        raw = path.read_bytes()
        doc = html.fromstring(raw)
        canonical = next(iter(doc.xpath('//link[@rel="canonical"]/@href')), None)
        data = extruct.extract(raw, base_url=canonical or base, syntaxes=["json-ld"])["json-ld"]
        # extruct reads what a crawler reads; it is what the page holds, object for object
        scripts = doc.xpath('//script[@type="application/ld+json"]')
        assert data == [json.loads(s.text) for s in scripts], rel
        kind = _kind(doc)
        types = [d["@type"] for d in data]
        found.setdefault(kind, []).extend(types)
        if kind == "article":
            assert types == ["NewsArticle", "BreadcrumbList"], rel
            check_news_article(data[0], doc, str(canonical), base, public)
            check_breadcrumbs(data[1], str(canonical))
        elif kind == "page":
            assert types == ["WebPage", "BreadcrumbList"], rel
            page = data[0]
            assert page["name"] and page["url"] == canonical and page["publisher"]["name"]
            for key in ("datePublished", "dateModified"):
                if key in page:
                    _is_date(page[key])
            check_breadcrumbs(data[1], str(canonical))
        elif rel == "index.html":
            assert types == ["WebSite", "NewsMediaOrganization"], rel
            site, org = data
            assert site["name"] and site["url"] == base and site["inLanguage"] == doc.get("lang")
            assert org["name"] and _is_url(org["url"])
            if "logo" in org:
                assert org["logo"]["@type"] == "ImageObject"
                _is_url(org["logo"]["url"])
        else:
            assert types == [], rel
    return found


def test_the_bundled_site_gives_google_what_it_reads(bundled: tuple[Path, str]) -> None:
    found = check_site(bundled[0])
    assert found["article"].count("NewsArticle") >= 1 and "WebSite" in found["index"]


def test_the_newsroom_site_gives_google_what_it_reads(desk: tuple[Path, str]) -> None:
    public, base = desk
    found = check_site(public)
    assert found["page"].count("WebPage") == 2  # About and the corrections policy
    # what this site exists to show is really there
    story = html.fromstring(
        (public / "2022/02/27/calls-for-a-ceasefire-grow/index.html").read_bytes()
    )
    data = extruct.extract(html.tostring(story), syntaxes=["json-ld"])["json-ld"][0]
    assert [a["url"] for a in data["author"]] == [
        base + "authors/jane-doe/",
        base + "authors/olena-petrenko/",
    ]
    assert data["author"][0]["sameAs"] == "https://jane.example.org/"  # her own home page
    assert data["correction"][0]["datePublished"] == data["dateModified"]
    photo = html.fromstring(
        (public / "2022/02/26/airspace-closed-to-civilian-flights/index.html").read_bytes()
    )
    image = extruct.extract(html.tostring(photo), syntaxes=["json-ld"])["json-ld"][0]["image"]
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert image["creditText"] == "The Desk"
    about = extruct.extract((public / "about/index.html").read_bytes(), syntaxes=["json-ld"])
    assert "datePublished" not in about["json-ld"][0]  # no date: none made up


HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!-- <script>alert(2)</script>",
    "</SCRIPT ><script>alert(3)</script>",
]


@pytest.mark.parametrize("evil", HOSTILE)
def test_hostile_text_cannot_leave_the_script_element(
    site: Site, capsys: pytest.CaptureFixture[str], evil: str
) -> None:
    site.write("content/photo.png", PNG_BYTES)
    quoted = json.dumps(evil)
    site.write(
        "content/a.md",
        article(
            json.dumps(f"Talks {evil} resume"),
            date="2022-03-01 10:00",
            slug="talks",
            summary=quoted,
            author=quoted,
            image=f"{{src: photo.png, alt: x, credit: {quoted}, source: {quoted}, license: CC BY 4.0, "
            f"notice: {quoted}}}",
            corrections=f"[{{date: 2022-03-02, text: {quoted}}}]",
        ),
    )
    assert site.build(capsys=capsys).code == 0
    raw = (site.public / "2022/03/01/talks/index.html").read_bytes()
    doc = html.fromstring(raw)
    scripts = doc.xpath("//script")
    # exactly the two JSON-LD blocks: nothing of the text became an element of its own
    assert [(s.get("type"), s.getparent().tag) for s in scripts] == [
        ("application/ld+json", "head")
    ] * 2
    story, trail = (json.loads(s.text) for s in scripts)
    assert story["headline"] == f"Talks {evil} resume"
    assert story["description"] == evil
    assert story["author"][0]["name"] == evil
    assert story["image"]["creator"]["name"] == evil
    assert story["image"]["copyrightNotice"] == evil
    assert story["correction"][0]["text"] == evil
    assert trail["itemListElement"][-1]["name"] == f"Talks {evil} resume"
    head = raw.decode()[: raw.decode().index("</head>")]
    assert head.lower().count("</script") == 2 and "<!--" not in head
    # and extruct, as a crawler, reads the same two objects
    assert extruct.extract(raw, syntaxes=["json-ld"])["json-ld"] == [story, trail]
