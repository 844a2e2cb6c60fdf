"""Links between pages: relative ones must resolve to exactly their target."""

from __future__ import annotations

from urllib.parse import unquote, urljoin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brief.render.urls import absolute, linker, relative, rooted

segment = st.sampled_from(["a", "b", "tags", "2022", "page", "2", "россия", "x y"])
folder_url = st.lists(segment, max_size=4).map(lambda p: "/" + "".join(s + "/" for s in p))
file_url = st.tuples(folder_url, st.sampled_from(["feed.xml", "style.css", "404.html"])).map(
    "".join
)


@given(page=st.one_of(folder_url, file_url), target=st.one_of(folder_url, file_url))
def test_relative_link_resolves_to_target(page: str, target: str) -> None:
    link = relative(target, page)
    assert not link.startswith("/")
    resolved = unquote(urljoin("https://h.example" + page, link).removeprefix("https://h.example"))
    assert resolved == target


@given(
    page=st.one_of(folder_url, file_url),
    targets=st.lists(st.one_of(folder_url, file_url, st.just("#top")), max_size=12),
)
def test_a_pages_linker_gives_the_links_relative_gives(page: str, targets: list[str]) -> None:
    # one linker for all of a page's links, as a page renders: it remembers their folders
    link = linker(page)
    assert [link(t) for t in targets] == [relative(t, page) for t in targets]


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("/tags/russia/", "/2022/02/28/x/", "../../../../tags/russia/"),
        ("/", "/", "./"),
        ("/", "/page/2/", "../../"),
        ("/page/2/", "/page/3/", "../2/"),
        ("/style.css", "/", "style.css"),
        ("/tags/", "/tags/", "./"),
        ("/media/x y.png", "/a/", "../media/x%20y.png"),
        ("https://other.example/x", "/a/", "https://other.example/x"),
        ("#fn1", "/a/", "#fn1"),
    ],
)
def test_relative_examples(target: str, page: str, expected: str) -> None:
    assert relative(target, page) == expected


def test_absolute_and_rooted_keep_the_sub_path() -> None:
    assert (
        absolute("/tags/россия/", "https://ex.org/brief/")
        == "https://ex.org/brief/tags/%D1%80%D0%BE%D1%81%D1%81%D0%B8%D1%8F/"
    )
    assert absolute("/", "https://ex.org/") == "https://ex.org/"
    assert rooted("/style.css", "/brief/") == "/brief/style.css"
    assert rooted("/", "/") == "/"
