"""Pagefind (https://pagefind.app) as the site's `Indexer`: a maintained index and search UI
that run from static files, offline, with no search server.

The pages go to Pagefind's own Python API (`pagefind.service`, which runs the binary of
`pagefind[extended]` as a service over pipes) as files: one `add_directory` per page, with
a glob that is just that page's path, so the binary reads each file itself, in the order
given (a folder walk would take them in the file system's order, and the index's page
numbers with it). That is the quickest way the API has (bench/index_routes.py): no HTML
goes through the pipe, and the binary's parsing, its one slow part besides building the
index, is the same for every route. A page whose URL is not its path's (none of brief's)
goes as a string. The index comes back from `get_files()` as bytes: Pagefind writes
nothing; `stable.stable` then makes the files that Pagefind orders by a seeded hash map the
same for the same pages. Two things of that API are replaced, in `_Service`, for this pinned version: it
waits 0.1 s before reading each response (1,000 pages would take 100 s) and reads each with
a 2 MiB limit (a large index is more), and when the binary dies its waiting calls never
return. Here responses are read as they come, of any size, and a binary that stops fails
every waiting call at once.

`PAGEFIND_BINARY_PATH` (Pagefind's own setting) names another binary; a missing or
crashing one is an `IndexFailed`, never a hang.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import concurrent.futures
import contextlib
import json
import re
import threading
from collections.abc import Awaitable, Sequence
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any, cast

from pagefind.index import PagefindIndex
from pagefind.service import PagefindService, get_executable

from brief.search.protocol import IndexFailed
from brief.search.stable import ENTRY, stable

UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")
"""Bundle files of UIs the search page does not use: not published."""
MERGED = (ENTRY, "fragment/", "index/", "filter/")
"""What a bundle merged into another in the browser is read for (and its `.pf_meta`): the
scripts, styles and WebAssembly come from the bundle it is merged into."""
TIMEOUT = 600.0
"""Seconds an index may take before the binary counts as hung."""


def _version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "missing"


class Pagefind:
    """Index pages with the Pagefind binary; see the module's docstring."""

    def __init__(self) -> None:
        self.version = f"pagefind {_version()} {_executable()}"

    def index(self, pages: Sequence[tuple[str, Path]], merged: bool = False) -> dict[str, bytes]:
        """The bundle's files (path within the bundle folder -> bytes) for `pages`, each a
        (URL, HTML file) pair, added in the order given; made the same for the same pages.
        `merged`: only the files a bundle merged into another needs."""
        return self._given(pages, merged).finish()

    def made(self, pages: Sequence[tuple[str, Path]]) -> dict[str, bytes]:
        """Every file Pagefind returns for `pages`, as it returns them."""
        return self._given(pages).made()

    def _given(self, pages: Sequence[tuple[str, Path]], merged: bool = False) -> Session:
        session = self.session(merged)
        for url, path in pages:
            session.add(url, path)
        return session

    def session(self, merged: bool = False) -> Session:
        """An index made while its pages are still being written (see `Session`)."""
        return Session(merged)


class Session:
    """One index, its pages handed over one at a time: the binary starts now and reads
    each page as it is added, while the caller goes on (renders the next pages), and
    `finish` returns the bundle's files as `Pagefind.index` does. The binary runs under an
    event loop in a thread of its own, which must not meet one the caller may be running
    (a browser driven from a test, a server's); start a session after forking, never
    before (a fork copies no thread but the caller's)."""

    def __init__(self, merged: bool = False) -> None:
        self._merged = merged
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._queue: asyncio.Queue[tuple[str, Path] | None] = asyncio.Queue()
        self._ended = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="pagefind", daemon=True)
        self._thread.start()
        self._work = asyncio.run_coroutine_threadsafe(self._run(), self._loop)
        self._open = True

    def add(self, url: str, path: Path) -> None:
        """Have the binary read the page at `path` (absolute, written whole) as `url`,
        after every page added before it."""
        self._loop.call_soon_threadsafe(self._queue.put_nowait, (url, path))

    def finish(self) -> dict[str, bytes]:
        """Every page is added: the bundle's files, made the same for the same pages;
        raises `IndexFailed`."""
        files = stable(self.made())
        if self._merged:
            return {
                p: data
                for p, data in sorted(files.items())
                if p.startswith(MERGED) or p.endswith(".pf_meta")
            }
        return {p: data for p, data in sorted(files.items()) if not p.startswith(UNUSED)}

    def made(self) -> dict[str, bytes]:
        """Every page is added: every file Pagefind returns, as it returns them."""
        self._loop.call_soon_threadsafe(self._queue.put_nowait, None)
        try:
            made = self._work.result(timeout=TIMEOUT)
        except concurrent.futures.TimeoutError:
            raise IndexFailed(f"Pagefind took more than {TIMEOUT:.0f} s and was stopped") from None
        except OSError as exc:
            raise IndexFailed(f"could not run the Pagefind binary: {exc}") from None
        finally:
            self.close()
        return made

    def close(self) -> None:
        """Stop the binary, whatever it is doing, and end the thread (again: nothing)."""
        with self._lock:
            if not self._open:
                return
            self._open = False
        self._work.cancel()  # the task's own handling stops the binary
        self._ended.wait(10.0)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()

    def _serve(self) -> None:
        """The thread: the loop until `close`, then what `asyncio.run` does at its end."""
        loop = self._loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            left = asyncio.all_tasks(loop)
            for task in left:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
            asyncio.set_event_loop(None)
            loop.close()

    async def _run(self) -> dict[str, bytes]:
        try:
            return await _index(self._queue)
        finally:
            self._ended.set()


