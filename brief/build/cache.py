"""The persistent build cache in `<site>/.brief/`: what the last build read and wrote.

Four kinds of file. `state.pickle` is small: the size and mtime of every input file and,
per output folder, the fingerprint and size/mtime of every output file. It alone decides
that nothing changed, so a no-change build never loads more. `articles-NN.pickle` (64
shards by path) hold every parsed `Article` by source path and digest, so a changed file is
re-parsed and the rest are not, and saving after one edit rewrites one shard (a 64th: with
16, one edit at 10,000 articles rewrote 625 of them, a twentieth of the build).
`edition.pickle` is the edition index of the last build (`EditionIndex`): where every
story was and what each page's fingerprint was, so that the next one plans only the pages
an edit touches (`build.replan.from_index`). `templates.pickle` holds what was read
in each layout template's source (`render.templates.TemplateParse`), by its digest, and
`jinja/` the compiled templates, each file signed (`render.bytecode`).
The state and the edition index are big at 100,000 articles (30 and 45 MB); a build that
patched a few pages (`build.patch`) writes what it changed of them to a journal beside each
(`state.journal.pickle`), which a read of the file applies (`JOURNAL_MAX` at most, then the
file is written whole again).
Anything that could change every page (site.yaml, the brief version, the Markdown engine) is
in the cache key, and a new key starts afresh.

Both are pickles read by an unpickler that only builds brief's own data classes, dates and
paths, so a cache file from an untrusted checkout cannot run code. The articles files hold
every path inside the site folder relative to it, so they stay good when the folder moves
or is cloned elsewhere (the shared cache, `build.remote`, hands them between machines).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import io
import os
import pickle
import secrets
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PIL

import brief
from brief.build.quick import CHECK_FILE, FORMAT, save_checks
from brief.config import SiteConfig
from brief.content.article import (
    Article,
    AuthorRef,
    Change,
    Credit,
    Figure,
    Image,
    SectionRef,
    TagRef,
)
from brief.content.markdown import BodyImage, Heading, Link, Rendered, engine
from brief.errors import Problem, Severity
from brief.images.plan import Picture, Rights, SourceSet, Variant

if TYPE_CHECKING:  # the no-change check loads this module, and never Jinja
    from brief.render.templates import TemplateParse
    from brief.site.edition import Nav, StoryLink, TagLink

    ArticlePage = tuple[
        int, tuple[TagLink, ...], StoryLink | None, StoryLink | None, tuple[StoryLink, ...]
    ]
    """An article page's index in the plan, its topics, neighbours and related stories."""

CACHE_DIR = ".brief"
STATE_FILE = "state.pickle"
INDEX_FILE = "edition.pickle"
TEMPLATES_FILE = "templates.pickle"
JINJA_DIR = "jinja"
"""Compiled templates, signed with a key kept outside the site (`render.bytecode`)."""
SHARDS = 64


@dataclass
class CachedArticle:
    """One source file as last parsed: its stat, the digest of its bytes, and the result."""

    mtime_ns: int
    size: int
    digest: str
    article: Article | None
    problems: tuple[Problem, ...]
    checked_ns: int = 0
    """Wall clock when the stat was taken. A file modified within `RACY_NS` of that may
    change again without its mtime or size changing, so its stat proves nothing."""


