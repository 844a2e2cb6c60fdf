"""Whether a build can stop at once: decided from a small file, with few imports.

A build that finds nothing changed lists the inputs, stats the outputs and stops. At 100,000
articles unpickling the state for it took 0.35 s, and the state's module imports the article
model, the Markdown engine and Pillow, a tenth of a second more at any size. So every build
that records a state also writes `.brief/check.pickle` (`save_check`): per output folder the
fingerprint of its inputs' stats, when they were listed, the next due time, the images it
read, and its outputs' paths with one fingerprint of their stats, in nothing but strings,
numbers and tuples. `unchanged` compares a new listing with it; anything else is for the
state (`build.state`), which decides the same question when there is no such file.

The check file is written after the state. If it is left behind by a build (a crash between
the two), it describes an earlier build's inputs and outputs; while both still match, the site
is that build's output of these inputs, which is what a build would make.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import importlib.util
import io
import os
import pickle
import signal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import brief
from brief.build.digest import fingerprint_columns
from brief.build.inputs import Inputs
from brief.build.options import BuildOptions
from brief.config import SiteConfig
from brief.errors import Problem
from brief.paths import Stat, stat

if TYPE_CHECKING:
    from brief.build.cache import OutputState

FORMAT = 11
"""Bumped whenever what the cache files hold, or the modules they name, change."""
RACY_NS = 2_000_000_000
"""File timestamps are coarse (a few ms on ext4, 2 s on FAT): an mtime this close to the
moment it was read cannot tell two quick edits of the same size apart."""
UNTRUSTED = (-1, -1)
"""The stat kept for a file whose stat cannot vouch for its bytes: it is read next time."""
CHECK_FILE = "check.pickle"
_CACHE_DIR = ".brief"


@dataclass(frozen=True)
class Check:
    """What a build that finds nothing changed needs of one output folder's state."""

    inputs: str
    """`OutputState.inputs`: the fingerprint of every input's stat."""
    newest_ns: int
    scanned_ns: int
    next_due: float | None
    media: tuple[str, ...]
    outputs: str
    """Every output's path in the folder, joined by NUL (one string pickles in one copy)."""
    stats: str
    """The fingerprint of the outputs' (size, mtime_ns), in that order (`outputs_stats`)."""
    articles: int
    tags: int
    warnings: tuple[Problem, ...]


def light_key(config: SiteConfig) -> str:
    """What of the cache key (`cache.cache_key`) is known without importing the models:
    the format, brief's version, the Markdown engine, Pillow's version and the site's
    settings. The check file holds the full key beside it."""
    import PIL  # its package's module is one line; the codecs are not loaded

    shown = dataclasses.replace(config, root=Path(), deploy=(), cache=None)
    rust = importlib.util.find_spec("markdown_it_pyrs") is not None
    text = f"{FORMAT}|{brief.__version__}|{rust}|{PIL.__version__}|{shown!r}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def input_stats(inputs: Inputs, media: Sequence[str]) -> list[tuple[str, Stat]]:
    """Every input file with its stat, in a stable order: articles, layouts and static
    files, the articles' images. Made once per listing and images (`Inputs.made`): the
    check, the restat and the patch of one build all ask, and at 100,000 files each pass
    is 30 ms. The list is shared: not to be changed."""
    images = tuple(media)
    made = inputs.made.get(("stats", images))
    if made is None:
        found: list[tuple[str, Stat]] = [(f.path, (f.mtime_ns, f.size)) for f in inputs.sources]
        found += inputs.layout_stats
        found += [(m, stat(m)) for m in images]
        inputs.made[("stats", images)] = made = found
    listing: list[tuple[str, Stat]] = made
    return listing


def inputs_fingerprint(
    key: str, options: BuildOptions, inputs: Inputs, listing: Sequence[tuple[str, Stat]]
) -> str:
    """Fingerprint of everything a build reads (`listing`: `input_stats`): if it is
    unchanged, so is the site."""
    made = inputs.made.get(("inputs", key, options.drafts, options.future))
    if made is not None and made[0] is listing:
        value: str = made[1]
        return value
    # What the listing reported (files brief does not read ...) is in it too: a file added
    # beside the articles must not leave the last build's warnings standing.
    head = (key, options.drafts, options.future, tuple(inputs.problems))
    numbers = [n for _, st in listing for n in (st or UNTRUSTED)]
    value = fingerprint_columns(head, [[path for path, _ in listing]], [numbers])
    inputs.made[("inputs", key, options.drafts, options.future)] = (listing, value)
    return value


def newest(listing: Sequence[tuple[str, Stat]]) -> int:
    return max((st[0] for _, st in listing if st), default=0)


def outputs_stats(sizes: list[int], mtimes: list[int]) -> str:
    """One fingerprint of the outputs' sizes and mtimes, in order (two columns: at 196,000
    outputs, pairs to flatten were 0.15 s of every save of the check file)."""
    return fingerprint_columns((), [], [sizes, mtimes])


def _on_disk(out: Path, paths: list[str]) -> str:
    """`outputs_stats` of the files in `out` now; a missing file counts as (-1, -1)."""
    base = str(out) + os.sep
    sizes: list[int] = []
    mtimes: list[int] = []
    for rel in paths:
        try:
            st = os.stat(base + rel)
        except OSError:
            sizes.append(UNTRUSTED[0])
            mtimes.append(UNTRUSTED[1])
            continue
        sizes.append(st.st_size)
        mtimes.append(st.st_mtime_ns)
    return outputs_stats(sizes, mtimes)


