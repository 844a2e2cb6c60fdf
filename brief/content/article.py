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

MEDIA_PREFIX = "/media/"
"""Site path under which local images of articles are published."""


@dataclass(frozen=True)
class Credit:
    """Who made a work, where it came from and under which terms (the TASL of Creative Commons)."""

    role: str
    """"image" for the article's image, "credit" for further sources."""
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
class Image:
    src: str | None
    """Where pages find it: a site path for a local file (`/media/...`) or an absolute URL."""
    file: Path | None
    """The local file to copy into the output, if any."""
    alt: str
    caption: str | None
    credit: Credit


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
    author: str | None
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
    """Hash of the source file's bytes; with the config, it decides everything above."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Front-matter keys brief does not know, passed to templates untouched."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Line of each front-matter key, for problems found later (slug clashes ...)."""
    aliases: tuple[str, ...] = ()
    """Old site paths of the article, each written as a page that redirects to it."""

    @property
    def html(self) -> str:
        """The body's HTML, as templates and feeds show it."""
        return self.body.html

    @property
    def attributions(self) -> tuple[Credit, ...]:
        """Everything the attribution footer lists: the image first, then other credits."""
        return ((self.image.credit,) if self.image else ()) + self.credits
