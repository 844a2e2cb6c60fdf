"""The build: every stage in order, from site folder to written output.

`build()` prints nothing and returns a `BuildReport`, so the CLI, the preview server and the
tests all drive the same code and read the result as data.

It is incremental through the cache in `.brief/` (see cache.py). If no input file changed
(by size and mtime), nothing is loaded or written. Otherwise unchanged article files are not
re-parsed, and only outputs whose fingerprint changed are rendered and written (see
writer.py for how that stays atomic). Parsing and rendering run in forked worker processes
when there is enough of either.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from brief.build.cache import (
    RACY_NS,
    STATE_FILE,
    BuildState,
    CachedArticle,
    OutputState,
    cache_key,
    fingerprint,
    load_articles_cache,
    load_state,
    save,
    save_articles_cache,
)
from brief.build.parallel import default_jobs, run_indexed
from brief.build.replan import Plan, make_plan, replan
from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.parse import parse_article
from brief.content.sources import Found, find_sources, read_source
from brief.errors import BriefError, Problem, Severity, has_errors
from brief.output.writer import Patch, Stage, recover
from brief.paths import display_path, inside
from brief.render.feeds import generated
from brief.render.templates import (
    LayoutFile,
    TemplateKeys,
    check_templates,
    layout_files,
    make_environment,
    render_page,
    template_keys,
)
from brief.site.edition import Edition, make_edition
from brief.site.pages import Page, find_collisions, page_fingerprint, plan_pages


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    output: Path | None = None
    """Where to write; defaults to the config's `output` folder."""
    now: dt.datetime | None = None
    """The moment that decides what is "future"; the real clock by default."""
    jobs: int = 0
    """Worker processes; 0 means one per available core, 1 means none."""
    cache: bool = True
    """Use and update `.brief/`; off, every build is a cold build."""
    slot: str | None = None
    """Under which name the cache remembers this output folder's files (default: its
    path). The preview server uses one name for all its temporary folders, so its sessions
    do not push `public/` out of the cache."""
    freeze: bool = True
    """Keep the parsed articles out of Python's full garbage collections from then on (they
    cost 0.15 s at 10,000 articles). Right for a one-shot `brief build`; a process that builds
    again and again turns it off, since cyclic garbage of one build that was frozen by the
    next would never be freed."""


@dataclass(frozen=True)
class BuildReport:
    output: Path
    pages: tuple[str, ...]
    """Output path of every file of the site."""
    articles: int
    tags: int
    seconds: float
    warnings: tuple[Problem, ...] = field(default_factory=tuple)
    written: tuple[str, ...] = field(default_factory=tuple)
    """Output paths (re)written by this build; unchanged files are not touched."""
    removed: tuple[str, ...] = field(default_factory=tuple)
    """Output paths of the previous build that this one no longer has."""
    parsed: int = 0
    """Article files parsed (the rest came from the cache)."""
    rendered: int = 0
    """Pages rendered through templates (the rest were unchanged)."""


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Output:
    """One file of the site, and the fingerprint of everything its bytes depend on."""

    path: str
    fingerprint: str
    origin: str
    """What makes it, for collision messages."""
    page: Page | None = None
    make: Callable[[], bytes] | None = None
    copy_from: Path | None = None


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
                    "the output folder may not be /, the site folder, or a folder that "
                    "contains it; use e.g. public",
                )
            ]
        )


# --- reading ---------------------------------------------------------------------------


def _images_exist(article: Article) -> bool:
    return article.image is None or article.image.file is None or article.image.file.is_file()


def _parse_file(
    found: Found, config: SiteConfig, cached: CachedArticle | None, now_ns: int
) -> CachedArticle:
    """Read one article file; re-parse it only if its bytes changed since the cache."""
    source = read_source(Path(found.path), config.root)
    if isinstance(source, Problem):
        return CachedArticle(found.mtime_ns, found.size, "", None, (source,), now_ns)
    article: Article | None
    if (
        cached
        and cached.article is not None
        and cached.digest == source.digest
        and _images_exist(cached.article)
    ):
        article, problems = cached.article, cached.problems
    else:
        article, found_problems = parse_article(source, config)
        problems = tuple(found_problems)
    return CachedArticle(found.mtime_ns, found.size, source.digest, article, problems, now_ns)


