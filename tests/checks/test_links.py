"""broken-link, broken-anchor, links-unpublished: internal links resolved against the
planned site, each placed at its URL in the file."""

from __future__ import annotations

import dataclasses

import pytest

from brief.checks.links import (
    anchors,
    check_anchors,
    check_links,
    check_unpublished,
    resolve,
    site_paths,
)
from brief.config import load_config
from tests.checks.kit import planned
from tests.helpers import BASIC_CONFIG, Site, article

PAGE = "/2022/02/28/hello/"


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("/2022/02/27/talks/", ("/2022/02/27/talks/", "")),
        ("/tags/ukraine/#top", ("/tags/ukraine/", "top")),
        ("#what-was-asked", (PAGE, "what-was-asked")),
        ("../../27/talks/", ("/2022/02/27/talks/", "")),
        ("../../../../../../x/", ("/x/", "")),
        ("other/?page=2#a", ("/2022/02/28/hello/other/", "a")),
        ("https://news.example.org/tags/", ("/tags/", "")),
        ("HTTP://NEWS.example.org/tags/#x", ("/tags/", "x")),
        ("//news.example.org/feed.xml", ("/feed.xml", "")),
        ("https://news.example.org", ("/", "")),
        ("/%C3%A9t%C3%A9/#caf%C3%A9", ("/été/", "café")),
        ("https://other.example.org/tags/", None),
        ("https://news.example.org:8080/tags/", None),
        ("https://news.example.org:bad/", None),
        ("/a/./b/../c/", ("/a/c/", "")),
        ("mailto:desk@news.example.org", None),
        ("ftp://news.example.org/x", None),
    ],
)
def test_resolve(site: Site, url: str, found: tuple[str, str] | None) -> None:
    assert resolve(url, PAGE, load_config(site.root)) == found


def test_resolve_under_a_base_path(site: Site) -> None:
    config = dataclasses.replace(load_config(site.root), base_url="https://example.org/project/")
    assert resolve("https://example.org/project/tags/", PAGE, config) == ("/tags/", "")
    assert resolve("https://example.org/project", PAGE, config) == ("/", "")
    assert resolve("https://example.org/elsewhere/", PAGE, config) is None
    assert resolve("/project/tags/", PAGE, config) == ("/tags/", "")
    assert resolve("/tags/", PAGE, config) == ("/tags/", "")


def test_site_paths() -> None:
    assert site_paths(["index.html", "tags/x/index.html", "feed.xml", "404.html"]) == {
        "/",
        "/index.html",
        "/tags/x/",
        "/tags/x/index.html",
        "/feed.xml",
        "/404.html",
    }


def _linking(site: Site, body: str, **more: str) -> None:
    site.write(
        "content/talks.md", article(title="Talks", date="2022-02-27", tags="[Ukraine]", body=TALKS)
    )
    site.write("content/hello.md", article(title="Hello", tags="[Russia]", body=body, **more))


TALKS = "## What was asked\n\nText[^1].\n\n[^1]: A note."


def test_broken_links(site: Site) -> None:
    _linking(
        site,
        "[a](/2022/02/27/talks/) [b](/2022/02/27/talk/) [c](/tags/ukraine) [d](/tags/france/)\n"
        "[e](https://news.example.org/feed.xml) [f](https://news.example.org/nowhere.xml)\n"
        "[g](../../27/talks/) [h](../talks/) [i](https://other.example.org/gone/) [j](/)\n"
        "[k](/tags/) [l](/page/2/) [m](/2022/02/27/talks/index.html) [n](/tags/france/)",
    )
    config, linked = planned(site)
    assert [p.format() for p in check_links(linked, config)] == [
        "content/hello.md:6:29: error: link to /2022/02/27/talk/ leads to no page of this site; "
        "did you mean /2022/02/27/talks/?",
        "content/hello.md:6:71: error: link to /tags/france/ leads to no page of this site",
        "content/hello.md:7:44: error: link to https://news.example.org/nowhere.xml leads to "
        "no page of this site",
        "content/hello.md:8:26: error: link to ../talks/ leads to no page of this site; "
        "did you mean /2022/02/27/talks/?",
        "content/hello.md:9:17: error: link to /page/2/ leads to no page of this site",
        "content/hello.md:9:65: error: link to /tags/france/ leads to no page of this site",
    ]
    assert {p.code for p in check_links(linked, config)} == {""}  # the runner stamps codes


