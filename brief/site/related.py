"""Links between stories, for article pages: the story before and after each one in its
section (in the whole site for an article without one), and related stories by shared
rare tags.

Pure and linear in the size of the tag index, never a pass over every pair of articles:
related stories are looked for among the articles that share a tag, and a tag carried by
many articles offers only the `WINDOW` nearest to the article in its date order.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from brief.content.article import Article
from brief.site.edition import Edition, StoryLink

WINDOW = 40
"""The most articles one tag offers as candidates: the nearest in its date order, half
newer and half older (fewer on one side at its ends). A tag of at most this many articles
offers them all, so small sites are scored over every article that shares a tag."""


@dataclass(frozen=True)
class Around:
    """What an article page links besides the article: its neighbours and related stories."""

    earlier: StoryLink | None
    """The story published just before it, in its section (or the site)."""
    later: StoryLink | None
    """The story published just after it."""
    related: tuple[StoryLink, ...]
    """Up to `related:` (site.yaml, 4 by default) stories that share its rarest tags, best
    first."""


def link(article: Article) -> StoryLink:
    return StoryLink(article.title, article.url)


def around(
    edition: Edition,
    *,
    limit: int | None = None,
    window: int = WINDOW,
    related: Sequence[tuple[int, ...]] | None = None,
) -> list[Around]:
    """For each of `edition.articles`, in their order: its neighbours and related stories.

    `related` are the indices `related_stories` gives, when the caller has them (a build
    whose stories all kept their place reads them from the edition index)."""
    articles = edition.articles
    links = [link(a) for a in articles]
    earlier, later = _neighbours(articles)
    if related is None:
        related = _related(edition, edition.config.related if limit is None else limit, window)
    return [
        Around(
            links[e] if e is not None else None,
            links[n] if n is not None else None,
            tuple(links[r] for r in rel),
        )
        for e, n, rel in zip(earlier, later, related, strict=True)
    ]


def related_stories(edition: Edition) -> list[tuple[int, ...]]:
    """For each of `edition.articles`: the indices of its related stories, best first. They
    depend only on where the stories are (their order, tags and dates)."""
    return _related(edition, edition.config.related, WINDOW)


def _neighbours(articles: Sequence[Article]) -> tuple[list[int | None], list[int | None]]:
    """Indices of the article before and after each one in its section, or in the whole
    site for an article without a section (`articles` is newest first)."""
    by_section: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        if a.section is not None:
            by_section.setdefault(a.section.slug, []).append(i)
    earlier: list[int | None] = [None] * len(articles)
    later: list[int | None] = [None] * len(articles)
    for i, a in enumerate(articles):
        if a.section is None:
            earlier[i] = i + 1 if i + 1 < len(articles) else None
            later[i] = i - 1 if i > 0 else None
    for members in by_section.values():
        for j, i in enumerate(members):
            earlier[i] = members[j + 1] if j + 1 < len(members) else None
            later[i] = members[j - 1] if j > 0 else None
    return earlier, later


def tag_weights(edition: Edition) -> dict[str, float]:
    """Each tag's weight by its key: log(N / df), N the articles published, df those that
    carry the tag. A tag on every article weighs nothing; the rarer, the more."""
    n = len(edition.articles)
    return {key: math.log(n / tag.count) for key, tag in edition.tag_by_key.items()}


def _related(edition: Edition, limit: int, window: int) -> list[tuple[int, ...]]:
    """Indices of each article's related stories, best first.

    The candidates are the articles each of its tags offers (its `window` nearest in that
    tag's date order); each is scored by the weights of every tag it shares with the
    article, summed and rounded so that equal sums tie; ties go to the newer story, then
    to the smaller URL, which is the order of `edition.articles`: the smaller index.

    A candidate that shares two tags or more is in the window of one and the whole set of
    another, which set intersections find (in C, bounded by the window); the others share
    one tag and score its weight, so the best of them are the first of its window."""
    articles = edition.articles
    if limit == 0:  # `related: 0`: none shown, none looked for
        return [()] * len(articles)
    index = {id(a): i for i, a in enumerate(articles)}
    members = {key: [index[id(a)] for a in t.articles] for key, t in edition.tag_by_key.items()}
    sets = {key: frozenset(group) for key, group in members.items()}
    weights = tag_weights(edition)
    keys = [tuple(r.key for r in a.tags) for a in articles]
    half = window // 2
    single = {k: -round(w, 9) for k, w in weights.items()}
    found: list[tuple[int, ...]] = []
    for i, own in enumerate(keys):
        mine = {k: weights[k] for k in own if weights.get(k, 0.0) > 0.0}
        if not mine:
            found.append(())
            continue
        windows = []
        for k in mine:
            group = members[k]
            if len(group) > window:
                start = min(max(0, bisect_left(group, i) - half), len(group) - window)
                group = group[start : start + window]
            windows.append((k, group))
        shared: set[int] = set()
        if len(windows) > 1:
            for k, near in windows:
                offered = set(near)
                for other in mine:
                    if other != k:
                        shared |= offered & sets[other]
            shared.discard(i)
        scored = [(-round(sum(mine.get(k, 0.0) for k in keys[c]), 9), c) for c in shared]
        for k, near in windows:
            # its best singles are its first: equal scores, newest first
            score = single[k]
            ahead = near[: limit + len(shared) + 1]
            scored += [(score, c) for c in ahead if c != i and c not in shared][:limit]
        scored.sort()
        found.append(tuple(c for _, c in scored[:limit]))
    return found
