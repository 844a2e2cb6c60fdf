"""Jekyll sites: finding posts, reading _config.yml, and each post's old address."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

import pytest

from brief.importer.jekyll import STYLES, JekyllSite, read_site, with_extension
from brief.importer.matter import Kind, Matter
from brief.importer.posts import Post, PostFile, map_fields
from tests.helpers import Site


def old_url(
    values: dict[str, Any],
    *,
    permalink: str = STYLES["date"],
    zone: zoneinfo.ZoneInfo | None = None,
    name: str = "hello-world",
    folders: tuple[str, ...] = (),
) -> tuple[str | None, list[str]]:
    site = JekyllSite(Path("."), ".", (), permalink, zone)
    post = Post(
        PostFile(Path("p.md"), "p.md", "_posts/p.md", name, dt.date(2020, 1, 2), folders),
        Matter(Kind.YAML, values, dict.fromkeys(values, 2), "", 5),
    )
    url, problems = site.old_url(post, map_fields(post, site.dialect, zone))
    return url, [p.format() for p in problems]


@pytest.mark.parametrize(
    ("style", "url"),
    [
        ("date", "/news/meta/2020/01/02/hello-world.html"),
        ("pretty", "/news/meta/2020/01/02/hello-world/"),
        ("ordinal", "/news/meta/2020/002/hello-world.html"),
        ("weekdate", "/news/meta/2020/W01/Thu/hello-world.html"),
        ("none", "/news/meta/hello-world.html"),
    ],
)
def test_the_permalink_styles(style: str, url: str) -> None:
    values = {"title": "T", "categories": ["News", "Meta"]}
    assert old_url(values, permalink=STYLES[style]) == (url, [])


@pytest.mark.parametrize(
    ("permalink", "url"),
    [
        ("/:year/:i_month/:i_day/:short_year/:hour:minute:second/", "/2020/1/2/20/000000/"),
        ("/:short_month-:long_month/:short_day-:long_day/", "/Jan-January/Thu-Thursday/"),
        ("/:w_year/:week/:w_day/:y_day/", "/2020/01/4/002/"),
        ("/:categories/:title", "/hello-world.html"),
        ("/blog/:slug/", "/blog/hello-world/"),
    ],
)
def test_placeholders(permalink: str, url: str) -> None:
    assert old_url({"title": "T"}, permalink=permalink) == (url, [])


def test_front_matter_permalink_and_slug() -> None:
    assert old_url({"title": "T", "permalink": "/about/:title/"}) == ("/about/hello-world/", [])
    assert old_url({"title": "T", "permalink": "pretty"}) == ("/2020/01/02/hello-world/", [])
    assert old_url({"title": "T", "slug": "My Slug!"}) == ("/2020/01/02/My-Slug!.html", [])
    assert old_url({"title": "T", "permalink": "/fixed.html"}) == ("/fixed.html", [])


def test_categories_come_from_folders_then_front_matter_lower_cased() -> None:
    values = {"title": "T", "categories": "Big News", "category": "Extra"}
    assert old_url(values, folders=("blog",)) == (
        "/blog/big/news/extra/2020/01/02/hello-world.html",
        [],
    )


def test_the_date_is_taken_in_the_sites_timezone() -> None:
    values = {"title": "T", "date": "2020-01-02 02:00:00 +0100"}
    la = zoneinfo.ZoneInfo("America/Los_Angeles")
    assert old_url(values, zone=la)[0] == "/2020/01/01/hello-world.html"
    assert old_url(values)[0] == "/2020/01/02/hello-world.html"


def test_an_unknown_placeholder_is_a_warning() -> None:
    assert old_url({"title": "T", "permalink": "/:lang/:title/"}) == (
        None,
        [
            "p.md:2: warning: cannot make the post's old URL from the permalink "
            "'/:lang/:title/': brief does not know :lang; add it to aliases: by hand"
        ],
    )


@pytest.mark.parametrize(
    ("url", "ext", "out"),
    [
        ("/a/b", ".html", "/a/b.html"),
        ("/a/b", "/", "/a/b/"),
        ("/a/b/", ".html", "/a/b/"),
        ("/a/b.htm", ".html", "/a/b.htm"),
    ],
)
def test_with_extension(url: str, ext: str, out: str) -> None:
    assert with_extension(url, ext) == out


# --- the site on disk -------------------------------------------------------------------


def test_posts_are_found_in_every_posts_folder(site: Site) -> None:
    for rel in (
        "old/_posts/2020-01-01-a.md",
        "old/_posts/sub/2020-01-02-b.markdown",
        "old/news/_posts/2020-01-03-c.mkd",
        "old/_posts/.hidden.md",
        "old/_posts/_parked.md",
        "old/_posts/a.md~",
        "old/_drafts/d.md",
        "old/_site/_posts/2020-01-01-built.md",
        "old/node_modules/x/_posts/2020-01-01-n.md",
    ):
        site.write(rel, "---\ntitle: x\n---\n")
    found, problems = read_site(site.root / "old", "old")
    assert problems == []
    assert found is not None
    assert [(f.shown, f.rel, f.name, f.name_date, f.folders) for f in found.files] == [
        ("old/_posts/2020-01-01-a.md", "_posts/2020-01-01-a.md", "a", dt.date(2020, 1, 1), ()),
        (
            "old/_posts/sub/2020-01-02-b.markdown",
            "_posts/sub/2020-01-02-b.markdown",
            "b",
            dt.date(2020, 1, 2),
            (),
        ),
        (
            "old/news/_posts/2020-01-03-c.mkd",
            "news/_posts/2020-01-03-c.mkd",
            "c",
            dt.date(2020, 1, 3),
            ("news",),
        ),
    ]
    assert found.link_keys(found.files[1]) == (
        "link:_posts/sub/2020-01-02-b.markdown",
        "post_url:sub/2020-01-02-b",
        "post_url:2020-01-02-b",
    )


def test_a_file_name_with_an_impossible_date(site: Site) -> None:
    site.write("old/_posts/2020-02-30-x.md", "---\ntitle: x\n---\n")
    found, _ = read_site(site.root / "old", "old")
    assert found is not None
    assert (found.files[0].name, found.files[0].name_date) == ("2020-02-30-x", None)


@pytest.mark.parametrize(
    ("config", "permalink"),
    [
        ("", STYLES["date"]),
        ("permalink: pretty\n", STYLES["pretty"]),
        ("permalink: /:title/\n", "/:title/"),
        (
            "permalink: pretty\ncollections:\n  posts:\n    permalink: /news/:title/\n",
            "/news/:title/",
        ),
    ],
)
def test_the_permalink_of_the_config(site: Site, config: str, permalink: str) -> None:
    site.write("old/_config.yml", config)
    site.write("old/_posts/2020-01-01-a.md", "---\ntitle: x\n---\n")
    found, problems = read_site(site.root / "old", "old")
    assert found is not None and problems == []
    assert found.permalink == permalink


def test_an_unknown_timezone_is_a_warning(site: Site) -> None:
    site.write("old/_config.yml", "title: x\ntimezone: Mars/Olympus\n")
    site.write("old/_posts/2020-01-01-a.md", "---\ntitle: x\n---\n")
    found, problems = read_site(site.root / "old", "old")
    assert found is not None and found.zone is None
    assert [p.format() for p in problems] == [
        "old/_config.yml:2: warning: unknown timezone 'Mars/Olympus'; times without a zone are "
        "read as written"
    ]


def test_the_config_of_a_posts_folder_given_alone(site: Site) -> None:
    site.write("old/_config.toml", 'timezone = "Asia/Tokyo"\n')
    site.write("old/_posts/2020-01-01-a.md", "---\ntitle: x\n---\n")
    found, problems = read_site(site.root / "old/_posts", "old/_posts")
    assert found is not None and problems == []
    assert found.zone == zoneinfo.ZoneInfo("Asia/Tokyo")
    assert found.files[0].shown == "old/_posts/2020-01-01-a.md"
    assert found.files[0].rel == "_posts/2020-01-01-a.md"


def test_redirect_from_paths_as_site_paths() -> None:
    site = JekyllSite(Path("."), ".", (), STYLES["date"], None)
    values = {"title": "T", "redirect_from": ["old", "/a/b", "/c/", "https://x.org/y"]}
    post = Post(
        PostFile(Path("p.md"), "p.md", "_posts/p.md", "p"), Matter(Kind.YAML, values, {}, "", 4)
    )
    assert site.aliases(post, map_fields(post, site.dialect, None)) == (
        "/old.html",
        "/a/b.html",
        "/c/",
        "https://x.org/y",  # refused later, with a warning, by brief's own alias check
    )