@dataclass
class OutputState:
    """One output folder as the last successful build left it."""

    inputs: str
    """Fingerprint of every input's stat, the options and the cache key."""
    newest_ns: int
    """The newest input mtime; the fingerprint is trusted only if this is older than
    `scanned_ns - RACY_NS`."""
    scanned_ns: int
    next_due: float | None
    """Timestamp of the earliest article left out as future, or of the earliest expiry;
    from then on, rebuild."""
    records: dict[str, tuple[str, int, int]]
    """Output path -> (fingerprint of what made it, size, mtime_ns)."""
    media: tuple[str, ...] = ()
    """Local image files the articles use; their stats are inputs too."""
    articles: int = 0
    tags: int = 0
    warnings: tuple[Problem, ...] = ()
    """Repeated by a build that finds nothing changed, so they do not seem fixed."""
    contents: str = ""
    """Fingerprint of every input's bytes (by `digests`), the options and the cache key:
    when only stats changed (a fresh checkout, files copied), the site is the same."""
    digests: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    """Input path -> (mtime_ns, size, digest of its bytes); a stat too close to its
    listing to be trusted is kept as (-1, -1), so the file is read again next time."""
    token: str = ""
    """`inputs` of the build that wrote `records` and the edition index: a build that found
    only new stats (`state.restat`) records the new ones and keeps this."""


@dataclass
class EditionIndex:
    """Where every story of one build was, and the fingerprint of each of its pages.

    A later build whose stories all kept their place (`build.replan.placement`) has the
    same pages: it recomputes the fingerprints of the pages that show or link an edited
    story, takes the rest from here, and reads its related stories from here too."""

    slot: str
    """The output folder's name in the state (`Memo.slot`)."""
    token: str
    """`OutputState.inputs` of the build that wrote it: the index goes with that state's
    records and no other."""
    basis: str
    """Digest of what the plan depends on besides the articles (`Gathered.basis`)."""
    next_due: float | None
    """When the clock changes which stories are published: from then on, plan afresh."""
    sources: tuple[str, ...]
    """Every article read, in file order (drafts and future ones too)."""
    digests: tuple[str, ...]
    """`Article.digest` of each: an article whose digest is the same is the same."""
    placements: tuple[str, ...]
    """Digest of where each article is (`build.replan.placement`)."""
    related: tuple[tuple[int, ...], ...]
    """`site.related.related_stories` of the published articles."""
    shape: str
    """Digest of every page's file, template, kind (and title, but an article page's)."""
    fingerprints: tuple[str, ...]
    """Per page, in plan order."""
    uses: dict[str, tuple[int, ...]]
    """Article file -> the pages that show it."""
    linked: dict[str, tuple[int, ...]]
    """Article URL -> the pages that link it by its headline."""
    listed: str = ""
    """Digest of what listing the inputs reported (files brief does not read ...)."""
    nav: Nav | None = None
    """The menus every page showed (`Edition.nav`)."""
    kinds: str = ""
    """Per page, how it shows the stories of `uses` (`replan.shows`): `a` an article's own
    page, `c` by their cards, `p` by their credits and corrections, `o` otherwise."""
    templates: tuple[str, ...] = ()
    """Per page, its template."""
    carried: frozenset[str] = frozenset()
    """The article files a generated file shows (`render.generated.carried`)."""
    page_parts: tuple[str, ...] = ()
    """The digest of each `parts-NN.pickle` this index was written with (`save_index`):
    per article file, its page's index and the page's other parts (`ArticleContext`),
    enough to make the page again for a new version of the same story (`build.patch`).
    They are 20 MB at 100,000 articles, and a patch reads the few it needs."""
    nonce: str = ""
    """Drawn each time the file is written whole: its journal names it (`save_journaled`)."""


@dataclass
class BuildState:
    key: str
    outputs: dict[str, OutputState] = field(default_factory=dict)
    """By absolute output folder. A few are kept, so that alternating `brief build` and
    `brief serve` does not start over each time."""
    nonce: str = ""
    """Drawn each time the file is written whole: its journal names it (`save_journaled`)."""

    def remember(self, out_dir: str, state: OutputState, keep: int = 4) -> None:
        self.outputs.pop(out_dir, None)
        self.outputs[out_dir] = state
        while len(self.outputs) > keep:
            del self.outputs[next(iter(self.outputs))]


