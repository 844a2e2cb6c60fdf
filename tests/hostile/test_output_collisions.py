"""Outputs that cannot live side by side on disk: a slug named like a file brief writes
(`feed.xml` as a folder against the feed), or a file where pages need a folder. Found in the
plan, before anything is written, naming both sides; names are compared case-folded."""

from __future__ import annotations

import pytest

from tests.helpers import BASIC_CONFIG, Site, article
from tests.hostile.battery import assert_refused, good_build

FLAT = f"{BASIC_CONFIG}permalink: /{{slug}}/\n"


def both(name: str, maker: str, origin: str = "content/b.md") -> str:
    return (
        f"{origin}: error: {name} would be both a file ({maker}) and a folder, for "
        f"{name}/index.html ({origin}); change a slug or permalink"
    )


@pytest.mark.parametrize(
    ("slug", "line"),
    [
        pytest.param("feed.xml", both("feed.xml", "generated feed.xml"), id="feed.xml"),
        pytest.param("index.html", both("index.html", "page /"), id="index.html"),
        pytest.param("404.html", both("404.html", "page /404.html"), id="404.html"),
        pytest.param("sitemap.xml", both("sitemap.xml", "generated sitemap.xml"), id="sitemap"),
        pytest.param("robots.txt", both("robots.txt", "generated robots.txt"), id="robots.txt"),
        pytest.param("Feed.XML", both("feed.xml", "generated feed.xml"), id="case-folded"),
        pytest.param("logo.png", both("logo.png", "layouts/static/logo.png"), id="static"),
        pytest.param(
            "tags",
            "content/b.md: error: several things would be written to tags/index.html: "
            "content/b.md, page /tags/; change a slug or permalink",
            id="same-file-still-caught",
        ),
    ],
)
def test_a_slug_named_like_a_generated_file_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], slug: str, line: str
) -> None:
    site.write("layouts/static/logo.png", b"\x89PNG not really")  # keeps its name
    before = good_build(site, capsys)
    site.write("site.yaml", FLAT)
    site.write("content/b.md", article("Named like a file", slug=slug))
    assert_refused(site, site.build(capsys=capsys), before, line)


def test_a_static_file_where_pages_need_a_folder_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    before = good_build(site, capsys)
    site.write("content/b.md", article("Tagged", tags="[Kyiv, Odesa]"))
    site.write("layouts/static/tags", "not a folder\n")
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        "layouts/static/tags: error: tags would be both a file (layouts/static/tags) and a "
        "folder, for tags/index.html (page /tags/), and 8 more under tags/; change a slug or "
        "permalink",
    )


def test_a_slug_whose_folder_holds_other_pages_is_fine(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder may hold several outputs: `page/index.html` (an article) beside the front
    page's `page/2/index.html` is no clash, only a file against a folder is."""
    site.write("site.yaml", FLAT)
    for name in "bcd":
        site.write(f"content/{name}.md", article(f"Story {name}"))
    site.write("content/p.md", article("Page", slug="page"))
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    assert (site.public / "page/index.html").is_file()
    assert (site.public / "page/2/index.html").is_file()


def test_a_slug_index_html_under_the_day_is_a_clash_with_its_edition(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """The day's edition is `2022/02/28/index.html`: an article slugged `index.html` would
    need that file to be a folder, so the build says so and names both."""
    site.write("content/b.md", article("Named like a file", slug="index.html"))
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "content/b.md: error: 2022/02/28/index.html would be both a file (page /2022/02/28/) "
        "and a folder, for 2022/02/28/index.html/index.html (content/b.md); change a slug or "
        "permalink"
    )


@pytest.mark.parametrize("slug", ["feed.xml", "404.html", "robots.txt"])
def test_under_the_default_permalink_such_slugs_are_fine(
    site: Site, capsys: pytest.CaptureFixture[str], slug: str
) -> None:
    site.write("content/b.md", article("Named like a file", slug=slug))
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    assert (site.public / "2022/02/28" / slug / "index.html").is_file()
