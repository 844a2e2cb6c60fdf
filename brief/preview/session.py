"""`brief serve`: build into a private preview folder, serve it, watch the site, rebuild, tell
the open pages.

This loop is the one place that catches every exception of a build: a mistake is reported in the
terminal and in the browser, and the server keeps serving the last good build.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from brief.build import BuildOptions, BuildReport, build
from brief.build.memo import Memo
from brief.build.search import default_indexer
from brief.config import CONFIG_NAME, SiteConfig, load_config
from brief.errors import BriefError, formatted, summary
from brief.preview.http import PortInUse, PreviewServer, bind
from brief.preview.indexing import Indexing
from brief.preview.reload import Hub
from brief.preview.watch import Batcher, Change, Watcher, describe_changes
from brief.search.protocol import Indexer


@dataclass(frozen=True)
class ServeOptions:
    source: Path
    host: str = "127.0.0.1"
    port: int | None = None
    """None: 8000, or the next free port."""
    drafts: bool = False
    future: bool = False
    open_browser: bool = False


class OutputIndex:
    """A digest of every file in the preview folder, to tell which files a build changed.

    A file with the same inode, size and mtime as last time is not read again, so files a
    build carried over (hard links) cost one stat.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, tuple[tuple[int, int, int], bytes]] = {}

    def update(
        self,
        paths: Collection[str],
        written: Iterable[str] | None = None,
        removed: Iterable[str] = (),
    ) -> set[str]:
        """Record the folder's files now; return those added, changed or gone since last time.

        `written`, when given, are the only files the build may have touched, and `removed`
        those it took away: the rest are taken as they were, without even a stat (nor a
        look at each of `paths`, when they are as many as before).
        """
        if written is not None:
            quick = self._patched(paths, written, removed)
            if quick is not None:
                return quick
        touched = None if written is None else set(written)
        files: dict[str, tuple[tuple[int, int, int], bytes]] = {}
        changed: set[str] = set()
        for rel in paths:
            old = self._files.get(rel)
            if old is not None and touched is not None and rel not in touched:
                files[rel] = old
                continue
            path = self.root / rel
            try:
                stat = path.stat()
                key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
                if old is not None and old[0] == key:
                    files[rel] = old
                    continue
                digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            except OSError:
                continue
            files[rel] = (key, digest)
            if old is None or old[1] != digest:
                changed.add(rel)
        changed |= self._files.keys() - files.keys()
        self._files = files
        return changed

    def _patched(
        self, paths: Collection[str], written: Iterable[str], removed: Iterable[str]
    ) -> set[str] | None:
        """`update` when the build names every file it wrote or removed; None if the
        files then known are not as many as `paths` (a file the build did not name)."""
        files = dict(self._files)
        changed = {rel for rel in removed if files.pop(rel, None) is not None}
        for rel in written:
            entry = self._entry(rel, files.get(rel))
            if entry is None:
                files.pop(rel, None)
                changed.add(rel)
            elif entry != files.get(rel):
                if rel not in files or files[rel][1] != entry[1]:
                    changed.add(rel)
                files[rel] = entry
        if len(files) != len(paths):
            return None
        self._files = files
        return changed

    def _entry(
        self, rel: str, old: tuple[tuple[int, int, int], bytes] | None
    ) -> tuple[tuple[int, int, int], bytes] | None:
        """The file's stat and digest now (its old entry if the stat is the same)."""
        path = self.root / rel
        try:
            stat = path.stat()
            key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            if old is not None and old[0] == key:
                return old
            return key, hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            return None