def load_articles(
    config: SiteConfig, found: list[Found], cached: dict[str, CachedArticle], jobs: int = 1
) -> tuple[list[Article], list[Problem], dict[str, CachedArticle], int]:
    """Every article, checked; all problems of all files together.

    Returns articles, problems, the new cache entries and how many files were parsed.
    A file whose size and mtime match the cache is not even read; one whose bytes match
    is read but not parsed.
    """
    entries: dict[str, CachedArticle] = {}
    todo: list[tuple[Found, CachedArticle | None]] = []
    now_ns = time.time_ns()
    for f in found:
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
        lambda i: _parse_file(todo[i][0], config, todo[i][1], now_ns), len(todo), jobs
    )
    parsed = 0
    for (f, old), entry in zip(todo, results, strict=True):
        entries[f.path] = entry
        parsed += old is None or entry.article is not old.article
    articles: list[Article] = []
    problems: list[Problem] = []
    for f in found:
        entry = entries[f.path]
        problems.extend(entry.problems)
        if entry.article is not None:
            articles.append(entry.article)
    return articles, problems, entries, parsed


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def layout_inputs(files: list[LayoutFile]) -> list[tuple[str, tuple[int, int] | None]]:
    """Every layout file (templates and static) with its stat."""
    return [(str(f.path), _stat(str(f.path))) for f in files]


def static_files(files: list[LayoutFile]) -> dict[str, Path]:
    """The theme's `static/` files, the site's own overriding the bundled ones; a symlink
    that leads out of its layout folder is not copied."""
    chosen: dict[str, Path] = {}
    for f in reversed(files):  # the site's folder comes first, so it wins
        if f.static and f.path.is_file() and inside(f.path, f.folder):
            chosen[f.rel.removeprefix("static/")] = f.path
    return dict(sorted(chosen.items()))


# --- planning ----------------------------------------------------------------------------


def _file_fingerprint(path: Path) -> str:
    return fingerprint("file", str(path), _stat(str(path)))


def fingerprinter(key: str, tkeys: TemplateKeys) -> Callable[[Page], str]:
    """A page's fingerprint function. It covers the page's template and the templates that
    one extends, includes or imports, so a layout change re-renders exactly the pages that
    use it."""
    salts = {name: f"{key}|{digest}" for name, digest in tkeys.by_template.items()}
    fallback = f"{key}|{tkeys.everything}"
    return lambda page: page_fingerprint(page, salts.get(page.template, fallback))


def plan_outputs(
    edition: Edition,
    pages: list[Page],
    fingerprints: list[str],
    key: str,
    statics: dict[str, Path],
) -> list[Output]:
    """Every file of the site with its fingerprint, in a stable order."""
    config = edition.config
    outputs: list[Output] = [
        Output(p.output, fp, p.source or f"page {p.url}", page=p)
        for p, fp in zip(pages, fingerprints, strict=True)
    ]
    for rel, path in statics.items():
        outputs.append(
            Output(rel, _file_fingerprint(path), display_path(path, config.root), copy_from=path)
        )
    media: dict[str, Output] = {}
    for a in edition.articles:
        if a.image and a.image.file and a.image.src:
            rel = a.image.src.lstrip("/")
            if rel not in media:
                media[rel] = Output(
                    rel, _file_fingerprint(a.image.file), a.source, copy_from=a.image.file
                )
    outputs.extend(media[k] for k in sorted(media))
    for g in generated(edition, pages):
        outputs.append(
            Output(g.path, fingerprint(key, g.signature), f"generated {g.path}", make=g.make)
        )
    return outputs


def _intact(out: Path, records: dict[str, tuple[str, int, int]]) -> set[str]:
    """Outputs whose file is still exactly as the last build left it (by size and mtime)."""
    same = set()
    base = str(out) + os.sep
    for rel, (_, size, mtime_ns) in records.items():
        if _stat(base + rel) == (mtime_ns, size):
            same.add(rel)
    return same


def _inputs(
    key: str,
    options: BuildOptions,
    found: list[Found],
    layouts: list[tuple[str, tuple[int, int] | None]],
    media: tuple[str, ...],
) -> str:
    """Fingerprint of everything a build reads: if it is unchanged, so is the site."""
    return fingerprint(
        key,
        options.drafts,
        options.future,
        tuple((f.path, f.mtime_ns, f.size) for f in found),
        tuple(layouts),
        tuple((m, _stat(m)) for m in media),
    )


