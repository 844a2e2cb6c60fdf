"""Images in article bodies.

The lead image (`image:` in front-matter) is refused by parsing when it has no `alt:` at all,
and `alt: ""` there says it is decorative on purpose. Markdown cannot say that: `![](x.png)`
is most often a forgotten description, so this check covers body images only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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
