"""`gather()`: read, check and plan the whole site, writing nothing.

Everything a build knows before it renders a page comes from here: the articles (parsed, or
taken from the cache when their files are unchanged), the editorial checks, the edition, the
page plan, every file of the site with its fingerprint, and every problem found on the way.
`brief build` renders and writes what it returns; a check of the site needs nothing more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from brief.build.cache import CachedArticle, EditionIndex, cache_key
from brief.build.fingerprints import fingerprint, fingerprinter
from brief.build.inputs import Inputs, scan
from brief.build.memo import Memo
from brief.build.options import BuildOptions
from brief.build.outputs import PlannedFile, apart, plan_files
from brief.build.parallel import default_jobs, run_indexed
from brief.build.quick import RACY_NS
from brief.build.replan import from_index, replan
from brief.checks import run_checks
from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.figures import current
from brief.content.parse import parse_article
from brief.content.sources import SourceFile, digest_of, read_source
from brief.errors import Problem, has_errors
from brief.i18n import catalogue
from brief.images.plan import Picture
from brief.paths import stat
from brief.render.assets import Assets, fingerprint_assets
from brief.render.templates import TemplateKeys, TemplateParse, template_keys
from brief.render.theme import static_files
from brief.site import routes
from brief.site.edition import Edition, make_edition
from brief.site.nav import make_nav
from brief.site.pages import Page, find_collisions, plan_pages
from brief.site.related import related_stories


@dataclass(frozen=True)
class Gathered:
    """The whole site, read, checked and planned, and what went wrong."""

    config: SiteConfig
    key: str
    """The cache key: what every article and page depends on besides its own input."""
    inputs: Inputs
    articles: list[Article]
    """Every article read, in file order, before drafts and future ones are left out."""
    problems: list[Problem]
    entries: dict[str, CachedArticle]
    """The cache entry of every article file, for the next build."""
    parsed: int
    """How many article files were parsed (the rest came from the cache)."""
    templates: TemplateKeys | None = None
    edition: Edition | None = None
    """None when errors stopped the planning."""
    pages: list[Page] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    """Per page, in the order of `pages`."""
    files: list[PlannedFile] = field(default_factory=list)
    """Every file of the site, in a stable order."""
    basis: tuple[object, ...] = ()
    """What the plan depends on besides the articles (see `replan`)."""
    reused: bool = False
    """The last plan was patched rather than planned afresh."""
    related: tuple[tuple[int, ...], ...] | None = None
    """`site.related.related_stories` of the edition, when it was planned here (not
    patched), for the edition index."""
    index: EditionIndex | None = None
    """The edition index the fingerprints were read from, if they were."""
    assets: Assets = field(default_factory=Assets)
    """The theme's files that get content-hash names."""

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def _images_exist(article: Article) -> bool:
    """The article's local images are as it was parsed with: the lead image's file is there,
    and each body image's file unchanged (its size is in the page; a removed file is an
    error), so the cached article still stands. A photo's derived files are named by its
    bytes: a lead photo replaced, or only touched, is probed again."""
    image = article.image
    lead = image is None or image.file is None or stat(image.file) == image.stat
    return lead and all(current(f) for f in article.figures)


def _same_bytes(file: Path, picture: Picture | None) -> bool:
    """The photo `file` still has the bytes `picture` was planned from."""
    if picture is None or not picture.digest:
        return False  # an SVG (no picture): its stat is all there is
    try:
        data = file.read_bytes()
    except OSError:
        return False
    return digest_of(data) == picture.digest


def _restat(article: Article) -> Article | None:
    """The article with its images' stats as they are now, if every local image whose stat
    changed still has the bytes it was parsed with (a fresh clone gives every file a new
    mtime); None if one changed, and the article must be parsed again."""
    image = article.image
    if image is not None and image.file is not None and stat(image.file) != image.stat:
        if not _same_bytes(image.file, image.picture):
            return None
        image = dataclasses.replace(image, stat=stat(image.file))
    figures = []
    for f in article.figures:
        if not current(f):
            assert f.file is not None  # `current` holds for a figure without a file
            if not _same_bytes(f.file, f.picture):
                return None
            f = dataclasses.replace(f, stat=stat(f.file))
        figures.append(f)
    return dataclasses.replace(article, image=image, figures=tuple(figures))


SAME, RESTATTED, PARSED = 0, 1, 2
"""How `parse_file` came by an article: the cached one as it was, the cached one with its
images' stats brought up to date, or parsed afresh."""


def parse_file(
    listed: SourceFile, config: SiteConfig, cached: CachedArticle | None, now_ns: int
) -> tuple[CachedArticle, int]:
    """Read one article file; re-parse it only if its bytes (or its images' bytes) changed
    since the cache. The cached article itself is not handed back when it stands as it was
    (`SAME`: the caller has it), so a worker process does not send it back through a pipe."""
    source = read_source(Path(listed.path), config.root)
    if isinstance(source, Problem):
        return CachedArticle(listed.mtime_ns, listed.size, "", None, (source,), now_ns), PARSED
    article: Article | None = None
    if cached and cached.article is not None and cached.digest == source.digest:
        if _images_exist(cached.article):
            return CachedArticle(
                listed.mtime_ns, listed.size, source.digest, None, (), now_ns
            ), SAME
        article = _restat(cached.article)
    if article is not None and cached is not None:
        problems, how = cached.problems, RESTATTED
    else:
        article, found_problems = parse_article(source, config)
        problems, how = tuple(found_problems), PARSED
    entry = CachedArticle(listed.mtime_ns, listed.size, source.digest, article, problems, now_ns)
    return entry, how


