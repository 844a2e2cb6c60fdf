"""What a deploy will do: the files to add, change and delete, and in which order.

Every target compares the built folder with what it published last (by content digest, so
a fresh checkout's new mtimes send nothing) and sends files in phases, each finished before
the next starts: new assets and images first, then new pages, then changed pages, then feeds
and sitemaps; deletes come last, and only when everything else arrived. Stopped at any point
(a dropped connection, Ctrl-C), every page already published still finds its stylesheet,
images and links: what it needs was either there before or sent in an earlier phase.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from brief.deploy.errors import DeployError
from brief.output.guard import MARKER

NOT_PUBLISHED = frozenset({MARKER})
"""Files of the output that are brief's own bookkeeping, never sent to a host."""

PAGE_TYPES = frozenset({".html", ".htm"})
INDEX_TYPES = frozenset({".xml", ".txt", ".json"})
"""Feeds, sitemaps, robots.txt: they point readers and crawlers at pages, so they go after."""
HOST_FILES = frozenset({"_headers", "_redirects", "CNAME", ".nojekyll"})


@dataclass(frozen=True)
class LocalFile:
    path: str
    """Relative to the output folder, posix."""
    file: str
    """Its absolute path (a string: a deploy lists tens of thousands)."""
    size: int
    md5: str


Known = dict[str, tuple[int, int, str]]
"""Path -> (size, mtime_ns, digest) as last computed: a file whose size and mtime are the
same is not read again (the build rewrites only files whose bytes change)."""


def load_known(path: Path) -> Known:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): (int(v[0]), int(v[1]), str(v[2])) for k, v in data.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return {}  # none yet, or unreadable: every file is read


def save_known(path: Path, known: Known) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(known, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def local_files(out: Path, known: Known | None = None) -> dict[str, LocalFile]:
    """Every file of the built site that is published, with its MD5 (what S3 ETags are).
    `known` digests are reused for files whose size and mtime have not changed, and updated
    for the rest."""
    known = {} if known is None else known
    found: dict[str, LocalFile] = {}
    top = str(out)
    skip = len(top) + 1
    stack = [top]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                if not entry.is_file(follow_symlinks=False):
                    continue  # links and anything else brief did not write
                rel = entry.path[skip:].replace(os.sep, "/")
                if rel in NOT_PUBLISHED:
                    continue
                st = entry.stat(follow_symlinks=False)
                seen = known.get(rel)
                if seen is not None and seen[0] == st.st_size and seen[1] == st.st_mtime_ns:
                    md5 = seen[2]
                else:
                    digest = hashlib.md5(usedforsecurity=False)
                    with open(entry.path, "rb") as fh:
                        while chunk := fh.read(1 << 20):
                            digest.update(chunk)
                    md5 = digest.hexdigest()
                    known[rel] = (st.st_size, st.st_mtime_ns, md5)
                found[rel] = LocalFile(rel, entry.path, st.st_size, md5)
    found = dict(sorted(found.items()))
    for rel in set(known) - set(found):
        del known[rel]
    return found


@dataclass(frozen=True)
class Plan:
    add: tuple[str, ...] = ()
    change: tuple[str, ...] = ()
    delete: tuple[str, ...] = ()
    send_bytes: int = 0
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.add or self.change or self.delete)

    def summary(self) -> str:
        size = size_text(self.send_bytes)
        return (
            f"{len(self.add)} to add, {len(self.change)} to change, {len(self.delete)} to "
            f"delete, {size} to send ({self.unchanged} unchanged)"
        )


def size_text(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    value = float(n)
    for unit in ("KB", "MB", "GB"):
        value /= 1000
        if value < 1000 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def make_plan(
    local: Mapping[str, LocalFile],
    remote: Mapping[str, str | None],
    digests: Mapping[str, str] | None = None,
) -> Plan:
    """Compare with what is published: `remote` maps path -> digest, or None where it is
    unknown (sent again to be sure). Digests are MD5 unless `digests` gives others (git's
    blob ids) for the local files."""
    mine = digests if digests is not None else {p: f.md5 for p, f in local.items()}
    add = tuple(sorted(p for p in local if p not in remote))
    change = tuple(sorted(p for p in local if p in remote and remote[p] != mine[p]))
    delete = tuple(sorted(p for p in remote if p not in local))
    sent = sum(local[p].size for p in (*add, *change))
    return Plan(add, change, delete, sent, len(local) - len(add) - len(change))


def _kind(path: str) -> str:
    ext = posixpath.splitext(path)[1].lower()
    if path in HOST_FILES or ext in INDEX_TYPES:
        return "index"
    if ext in PAGE_TYPES:
        return "page"
    return "asset"


@dataclass(frozen=True)
class Phase:
    name: str
    paths: tuple[str, ...] = field(default_factory=tuple)


def phases(plan: Plan) -> list[Phase]:
    """The uploads of `plan` in the order that keeps every published page whole."""
    added, changed = set(plan.add), set(plan.change)
    sending = sorted(added | changed)
    order = [
        Phase("assets", tuple(p for p in sending if _kind(p) == "asset")),
        Phase("new pages", tuple(p for p in sending if _kind(p) == "page" and p in added)),
        Phase("changed pages", tuple(p for p in sending if _kind(p) == "page" and p in changed)),
        Phase("feeds and sitemaps", tuple(p for p in sending if _kind(p) == "index")),
    ]
    return [phase for phase in order if phase.paths]


@dataclass(frozen=True)
class DeployOptions:
    """What `brief deploy`'s flags ask of every target."""

    dry_run: bool = False
    force: bool = False
    """rsync and s3: send every file; git: push even if the branch moved."""
    max_deletes: int = 256
    yes: bool = False
    workers: int | None = None
    """Parallel uploads (s3); None: the target's own `workers`."""


def go_ahead(
    plan: Plan, heading: str, options: DeployOptions, echo: Callable[[str], None], nothing: str
) -> bool:
    """Print the plan; False when there is nothing to do or this is a dry run. Too many
    deletes stop the deploy here, before any change, unless `--yes`."""
    echo(f"{heading}: {plan.summary()}")
    if plan.empty:
        echo(f"nothing to deploy: {nothing}")
        return False
    refusal = too_many_deletes(plan, options.max_deletes)
    if refusal and not options.yes:
        raise DeployError(refusal)
    if options.dry_run:
        echo("dry run: nothing was sent, changed or deleted")
        return False
    return True


def too_many_deletes(plan: Plan, limit: int) -> str:
    """The refusal when a deploy would delete more than `limit` files, or ""."""
    if len(plan.delete) <= limit:
        return ""
    shown = ", ".join(plan.delete[:3]) + (", ..." if len(plan.delete) > 3 else "")
    return (
        f"this deploy would delete {len(plan.delete)} files ({shown}), more than "
        f"--max-deletes {limit}; check the target, then run again with --yes (or a larger "
        "--max-deletes)"
    )