def _shape() -> str:
    """The field names of every class the cache holds: a model that gains or loses a field
    changes the key by itself, so an old cache is never read into the new shape."""
    classes = [name for module, name in sorted(_ALLOWED) if module.startswith("brief.")]
    held: tuple[type[Any], ...] = (Article, Credit, Image, TagRef, SectionRef, AuthorRef)
    held += (Rendered, Heading, Link)
    held += (BodyImage, Figure, Change, Problem, CachedArticle, OutputState, BuildState)
    held += (EditionIndex,)
    held += (Picture, SourceSet, Variant, Rights)
    names = [f"{c.__name__}:{','.join(f.name for f in dataclasses.fields(c))}" for c in held]
    return "|".join(classes + names)


def cache_key(config: SiteConfig) -> str:
    """Changes whenever every article or page may come out differently."""
    # Where the site is deployed to, or its cache shared, changes no page; its address
    # (base_url) does. Nor does where its folder is: the articles files hold paths in it
    # relative to it.
    shown = dataclasses.replace(config, root=Path(), deploy=(), cache=None)
    # Pillow's version is in every photo's derived names, which articles hold.
    text = f"{FORMAT}|{_SHAPE}|{brief.__version__}|{engine()}|{PIL.__version__}|{shown!r}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _zone(key: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(key)


def _rooted(rel: str) -> Path:
    """A path in the site folder as the cache files name it; never called: `_Unpickler`
    makes it a path in the folder of the site it loads for."""
    raise NotImplementedError(rel)


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, root: Path) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._root = os.path.join(root, "")

    def reducer_override(self, obj: Any) -> Any:
        # ZoneInfo pickles through builtins.getattr, which the loader refuses.
        if isinstance(obj, zoneinfo.ZoneInfo):
            return _zone, (obj.key,)
        # A file of the site (a photo) as a path in its folder, wherever that is.
        if isinstance(obj, Path):
            text = str(obj)
            if text.startswith(self._root):
                return _rooted, (text[len(self._root) :],)
        return NotImplemented


_ALLOWED = {
    ("brief.content.article", "Article"),
    ("brief.images.plan", "Picture"),
    ("brief.images.plan", "SourceSet"),
    ("brief.images.plan", "Variant"),
    ("brief.images.plan", "Rights"),
    ("brief.content.article", "Credit"),
    ("brief.content.article", "Image"),
    ("brief.content.article", "Figure"),
    ("brief.content.article", "TagRef"),
    ("brief.content.article", "Change"),
    ("brief.content.article", "SectionRef"),
    ("brief.content.article", "AuthorRef"),
    ("brief.content.markdown", "Rendered"),
    ("brief.content.markdown", "Heading"),
    ("brief.content.markdown", "Link"),
    ("brief.content.markdown", "BodyImage"),
    ("brief.content.figures", "NotFound"),
    ("brief.content.licenses.registry", "by_id"),
    ("brief.errors", "Problem"),
    ("brief.errors", "Severity"),
    ("brief.build.cache", "CachedArticle"),
    ("brief.build.cache", "OutputState"),
    ("brief.build.cache", "BuildState"),
    ("brief.build.cache", "EditionIndex"),
    ("brief.site.edition", "Nav"),
    ("brief.site.edition", "NavLink"),
    ("brief.site.edition", "TagLink"),
    ("brief.site.edition", "StoryLink"),
    ("brief.build.cache", "_zone"),
    ("brief.build.cache", "_rooted"),
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "timezone"),
    ("datetime", "timedelta"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
}


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, root: Path) -> None:
        super().__init__(file)
        self._root = os.path.join(root, "")

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"unexpected {module}.{name} in build cache")
        if name == "_rooted" and module == "brief.build.cache":
            root = self._root
            return lambda rel: Path(root + rel)  # the site folder this build reads
        return super().find_class(module, name)


Held = dict[Path, tuple[tuple[int, int, int], Any]]
"""Cache files as this process last read or wrote them (`Memo.cache_files`): a long-running
`brief serve` does not unpickle what it already holds. Keyed by the file's (mtime_ns, size,
inode), so a file written by anyone else is read again."""


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