# --- writing -----------------------------------------------------------------------------


def _render_into(
    stage: Stage | Patch,
    pages: list[Page],
    config: SiteConfig,
    env: jinja2.Environment,
    jobs: int,
    progress: Progress | None,
) -> list[Problem]:
    def task(i: int) -> list[Problem]:
        page = pages[i]
        try:
            stage.write(page.output, render_page(env, page, config).encode("utf-8"))
        except BriefError as exc:
            return list(exc.problems)
        return []

    problems: list[Problem] = []
    for found in run_indexed(task, len(pages), jobs, progress):
        problems.extend(p for p in found if p not in problems)
    return problems


def _write(
    out: Path,
    outputs: list[Output],
    changed: list[Output],
    removed: list[str],
    previous: OutputState | None,
    config: SiteConfig,
    env: jinja2.Environment,
    jobs: int,
    progress: Progress | None,
) -> int:
    """Render and write what changed, atomically; returns how many pages were rendered."""
    pages = [o.page for o in changed if o.page is not None]
    problems = check_templates(env, sorted({p.template for p in pages}), config)
    _fail_on_errors(problems)
    small = previous is not None and len(changed) + len(removed) <= max(64, len(outputs) // 10)
    writer: Stage | Patch = Patch(out) if small else Stage(out)
    try:
        _fail_on_errors(_render_into(writer, pages, config, env, jobs, progress))
        for o in changed:
            if o.copy_from is not None:
                writer.copy(o.path, o.copy_from)
            elif o.make is not None:
                writer.write(o.path, o.make())
        if isinstance(writer, Patch):
            writer.apply([o.path for o in changed], removed)
        else:
            changed_paths = {o.path for o in changed}
            for o in outputs:
                if o.path not in changed_paths:
                    writer.keep(o.path)
            writer.commit(old_files=len(previous.records) if previous else 0)
    except BaseException:
        writer.abort()
        raise
    return len(pages)


# --- the build ---------------------------------------------------------------------------

_plans: dict[str, Plan] = {}
"""The last successful plan per site folder, for the next build in this process."""


def build(
    config: SiteConfig, options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildReport:
    """Build the site; raise BriefError with every problem if anything is wrong."""
    options = options or BuildOptions()
    started = time.perf_counter()
    out = (options.output or config.output_dir).absolute()
    check_output_dir(out, config)
    recover(out)  # first undo what a build killed mid-write left behind
    jobs = options.jobs or default_jobs()
    key = cache_key(config)
    now = options.now or dt.datetime.now(config.tz)
    state = load_state(config, key) if options.cache else BuildState(key)
    slot = options.slot or str(out)
    previous = state.outputs.get(slot) if out.is_dir() else None
    _check_replaceable(out, known=slot in state.outputs)

    scanned_ns = time.time_ns()
    found, scan_problems = find_sources(config.content_dir, config.root)
    files = layout_files(config)
    layouts = layout_inputs(files)
    if (
        previous is not None
        and not _due(previous, now)
        and previous.newest_ns < previous.scanned_ns - RACY_NS
    ):
        inputs = _inputs(key, options, found, layouts, previous.media)
        if inputs == previous.inputs and len(_intact(out, previous.records)) == len(
            previous.records
        ):
            return BuildReport(
                output=out,
                pages=tuple(previous.records),
                articles=previous.articles,
                tags=previous.tags,
                seconds=time.perf_counter() - started,
                warnings=previous.warnings,
            )

    cached = load_articles_cache(config, key) if options.cache else {}
    articles, problems, entries, parsed = load_articles(config, found, cached, jobs)
    if options.freeze:
        # Articles live as long as the process: keep them out of the collector's full
        # passes, which otherwise cost 0.15 s at 10,000 articles whenever one falls due.
        gc.freeze()
    problems = scan_problems + problems
    if options.cache:
        _warn(problems, save_articles_cache(config, key, cached, entries))
    tkeys = template_keys(files)
    fingerprint_of = fingerprinter(key, tkeys)
    basis = (key, options.drafts, options.future, tkeys.everything)
    reused = (
        replan(_plans.get(str(config.root)), basis, articles, now, fingerprint_of)
        if options.cache
        else None
    )
    if reused is not None:
        _fail_on_errors(problems)
        edition, pages, fingerprints = reused
    else:
        edition, more = make_edition(
            articles, config, drafts=options.drafts, future=options.future, now=now
        )
        problems += more
        _fail_on_errors(problems)
        pages = plan_pages(edition)
        fingerprints = [fingerprint_of(p) for p in pages]
    outputs = plan_outputs(edition, pages, fingerprints, key, static_files(files))
    problems += find_collisions((o.path, o.origin) for o in outputs)
    _fail_on_errors(problems)

    records = previous.records if previous else {}
    intact = _intact(out, records)
    changed = [o for o in outputs if o.path not in intact or records[o.path][0] != o.fingerprint]
    removed = sorted(set(records) - {o.path for o in outputs})
    rendered = 0
    if changed or removed or not out.is_dir():
        env = make_environment(config, tkeys.everything)
        rendered = _write(
            out,
            outputs,
            changed,
            removed,
            previous if intact else None,
            config,
            env,
            jobs,
            progress,
        )

    warnings = tuple(p for p in problems if p.severity is not Severity.ERROR)
    if options.cache:
        due = _next_due(articles, options, now)
        media = tuple(
            sorted({str(a.image.file) for a in edition.articles if a.image and a.image.file})
        )
        fresh = {o.path for o in changed}
        new_records = {}
        base = str(out) + os.sep
        for o in outputs:
            if o.path in fresh:
                st = os.stat(base + o.path)
                new_records[o.path] = (o.fingerprint, st.st_size, st.st_mtime_ns)
            else:
                new_records[o.path] = records[o.path]
        state.remember(
            slot,
            OutputState(
                inputs=_inputs(key, options, found, layouts, media),
                newest_ns=_newest(found, layouts, media),
                scanned_ns=scanned_ns,
                next_due=due,
                records=new_records,
                media=media,
                articles=len(edition.articles),
                tags=len(edition.tags),
                warnings=warnings,
            ),
        )
        warning = save(config, STATE_FILE, state)
        if warning:
            warnings += (warning,)
        last = _plans.get(str(config.root))
        if reused is not None and last is not None:  # same pages in the same places
            _plans[str(config.root)] = replace(
                last,
                articles=tuple(articles),
                next_due=due,
                edition=edition,
                pages=pages,
                fingerprints=fingerprints,
            )
        else:
            _plans[str(config.root)] = make_plan(basis, articles, due, edition, pages, fingerprints)
    return BuildReport(
        output=out,
        pages=tuple(o.path for o in outputs),
        articles=len(edition.articles),
        tags=len(edition.tags),
        seconds=time.perf_counter() - started,
        warnings=warnings,
        written=tuple(o.path for o in changed),
        removed=tuple(removed),
        parsed=parsed,
        rendered=rendered,
    )


def _check_replaceable(out: Path, known: bool) -> None:
    """The output folder is replaced as a whole: refuse to do that to anything that is not
    a site brief built (a file, or a folder of someone's documents given by mistake)."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise BriefError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    "the output path exists and is not a folder; choose another --output",
                )
            ]
        )
    if known or not out.is_dir() or not any(out.iterdir()):
        return
    if not ((out / "index.html").is_file() or (out / "404.html").is_file()):
        raise BriefError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    "the output folder is not empty and does not look like a built site; brief "
                    "replaces it whole, so empty or remove it first, or choose another --output",
                )
            ]
        )


def _newest(
    found: list[Found], layouts: list[tuple[str, tuple[int, int] | None]], media: tuple[str, ...]
) -> int:
    stats = [f.mtime_ns for f in found] + [st[0] for _, st in layouts if st]
    stats += [st[0] for st in (_stat(m) for m in media) if st]
    return max(stats, default=0)


def _due(previous: OutputState, now: dt.datetime) -> bool:
    """True once an article left out as future has reached its publication time."""
    return previous.next_due is not None and now.timestamp() >= previous.next_due


def _next_due(articles: list[Article], options: BuildOptions, now: dt.datetime) -> float | None:
    if options.future:
        return None
    waiting = [
        a.date.timestamp() for a in articles if a.date > now and (options.drafts or not a.draft)
    ]
    return min(waiting, default=None)


def _warn(problems: list[Problem], warning: Problem | None) -> None:
    if warning is not None:
        problems.append(warning)


def _fail_on_errors(problems: list[Problem]) -> None:
    if has_errors(problems):
        raise BriefError(problems)