def load_articles(
    config: SiteConfig, sources: list[SourceFile], cached: dict[str, CachedArticle], jobs: int
) -> tuple[list[Article], list[Problem], dict[str, CachedArticle], int]:
    """Every article, checked; all problems of all files together.

    Returns articles, problems, the new cache entries and how many files were parsed.
    A file whose size and mtime match the cache is not even read; one whose bytes match
    is read but not parsed, nor is one whose images only have new stats (a fresh clone).
    """
    entries: dict[str, CachedArticle] = {}
    todo: list[tuple[SourceFile, CachedArticle | None]] = []
    now_ns = time.time_ns()
    for f in sources:
        entry = cached.get(f.path)
        if (
            entry is not None
            and entry.article is not None
            and entry.mtime_ns == f.mtime_ns
            and entry.size == f.size
            and entry.mtime_ns < entry.checked_ns - RACY_NS
            and _images_exist(entry.article)
        ):
            entries[f.path] = entry
        else:
            todo.append((f, entry))
    results = run_indexed(
        lambda i: parse_file(todo[i][0], config, todo[i][1], now_ns), len(todo), jobs
    )
    parsed = 0
    for (f, old), (entry, how) in zip(todo, results, strict=True):
        if how == SAME:
            assert old is not None
            entry = dataclasses.replace(entry, article=old.article, problems=old.problems)
        entries[f.path] = entry
        parsed += how == PARSED
    articles: list[Article] = []
    problems: list[Problem] = []
    for f in sources:
        entry = entries[f.path]
        problems.extend(entry.problems)
        if entry.article is not None:
            articles.append(entry.article)
    return articles, problems, entries, parsed


def theme_files(config: SiteConfig, inputs: Inputs) -> tuple[dict[str, Path], Assets]:
    """The theme's static files by output path, and those of them that get hashed names."""
    statics = static_files(inputs.layouts)
    if not config.search.enabled:  # the search page's script, without a search page
        statics.pop(routes.SEARCH_SCRIPT.lstrip("/"), None)
    return statics, fingerprint_assets(statics, config.host.fingerprint)


def gather(
    config: SiteConfig,
    options: BuildOptions | None = None,
    *,
    inputs: Inputs | None = None,
    cached: dict[str, CachedArticle] | None = None,
    memo: Memo | None = None,
    index: EditionIndex | None = None,
    parses: Mapping[str, TemplateParse] | None = None,
    recorded: Collection[str] | None = None,
) -> Gathered:
    """Read, check and plan the site; write nothing, raise nothing for the user's mistakes.

    `cached` are the article cache entries of the last build, `memo` what this process kept
    from its last build, `index` the edition index the last build of this output left,
    `parses` the templates' (all optional: without them every file is parsed and every
    page fingerprinted), `recorded` the paths the last build wrote there (a plan of no
    other paths needs no collision check: see `outputs.apart`).
    """
    options = options or BuildOptions()
    memo = memo or Memo()
    inputs = inputs or scan(config)
    key = cache_key(config)
    now = options.now or dt.datetime.now(config.tz)
    jobs = options.jobs or default_jobs()

    articles, problems, entries, parsed = load_articles(config, inputs.sources, cached or {}, jobs)
    problems = inputs.problems + problems + run_checks(articles, config)
    problems += catalogue(config).problems  # the site's strings: broken or unusable ones

    templates = template_keys(inputs.layouts, parses)
    statics, assets = theme_files(config, inputs)
    nav, more = make_nav(articles, config, now, drafts=options.drafts, future=options.future)
    problems += more
    # Every page shows the menus and links the hashed names: both are in every fingerprint.
    chrome = fingerprint(assets.digest, nav)
    fingerprint_of = fingerprinter(key + chrome, templates, memo.article_fingerprints)
    basis = (key, options.drafts, options.future, templates.everything, chrome)
    reused = replan(memo.plan, basis, articles, now, fingerprint_of) if options.cache else None
    related: tuple[tuple[int, ...], ...] | None = None
    read: EditionIndex | None = None
    if reused is not None:
        if has_errors(problems):
            return Gathered(config, key, inputs, articles, problems, entries, parsed)
        edition, pages, fingerprints = reused
    else:
        edition, more = make_edition(
            articles, config, drafts=options.drafts, future=options.future, now=now, nav=nav
        )
        problems += more
        if has_errors(problems):
            return Gathered(config, key, inputs, articles, problems, entries, parsed)
        # Stories that all kept their place have the related stories and, but on the pages
        # that show or link an edited one, the fingerprints the last build gave them.
        known = None
        if index is not None and options.cache:
            known = from_index(index, basis, articles, edition, now, fingerprint_of)
        if index is not None and known is not None:
            pages, fingerprints = known
            related, read = index.related, index
        else:
            related = tuple(related_stories(edition))
            pages = plan_pages(edition, related)
            fingerprints = [fingerprint_of(p) for p in pages]
    files, more = plan_files(edition, pages, fingerprints, key, statics, assets)
    problems += more
    if recorded is None or not apart(files, recorded):
        problems += find_collisions((f.path, f.origin) for f in files)
    return Gathered(
        config,
        key,
        inputs,
        articles,
        problems,
        entries,
        parsed,
        templates=templates,
        edition=edition,
        pages=pages,
        fingerprints=fingerprints,
        files=files,
        basis=basis,
        reused=reused is not None,
        related=related,
        index=read,
        assets=assets,
    )