_DAMAGED = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    RecursionError,
    MemoryError,
)
"""What unpickling bytes that are not brief's cache (cut short, overwritten) may raise."""


def _loads(data: bytes, root: Path, key: str | None = None) -> Any:
    """The value pickled in `data`, through the unpickler that builds only brief's classes,
    with the site's paths in `root`. With `key`, `data` is an articles shard, whose first
    pickle is the key it was made for: None if that is another (its articles, all of them
    parsed for other settings or another brief, are never unpickled)."""
    enabled = gc.isenabled()
    gc.disable()  # the collector would walk every new object many times over
    try:
        stream = io.BytesIO(data)  # a shard's two pickles are each whole: two unpicklers
        if key is not None:
            made_for = _Unpickler(stream, root).load()
            if isinstance(made_for, tuple) and len(made_for) == 2 and isinstance(made_for[0], str):
                return None  # the format before, its key inside: made for another key
            if not isinstance(made_for, str):
                raise pickle.UnpicklingError("not an articles shard")
            if made_for != key:
                return None
        return _Unpickler(stream, root).load()
    finally:
        if enabled:
            gc.enable()


def _load(
    root: Path, name: str, held: Held, damaged: list[str] | None = None, key: str | None = None
) -> Any:
    """The value in the cache file `name` of the site in `root`, or None. A file that is
    there but cannot be read as brief's (cut short, overwritten, or naming a class the
    unpickler refuses) is named in `damaged`: the build then goes on without it, with one
    warning."""
    path = root / CACHE_DIR / name
    ident = _identity(path)
    if ident is None:
        return None
    known = held.get(path)
    if known is not None and known[0] == ident:
        return known[1]
    try:
        value = _loads(path.read_bytes(), root, key)
    except _DAMAGED:
        if damaged is not None:
            damaged.append(f"{CACHE_DIR}/{path.name}")
        return None
    if value is not None:
        held[path] = (ident, value)
    return value


StateDelta = tuple[
    str, dict[str, Any], dict[str, tuple[str, int, int]], dict[str, tuple[int, int, str]]
]
"""What a patched build changed of one output folder's state: its slot, the new values of
its scalar fields, and the records and input digests it set (`OutputState`)."""
IndexDelta = tuple[str, dict[int, str], dict[int, str]]
"""What a patched build changed of the edition index: its token, and the article digests
and page fingerprints it set, by position."""
JOURNAL_MAX = 32
"""Deltas a journal takes; the next change writes its file whole (and drops the journal)."""
_STATE_FIELDS = frozenset({"inputs", "newest_ns", "scanned_ns", "contents", "token"})
"""The fields of `OutputState` a delta may set besides its records and digests."""


def journal_of(name: str) -> str:
    """The journal beside the cache file `name`."""
    return name.removesuffix(".pickle") + ".journal.pickle"


def _deltas(
    root: Path, name: str, nonce: str, held: Held, damaged: list[str] | None
) -> list[Any] | None:
    """The deltas written since cache file `name` was written whole under `nonce`: [] if
    there are none (or the journal belongs to an older write), None if the journal is
    damaged (then named in `damaged`)."""
    bad: list[str] = []
    journal = _load(root, journal_of(name), held, bad)
    ok = isinstance(journal, tuple) and len(journal) == 2 and isinstance(journal[1], list)
    if bad or (journal is not None and not ok):
        if damaged is not None:
            damaged.append(f"{CACHE_DIR}/{journal_of(name)}")
        return None
    return list(journal[1]) if ok and nonce and journal[0] == nonce else []


def _apply_state(state: BuildState, deltas: list[Any]) -> None:
    """Apply a state journal's deltas, in order (each sets values, so applying one twice
    is harmless). Raises what a delta that is not one raises."""
    for slot, fields, records, digests in deltas:
        if not (isinstance(fields, dict) and set(fields) <= _STATE_FIELDS):
            raise ValueError("not a state delta")
        was = state.outputs[slot]
        was.records.update(records)
        was.digests.update(digests)
        state.remember(slot, dataclasses.replace(was, **fields))


