"""Licences that a news site may not be able to use.

The rule, kept simple: a site is commercial unless its `copyright` says it is not, by the
words "non-commercial" (also "noncommercial", "non commercial") or by a CC NC licence of
its own ("CC BY-NC", ".../licenses/by-nc-sa/..."); most news publishers sell ads or
subscriptions. On a commercial site, every image or credit licensed NC (no commercial use)
or ND (no adapted versions, which a crop or an overlaid caption may be) is a warning: the
editor checks the terms or asks for permission. A site that has checked them turns the
check off with `checks: {licence-nc-nd: false}`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from brief.checks.place import SourceLines
from brief.config import SiteConfig
from brief.content.article import Article, Credit
from brief.errors import Problem, Severity

_NON_COMMERCIAL = re.compile(r"non[- ]?commercial|\bby-nc\b", re.IGNORECASE)


def non_commercial(config: SiteConfig) -> bool:
    """Whether the site says, in its copyright notice, that it is non-commercial."""
    return _NON_COMMERCIAL.search(config.copyright) is not None


def _restrictions(credit: Credit) -> str:
    licence = credit.license
    if licence is None:
        return ""
    if not licence.allows_commercial_use and not licence.allows_adaptations:
        return "allows neither commercial use nor adapted versions"
    if not licence.allows_commercial_use:
        return "does not allow commercial use"
    if not licence.allows_adaptations:
        return "does not allow adapted versions (a crop or an overlaid caption may be one)"
    return ""


def _licence_line(lines: list[str], key_line: int, item: int | None) -> tuple[int, int]:
    """The line and column of the `license:` of the image (`item` None) or of credit
    number `item` (0-based) in the front-matter block that starts at `key_line`; the key's
    line when it cannot be told (flow style, a licence given by `notice:` ...)."""
    items = -1 if item is not None else 0
    wanted = item if item is not None else 0
    for number in range(key_line, len(lines) + 1):
        text = lines[number - 1]
        if number > key_line and (text.rstrip() == "---" or text[:1] not in ("", " ", "-", "#")):
            break  # the next top-level key, or the end of the front-matter
        stripped = text.lstrip()
        if item is not None and stripped.startswith("- "):
            items += 1
            stripped = stripped[2:].lstrip()
        if items == wanted and stripped.startswith(("license:", "licence:")):
            return number, len(text) - len(stripped) + 1
    return key_line, 1


def check_licences(articles: Sequence[Article], config: SiteConfig) -> Iterator[Problem]:
    """NC and ND licences on a site that does not call itself non-commercial."""
    if non_commercial(config):
        return
    sources = SourceLines(config.root)
    for article in articles:
        # (what, line its front-matter block starts on, number in a list, credit)
        found: list[tuple[str, int, int | None, Credit]] = []
        if article.image is not None:
            found.append(("the image", article.lines.get("image", 1), None, article.image.credit))
        found += [(f"figure {f.src}", f.line, None, f.credit) for f in article.figures if f.credit]
        at = article.lines.get("credits", 1)
        found += [
            (f"credit {i + 1}" + (f" ({c.title})" if c.title else ""), at, i, c)
            for i, c in enumerate(article.credits)
        ]
        for what, key_line, item, credit in found:
            why = _restrictions(credit)
            if not why or credit.license is None:
                continue
            line, column = _licence_line(sources.lines(article), key_line, item)
            yield Problem(
                article.source,
                line,
                column,
                f"{what} is licensed {credit.license.id}, which {why}, and this site's "
                "copyright does not say it is non-commercial; check the terms or get "
                "permission",
                severity=Severity.WARNING,
            )
