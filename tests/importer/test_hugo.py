"""Hugo sites: finding pages and bundles, reading the site config, and each page's old
address."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from brief.importer.hugo import HugoSite, read_site, urlize
from brief.importer.matter import Kind, Matter
from brief.importer.posts import Post, PostFile, map_fields
from tests.helpers import Site


def hugo_site(**settings: Any) -> HugoSite:
    return HugoSite(Path("."), ".", "content", (), settings.pop("permalinks", {}), None, **settings)


def old_url(
    site: HugoSite, rel: str, values: dict[str, Any], name: str
) -> tuple[str | None, tuple[str, ...]]:
    post = Post(
        PostFile(Path(rel), rel, rel, name, None),
        Matter(Kind.YAML, {"title": "T", "date": "2021-03-04", **values}, {}, "", 5),
    )
    fields = map_fields(post, site.dialect, None)
    return site.old_url(post, fields)[0], site.aliases(post, fields)


@pytest.mark.parametrize(
    ("rel", "name", "values", "url"),
    [
        ("content/posts/my-post.md", "my-post", {}, "/posts/my-post/"),
        ("content/posts/My-Post.md", "My-Post", {}, "/posts/my-post/"),
        ("content/news/0.20-relnotes/index.md", "0.20-relnotes", {}, "/news/0.20-relnotes/"),
        ("content/news/2021/x/index.en.md", "x", {}, "/news/2021/x/"),
        ("content/about.md", "about", {}, "/about/"),
        ("content/posts/a.md", "a", {"slug": "b"}, "/posts/b/"),
        ("content/posts/a.md", "a", {"url": "/x/y"}, "/x/y/"),
        ("content/posts/a.md", "a", {"url": "x/y.html"}, "/x/y.html"),
    ],
)
def test_the_default_address(rel: str, name: str, values: dict[str, Any], url: str) -> None:
    assert old_url(hugo_site(), rel, values, name)[0] == url


def test_ugly_and_cased_addresses() -> None:
    assert old_url(hugo_site(ugly=True), "content/posts/a.md", {}, "a")[0] == "/posts/a.html"
    assert old_url(hugo_site(lower=False), "content/Posts/A.md", {}, "A")[0] == "/Posts/A/"


@pytest.mark.parametrize(
    ("pattern", "values", "url"),
    [
        ("/:year/:month/:day/:slug/", {"slug": "s"}, "/2021/03/04/s/"),
        ("/:year/:month/:slug/", {"title": "Hello World, Again!"}, "/2021/03/hello-world-again/"),
        ("/:sections/:filename/", {}, "/posts/deep/a/"),
        ("/:section/:slugorfilename/", {}, "/posts/a/"),
        (
            "/:monthname/:weekday/:weekdayname/:yearday/:title/",
            {"title": "T"},
            "/march/4/thursday/63/t/",
        ),
        ("/:contentbasename/", {}, "/a/"),
    ],
)
def test_permalinks(pattern: str, values: dict[str, Any], url: str) -> None:
    site = hugo_site(permalinks={"posts": pattern})
    assert old_url(site, "content/posts/deep/a.md", values, "a")[0] == url


def test_an_unknown_permalink_token_is_a_warning() -> None:
    site = hugo_site(permalinks={"posts": "/:lang/:slug/"})
    post = Post(
        PostFile(Path("p.md"), "p.md", "content/posts/p.md", "p"),
        Matter(Kind.YAML, {"title": "T", "date": "2021-01-01"}, {}, "", 4),
    )
    url, problems = site.old_url(post, map_fields(post, site.dialect, None))
    assert url is None
    assert [p.format() for p in problems] == [
        "p.md: warning: cannot make the page's old URL from the permalink '/:lang/:slug/' of "
        "section 'posts': brief does not know :lang; add it to aliases: by hand"
    ]


def test_aliases_relative_to_the_page() -> None:
    values = {"aliases": ["old", "/abs/path", "../up/", "/keep.html"]}
    assert old_url(hugo_site(), "content/posts/a/index.md", values, "a")[1] == (
        "/posts/old/",
        "/abs/path/",
        "/up/",
        "/keep.html",
    )


def test_urlize() -> None:
    assert urlize("Hello World, Again!") == "Hello-World-Again"
    assert urlize("Hugo 0.55: The Easter Egg") == "Hugo-0.55-The-Easter-Egg"
    assert urlize("Élysée  talks") == "Élysée--talks"


# --- the site on disk -------------------------------------------------------------------


def test_pages_and_bundles_are_found(site: Site) -> None:
    for rel in (
        "old/content/_index.md",
        "old/content/about.md",
        "old/content/posts/_index.md",
        "old/content/posts/2021-05-06-dated.md",
        "old/content/posts/bundle/index.md",
        "old/content/posts/bundle/resource.md",
        "old/content/posts/bundle/deeper/page.md",
        "old/content/posts/branch/_index.md",
        "old/content/posts/branch/leaf.markdown",
        "old/content/posts/.hidden.md",
        "old/content/posts/page.html",
        "old/content/posts/html-bundle/index.html",
        "old/content/posts/html-bundle/inside.md",
    ):
        site.write(rel, "---\ntitle: x\n---\n")
    found, problems = read_site(site.root / "old", "old")
    assert found is not None
    assert [(f.shown, f.name, f.name_date) for f in found.files] == [
        ("old/content/about.md", "about", None),
        ("old/content/posts/2021-05-06-dated.md", "2021-05-06-dated", dt.date(2021, 5, 6)),
        ("old/content/posts/branch/leaf.markdown", "leaf", None),
        ("old/content/posts/bundle/index.md", "bundle", None),
    ]
    assert [p.format() for p in problems] == [
        "old/content/posts/page.html: warning: not Markdown, so not imported",
        "old/content/posts/html-bundle/index.html: warning: not Markdown, so not imported",
    ]
    assert found.link_keys(found.files[3]) == ("ref:posts/bundle", "refname:bundle")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "hugo.toml",
            'timeZone = "Asia/Tokyo"\ncontentDir = "pages"\n[permalinks]\nposts = "/:slug/"\n',
        ),
        ("config.yaml", "timezone: Asia/Tokyo\ncontentdir: pages\npermalinks:\n  posts: /:slug/\n"),
        (
            "config/_default/hugo.json",
            '{"TimeZone": "Asia/Tokyo", "contentDir": "pages", '
            '"permalinks": {"page": {"posts": "/:slug/"}}}',
        ),
    ],
)
def test_the_site_config(site: Site, name: str, text: str) -> None:
    site.write(f"old/{name}", text)
    site.write("old/pages/posts/a.md", "---\ntitle: x\n---\n")
    found, problems = read_site(site.root / "old", "old")
    assert problems == [] and found is not None
    assert (found.content, found.permalinks, str(found.zone)) == (
        "pages",
        {"posts": "/:slug/"},
        "Asia/Tokyo",
    )
    assert [f.rel for f in found.files] == ["pages/posts/a.md"]


def test_a_malformed_config_stops_the_import(site: Site) -> None:
    site.write("old/hugo.toml", "title = \n")
    found, problems = read_site(site.root / "old", "old")
    assert found is None
    assert [p.format() for p in problems] == [
        "old/hugo.toml:1:9: error: malformed TOML: Invalid value"
    ]


def test_the_content_folder_given_alone(site: Site) -> None:
    site.write("old/hugo.toml", 'timeZone = "Europe/Paris"\n')
    site.write("old/content/posts/a.md", "---\ntitle: x\n---\n")
    found, problems = read_site(site.root / "old/content", "old/content")
    assert found is not None and problems == []
    assert str(found.zone) == "Europe/Paris"
    assert [(f.shown, f.rel) for f in found.files] == [
        ("old/content/posts/a.md", "content/posts/a.md")
    ]