def _apply_index(index: EditionIndex, deltas: list[Any]) -> EditionIndex:
    """The index with a journal's deltas applied, in order."""
    for token, digests, fingerprints in deltas:
        ds, fs = list(index.digests), list(index.fingerprints)
        for i, d in digests.items():
            ds[i] = d
        for j, f in fingerprints.items():
            fs[j] = f
        if not isinstance(token, str) or len(ds) != len(index.digests):
            raise ValueError("not an index delta")
        if len(fs) != len(index.fingerprints):
            raise ValueError("not an index delta")
        index = dataclasses.replace(index, token=token, digests=tuple(ds), fingerprints=tuple(fs))
    return index


def load_state(
    config: SiteConfig, key: str, held: Held, damaged: list[str] | None = None
) -> BuildState:
    """The last build's state, or a fresh one if there is none, it was made for another
    key (another version of brief, site.yaml, Markdown engine), or it is damaged."""
    state = _load(config.root, STATE_FILE, held, damaged)
    if state is not None and not isinstance(state, BuildState) and damaged is not None:
        damaged.append(f"{CACHE_DIR}/{STATE_FILE}")
    if not (isinstance(state, BuildState) and state.key == key):
        return BuildState(key)
    deltas = _deltas(config.root, STATE_FILE, state.nonce, held, damaged)
    if deltas is None:
        return BuildState(key)
    try:
        _apply_state(state, deltas)
    except _DAMAGED:
        held.pop(config.root / CACHE_DIR / STATE_FILE, None)  # half applied: read again
        if damaged is not None:
            damaged.append(f"{CACHE_DIR}/{journal_of(STATE_FILE)}")
        return BuildState(key)
    return state


def load_index(
    config: SiteConfig, slot: str, token: str, held: Held, damaged: list[str] | None = None
) -> EditionIndex | None:
    """The edition index, if the last build of output `slot` wrote it (its state's inputs
    are `token`); a file that is not one is named in `damaged`."""
    index = _load(config.root, INDEX_FILE, held, damaged)
    if index is not None and not isinstance(index, EditionIndex):
        if damaged is not None:
            damaged.append(f"{CACHE_DIR}/{INDEX_FILE}")
        return None
    if index is None or index.slot != slot:
        return None
    deltas = _deltas(config.root, INDEX_FILE, index.nonce, held, damaged)
    if deltas is None:
        return None
    try:
        index = _apply_index(index, deltas)
    except _DAMAGED:
        if damaged is not None:
            damaged.append(f"{CACHE_DIR}/{journal_of(INDEX_FILE)}")
        return None
    return index if index.token == token else None


def _names(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(n, str) for n in value)


def _parse_of(value: object) -> bool:
    """`value` is a `TemplateParse`: (None or names, names)."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return False
    return (value[0] is None or _names(value[0])) and _names(value[1])


def load_templates(
    config: SiteConfig, key: str, held: Held, damaged: list[str] | None = None
) -> dict[str, TemplateParse]:
    """The template parses the last build left for `key`, by template digest."""
    data = _load(config.root, TEMPLATES_FILE, held, damaged)
    if data is None:
        return {}
    ok = isinstance(data, tuple) and len(data) == 2 and isinstance(data[1], dict)
    if ok and not all(isinstance(k, str) and _parse_of(v) for k, v in data[1].items()):
        ok = False
    if not ok:
        if damaged is not None:
            damaged.append(f"{CACHE_DIR}/{TEMPLATES_FILE}")
        return {}
    return data[1] if data[0] == key else {}


def _relative(path: str, root: str) -> str:
    """`path` in the site folder `root` (which ends in a separator), or as it is outside."""
    return path[len(root) :] if path.startswith(root) else path


def _shard_number(path: str, root: Path | str) -> int:
    rel = _relative(path, os.path.join(root, ""))
    return hashlib.blake2b(rel.encode(), digest_size=1).digest()[0] % SHARDS


def shard_of(path: str, root: Path | str) -> str:
    """Which of the articles files holds `path` (of the site in `root`): one edit rewrites a
    64th of the cache. Decided by the path in the site folder, the same in any clone."""
    return SHARD_NAMES[_shard_number(path, root)]


SHARD_NAMES = tuple(f"articles-{n:02d}.pickle" for n in range(SHARDS))
PARTS_NAMES = tuple(f"parts-{n:02d}.pickle" for n in range(SHARDS))
"""The article pages' parts (`EditionIndex.page_parts`), sharded as the articles are."""