class Session:
    """Rebuilds the preview folder and tells the hub (and the terminal) what came of it."""

    def __init__(
        self,
        options: ServeOptions,
        preview: Path,
        hub: Hub,
        out: TextIO,
        err: TextIO,
        indexer: Callable[[], Indexer] = default_indexer,
    ) -> None:
        self.options = options
        self.root = options.source.resolve()
        self.preview = preview
        self.hub = hub
        self.out = out
        self.err = err
        self.index = OutputIndex(preview)
        self.warnings: list[str] = []
        self.memo = Memo(slot="serve", index=False)
        """Kept for the whole session: what makes a rebuild after one save fast."""
        self.trusted = False
        """The last build succeeded and saw every change the watcher told of before: the
        next may be told which files changed (`BuildOptions.touched`). After a failure the
        changes it was told of are not in the output, so the next build compares all."""
        self.writing = threading.Lock()
        """Held while a build or the search index writes the preview folder."""
        self.search = Indexing(
            preview,
            preview.parent,
            hub,
            self.writing,
            lambda line, error: self._say(line, to=self.err if error else None),
            indexer,
        )

    def rebuild(self, changes: list[Change]) -> None:
        with self.writing:
            self._rebuild(changes)

    def _rebuild(self, changes: list[Change]) -> None:
        started = time.perf_counter()
        what = describe_changes(changes)
        trusted, self.trusted = self.trusted, False  # until this build succeeds
        try:
            config = preview_config(load_config(self.root))
            report = build(
                config,
                BuildOptions(
                    drafts=self.options.drafts,
                    future=self.options.future,
                    out_dir=self.preview,
                    index_later=True,
                    touched=_touched(config, changes) if trusted else None,
                ),
                memo=self.memo,
            )
        except BriefError as exc:
            self._failed(what, formatted(exc.problems), summary(exc.problems))
            return
        except Exception as exc:  # a bug must not end the preview; show it like any error
            traceback.print_exc()
            self._failed(what, [f"brief: internal error: {type(exc).__name__}: {exc}"], "a bug")
            return
        self.trusted = True
        changed = self._changed(report)
        warnings = formatted(report.warnings)
        if warnings != self.warnings:
            self.warnings = warnings
            self._say(*warnings, to=self.err)
        if changed:
            self.hub.changed(changed)
        else:
            self.hub.recovered()
        ms = (time.perf_counter() - started) * 1000
        rendered = report.rendered
        files = f"{len(changed)} file{'s' if len(changed) != 1 else ''} changed"
        if not changes:
            what = (
                f"built {len(report.pages)} files ({report.articles} articles, {report.tags} tags)"
            )
        self._say(f"{_clock()} {what}: {rendered} pages rendered, {files}, {ms:.0f} ms")
        # The pages are told first; the index follows in its own thread (preview/indexing).
        if config.search.enabled:
            self.search.submit(report.search)
        else:
            self.search.clear()

    def _changed(self, report: BuildReport) -> set[str]:
        """Files whose bytes differ from what the pages have: a re-rendered page that came
        out the same needs no reload."""
        return self.index.update(report.pages, report.written, report.removed)

    def _failed(self, what: str, lines: list[str], count: str) -> None:
        self.hub.failed(lines)
        self._say(*lines, to=self.err)
        self._say(f"{_clock()} {what}: build failed: {count}; still serving the last good build")

    def _say(self, *lines: str, to: TextIO | None = None) -> None:
        """Print to the terminal; one that is gone (a closed pipe) is not the preview's
        problem: the index thread says its last line after the reader left, too."""
        try:
            for line in lines:
                print(line, file=to or self.out, flush=True)
        except (BrokenPipeError, ValueError):  # a closed pipe, or a stream closed here
            pass


def _touched(config: SiteConfig, changes: list[Change]) -> tuple[str, ...] | None:
    """The files of a batch of changes to content only, as the build lists them; None
    (list and compare everything) when anything else changed too."""
    if not changes or any(c.kind != "content" for c in changes):
        return None
    return tuple(sorted({os.path.join(config.root, c.path) for c in changes}))


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


WORKDIR_PREFIX = "brief-serve-"
LOCK = ".lock"


