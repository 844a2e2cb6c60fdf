"""`site_links`: the site paths of a rendered body made into each page's or feed's links,
and nothing else of the body touched."""

from __future__ import annotations

from brief.config import MarkdownOptions
from brief.content.markdown import render
from brief.render.urls import absolute, relative, rooted, site_links

PAGE = "/2022/03/01/talks/"
BODY = render(
    "[other](/2022/02/28/demands/#where) [home](/) [q](/search/?q=a&b=c) "
    "[far](https://e.org/x) [near](../x/) [proto](//cdn.e.org/x) [id](#top)\n\n"
    '`<a href="/code/">` and href="/text/"\n\n'
    '```\n<img src="/fenced.png">\n```\n',
    MarkdownOptions(),
).html


def test_site_paths_become_relative_links_on_a_page() -> None:
    out = site_links(BODY, lambda t: relative(t, PAGE))
    assert out.split("\n")[0] == (
        '<p><a href="../../../02/28/demands/#where">other</a> <a href="../../../../">home</a> '
        '<a href="../../../../search/?q=a&amp;b=c">q</a> <a href="https://e.org/x">far</a> '
        '<a href="../x/">near</a> <a href="//cdn.e.org/x">proto</a> <a href="#top">id</a></p>'
    )
    assert out.split("\n")[1:] == BODY.split("\n")[1:]  # code and text as rendered


def test_site_paths_become_absolute_in_a_feed_and_rooted_on_a_404_page() -> None:
    base = "https://example.org/news/"
    out = site_links(BODY, lambda t: absolute(t, base))
    assert 'href="https://example.org/news/2022/02/28/demands/#where"' in out
    assert 'href="https://example.org/news/search/?q=a&amp;b=c"' in out
    assert 'href="https://example.org/news/"' in out
    out = site_links(BODY, lambda t: rooted(t, "/news/"))
    assert 'href="/news/2022/02/28/demands/#where"' in out


def test_a_body_without_site_paths_is_returned_as_it_is() -> None:
    body = render('[far](https://e.org/x) and `href="/x"`', MarkdownOptions()).html
    assert site_links(body, lambda t: "CHANGED") is body


def test_the_link_function_sees_the_path_without_query_or_fragment() -> None:
    targets: list[str] = []

    def link(target: str) -> str:
        targets.append(target)
        return target

    site_links('<a href="/a/b/?x=1#f">x</a><img src="/media/m%20n.png" alt="">', link)
    assert targets == ["/a/b/", "/media/m%20n.png"]
