"""`brief import --from jekyll|hugo DIR`: another generator's posts as brief articles, for
people moving their archive.

Every post is read, mapped, converted and checked (as the build will read it, and against
every article already in content/) before anything is written; one error and nothing is.

Front-matter (first key present wins, except for tags and aliases, which take all):

| brief     | Jekyll                                  | Hugo                                  |
|-----------|-----------------------------------------|---------------------------------------|
| title     | title (else made from the file name)    | title (else made from the file name)  |
| date      | date, else the file name's YYYY-MM-DD-  | date, publishDate, pubdate, published, else the file name's date |
| updated   | last_modified_at, updated               | lastmod, modified, updated            |
| summary   | summary, excerpt, description           | summary, excerpt, description         |
| author    | author, authors (names joined: "A, B and C"; a mapping gives its name) | the same |
| tags      | folders above _posts, tags, categories, category, keywords | tags, categories, category, keywords |
| slug      | slug, else the file name without its date | slug, else the file (bundle) name without a date |
| draft     | draft: true, or published: false        | draft: true                           |
| image     | image, featured_image, cover            | image, featured_image, cover, images (the first) |
| aliases   | the old URL, then redirect_from, aliases | the old URL, then aliases            |

An image is an https URL, or a file of the old site, which is copied into content/ with
every body image and every linked media file the post uses (see `media`: where each goes,
and what is refused); an image's alt text is as given, else `""` with a warning. Any other
key is dropped and counted in the report.

The old URL (see `jekyll` and `hugo` for how each is made) becomes the first alias, unless
it is the new URL; so do the aliases the post lists. Links between posts (`{% link %}`,
`{% post_url %}`, `ref`, `relref`) become relative links to the new pages, which work
wherever the site is served. The article goes to `content/YYYY/YYYY-MM-DD-slug.md` (the
date as the new URL has it) and records `imported_from: jekyll:<path in the old site>`, so
a second import updates an untouched article, leaves an edited one alone without --force,
and changes nothing when nothing changed. The files are planned with the articles, after
every post is checked: one error anywhere, and no file is copied either.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zoneinfo
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.fields import alias_problem
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from brief.errors import Problem, Severity, has_errors
from brief.importer import hugo, jekyll
from brief.importer.bodies import BodyContext, Converted, drop_more
from brief.importer.clashes import Incoming, find_clashes
from brief.importer.compose import article_text, image_lines, raw_html
from brief.importer.copies import Copy, PlannedMedia, place, plan_copies
from brief.importer.dates import local, written
from brief.importer.matter import split_matter
from brief.importer.media import Need, Spot, find_media
from brief.importer.posts import Dialect, Fields, Post, PostFile, Tally, map_fields, warn
from brief.importer.write import (
    Action,
    Existing,
    existing_imports,
    is_unedited,
)
from brief.paths import display_path
from brief.slugs import slugify


class Generator(Protocol):
    """What the import needs of an old site (`jekyll.JekyllSite`, `hugo.HugoSite`)."""

    @property
    def files(self) -> tuple[PostFile, ...]:
        """Its posts, in a stable order."""

    @property
    def zone(self) -> zoneinfo.ZoneInfo | None:
        """Its timezone, in which times written without one were meant."""

    @property
    def dialect(self) -> Dialect:
        """Its mapping table."""

    def old_url(self, post: Post, fields: Fields) -> tuple[str | None, list[Problem]]:
        """The address the generator gave the post (None: cannot tell, with a warning)."""

    def aliases(self, post: Post, fields: Fields) -> tuple[str, ...]:
        """The other old addresses the post lists, as site paths."""

    def link_keys(self, file: PostFile) -> tuple[str, ...]:
        """The names links in other posts find this one by (see `BodyContext.link`)."""

    def convert(self, post: Post, ctx: BodyContext) -> Converted:
        """The post's body in brief's Markdown."""

    @property
    def root(self) -> Path:
        """The site's folder: no file outside it is read."""

    def media_spots(self, post: Post, path: str, lead: bool, old_url: str | None) -> list[Spot]:
        """Where the site kept a file the post names (see `media.OldSite`)."""

    def old_shown(self, path: Path) -> str:
        """A path in the site as named to the user."""


ReadSite = Callable[[Path, str], tuple[Generator | None, list[Problem]]]
GENERATORS: dict[str, ReadSite] = {"jekyll": jekyll.read_site, "hugo": hugo.read_site}
"""`--from` choices and the reader of each."""