def _executable() -> str:
    return str(get_executable())


async def _index(queue: asyncio.Queue[tuple[str, Path] | None]) -> dict[str, bytes]:
    service = _Service()
    await service.launch()
    adding: list[asyncio.Future[object]] = []
    try:
        index = await service.create_index(None)
        # Each request is written as its page comes, before any answer is awaited: the
        # binary takes them one by one in the order they were added.
        while (page := await queue.get()) is not None:
            adding.append(asyncio.ensure_future(_add(index, *page)))
        await asyncio.gather(*adding)
        files = await index.get_files()
    except (IndexFailed, asyncio.CancelledError):
        for task in adding:
            task.cancel()
        await asyncio.gather(*adding, return_exceptions=True)
        await service.stop()
        raise
    except Exception as exc:  # a broken pipe to a binary that died, or its error answer
        await service.stop(wait=True)
        raise IndexFailed(service.failure(exc)) from None
    await service.stop()
    return {str(f["path"]): bytes(f["content"]) for f in files}


def _add(index: PagefindIndex, url: str, path: Path) -> Awaitable[object]:
    """Have Pagefind read the page at `path`, or send it as a string when Pagefind would not
    give it `url` from its path."""
    folder = _folder(url, path)
    if folder is None:
        return index.add_html_file(content=path.read_text(encoding="utf-8"), url=url)
    return _read(index, folder, path.relative_to(folder).as_posix())


async def _read(index: PagefindIndex, folder: Path, rel: str) -> None:
    found = await index.add_directory(str(folder), glob=glob_literal(rel))
    if found.get("page_count") != 1:
        raise IndexFailed(f"Pagefind did not read {folder / rel}")


def _folder(url: str, path: Path) -> Path | None:
    """The folder from which Pagefind makes `url` of `path` (`/a/b/` of `a/b/index.html`,
    as it does without `keep_index_url`), if there is one."""
    if not url.startswith("/") or not url.endswith("/") or "\\" in url:
        return None
    parts = PurePosixPath(url.lstrip("/") + "index.html").parts
    if "/" + "/".join([*parts[:-1], ""]) != url:  # an empty or "." segment
        return None
    if not path.is_absolute() or path.parts[-len(parts) :] != parts:
        return None
    return Path(*path.parts[: -len(parts)])


def glob_literal(rel: str) -> str:
    """A glob (Pagefind's, wax's syntax) that matches just `rel`: its metacharacters
    escaped. A backslash cannot be escaped in it; `_folder` sends such a path as a string."""
    return re.sub(r"([?*$:<>()\[\]{},])", r"\\\1", rel)


class _Service(PagefindService):
    """Pagefind's service client, reading responses as they arrive (see the module)."""

    _said: bytes = b""
    """What the binary wrote that was no response (its error output, say)."""

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        buffer = bytearray()
        start = 0
        while True:
            chunk = await stdout.read(1 << 20)
            if not chunk:
                break
            buffer += chunk
            while (end := buffer.find(b",", start)) != -1:
                self._answer(bytes(buffer[:end]))
                del buffer[: end + 1]
                start = 0
            start = len(buffer)
        self._said += bytes(buffer)
        code = await self._backend.wait()
        for future in self._responses.values():
            if not future.done():
                future.set_exception(IndexFailed(self.failure(None, code)))
                future.exception()  # seen here: a call that no longer waits logs nothing

    def _answer(self, message: bytes) -> None:
        try:
            response = json.loads(base64.b64decode(message, validate=True))
        except (binascii.Error, ValueError):
            self._said += message + b","
            return
        payload = response.get("payload") or {}
        ident = response.get("message_id")
        if ident is None and payload.get("original_message"):
            with contextlib.suppress(ValueError, TypeError):
                ident = json.loads(payload["original_message"]).get("message_id")
        future = self._responses.get(ident)
        if future is None or future.done():
            return
        if payload.get("type") == "Error":
            future.set_exception(IndexFailed(f"Pagefind: {payload.get('message')}"))
            future.exception()
        else:
            future.set_result(cast(Any, payload))

    def failure(self, exc: BaseException | None, code: int | None = None) -> str:
        """Why indexing failed, with what the binary said."""
        if isinstance(exc, IndexFailed):
            return str(exc)
        code = self._backend.returncode if code is None else code
        said = self._said.decode("utf-8", "replace").strip()
        what = f"the Pagefind binary stopped (exit code {code})" if code is not None else str(exc)
        return what + (f": {said[:500]}" if said else "")

    async def stop(self, wait: bool = False) -> None:
        """End the binary and the reader, whatever state they are in; `wait`: first let the
        reader take in what a dying binary still said (for a second at most)."""
        if wait:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(self._poll_task), 1.0)
        self._poll_task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._poll_task
        if self._backend.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._backend.terminate()
        await self._backend.wait()
