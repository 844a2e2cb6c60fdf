"""The build: every stage in order, from site folder to written output.

`build()` prints nothing and returns a `BuildReport`, so the CLI, the preview server and the
tests all drive the same code and read the result as data.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from brief.articles import Article, parse_article
from brief.config import SiteConfig
from brief.edition import Edition, make_edition
from brief.errors import BriefError, Problem, display_path
from brief.feeds import feeds, robots, sitemap
from brief.pages import Page, find_collisions, plan_pages
from brief.sources import find_sources, inside, is_ignored, read_source
from brief.templates import check_templates, layout_dirs, make_environment, render_page
from brief.writer import OutputFile, write_site


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    output: Path | None = None
    """Where to write; defaults to the config's `output` folder."""
    now: dt.datetime | None = None
    """The moment that decides what is "future"; the real clock by default."""


@dataclass(frozen=True)
class BuildReport:
    output: Path
    pages: tuple[str, ...]
    """Output path of every file written."""
    articles: int
    tags: int
    seconds: float
    warnings: tuple[Problem, ...] = field(default_factory=tuple)


Progress = Callable[[int, int], None]


def check_output_dir(out: Path, config: SiteConfig) -> None:
    out = out.resolve()
    root = config.root.resolve()
    if out == Path(out.anchor) or out == root or root.is_relative_to(out):
        raise BriefError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    "the output folder may not be /, the site folder, or a folder that contains it; use e.g. public",
                )
            ]
        )


def load_articles(config: SiteConfig) -> tuple[list[Article], list[Problem]]:
    """Read and check every article; all problems of all files are returned together."""
    paths, problems = find_sources(config.content_dir, config.root)
    articles: list[Article] = []
    for path in paths:
        source = read_source(path, config.root)
        if isinstance(source, Problem):
            problems.append(source)
            continue
        article, found = parse_article(source, config)
        problems.extend(found)
        if article is not None:
            articles.append(article)
    return articles, problems


def static_files(config: SiteConfig) -> list[OutputFile]:
    """The theme's `static/` files, the site's own overriding the bundled ones."""
    chosen: dict[str, Path] = {}
    for layouts in reversed(layout_dirs(config)):
        static = layouts / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            rel = path.relative_to(static)
            if (
                path.is_file()
                and not any(is_ignored(p) for p in rel.parts)
                and inside(path, layouts)
            ):
                chosen[rel.as_posix()] = path
    return [OutputFile(rel, copy_from=path) for rel, path in sorted(chosen.items())]


def media_files(edition: Edition) -> list[tuple[OutputFile, str]]:
    seen: dict[str, tuple[OutputFile, str]] = {}
    for a in edition.articles:
        if a.image and a.image.file and a.image.src:
            rel = a.image.src.lstrip("/")
            seen.setdefault(rel, (OutputFile(rel, copy_from=a.image.file), a.source))
    return [seen[k] for k in sorted(seen)]


def render_all(
    edition: Edition, pages: list[Page], progress: Progress | None = None
) -> tuple[list[OutputFile], list[Problem]]:
    config = edition.config
    env = make_environment(config)
    problems = check_templates(env, sorted({p.template for p in pages}), config)
    if problems:
        return [], problems
    files: list[OutputFile] = []
    for i, page in enumerate(pages):
        try:
            files.append(OutputFile(page.output, render_page(env, page, config).encode("utf-8")))
        except BriefError as exc:
            for p in exc.problems:
                if p not in problems:
                    problems.append(p)
        if progress:
            progress(i + 1, len(pages))
    return files, problems


def build(
    config: SiteConfig, options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildReport:
    """Build the site; raise BriefError with every problem if anything is wrong."""
    options = options or BuildOptions()
    started = time.perf_counter()
    out = (options.output or config.output_dir).absolute()
    check_output_dir(out, config)

    articles, problems = load_articles(config)
    edition, found = make_edition(
        articles, config, drafts=options.drafts, future=options.future, now=options.now
    )
    problems += found
    _fail_on_errors(problems)

    pages = plan_pages(edition)
    media = media_files(edition)
    statics = static_files(config)
    extra = [
        *feeds(edition),
        ("sitemap.xml", sitemap(config, pages)),
        ("robots.txt", robots(config)),
    ]
    origins = (
        [(p.output, p.source or f"page {p.url}") for p in pages]
        + [(f.path, src) for f, src in media]
        + [
            (f.path, display_path(f.copy_from, config.root) if f.copy_from else f.path)
            for f in statics
        ]
        + [(path, f"generated {path}") for path, _ in extra]
    )
    problems += find_collisions(origins)
    _fail_on_errors(problems)

    rendered, found = render_all(edition, pages, progress)
    problems += found
    _fail_on_errors(problems)

    files = (
        statics
        + [f for f, _ in media]
        + rendered
        + [OutputFile(path, data) for path, data in extra]
    )
    write_site(out, files)
    return BuildReport(
        output=out,
        pages=tuple(f.path for f in files),
        articles=len(edition.articles),
        tags=len(edition.tags),
        seconds=time.perf_counter() - started,
        warnings=tuple(p for p in problems if p.severity != "error"),
    )


def _fail_on_errors(problems: list[Problem]) -> None:
    if any(p.severity == "error" for p in problems):
        raise BriefError(problems)
