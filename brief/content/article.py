"""The article model: what one source file becomes, checked and rendered.

Plain frozen data that every later stage (edition, pages, templates, feeds) reads; nothing
here knows how it was parsed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief.content import licenses
from brief.content.markdown import Rendered
from brief.images.plan import Picture

UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""The `date` of a standalone page that gives none; pages never show it."""
MEDIA_PREFIX = "/media/"
"""Site path under which local images of articles are published."""


@dataclass(frozen=True)
class Credit:
    """Who made a work, where it came from and under which terms (the TASL of Creative Commons)."""

    role: str
    """"image" for the article's images (the lead and the body's), "credit" for further
    sources."""
    title: str | None
    """What is credited: the caption or title of the work."""
    creator: str | None
    source: str | None
    source_url: str | None
    license: licenses.License | None
    """A licence from the registry, with its deed URL."""
    license_kind: str | None = None
    """For a free-form notice: "permission" or "all-rights-reserved"."""
    notice: str | None = None
    """A notice rendered exactly as written (e.g. "© Jane Doe, used with permission")."""


@dataclass(frozen=True)
class TagRef:
    """A tag as an article names it. `key` is what makes two spellings the same tag."""

    name: str
    key: str
    """`name` folded: "Ukraine", "ukraine" and "UKRAINE" share one key."""
    slug: str

    @property
    def url(self) -> str:
        return f"/tags/{self.slug}/"


@dataclass(frozen=True)
class SectionRef:
    """The desk an article belongs to (one of site.yaml's `sections:`)."""

    name: str
    slug: str

    @property
    def url(self) -> str:
        return f"/{self.slug}/"


@dataclass(frozen=True)
class AuthorRef:
    """A byline name and the author page it links to."""

    name: str
    slug: str
    known: bool = False
    """In site.yaml's `authors:` registry (with a bio, portrait, home page)."""

    @property
    def url(self) -> str:
        return f"/authors/{self.slug}/"


@dataclass(frozen=True)
class Image:
    src: str | None
    """Where pages find it: a site path for a local file (`/media/...`) or an absolute URL."""
    file: Path | None
    """The local file to copy into the output, if any."""
    alt: str
    caption: str | None
    credit: Credit
    picture: Picture | None = None
    """Its derived sizes and formats, for a local photo (not an SVG or a remote image)."""
    stat: tuple[int, int] | None = None
    """(mtime_ns, size) of `file` when it was read: once it differs, parse again."""


@dataclass(frozen=True)
class Figure:
    """An image of the body, one per file however often it is shown: where it is published
    and its credit from `figures:` (see `content.figures`)."""

    src: str
    """The path or URL as the body writes it (the key under `figures:`)."""
    file: Path | None
    """The local file to copy into the output; None for an http(s) URL."""
    url: str
    """Where pages find it: the site path of a local file (`/media/...`), else the URL."""
    credit: Credit | None = None
    """From `figures:`; listed with the article's credits."""
    size: tuple[int, int] | None = None
    """Width and height in pixels, when the file's header gives them."""
    stat: tuple[int, int] | None = None
    """(mtime_ns, size) of `file` when it was read: once it differs, parse again."""
    line: int = 0
    """Line of its key under `figures:`, 0 without one."""
    picture: Picture | None = None
    """Its derived sizes and formats, for a local photo (not an SVG or a remote image)."""


@dataclass(frozen=True)
class Change:
    """A dated note on an article after it was published: a correction of something it got
    wrong, or an update with news."""

    kind: str
    """"correction" or "update"."""
    date: dt.datetime
    """When it was made, timezone-aware (naive values are read in the site timezone)."""
    text: str
    """What was corrected or what changed, as plain text."""
    line: int = field(default=0, compare=False)
    """Line of its `date:` in the source file, for problems found later (not part of what
    it is: a correction moved down a line is the same correction, and re-plans nothing)."""
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Article:
    """One article, checked and rendered; the unit every later stage works with."""

    source: str
    """The source file as shown in messages (relative to the site folder)."""
    title: str
    date: dt.datetime
    """Publication time, timezone-aware (naive values are read in the site timezone)."""
    updated: dt.datetime | None
    summary: str
    authors: tuple[AuthorRef, ...]
    """Bylines in the order written; empty when the article names none."""
    tags: tuple[TagRef, ...]
    """Tags as written, without duplicates that fold to the same tag."""
    slug: str
    url: str
    """Site path of the article page, e.g. `/2022/02/28/putin-demands/`."""
    draft: bool
    image: Image | None
    credits: tuple[Credit, ...]
    body: Rendered
    """The rendered body, with its headings, links and images."""
    digest: str
    """Hash of the source file's bytes (and of the pixel sizes of its body's images, which
    their files give); with the config, it decides everything above."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Front-matter keys brief does not know, passed to templates untouched."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Line of each front-matter key, for problems found later (slug clashes ...)."""
    aliases: tuple[str, ...] = ()
    """Old site paths of the article, each written as a page that redirects to it."""
    section: SectionRef | None = None
    standalone: bool = False
    """A page (About, Contact...) from `content/pages/`: undated, on no listing or feed."""
    template: str | None = None
    """The layout that renders it, if not brief's choice (`article.html`, `page.html`)."""
    expires: dt.datetime | None = None
    """When it leaves every page, feed and sitemap (timezone-aware, after `date`), if ever."""
    figures: tuple[Figure, ...] = ()
    """The body's local images and those `figures:` credits, in the order first shown."""
    corrections: tuple[Change, ...] = ()
    """`corrections:`, oldest first: what the article got wrong, and when it was put right."""
    updates: tuple[Change, ...] = ()
    """`updates:`, oldest first: news added after publication."""
    words: int = 0
    """Words of the rendered body, counted once when it is parsed (`content.reading`); 0 in
    a language written without spaces, whose reading time is reckoned in characters."""
    minutes: int = 0
    """Its reading time in whole minutes in the site's language; 0 for an empty body."""

    @property
    def author(self) -> str | None:
        """The byline as one text ("Jane Doe, John Roe"), for feeds and metadata."""
        return ", ".join(a.name for a in self.authors) or None

    @property
    def modified(self) -> dt.datetime:
        """When it last changed: the latest of `date`, `updated`, its corrections and its
        updates (for `dateModified`, Atom's `<updated>` and the sitemap's `<lastmod>`)."""
        return max(
            (self.updated or self.date, *(c.date for c in (*self.corrections, *self.updates)))
        )

    @property
    def notes(self) -> tuple[Change, ...]:
        """Corrections and updates together, oldest first, as the article page shows them."""
        return tuple(sorted((*self.corrections, *self.updates), key=lambda c: c.date))

    @property
    def html(self) -> str:
        """The body's HTML, as templates and feeds show it."""
        return self.body.html

    @property
    def attributions(self) -> tuple[Credit, ...]:
        """Everything the attribution footer lists: the lead image first, then the body's
        images, then other credits."""
        # An image: block without src shows no image, so it credits none.
        lead = (self.image.credit,) if self.image and self.image.src else ()
        return lead + tuple(f.credit for f in self.figures if f.credit) + self.credits