def _parts_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def save_index(
    config: SiteConfig,
    index: EditionIndex,
    parts: dict[str, ArticlePage],
    held: Held,
) -> Problem | None:
    """Write the edition index whole, and first the parts of its article pages (`parts`,
    by article file), sharded: the index names the digest of each shard, so a shard
    written for another index (a build stopped between the two) is never taken for its."""
    root = os.path.join(config.root, "")
    shards: list[dict[str, ArticlePage]] = [{} for _ in range(SHARDS)]
    for path, part in parts.items():
        shards[_shard_number(path, root)][_relative(path, root)] = part
    digests = []
    folder = config.root / CACHE_DIR
    for name, shard in zip(PARTS_NAMES, shards, strict=True):
        buf = io.BytesIO()
        _Pickler(buf, config.root).dump(shard)
        data = buf.getvalue()
        digests.append(_parts_digest(data))
        known = held.get(folder / name)
        if known is not None and known[1] == digests[-1] and known[0] == _identity(folder / name):
            continue  # the same bytes are there
        problem = _write(config, name, data, digests[-1], held)
        if problem:
            return problem
    index.page_parts = tuple(digests)
    return save_whole(config, INDEX_FILE, index, held)


def load_page_parts(
    config: SiteConfig, index: EditionIndex, paths: Iterable[str]
) -> dict[str, ArticlePage] | None:
    """The parts of the pages of the article files `paths` that have one (a draft or a
    story not yet published has none), from the shards `index` was written with; None if
    a shard is not the one it names (a build stopped between writing them and the index,
    or a damaged file): the site is then planned as usual, and the index written again."""
    if len(index.page_parts) != SHARDS:
        return None
    root = os.path.join(config.root, "")
    wanted: dict[int, list[str]] = {}
    for path in paths:  # each shard read once, however many of its stories were edited
        wanted.setdefault(_shard_number(path, root), []).append(path)
    found: dict[str, ArticlePage] = {}
    for n, in_shard in wanted.items():
        try:
            data = (config.root / CACHE_DIR / PARTS_NAMES[n]).read_bytes()
            shard = _loads(data, config.root) if _parts_digest(data) == index.page_parts[n] else 0
        except (*_DAMAGED, OSError):
            return None
        if not isinstance(shard, dict):
            return None
        for path in in_shard:
            part = shard.get(_relative(path, root))
            if part is not None:
                found[path] = part
    return found


def _entries(data: Any, key: str) -> dict[str, CachedArticle] | None:
    """The articles of a shard's value if it holds brief's articles for `key`, else None."""
    if not (isinstance(data, tuple) and len(data) == 2 and isinstance(data[1], dict)):
        return None
    if data[0] != key or not all(isinstance(e, CachedArticle) for e in data[1].values()):
        return None
    return data[1]


def load_articles_cache(
    config: SiteConfig, key: str, held: Held, damaged: list[str] | None = None
) -> dict[str, CachedArticle]:
    """Every article of the cache's shards made for `key`; a damaged shard is left out
    (its articles are parsed again) and named in `damaged`."""
    entries: dict[str, CachedArticle] = {}
    for name in SHARD_NAMES:
        entries.update(load_shard(config, key, name, held, damaged) or {})
    return entries


