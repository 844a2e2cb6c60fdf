"""The preview's build after a save: the edited stories swapped into the plan it keeps.

A writer saves a story and wants to see it. The preview keeps the last build's plan in
memory (`Memo.plan`, `Memo.last`: the pages, every planned file, what each output was
written from), and its watcher says which files the save touched (`BuildOptions.touched`).
When those are article files the last build read, and each edit keeps its story in place,
the build needs no listing of the inputs, no reading of other articles, no plan and no look
at the other outputs: it parses the touched files, swaps the new stories into the plan
(`replan.swapped`: the pages that show or link them), makes again the generated files that
carry them (`render.generated.carrying`: feeds, the news sitemap, the corrections feed),
and renders and writes, in place, the files whose fingerprint changed.

This trusts the watcher and the preview's private output folder, as Hugo's and Zola's
servers do: nothing else writes there, and a file the watcher names is all that changed.
Anything it cannot show to be an edit in place returns None, and the build is made the
usual way (`pipeline`), which compares every input and output with the records in
`.brief/`. That is also why this writes nothing to `.brief/`: the records there stay those
of the last usual build, and the files written here no longer match them, so a later usual
build renders them again rather than trusting them.

An edit is swapped in when the touched file is a known article file (no symlink), the last
build had no error in it and none now (its reading's warnings are carried, in their place;
no check's warning, no other warning of the last build naming it), it keeps its place (`replan._placement`), aliases, template and images,
its headline too if it has aliases or is a standalone page (the redirect pages and the
menus show it), and the sitemap entries of the pages it changes stay the same.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from brief.build.cache import CACHE_DIR, JINJA_DIR, CachedArticle, cache_key
from brief.build.fingerprints import fingerprinter
from brief.build.gather import PARSED, SAME, Gathered, parse_file
from brief.build.memo import Memo
from brief.build.options import BuildOptions
from brief.build.outputs import Changes, PlannedFile, generated_file, local_images
from brief.build.replan import placement, swapped
from brief.build.report import BuildReport
from brief.build.search import SearchPlan, shard_key
from brief.build.state import Records
from brief.build.write import Progress, write_site
from brief.checks import run_checks
from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.sources import SourceFile
from brief.errors import Problem, has_errors
from brief.i18n import catalogue
from brief.render.bytecode import bytecode_cache
from brief.render.generated import carrying, sitemap_entry
from brief.render.templates import TemplateKeys, make_environment
from brief.site import routes

MAX_EDITS = 8
"""More touched files than this is a checkout or a merge: built the usual way."""


@dataclass
class Last:
    """What the last usual build of the preview planned and wrote, beside `Memo.plan`,
    kept up to date by each swap."""

    out: Path
    key: str
    """The cache key (site.yaml, brief's version): another one plans afresh."""
    modes: tuple[bool, bool]
    """(drafts, future)."""
    salt: str
    """What every page's fingerprint starts from (`fingerprints.fingerprinter`)."""
    templates: TemplateKeys
    assets: Mapping[str, str]
    words: str
    """The digest of the site's strings, in the generated files' fingerprints."""
    entries: dict[str, CachedArticle]
    """Per article file (its absolute path), its entry as last read."""
    position: dict[str, int]
    """Article source (`Article.source`) -> its index in `Memo.plan.articles`."""
    files: list[PlannedFile]
    """Every planned file; the pages first, in the plan's order."""
    where: dict[str, int]
    """Output path -> its index in `files`."""
    written: dict[str, str]
    """Output path -> the fingerprint of what its file was written from."""
    paths: tuple[str, ...]
    warnings: tuple[Problem, ...]
    search: SearchPlan | None
    """The search index as the last build left it to be made (`BuildOptions.index_later`)."""
    version: str
    """The indexer's version, in the shards' keys."""


def remember(
    memo: Memo,
    out: Path,
    site: Gathered,
    options: BuildOptions,
    records: Records,
    warnings: tuple[Problem, ...],
    search: SearchPlan | None,
    version: str,
) -> None:
    """Keep what a swap needs of a usual build that just succeeded (`Memo.plan` is
    kept already)."""
    plan = memo.plan
    assert plan is not None and site.templates is not None
    files = list(site.files)
    memo.last = Last(
        out=out,
        key=site.key,
        modes=(options.drafts, options.future),
        salt=site.key + str(site.basis[-1]),
        templates=site.templates,
        assets=site.assets.names,
        words=catalogue(site.config).digest,
        entries=dict(site.entries),
        position={a.source: i for i, a in enumerate(plan.articles)},
        files=files,
        where={f.path: i for i, f in enumerate(files)},
        written={path: record[0] for path, record in records.items()},
        paths=tuple(f.path for f in files),
        warnings=warnings,
        search=search,
        version=version,
    )


def swap(
    config: SiteConfig,
    options: BuildOptions,
    out: Path,
    started: float,
    progress: Progress | None,
    memo: Memo,
) -> BuildReport | None:
    """Build by swapping the touched stories into the kept plan (see the module), or None
    to build the usual way."""
    last, plan, touched = memo.last, memo.plan, options.touched
    now = options.now
    assert now is not None  # `pipeline.build` set it
    if last is None or plan is None or not touched or len(touched) > MAX_EDITS:
        return None
    if not options.cache or last.out != out or last.modes != (options.drafts, options.future):
        return None
    if config.search.enabled and not options.index_later:  # the index would be made here
        return None
    if plan.next_due is not None and now.timestamp() >= plan.next_due:
        return None
    if not out.is_dir() or cache_key(config) != last.key:
        return None

    # The touched stories, as the last build had them and as they are.
    now_ns = time.time_ns()
    entries: dict[str, CachedArticle] = {}
    pairs: list[tuple[Article, Article]] = []
    parsed = 0
    warnings = last.warnings
    content = config.content_dir.resolve()
    for path in sorted(set(touched)):
        old = last.entries.get(path)
        if old is None or old.article is None or has_errors(old.problems):
            return None
        i = last.position.get(old.article.source)
        if i is None:
            return None
        if plan.articles[i] is not old.article:
            return None
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        entry, how = parse_file(SourceFile(path, st.st_mtime_ns, st.st_size), config, old, now_ns)
        if how == SAME:
            entries[path] = dataclasses.replace(entry, article=old.article, problems=old.problems)
            continue
        new = entry.article
        if how != PARSED or new is None or has_errors(entry.problems):
            return None
        if not _in_place(config, warnings, old, new, content):
            return None
        rewarned = _rewarned(warnings, old.problems, entry.problems)
        if rewarned is None:
            return None
        warnings = rewarned
        entries[path] = entry
        parsed += 1
        if new.digest != old.article.digest:
            pairs.append((old.article, new))

    # The pages and generated files that show them, made again.
    edition, pages, fingerprints = plan.edition, plan.pages, plan.fingerprints
    done: list[int] = []
    if pairs:
        fingerprint_of = fingerprinter(last.salt, last.templates, memo.article_fingerprints)
        edition, pages, fingerprints, done = swapped(plan, pairs, fingerprint_of)
    remade: list[tuple[int, PlannedFile]] = []
    for i in done:
        page = pages[i]
        if last.files[i].path != page.file:
            return None
        if sitemap_entry(plan.pages[i], config) != sitemap_entry(page, config):
            return None  # the sitemap, 100,000 entries long, would be made again
        remade.append((i, PlannedFile(page.file, fingerprints[i], last.files[i].origin, page=page)))
    for made in carrying(edition, {new.source for _, new in pairs}) if pairs else ():
        j = last.where.get(made.path)
        if j is None:
            return None
        remade.append((j, generated_file(made, last.key, last.words)))
    if any(f.path not in last.written for _, f in remade):
        return None
    changed = [f for _, f in remade if last.written[f.path] != f.fingerprint]

    # Render and write, in place; only then is the kept plan brought up to date.
    memo.last = None  # until this build has succeeded
    rendered = 0
    if changed:
        everything = last.templates.everything
        compiled = bytecode_cache(config.root / CACHE_DIR / JINJA_DIR, f"{last.key}|{everything}")
        env = make_environment(config, everything, memo.environments, compiled)
        changes = Changes(changed, [], set(), len(last.written))
        written = write_site(
            out, changed, changes, True, config, env, options.jobs, progress, last.assets
        )
        rendered = written.rendered
    for j, f in remade:
        last.files[j] = f
    for f in changed:
        last.written[f.path] = f.fingerprint
    last.entries.update(entries)
    last.warnings = warnings
    if pairs:
        articles = list(plan.articles)
        for _, new in pairs:
            articles[last.position[new.source]] = new
        memo.plan = dataclasses.replace(
            plan,
            articles=tuple(articles),
            edition=edition,
            pages=pages,
            fingerprints=fingerprints,
        )
    if last.search is not None:
        last.search = _reindexed(last, {f.path for f in changed if f.page is not None})
    memo.last = last
    return BuildReport(
        out_dir=out,
        pages=last.paths,
        articles=len(edition.articles),
        tags=len(edition.tags),
        seconds=time.perf_counter() - started,
        warnings=last.warnings,
        written=tuple(f.path for f in changed),
        parsed=parsed,
        rendered=rendered,
        search=last.search,
    )


def _in_place(
    config: SiteConfig,
    warned: tuple[Problem, ...],
    entry: CachedArticle,
    new: Article,
    content: Path,
) -> bool:
    """The edit keeps the story where it was, and changes only what the pages and generated
    files that show or link it show (`replan.swapped`, `render.generated.carrying`).

    A warning of the last build naming the story that its file's reading did not give (a
    check's, the edition's) may come or go with the edit: not known here."""
    old = entry.article
    assert old is not None
    if new.source != old.source or placement(new) != placement(old):
        return False
    if (new.aliases, new.template, new.standalone) != (old.aliases, old.template, old.standalone):
        return False
    if new.title != old.title and (new.aliases or new.standalone):
        return False  # the redirect pages name the headline, the menus a page's title
    own = set(entry.problems)
    if run_checks([new], config) or any(w.path == new.source and w not in own for w in warned):
        return False
    return list(local_images(new, config, content)) == list(local_images(old, config, content))


def _rewarned(
    warnings: tuple[Problem, ...], old: tuple[Problem, ...], new: tuple[Problem, ...]
) -> tuple[Problem, ...] | None:
    """The build's warnings with one file's reading warnings `old` replaced by `new`, where
    a usual build would list them (those of one file come together, in the files' order),
    or None where that place is not known (the file had none)."""
    if old == new:
        return warnings
    if not old:
        return None
    n = len(old)
    for i in range(len(warnings) - n + 1):
        if warnings[i : i + n] == old:
            return warnings[:i] + new + warnings[i + n :]
    return None


def _reindexed(last: Last, pages: set[str]) -> SearchPlan:
    """The search plan with a new key for each shard that holds one of the re-rendered
    `pages` (output paths): the preview indexes those shards again."""
    assert last.search is not None
    shards = list(last.search.shards)
    count = len(shards)
    for path in sorted(pages):
        page = last.files[last.where[path]].page
        assert page is not None
        number = routes.search_shard(page.url, count)
        shard = shards[number]
        if (page.url, path) not in shard.pages:
            continue  # a page the index leaves out
        fingerprints = {f: last.files[last.where[f]].fingerprint for _, f in shard.pages}
        key = shard_key(last.version, number, count, shard.pages, fingerprints)
        shards[number] = dataclasses.replace(shard, key=key)
    return dataclasses.replace(last.search, shards=tuple(shards))