@dataclass(frozen=True)
class ArchiveOptions:
    now: dt.datetime
    """In the site's timezone: what "dated in the future" means."""
    force: bool = False


@dataclass(frozen=True)
class PlannedPost:
    """One article file an import writes (or would, or leaves as it is)."""

    source: str
    """The post, as shown."""
    path: Path
    shown: str
    text: str
    action: Action
    url: str


@dataclass
class ArchivePlan:
    """Everything an import would do, and why it might not."""

    generator: str
    planned: list[PlannedPost] = field(default_factory=list)
    media: list[PlannedMedia] = field(default_factory=list)
    """The files the articles use, each once, in the order of their content/ paths."""
    problems: list[Problem] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    def warnings_by_kind(self) -> Counter[str]:
        """Warnings counted by code; brief's own reading of the article has none, and counts
        as `article`."""
        return Counter(p.code or "article" for p in self.problems if p.severity is Severity.WARNING)


@dataclass
class _Item:
    """A post on its way to an article (mutable only while it is planned)."""

    post: Post
    fields: Fields
    slug: str
    url: str
    path: Path
    aliases: list[str]
    key: str
    """What `imported_from:` records."""
    old_url: str | None = None
    text: str = ""
    needs: tuple[Need, ...] = ()
    """The files the article names (see `media`)."""
    copies: list[Copy] = field(default_factory=list)
    article: Article | None = None


def plan_archive(
    generator: str, folder: Path, shown: str, config: SiteConfig, options: ArchiveOptions
) -> ArchivePlan:
    """What importing the site in `folder` would write, and every problem; writes nothing."""
    site, problems = GENERATORS[generator](folder, shown)
    plan = ArchivePlan(site.dialect.name if site else generator.capitalize(), problems=problems)
    if site is None or has_errors(problems):
        return plan
    items: list[_Item] = []
    for file in site.files:
        post = _read(file, site.dialect, plan.problems)
        if post is None:
            continue
        fields = map_fields(post, site.dialect, site.zone)
        plan.problems += fields.problems
        plan.tally.add(fields)
        if has_errors(fields.problems):
            continue
        item = _place(post, fields, site, generator, config, plan.problems)
        if item is not None:
            items.append(item)
    links = _link_index(items, site)
    for item in items:
        _convert(item, site, links, config, options, plan)
    existing = existing_imports(config)
    for item in items:
        one = _decide(item, existing.get(item.key, []), config, options, plan.problems)
        if one is not None:
            plan.planned.append(one)
    if not has_errors(plan.problems):
        plan.media, found = plan_copies([c for i in items for c in i.copies], config)
        plan.problems += found
    if not has_errors(plan.problems):
        incoming = [
            Incoming(i.post.shown, i.path, i.article, i.fields.lines.get("tags"))
            for i in items
            if i.article is not None
        ]
        plan.problems += find_clashes(incoming, config)
    return plan


def _read(file: PostFile, dialect: Dialect, problems: list[Problem]) -> Post | None:
    source = read_source(file.path, file.path.parent)
    if isinstance(source, Problem):
        problems.append(Problem(file.shown, source.line, source.column, source.message))
        return None
    matter = split_matter(source.text, file.shown, dialect.kinds)
    if isinstance(matter, list):
        problems += matter
        return None
    return Post(file, matter)


def _undated(name: str) -> str:
    """A file name without the `YYYY-MM-DD-` it may start with: brief's URL holds the date."""
    head = name[:11]
    if len(head) == 11 and head[4] == head[7] == head[10] == "-" and head[:4].isdigit():
        return name[11:] or name
    return name


def _place(
    post: Post,
    fields: Fields,
    site: Generator,
    generator: str,
    config: SiteConfig,
    problems: list[Problem],
) -> _Item | None:
    """The new slug, URL, file and aliases of a post."""
    assert fields.date is not None and fields.title is not None
    slug = slugify(fields.slug or _undated(post.file.name)) or slugify(fields.title)
    if not slug:
        problems.append(
            Problem(
                post.shown,
                fields.lines.get("title", 1),
                None,
                "cannot make a URL slug from the file name or the title: add slug: with a "
                "short name",
            )
        )
        return None
    when = local(fields.date, config.tz)
    url = config.permalink.format(
        year=f"{when.year:04d}", month=f"{when.month:02d}", day=f"{when.day:02d}", slug=slug
    )
    path = config.content_dir / f"{when.year:04d}" / f"{when.date().isoformat()}-{slug}.md"
    old, found = site.old_url(post, fields)
    problems += found
    aliases: list[str] = []
    for alias in ([old] if old else []) + list(site.aliases(post, fields)):
        reason = alias_problem(alias)
        if reason:
            problems.append(
                warn(
                    post.shown,
                    fields.lines.get("aliases"),
                    f"old URL '{alias}' cannot be kept as an alias ({reason}); left out",
                    "alias",
                )
            )
        elif alias != url and alias not in aliases:
            aliases.append(alias)
    return _Item(post, fields, slug, url, path, aliases, f"{generator}:{post.file.rel}", old)