def load_shard(
    config: SiteConfig, key: str, name: str, held: Held, damaged: list[str] | None = None
) -> dict[str, CachedArticle] | None:
    """The articles of shard `name` made for `key`, by path; None if there is none, or it
    is damaged (then named in `damaged`)."""
    data = _load(config.root, name, held, damaged, key)
    if data is None:
        return None
    if not (isinstance(data, tuple) and len(data) == 2 and isinstance(data[1], dict)):
        if damaged is not None:
            damaged.append(f"{CACHE_DIR}/{name}")
        return None
    found = _entries(data, key)
    if found is None:
        return None
    root = os.path.join(config.root, "")
    return {os.path.join(root, k): e for k, e in found.items()}


def shard_content(entries: dict[str, CachedArticle]) -> str:
    """What a shard's articles were parsed from: each path, the digest of its bytes and the
    article's digest (which holds its photos' keys, made from their bytes). Two shards with
    the same content are equally good caches, whatever the stats they hold (a fresh clone
    gives every file a new mtime)."""
    rows = sorted(
        (path, e.digest, e.article.digest if e.article else "") for path, e in entries.items()
    )
    return hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()


def held_shard(
    config: SiteConfig, name: str, key: str, held: Held
) -> tuple[bytes, dict[str, CachedArticle]] | None:
    """The bytes and articles of shard `name` as this process last read or wrote it, if it
    holds articles for `key` (for the shared cache to save)."""
    path = config.root / CACHE_DIR / name
    known = held.get(path)
    if known is None or known[0] != _identity(path):
        return None
    entries = _entries(known[1], key)
    if entries is None:
        return None
    try:
        return path.read_bytes(), entries
    except OSError:
        return None


def has_shard(config: SiteConfig, name: str, key: str, held: Held) -> bool:
    """The local shard `name` is there and holds articles for `key`."""
    return _entries(_load(config.root, name, held, None, key), key) is not None


def restore_shard(config: SiteConfig, name: str, data: bytes, key: str, held: Held) -> bool:
    """Put a shard made elsewhere (the shared cache) in `.brief/`, if its bytes hold
    brief's articles for `key`: checked as a local shard is, so bytes that are not are
    refused here (False) and never written."""
    try:
        value = _loads(data, config.root, key)
    except _DAMAGED:
        return False
    if name not in SHARD_NAMES or _entries(value, key) is None:
        return False
    return _write(config, name, data, value, held) is None


def damage_warning(damaged: list[str]) -> Problem | None:
    """One warning for every damaged cache file of a build."""
    if not damaged:
        return None
    more = f" and {len(damaged) - 1} more" if len(damaged) > 1 else ""
    return Problem(
        damaged[0],
        None,
        None,
        f"the build cache is damaged{more} (cut short, or not written by brief); "
        "building without it, which takes longer this once",
        severity=Severity.WARNING,
    )


def save_articles_cache(
    config: SiteConfig,
    key: str,
    old: dict[str, CachedArticle],
    new: dict[str, CachedArticle],
    held: Held,
) -> Problem | None:
    """Rewrite the shards in which `new` differs from `old`, each article under its path
    in the site folder."""
    shards: dict[str, dict[str, CachedArticle]] = {}
    root = os.path.join(config.root, "")
    for path, entry in new.items():
        shards.setdefault(shard_of(path, root), {})[_relative(path, root)] = entry
    dirty = {shard_of(p, root) for p, e in new.items() if old.get(p) is not e}
    dirty |= {shard_of(p, root) for p in old if p not in new}
    for name in sorted(dirty):
        value = (key, shards.get(name, {}))
        buf = io.BytesIO()
        _Pickler(buf, config.root).dump(key)  # first, alone: a shard for another key is
        _Pickler(buf, config.root).dump(value)  # read no further
        problem = _write(config, name, buf.getvalue(), value, held)
        if problem:
            return problem
    return None


