"""Placing a problem on its column: the text found in the article file, from its line to
the end of its paragraph."""

from __future__ import annotations

from brief.checks.links import suggestion
from brief.checks.place import SourceLines, destination, spellings
from tests.checks.kit import articles
from tests.helpers import Site, article

BODY = "[a](/x/) and [b](/x/) then\n[c](<caf%C3%A9/>) and [d](/x/).\n\nNext [e](/x/)."


def test_find_counts_occurrences_through_the_paragraph(site: Site) -> None:
    site.write("content/a.md", article(body=BODY))
    config, (found,) = articles(site)
    sources = SourceLines(config.root)
    assert sources.find(found, 5, destination("/x/"), 0) == (5, 5)
    assert sources.find(found, 5, destination("/x/"), 1) == (5, 18)
    # one renderer gives a whole paragraph its first line: the third is on the next line
    assert sources.find(found, 5, destination("/x/"), 2) == (6, 27)
    assert sources.find(found, 5, destination("/x/"), 3) == (5, None)  # not past the paragraph
    assert sources.find(found, 8, destination("/x/"), 0) == (8, 10)
    assert sources.find(found, 5, destination("caf%C3%A9/"), 0) == (6, 6)
    assert sources.find(found, 5, destination("/y/"), 0) == (5, None)


def test_an_unreadable_file_gives_no_column(site: Site) -> None:
    site.write("content/a.md", article(body=BODY))
    config, (found,) = articles(site)
    (site.root / found.source).unlink()
    assert SourceLines(config.root).find(found, 5, destination("/x/")) == (5, None)


def test_spellings_and_needles() -> None:
    assert spellings("/a/") == ("/a/",)
    assert spellings("/%C3%A9/") == ("/%C3%A9/", "/é/")
    assert destination("/a/") == [("(/a/", 1), ("(</a/", 2), ("/a/", 0)]


def test_suggestions_compare_names_not_whole_paths() -> None:
    folders = {
        "/tags/": ["russia", "ukraine"],
        "/2022/02/27/": ["talks"],
        "/": ["tags"],
    }
    assert suggestion("/tags/rusia/", folders) == "/tags/russia/"
    assert suggestion("/tags/france/", folders) is None
    assert suggestion("/2022/02/28/talks/", folders) == "/2022/02/27/talks/"
    assert suggestion("/tag/", folders) == "/tags/"
