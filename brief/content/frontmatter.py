"""Splitting an article into its YAML front-matter and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass

from brief.errors import Problem

FENCE = "---"
MAX_FRONTMATTER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Split:
    """An article file cut in two, with where each part starts, so problems found in either
    can name the line of the file."""

    yaml: str
    """The text between the fences."""
    lines_before_yaml: int
    """How many file lines come before the YAML text (1: the opening fence)."""
    body: str
    """The Markdown after the closing fence."""
    lines_before_body: int
    """How many file lines come before the body."""


def split(text: str, shown: str) -> Split | Problem:
    """Separate `---`-fenced front-matter from the body; the text is already normalised."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return Problem(
            shown,
            1,
            1,
            "no front-matter: start the file with a line '---', then 'title:' and 'date:', "
            "then a closing '---'",
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() in (FENCE, "..."):
            yaml_text = "\n".join(lines[1:i])
            if len(yaml_text.encode("utf-8")) > MAX_FRONTMATTER_BYTES:
                return Problem(
                    shown, 1, 1, f"front-matter is larger than {MAX_FRONTMATTER_BYTES // 1024} KiB"
                )
            return Split(yaml_text, 1, "\n".join(lines[i + 1 :]), i + 1)
    return Problem(
        shown, 1, 1, "front-matter opened on line 1 is never closed; add a line '---' after it"
    )
