"""The sitemaps of real builds against the published XML Schemas (sitemaps.org 0.9, Google's
image 1.1 and News 0.9 extensions), shipped under tests/schemas/ so no test downloads them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from tests.helpers import REPO, Site

SCHEMAS = REPO / "tests" / "schemas"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemaps.xsd")))


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/sites/newsroom built: photos, body figures, a corrected article, pages."""
    from brief.build import build
    from brief.config import load_config

    root = tmp_path_factory.mktemp("desk") / "site"
    shutil.copytree(
        REPO / "tests" / "sites" / "newsroom", root, ignore=shutil.ignore_patterns(".brief")
    )
    build(load_config(root))
    return root / "public"


def _errors(schema: etree.XMLSchema, data: bytes) -> list[str]:
    ok = schema.validate(etree.fromstring(data))
    return [] if ok else [f"{e.line}: {e.message}" for e in schema.error_log]


@pytest.mark.parametrize("name", ["sitemap.xml", "news-sitemap.xml"])
def test_the_newsroom_sitemaps_are_valid(desk: Path, schema: etree.XMLSchema, name: str) -> None:
    data = (desk / name).read_bytes()
    assert _errors(schema, data) == []
    root = etree.fromstring(data)
    if name == "sitemap.xml":  # the extension is really there, and checked
        assert root.findall(".//{http://www.google.com/schemas/sitemap-image/1.1}image")
    else:
        assert len(root.findall(".//{http://www.google.com/schemas/sitemap-news/0.9}news")) == 2


def test_the_bundled_site_sitemaps_are_valid(
    tmp_path: Path, schema: etree.XMLSchema, capsys: pytest.CaptureFixture[str]
) -> None:
    site = Site(REPO)
    run = site.build("--output", str(tmp_path / "public"), capsys=capsys)
    assert run.code == 0, run.err
    for name in ("sitemap.xml", "news-sitemap.xml"):
        assert _errors(schema, (tmp_path / "public" / name).read_bytes()) == [], name


def test_the_schemas_catch_what_google_would_refuse(desk: Path, schema: etree.XMLSchema) -> None:
    """The shipped schemas are strict where the specifications are: a language Google does
    not take, a news entry without its title, an image without its address."""
    news = (desk / "news-sitemap.xml").read_bytes()
    assert _errors(schema, news.replace(b"<news:language>en<", b"<news:language>en-GB<"))
    assert _errors(
        schema, news.replace(b"<news:title>Calls for a ceasefire grow</news:title>", b"")
    )
    plain = (desk / "sitemap.xml").read_bytes()
    assert _errors(
        schema, plain.replace(b"<image:loc>", b"<image:caption>x</image:caption><image:loc>", 1)
    )
    assert _errors(schema, plain.replace(b"<lastmod>2022-02-28T13:30:00Z", b"<lastmod>28 Feb 2022"))
