"""Columns for problems: where in its line a link, an image or a licence was written.

Parsing keeps the line of every link and image, not its column, so a check that found a
problem reads the article file once more and looks for what it found as text; nothing is
parsed again. Files are read only for articles that have a problem, so a clean site costs
nothing here. Each check makes its own `SourceLines`, so nothing is kept between runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote

from brief.content.article import Article

Place = tuple[int, int | None]
"""(1-based line, 1-based column or None when the text was not found)."""


class SourceLines:
    """The lines of article files, read on first use, for the checks of one run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str]] = {}

    def lines(self, article: Article) -> list[str]:
        """The file's lines, or none when it can no longer be read (then no column is
        given: the problem itself was found from what parsing kept, and stands)."""
        found = self._lines.get(article.source)
        if found is None:
            try:
                text = (self.root / article.source).read_text(
                    encoding="utf-8-sig", errors="replace"
                )
            except OSError:
                text = ""
            found = self._lines[article.source] = text.splitlines()
        return found

    def find(
        self, article: Article, line: int, needles: Sequence[tuple[str, int]], nth: int = 0
    ) -> Place:
        """Where the `nth` (0-based) occurrence of the first of `needles` found is written,
        from `line` to the end of its paragraph (one renderer gives every link of a
        paragraph the paragraph's first line). A needle is (text, lead): the place given
        is `lead` characters into the text, so `("(/a/", 1)` places the URL, not the `(`."""
        lines = self.lines(article)
        block: list[str] = []
        for text in lines[line - 1 :]:
            if block and not text.strip():
                break
            block.append(text)
        joined = "\n".join(block)
        for needle, lead in needles:
            if not needle:
                continue
            at = -1
            for _ in range(nth + 1):
                at = joined.find(needle, at + 1)
                if at < 0:
                    break
            if at >= 0:
                before = joined[:at]
                return line + before.count("\n"), at - (before.rfind("\n") + 1) + 1 + lead
        return line, None


def spellings(url: str) -> tuple[str, ...]:
    """How a URL that Markdown normalised may have been written: as it is, or with its
    percent-escapes undone (`/%C3%A9t%C3%A9/` was most likely typed as `/été/`)."""
    plain = unquote(url)
    return (url, plain) if plain != url else (url,)


def destination(url: str) -> list[tuple[str, int]]:
    """Needles for `SourceLines.find` that place a link or image destination as written:
    `(url`, `(<url`, then the bare URL (a reference definition `[id]: url`)."""
    found = [(f"({s}", 1) for s in spellings(url)]
    found += [(f"(<{s}", 2) for s in spellings(url)]
    return found + [(s, 0) for s in spellings(url)]