ASIDE_MIN = 20_000
"""Outputs from which a one-shot build takes their stats in a forked process while it lists
the inputs: on two cores, 0.8 s of the 1.7 s both take at 100,000 articles."""


class Aside:
    """`outputs_stats` of the files in `out` now, taken in a forked child when there are
    many and forking is allowed (a one-shot build with more than one job), else here when
    first asked. A child that fails or dies is no answer: the stats are taken here."""

    def __init__(self, out: Path, paths: list[str], fork: bool) -> None:
        self._out = out
        self._paths = paths
        self._value: str | None = None
        self._pid = 0
        self._fd = -1
        if fork and len(paths) >= ASIDE_MIN and hasattr(os, "fork"):
            self._start()

    def _start(self) -> None:
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return
        if pid == 0:  # the child: answer, and leave without the parent's clean-up
            code = 1
            try:
                os.close(r)
                os.write(w, _on_disk(self._out, self._paths).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        self._pid, self._fd = pid, r

    @property
    def forked(self) -> bool:
        return self._pid != 0

    def result(self) -> str:
        if self._value is None:
            got = b""
            if self._fd >= 0:
                chunks = []
                while chunk := os.read(self._fd, 4096):
                    chunks.append(chunk)
                got = b"".join(chunks)
                self._reap()
            self._value = got.decode() if len(got) == 32 else _on_disk(self._out, self._paths)
        return self._value

    def close(self) -> None:
        """Stop a child whose answer was never asked for."""
        if self._fd >= 0:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> None:
        os.close(self._fd)
        self._fd = -1
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)


def describes(check: Check, state: OutputState) -> bool:
    """`check` was written with `state` (by the build that recorded it)."""
    same = (state.inputs, state.scanned_ns, len(state.records))
    return same == (check.inputs, check.scanned_ns, check.outputs.count("\0") + bool(check.outputs))


def check_of(state: OutputState) -> Check:
    return Check(
        inputs=state.inputs,
        newest_ns=state.newest_ns,
        scanned_ns=state.scanned_ns,
        next_due=state.next_due,
        media=state.media,
        outputs="\0".join(state.records),
        stats=outputs_stats(
            [r[1] for r in state.records.values()], [r[2] for r in state.records.values()]
        ),
        articles=state.articles,
        tags=state.tags,
        warnings=state.warnings,
    )


Checks = tuple[str, str, dict[str, Check]]
"""(light key, full cache key, output slot -> its check)."""


_ALLOWED = {
    ("brief.build.quick", "Check"),
    ("brief.errors", "Problem"),
    ("brief.errors", "Severity"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"unexpected {module}.{name} in build cache")
        return super().find_class(module, name)


def _whole(check: object) -> bool:
    """`check` is a `Check` whose fields hold what they say (the unpickler sees to classes,
    not to what a data class was given)."""
    if not (isinstance(check, Check) and isinstance(check.media, tuple)):
        return False
    if not isinstance(check.warnings, tuple):
        return False
    texts = (check.inputs, check.outputs, check.stats, *check.media)
    numbers = (check.newest_ns, check.scanned_ns, check.articles, check.tags)
    return (
        all(isinstance(t, str) for t in texts)
        and all(isinstance(n, int) for n in numbers)
        and isinstance(check.next_due, int | float | None)
        and all(isinstance(w, Problem) for w in check.warnings)
    )


def load_checks(config: SiteConfig) -> Checks | None:
    """The check file, if it is one; anything else (none, damaged, another version's) is
    None, and the state decides."""
    try:
        data = (config.root / _CACHE_DIR / CHECK_FILE).read_bytes()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()
    try:
        value = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # whatever bytes are there, the state decides instead
        return None
    finally:
        if enabled:
            gc.enable()
    if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], dict)):
        return None
    if not all(_whole(c) for c in value[2].values()):
        return None
    light, key, checks = value
    return (light, key, checks) if isinstance(light, str) and isinstance(key, str) else None


def save_checks(config: SiteConfig, key: str, outputs: Mapping[str, OutputState]) -> None:
    """Write the check file for the state just written (its `outputs`); if that fails, the
    old one is removed, and the next build reads the state."""
    folder = config.root / _CACHE_DIR
    path = folder / CHECK_FILE
    value = (light_key(config), key, {slot: check_of(s) for slot, s in outputs.items()})
    tmp = folder / f".{CHECK_FILE}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
            tmp.unlink(missing_ok=True)


def due(next_due: float | None, now: dt.datetime) -> bool:
    """True once an article left out as future has reached its publication time, or a
    published one its expiry."""
    return next_due is not None and now.timestamp() >= next_due


def unchanged(
    check: Check, key: str, options: BuildOptions, inputs: Inputs, aside: Aside, now: dt.datetime
) -> bool:
    """No input changed since `check` was recorded, and the output is as it was left.

    Timestamps are trusted only when the newest input is older than the listing by more
    than the filesystem's timestamp resolution (`RACY_NS`). `aside` has the outputs' stats.
    """
    if due(check.next_due, now) or check.newest_ns >= check.scanned_ns - RACY_NS:
        return False
    listing = input_stats(inputs, check.media)
    if inputs_fingerprint(key, options, inputs, listing) != check.inputs:
        return False
    return aside.result() == check.stats
