"""Columns for problems: where in its line a link, an image or a licence was written.

Parsing keeps the line of every link and image, not its column, so a check that found a
problem reads the article file once more and looks for what it found as text; nothing is
parsed again. Files are read only for articles that have a problem, so a clean site costs
nothing here. Each check makes its own `SourceLines`, so nothing is kept between runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from brief.content.article import Article
from brief.content.markdown import Place, destination, locate, spellings

__all__ = ["Place", "SourceLines", "destination", "spellings"]


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
        """Where the `nth` occurrence of the first of `needles` found is written, from
        `line` to the end of its paragraph (see `markdown.locate`)."""
        return locate(self.lines(article), line, needles, nth)
