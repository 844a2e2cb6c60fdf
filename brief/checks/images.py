"""Images in article bodies.

The lead image (`image:` in front-matter) is refused by parsing when it has no `alt:` at all,
and `alt: ""` there says it is decorative on purpose. Markdown cannot say that: `![](x.png)`
is most often a forgotten description, so this check covers body images only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from brief.checks.place import SourceLines, destination
from brief.config import SiteConfig
from brief.content.article import Article
from brief.errors import Problem, Severity


def check_image_alt(articles: Sequence[Article], config: SiteConfig) -> Iterator[Problem]:
    """Body images without alt text (`![](map.png)`): a warning at the `![`, since screen
    readers announce such an image by its file name or not at all."""
    sources = SourceLines(config.root)
    for article in articles:
        images = article.body.images
        for i, image in enumerate(images):
            if image.alt.strip():
                continue
            # which of the images written alike on its line it is, to find it in the file
            nth = sum(
                1 for other in images[:i] if (other.line, other.src) == (image.line, image.src)
            )
            needles = destination(image.src) if image.src else [("![](", 0)]
            line, column = sources.find(article, image.line, needles, nth)
            if column is not None:
                text = sources.lines(article)[line - 1]
                start = text.rfind("![", 0, column)
                column = start + 1 if start >= 0 else column
            yield Problem(
                article.source,
                line,
                column,
                f"image {image.src or '(no file)'} has no alt text; describe it for readers "
                "who cannot see it: ![What it shows](file)",
                severity=Severity.WARNING,
            )


def _local_file(src: str, article: Article, config: SiteConfig) -> Path | None:
    """The file a body image's `src` names on disk, or None for a URL (not brief's to check)."""
    path = unquote(urlsplit(src).path)
    if not path or "://" in src or src.startswith(("//", "data:")):
        return None
    if path.startswith("/"):
        return config.content_dir / path.lstrip("/")
    return (config.root / article.source).parent / path


def check_image_files(articles: Sequence[Article], config: SiteConfig) -> Iterator[Problem]:
    """Body images whose file is not there: the page would show a broken image. Paths are
    read as the lead image's are: next to the article, or from `content/` when they start
    with `/`."""
    sources = SourceLines(config.root)
    for article in articles:
        for image in article.body.images:
            file = _local_file(image.src, article, config) if image.src else None
            if file is None or file.is_file():
                continue
            line, column = sources.find(article, image.line, destination(image.src), 0)
            shown = file.relative_to(config.root) if file.is_relative_to(config.root) else file
            yield Problem(
                article.source,
                line,
                column,
                f"image file {image.src} not found (looked for {shown.as_posix()}); put it "
                "next to the article or fix the path",
            )