def _link_index(items: Sequence[_Item], site: Generator) -> dict[str, _Item | None]:
    """Link key -> the post it names; None for a key two posts share."""
    index: dict[str, _Item | None] = {}
    for item in items:
        for key in site.link_keys(item.post.file):
            index[key] = item if index.get(key, item) is item else None
    return index


def relative_link(target: str, page: str) -> str:
    """The link from the page at site path `page` to site path `target`."""
    folder = page if page.endswith("/") else posixpath.dirname(page) + "/"
    rel = posixpath.relpath(target, folder)
    if target.endswith("/") and rel != ".":
        rel += "/"
    return "./" if rel == "." else rel


def _convert(
    item: _Item,
    site: Generator,
    links: dict[str, _Item | None],
    config: SiteConfig,
    options: ArchiveOptions,
    plan: ArchivePlan,
) -> None:
    """Convert the body and write the article's text into `item`."""
    post, fields = item.post, item.fields

    def link(key: str) -> str | None:
        target = links.get(key)
        return relative_link(target.url, item.url) if target is not None else None

    ctx = BodyContext(post.shown, post.matter.body_offset, link)
    converted = site.convert(post, ctx)
    plan.problems += converted.problems
    plan.tally.converted.update(converted.converted)
    body, more = drop_more(converted.text)
    if more:
        plan.tally.converted["<!--more--> removed"] += more
    if not config.markdown.html:
        plan.problems += raw_html(body, post)
    assert fields.date is not None and fields.title is not None
    if local(fields.date, config.tz) > options.now:
        plan.problems.append(
            warn(
                post.shown,
                fields.lines.get("date"),
                f"dated {written(fields.date)}, after today: brief build leaves it out until "
                "then (or with --future)",
                "future",
            )
        )
    line = fields.lines.get("image")
    media = find_media(
        post, body, fields.image, line, site, item.old_url, item.path.stem, config.markdown
    )
    plan.problems += media.problems
    item.needs = media.needs
    image = image_lines(media.image, post.shown, line, plan.problems)
    item.text = article_text(fields, item.slug, image, item.aliases, item.key, media.body)


def _decide(
    item: _Item,
    matches: list[Existing],
    config: SiteConfig,
    options: ArchiveOptions,
    problems: list[Problem],
) -> PlannedPost | None:
    """Where the article goes and what happens to the file there; checked as built."""
    post = item.post
    if len(matches) > 1:
        names = " and ".join(m.shown for m in matches)
        problems.append(
            Problem(post.shown, None, None, f"was imported more than once, as {names}; keep one")
        )
        return None
    existing = matches[0] if matches else None
    if existing is not None:
        item.path = existing.path
    elif item.path.exists() or item.path.is_symlink():
        problems.append(
            Problem(
                post.shown,
                None,
                None,
                f"would be written to {display_path(item.path, config.root)}, which holds "
                f"another article (not imported from {item.key}); move that file, or give the "
                "post another slug:",
            )
        )
        return None
    shown = display_path(item.path, config.root)
    # its files are not copied yet: `media.place` checks that each will be there
    article, checked = parse_article(Source(item.path, shown, item.text), config, media=False)
    problems += checked
    if article is None:
        return None
    item.copies, missing = place(item.needs, item.path, config)
    problems += missing
    item.article = article
    item.url = article.url
    if existing is None:
        action = Action.WRITE
    elif item.text == existing.text:
        action = Action.UNCHANGED
    elif is_unedited(existing.text):
        action = Action.UPDATE
    elif options.force:
        action = Action.REPLACE
    else:
        problems.append(
            Problem(
                existing.shown,
                None,
                None,
                f"edited since it was imported from {post.shown}; brief import does not "
                "overwrite edits: pass --force to replace it with a fresh import",
            )
        )
        return None
    return PlannedPost(post.shown, item.path, shown, item.text, action, article.url)