def save(config: SiteConfig, name: str, value: object, held: Held) -> Problem | None:
    """Write one cache file atomically. A cache that cannot be written only costs speed,
    so the failure comes back as a warning."""
    buf = io.BytesIO()
    _Pickler(buf, config.root).dump(value)
    return _write(config, name, buf.getvalue(), value, held)


def save_whole(
    config: SiteConfig, name: str, value: BuildState | EditionIndex, held: Held
) -> Problem | None:
    """Write the state or the edition index whole, under a new nonce: the journal beside
    it (written for the old one) no longer applies, and is removed."""
    value.nonce = secrets.token_hex(8)
    problem = save(config, name, value, held)
    if problem is None:
        journal = config.root / CACHE_DIR / journal_of(name)
        held.pop(journal, None)
        with contextlib.suppress(OSError):  # a journal for another nonce is never applied
            journal.unlink(missing_ok=True)
    return problem


RESTAT_DELTA_MAX = 1_000
"""New stats a journal records for a build that found only new stats (`state.restat`):
the files just saved again, not a fresh checkout, which writes the state whole."""


def state_delta(
    slot: str, after: OutputState, records: Iterable[str], digests: Iterable[str]
) -> StateDelta:
    """The delta that makes the state of `slot` `after`, which differs from the last one
    in its scalar fields and in the named records and input digests at most."""
    fields = {name: getattr(after, name) for name in sorted(_STATE_FIELDS)}
    return (
        slot,
        fields,
        {p: after.records[p] for p in records},
        {p: after.digests[p] for p in digests},
    )


def restated(slot: str, before: OutputState, after: OutputState) -> StateDelta | None:
    """The delta from a state to the same one with new stats (`state.restat`), if small."""
    digests = [p for p, d in after.digests.items() if before.digests.get(p) != d]
    if len(digests) > RESTAT_DELTA_MAX or after.digests.keys() != before.digests.keys():
        return None
    return state_delta(slot, after, (), digests)


def save_state(
    config: SiteConfig, state: BuildState, held: Held, delta: StateDelta | None = None
) -> Problem | None:
    """Write the state (whole, or `delta` to its journal), then the check file that lets
    the next build stop without reading it (`build.quick`)."""
    if delta is None:
        problem = save_whole(config, STATE_FILE, state, held)
    else:
        problem = save_journaled(config, STATE_FILE, state, delta, held)
    if problem is None:
        save_checks(config, state.key, state.outputs)
    else:
        with contextlib.suppress(OSError):  # it may describe what the state no longer does
            (config.root / CACHE_DIR / CHECK_FILE).unlink(missing_ok=True)
    return problem


def save_journaled(
    config: SiteConfig,
    name: str,
    value: BuildState | EditionIndex,
    delta: StateDelta | IndexDelta,
    held: Held,
) -> Problem | None:
    """Record that the state or the edition index is now `value`, which is what was last
    written of it with `delta` applied: by adding `delta` to its journal, or, if the
    journal is full or belongs to another write, by writing `value` whole."""
    deltas = _deltas(config.root, name, value.nonce, held, None) if value.nonce else None
    if deltas is None or len(deltas) >= JOURNAL_MAX:
        return save_whole(config, name, value, held)
    return save(config, journal_of(name), (value.nonce, [*deltas, delta]), held)


def _write(config: SiteConfig, name: str, data: bytes, value: object, held: Held) -> Problem | None:
    """Write one cache file's bytes whole or not at all, and hold `value` as what it has."""
    folder = config.root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# brief's build cache: safe to delete, never to commit\n*\n")
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, folder / name)
    except OSError as exc:
        return Problem(
            f"{CACHE_DIR}/{name}",
            None,
            None,
            f"could not write the build cache ({exc.strerror}); the next build will be slower",
            severity=Severity.WARNING,
        )
    ident = _identity(folder / name)
    if ident is not None:
        held[folder / name] = (ident, value)
    return None


_SHAPE = _shape()  # after the classes it names