def test_broken_anchors(site: Site) -> None:
    _linking(
        site,
        "## Our own\n\n"
        "[a](/2022/02/27/talks/#what-was-asked) [b](/2022/02/27/talks/#what-was-said)\n"
        "[c](#our-own) [d](#our-owm) [e](#main) [f](/2022/02/27/talks/#fn1) [g](/tags/#x)\n"
        "[h](/nowhere/#x) [i](#) [j](/2022/02/27/talks/index.html#what-was-said)",
    )
    config, linked = planned(site)
    assert [p.format() for p in check_anchors(linked, config)] == [
        "content/hello.md:8:44: error: link to /2022/02/27/talks/#what-was-said: "
        "content/talks.md has no anchor #what-was-said; did you mean #what-was-asked?",
        "content/hello.md:9:19: error: link to #our-owm: this article has no anchor #our-owm; "
        "did you mean #our-own?",
        "content/hello.md:9:33: error: link to #main: this article has no anchor #main",
        "content/hello.md:10:29: error: link to /2022/02/27/talks/index.html#what-was-said: "
        "content/talks.md has no anchor #what-was-said; did you mean #what-was-asked?",
    ]
    # the templates' own ids count once the site knows them (brief check reads them)
    with_ids = dataclasses.replace(linked, page_ids=frozenset({"main"}))
    assert len(list(check_anchors(with_ids, config))) == 3


def test_anchors_are_the_ids_in_the_html(site: Site) -> None:
    _linking(site, "## Twice\n\n## Twice\n\nText[^1].\n\n[^1]: Note.")
    _, linked = planned(site)
    hello = linked.published["/2022/02/28/hello/"]
    assert anchors(hello) == {"twice", "twice-1", "fn1", "fnref1"}


def test_links_to_unpublished_articles(site: Site) -> None:
    site.write(
        "content/draft.md",
        article(title="Draft", draft="true", tags="[A]", body="[x](/2999/01/01/later/)"),
    )
    site.write("content/later.md", article(title="Later", date="2999-01-01", tags="[A]"))
    site.write(
        "content/hello.md",
        article(tags="[A]", body="See [d](/2022/02/28/draft/) and [l](/2999/01/01/later/#x)."),
    )
    config, linked = planned(site)
    assert [p.format() for p in check_unpublished(linked, config)] == [
        "content/hello.md:6:9: error: link to /2022/02/28/draft/ leads to content/draft.md, "
        "which is a draft; publish it first or remove the link",
        "content/hello.md:6:37: error: link to /2999/01/01/later/#x leads to content/later.md, "
        "which is dated 2999-01-01, not yet published; publish it first or remove the link",
    ]
    # they are not broken links: the pages exist once the articles are published
    assert list(check_links(linked, config)) == []
    config, linked = planned(site, drafts=True, future=True)
    assert list(check_unpublished(linked, config)) == []


def test_sub_path_site(site: Site) -> None:
    site.write("site.yaml", BASIC_CONFIG.replace("news.example.org/", "example.org/project/"))
    _linking(
        site,
        "[a](/project/2022/02/27/talks/) [b](https://example.org/project/tags/russia/) [c](https://example.org/project/tags/rusia/)",
    )
    config, linked = planned(site)
    assert [p.format() for p in check_links(linked, config)] == [
        "content/hello.md:6:83: error: link to https://example.org/project/tags/rusia/ leads "
        "to no page of this site; did you mean /tags/russia/?"
    ]