def make_workdir() -> tuple[Path, int]:
    """A private temp folder for this session, locked while it runs; returns it and the lock.

    Folders of earlier sessions that were killed (and so could not clean up) are removed:
    a folder whose lock nobody holds belongs to no running session.
    """
    for old in Path(tempfile.gettempdir()).glob(WORKDIR_PREFIX + "*"):
        try:
            fd = os.open(old / LOCK, os.O_RDWR)
        except OSError:
            continue  # not ours, or just being made
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a running session
        else:
            shutil.rmtree(old, ignore_errors=True)
        finally:
            os.close(fd)
    workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
    lock = os.open(workdir / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    return workdir, lock


def serve(options: ServeOptions, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run the preview until Ctrl-C (or SIGTERM); returns the exit code."""
    root = options.source.resolve()
    if not (root / CONFIG_NAME).is_file():  # other config mistakes are shown while serving
        print(f"{root / CONFIG_NAME}: error: no {CONFIG_NAME} here; pass --source DIR", file=err)
        return 1
    workdir, lock = make_workdir()
    preview = workdir / "site"  # the build stages its sibling folders in workdir too
    hub = Hub()
    server: PreviewServer | None = None
    session: Session | None = None
    watcher: Watcher | None = None
    thread: threading.Thread | None = None
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler) if main else None
    try:
        try:
            # Reached from the network, it also answers to this machine's name.
            names = () if is_loopback(options.host) else (socket.gethostname(),)
            server = bind(options.host, options.port, preview, hub, hosts=names)
        except OSError as exc:
            print(_bind_error(exc, options), file=err)
            return 2
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        thread.start()
        batcher = Batcher()
        watcher = Watcher(root, batcher, skip=[workdir])
        watcher.start()
        print(f"serving {root} at {server.url} (Ctrl-C to stop)", file=out)
        print(f"preview folder: {preview}", file=out, flush=True)
        if not is_loopback(options.host):
            print(
                f"warning: listening on {options.host}: the preview (drafts too, with --drafts) "
                "is reachable from the network",
                file=err,
                flush=True,
            )
        session = Session(options, preview, hub, out, err)
        session.rebuild([])
        if options.open_browser:
            webbrowser.open(server.url)
        while True:
            changes = batcher.wait(timeout=0.5)
            if changes:
                session.rebuild(changes)
    except KeyboardInterrupt:
        pass
    finally:
        if main:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop cleanup
        try:
            if session is not None:
                session.search.close()
            _close(server, thread, watcher, hub)
            _remove(workdir, lock)
        finally:
            if main:
                signal.signal(signal.SIGINT, signal.default_int_handler)
                signal.signal(signal.SIGTERM, previous)
    print("stopped; preview folder removed", file=out, flush=True)
    return 0


def _close(
    server: PreviewServer | None,
    thread: threading.Thread | None,
    watcher: Watcher | None,
    hub: Hub,
) -> None:
    hub.close()
    if watcher is not None:
        watcher.stop()
    if server is not None:
        if thread is not None:
            server.shutdown()
        server.server_close()


def _remove(workdir: Path, lock: int) -> None:
    """Take the session's folder away now and delete it in a detached process: at 100,000
    articles it holds 300,000 files, whose deletion took longer than a writer should wait
    for Ctrl-C. The folder is renamed first (at once, so its path is gone when the session
    says so), and the remover inherits the folder's lock: until it is done, no new session
    takes the folder for a dead one's (`make_workdir`); if it is killed, the next does."""
    gone = workdir.with_name(workdir.name.replace(WORKDIR_PREFIX, WORKDIR_PREFIX + "gone-", 1))
    try:
        workdir.rename(gone)
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                str(gone),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            pass_fds=(lock,),
        )
    except OSError:
        shutil.rmtree(gone if gone.exists() else workdir, ignore_errors=True)
    finally:
        os.close(lock)


def _bind_error(exc: OSError, options: ServeOptions) -> str:
    if isinstance(exc, PortInUse):
        hint = (
            "pass another --port, or leave --port out to take the next free one"
            if options.port is not None
            else "pass a free --port"
        )
        return f"brief: error: {exc.strerror}; {hint}"
    return f"brief: error: cannot listen on {options.host}: {exc.strerror or exc}"


def preview_config(config: SiteConfig) -> SiteConfig:
    """The site as the preview builds it: with plain asset names, so a stylesheet edit is
    swapped into the open page in place (a hashed name would change every page)."""
    return dataclasses.replace(config, host=dataclasses.replace(config.host, fingerprint=False))
