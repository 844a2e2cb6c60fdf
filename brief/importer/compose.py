"""The article file an imported post becomes: brief's front-matter, written so it reads
back as the same values, and the digest a re-import compares; and what the body holds
that brief would show otherwise than the old site did."""

from __future__ import annotations

from markdown_it import MarkdownIt

from brief.content.figures import is_remote
from brief.errors import Problem
from brief.importer.dates import written
from brief.importer.posts import Fields, ImageRef, Post, warn
from brief.importer.write import DIGEST_KEY, SOURCE_KEY, text_digest, yaml_text


def article_text(
    fields: Fields,
    slug: str,
    image: list[str],
    aliases: list[str],
    key: str,
    body: str,
) -> str:
    """The whole file: front-matter in brief's order, `imported_from: key`, the digest of
    the rest, then the body."""
    assert fields.date is not None and fields.title is not None
    lines = ["---", f"title: {yaml_text(fields.title)}", f"date: {written(fields.date)}"]
    if fields.updated is not None:
        lines.append(f"updated: {written(fields.updated)}")
    if fields.summary:
        lines.append(f"summary: {yaml_text(fields.summary)}")
    if fields.author:
        lines.append(f"author: {yaml_text(fields.author)}")
    if fields.tags:
        lines.append("tags: [" + ", ".join(yaml_text(t, flow=True) for t in fields.tags) + "]")
    lines.append(f"slug: {yaml_text(slug)}")
    if fields.draft:
        lines.append("draft: true")
    lines += image
    if aliases:
        lines.append("aliases: [" + ", ".join(yaml_text(a, flow=True) for a in aliases) + "]")
    lines.append(f"{SOURCE_KEY}: {yaml_text(key)}")
    head = "\n".join(lines) + "\n"
    tail = "---\n" + body.strip("\n").rstrip() + "\n"
    return f"{head}{DIGEST_KEY}: {text_digest(head + tail)}\n{tail}"


def image_lines(
    ref: ImageRef | None, shown: str, line: int | None, problems: list[Problem]
) -> list[str]:
    """The `image:` lines, or none (with a warning) for an image the import cannot keep:
    an URL other than https (browsers block an http image on an https page). A local file
    comes named as the article finds its copy (see `media`)."""
    if ref is None:
        return []
    if is_remote(ref.src) and (not ref.src.startswith("https://") or ref.src == "https://"):
        problems.append(
            warn(
                shown,
                line,
                f"image '{ref.src}' is not an https URL; the article has no image (give "
                "its https address, or copy the file under content/, in image: by hand)",
                "image",
            )
        )
        return []
    if ref.alt is None:
        problems.append(
            warn(
                shown,
                line,
                'image has no alt text; alt: "" (decorative) is written, so describe the '
                "image there",
                "image",
            )
        )
    out = ["image:", f"  src: {yaml_text(ref.src)}", f"  alt: {yaml_text(ref.alt or '')}"]
    if ref.caption:
        out.append(f"  caption: {yaml_text(ref.caption)}")
    return out


def raw_html(body: str, post: Post) -> list[Problem]:
    """One warning for a post whose converted `body` holds raw HTML, which brief shows as
    text unless `markdown.html` is on, at the line of the post where it first appears."""
    found = []
    for token in MarkdownIt("commonmark").parse(body):
        if token.type == "html_block":
            found.append(token.content)
        for child in token.children or ():
            if child.type == "html_inline":
                found.append(child.content)
    if not found:
        return []
    first = found[0].strip().split("\n", 1)[0]
    original = post.matter.body
    at = original.find(first)
    line = post.matter.body_offset + original.count("\n", 0, at) + 1 if at >= 0 else None
    places = "1 place" if len(found) == 1 else f"{len(found)} places"
    return [
        warn(
            post.shown,
            line,
            f"raw HTML ({places}, the first here) shows as text, since site.yaml has "
            "markdown.html off; turn it on, or rewrite the HTML in Markdown",
            "html",
        )
    ]
