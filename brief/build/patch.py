"""A one-shot build after an edit that changes nothing but the edited stories' own pages.

A fix to a story already in the archive (a typo, a sentence, a better caption) changes one
file of the site: the story's page. The edition index the last build left
(`cache.EditionIndex`) knows where every story is, what each page shows of it and how its
page was made, so such a build need not read the other articles, plan the site or list its
files: it parses the edited files, shows that each edit reaches no other output, renders
the pages of the edited stories and records them over the last build's records.

`patch` returns None, and the site is planned as usual (`rebuild`), unless all of this
holds. For the site: only article files have new stats (the theme, the images and the
list of files are as the last build read them), the output is as it was left, and there is
neither a search index (Pagefind indexes every page again) nor a shared cache. For each
edited story:
- it kept its place (`replan.placement`), its headline, aliases, template and images;
- it has no problem now and had none in the last build (warnings are repeated as they were);
- no generated file shows it (the latest of a feed, the news sitemap, the corrections
  feed: `render.generated.carried`), and its page's sitemap entry is the same;
- every list that shows it shows the same card of it (`fingerprints.card_digests`).
The page is made again from the index's parts by the function that planned it
(`site.pages.article_page`); the old story's page must give the fingerprint the index
holds, or the index is not trusted.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from brief.build.cache import (
    CACHE_DIR,
    INDEX_FILE,
    JINJA_DIR,
    TEMPLATES_FILE,
    BuildState,
    CachedArticle,
    EditionIndex,
    IndexDelta,
    load_index,
    load_page_parts,
    load_shard,
    load_templates,
    save,
    save_articles_cache,
    save_journaled,
    save_state,
    shard_of,
    state_delta,
)
from brief.build.fingerprints import card_digests, fingerprint, fingerprinter
from brief.build.gather import PARSED, SAME, parse_file, theme_files
from brief.build.inputs import Inputs
from brief.build.memo import Memo
from brief.build.options import BuildOptions
from brief.build.outputs import Changes, PlannedFile, local_images
from brief.build.replan import placement
from brief.build.report import BuildReport
from brief.build.state import intact, listed, patched, read_digest
from brief.build.write import Progress, write_site
from brief.checks import run_checks
from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.sources import SourceFile
from brief.paths import Stat, stat
from brief.render.bytecode import bytecode_cache
from brief.render.generated import sitemap_entry
from brief.render.templates import TemplateKeys, make_environment, template_keys
from brief.site.pages import ArticleContext, Page, article_page

if TYPE_CHECKING:
    from brief.build.cache import ArticlePage

MAX_EDITS = 8
"""More edited files than this is a checkout or a merge: planned as usual."""

Edit = tuple[int, Article, Article]
"""(index in the edition index's files, the story as the last build had it, as it is now)."""


def patch(
    config: SiteConfig,
    options: BuildOptions,
    out: Path,
    started: float,
    progress: Progress | None,
    memo: Memo,
    state: BuildState,
    inputs: Inputs,
    all_intact: Callable[[], bool] | None = None,
) -> BuildReport | None:
    """Build by patching the last build's output, if the edits allow it (see the module).
    `all_intact`: says, if it can, that every output is as it was left (`quick.Aside`)."""
    slot = memo.slot or str(out)
    previous = state.outputs.get(slot)
    now = options.now
    assert now is not None  # `pipeline.build` set it
    if previous is None or not previous.token or not (options.cache and memo.index):
        return None
    if options.remote is not None or config.search.enabled or not out.is_dir():
        return None
    damaged: list[str] = []
    index = load_index(config, slot, previous.token, memo.cache_files, damaged)
    if damaged or index is None or index.nav is None or index.listed != listed(inputs):
        return None
    if index.next_due is not None and now.timestamp() >= index.next_due:
        return None
    told: dict[str, tuple[Stat, str]] = {}
    edited = _edited(previous.digests, inputs, previous.media, len(index.sources), told)
    if not edited:
        return None

    # The edited stories, as they were and as they are.
    root = os.path.join(config.root, "")
    held: dict[str, CachedArticle] = {}
    for path in edited:
        name = shard_of(path, root)
        if not any(shard_of(p, root) == name for p in held):
            shard = load_shard(config, state.key, name, memo.cache_files, damaged)
            if shard is None or damaged:
                return None
            held.update(shard)
    now_ns = time.time_ns()
    entries = dict(held)
    edits: list[Edit] = []
    parsed = 0
    for path in edited:
        old = held.get(path)
        if old is None or old.article is None or old.problems:
            return None
        i = bisect.bisect_left(inputs.sources, path, key=_path)  # sorted by path
        entry, how = parse_file(inputs.sources[i], config, old, now_ns)
        if how == SAME:
            entry = dataclasses.replace(entry, article=old.article)
        elif how != PARSED:  # its images have new stats: planned as usual
            return None
        parsed += how == PARSED
        new = entry.article
        if new is None or entry.problems or old.article.digest != index.digests[i]:
            return None
        entries[path] = entry
        if new.digest != old.article.digest:
            if not _in_place(config, previous.warnings, index, i, old.article, new):
                return None
            edits.append((i, old.article, new))

    # The theme as the last build had it: the same templates, hashed names and menus.
    parses = load_templates(config, state.key, memo.cache_files, damaged)
    templates = template_keys(inputs.layouts, parses)
    _, assets = theme_files(config, inputs)
    chrome = fingerprint(assets.digest, index.nav)
    basis = (state.key, options.drafts, options.future, templates.everything, chrome)
    if damaged or fingerprint(*basis) != index.basis:
        return None
    parts = load_page_parts(config, index, (new.source for _, _, new in edits))
    if parts is None or not _same_cards(index, parts, templates, edits):
        return None
    planned = _pages(config, index, parts, templates, state.key + chrome, memo, edits)
    if planned is None:
        return None
    files, fingerprints = planned
    records = previous.records
    if any(f.path not in records for f in files):
        return None
    same = set(records) if all_intact and all_intact() else intact(out, records)
    if len(same) != len(records):  # a damaged output: the usual build repairs it
        return None

    changed = [f for f in files if records[f.path][0] != f.fingerprint]
    rendered = 0
    if changed:
        compiled = None
        if options.cache:
            folder = config.root / CACHE_DIR / JINJA_DIR
            compiled = bytecode_cache(folder, f"{state.key}|{templates.everything}")
        env = make_environment(config, templates.everything, memo.environments, compiled)
        changes = Changes(changed, [], same, len(records))
        written = write_site(
            out, changed, changes, True, config, env, options.jobs, progress, assets.names
        )
        rendered = written.rendered

    # Record it all, as the usual build would have.
    warnings = list(previous.warnings)
    problem = save_articles_cache(config, state.key, held, entries, memo.cache_files)
    if problem is None and templates.parses != parses:
        problem = save(config, TEMPLATES_FILE, (state.key, templates.parses), memo.cache_files)
    warnings += [problem] if problem else []
    told.update(
        (path, ((e.mtime_ns, e.size), e.digest)) for path, e in entries.items() if path in edited
    )
    after = patched(
        previous,
        state.key,
        options,
        inputs,
        out,
        [(f.path, f.fingerprint) for f in changed],
        told,
    )
    state.remember(slot, after)
    delta = state_delta(slot, after, (f.path for f in changed), told)
    problem = save_state(config, state, memo.cache_files, delta)
    if problem is None:
        digests = list(index.digests)
        for i, _, new in edits:
            digests[i] = new.digest
        kept = dataclasses.replace(
            index, token=after.token, digests=tuple(digests), fingerprints=fingerprints
        )
        moved: IndexDelta = (
            after.token,
            {i: new.digest for i, _, new in edits},
            {j: f for j, f in enumerate(fingerprints) if f != index.fingerprints[j]},
        )
        problem = save_journaled(config, INDEX_FILE, kept, moved, memo.cache_files)
    warnings += [problem] if problem else []
    memo.plan = None  # a plan kept in memory no longer matches the output
    return BuildReport(
        out_dir=out,
        pages=tuple(after.records),
        articles=previous.articles,
        tags=previous.tags,
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        written=tuple(f.path for f in changed),
        parsed=parsed,
        rendered=rendered,
    )


def _edited(
    known: dict[str, tuple[int, int, str]],
    inputs: Inputs,
    media: tuple[str, ...],
    count: int,
    same: dict[str, tuple[Stat, str]],
) -> list[str] | None:
    """The article files with new stats, if nothing else changed: the same files as the
    last build listed (`count` articles), the theme's and the images' bytes as it read
    them. A theme file or image with a new stat (a stat too new to trust is kept as one no
    file has) is read, and if its bytes are the same, its stat and digest go in `same`.
    None otherwise."""
    if len(inputs.sources) != count:
        return None
    if len(inputs.sources) + len(inputs.layout_stats) + len(media) != len(known):
        return None
    for path, st in [*inputs.layout_stats, *((m, stat(m)) for m in media)]:
        kept = known.get(path)
        if kept is None or st is None:
            return None
        if (kept[0], kept[1]) != st:
            if not kept[2] or read_digest(path) != kept[2]:
                return None
            same[path] = (st, kept[2])
    edited = []
    for f in inputs.sources:
        kept = known.get(f.path)
        if kept is None:
            return None
        if (kept[0], kept[1]) != (f.mtime_ns, f.size):
            edited.append(f.path)
            if len(edited) > MAX_EDITS:
                return None
    return edited


def _in_place(
    config: SiteConfig,
    warned: tuple[object, ...],
    index: EditionIndex,
    i: int,
    old: Article,
    new: Article,
) -> bool:
    """The edit of one story reaches no output but the story's own page (but for lists
    that show it, which `_same_cards` checks)."""
    if new.source != index.sources[i] or placement(new) != index.placements[i]:
        return False
    kept = (new.title, new.aliases, new.template, new.standalone)
    if kept != (old.title, old.aliases, old.template, old.standalone):
        return False
    if new.source in index.carried or run_checks([new], config):
        return False
    if any(getattr(w, "path", None) == new.source for w in warned):
        return False
    content = config.content_dir.resolve()
    return list(local_images(new, config, content)) == list(local_images(old, config, content))


def _same_cards(
    index: EditionIndex,
    parts: dict[str, ArticlePage],
    templates: TemplateKeys,
    edits: list[Edit],
) -> bool:
    """Every page that shows an edited story but its own shows the same of it: a list its
    card, the credits and corrections pages its credits, corrections and headline (all
    in its placement or kept). `parts`: the edited stories' pages (`load_page_parts`)."""
    for _, old, new in edits:
        own = parts.get(new.source)
        for p in index.uses.get(new.source, ()):
            if own is not None and p == own[0]:
                continue
            kind = index.kinds[p]
            if kind == "p":
                continue
            fields = templates.reads.get(index.templates[p]) if kind == "c" else None
            card = card_digests(fields)
            if card is None or card(old) != card(new):
                return False
    return True


def _pages(
    config: SiteConfig,
    index: EditionIndex,
    parts: dict[str, ArticlePage],
    templates: TemplateKeys,
    salt: str,
    memo: Memo,
    edits: list[Edit],
) -> tuple[list[PlannedFile], tuple[str, ...]] | None:
    """The edited stories' pages, each with its fingerprint, and every page's fingerprint;
    None if a page made again from the index is not the one the last build planned."""
    assert index.nav is not None  # `patch` saw to it
    nav = index.nav
    fingerprint_of = fingerprinter(salt, templates, memo.article_fingerprints)
    fingerprints = list(index.fingerprints)
    files = []
    for _, old, new in edits:
        part = parts.get(new.source)
        if part is None:  # a draft, or not yet published: on no page
            continue
        j, tags, earlier, later, related = part
        was = article_page(ArticleContext(old, tags, earlier, later, related), nav)
        page = article_page(ArticleContext(new, tags, earlier, later, related), nav)
        if fingerprint_of(was) != fingerprints[j] or page.file != was.file:
            return None
        if sitemap_entry(was, config) != sitemap_entry(page, config):
            return None
        fingerprints[j] = fingerprint_of(page)
        files.append(_planned(page, fingerprints[j]))
    return files, tuple(fingerprints)


def _path(source: SourceFile) -> str:
    return source.path


def _planned(page: Page, made: str) -> PlannedFile:
    return PlannedFile(page.file, made, page.source or f"page {page.url}", page=page)
