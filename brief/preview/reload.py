"""Live reload: the state the open pages follow, and the script that follows it.

The `Hub` holds the build epoch and the last build's errors and sends every change to the
open event streams; `inject` adds the script to each HTML page on its way out, so the files
on disk never carry it.
"""

from __future__ import annotations

import collections
import hashlib
import html
import json
import queue
import secrets
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brief.site import routes

RESERVED_PATH = "/__brief__/"
EVENTS_URL = RESERVED_PATH + "events"
SCRIPT_URL = RESERVED_PATH + "livereload.js"
SCRIPT = (Path(__file__).parent / "livereload.js").read_bytes()
SCRIPT_VERSION = hashlib.blake2b(SCRIPT, digest_size=6).hexdigest()
"""In the script's URL, so browsers may keep it without asking again on every reload."""
ANY_PAGE = "*"
"""The page name of responses that should reload on any change (404s: the page may appear)."""

SEARCH_INDEX = routes.SEARCH_INDEX.lstrip("/")
SEARCH_PAGE = routes.output_path(routes.SEARCH)


def inject(page_html: bytes, page: str, epoch: str) -> bytes:
    """`page_html` with the live-reload script before its last `</body>` (or at the end)."""
    tag = (
        f'<script src="{SCRIPT_URL}?v={SCRIPT_VERSION}" data-page="{html.escape(page)}" '
        f'data-epoch="{html.escape(epoch)}"></script>'
    ).encode()
    at = page_html.lower().rfind(b"</body>")
    return page_html + tag if at < 0 else page_html[:at] + tag + page_html[at:]


REPLAYED = 16
"""Change messages kept for a stream that opens after them (`Hub.subscribe`)."""
REPLAYED_PAGES = 1000
"""A change of more pages is kept as one that reloads every page (not its list)."""

Frame = bytes | None
"""One Server-Sent Events frame, or None: the server is closing, end the stream."""


class Hub:
    """The live-reload state, and the open event streams it is sent to.

    The state is the build epoch (which build the preview folder holds; it changes on every
    build that changed a file, and on every server start) and the errors of the last build.
    """

    def __init__(self, limit: int = 256, heartbeat: float = 10.0) -> None:
        self.limit = limit
        self.heartbeat = heartbeat
        self._token = secrets.token_hex(4)
        self._count = 0
        self.epoch = f"{self._token}.0"
        self.error: list[str] | None = None
        self._lock = threading.Lock()
        self._clients: set[queue.Queue[Frame]] = set()
        self._closed = False
        self._recent: collections.deque[tuple[str, bytes]] = collections.deque(maxlen=REPLAYED)
        """The last change messages, for a stream opened by a page of an earlier epoch."""

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def clients(self) -> int:
        with self._lock:
            return len(self._clients)

    def subscribe(self, since: str | None = None) -> tuple[queue.Queue[Frame], bytes] | None:
        """A queue for a new stream and its first frames; None when full.

        The first frames are the current state, after the changes made since epoch `since`
        (the epoch of the page opening the stream) when they are all still known. A page
        whose stream was held by another tab that reloaded (the holder of the one stream
        that all tabs share) reopens it a moment later: it is told what it missed, and
        reloads only if that changed it, not because it missed something."""
        with self._lock:
            if self._closed or len(self._clients) >= self.limit:
                return None
            q: queue.Queue[Frame] = queue.Queue(maxsize=64)
            self._clients.add(q)
            state = _frame({"type": "state", "epoch": self.epoch, "error": self.error})
            return q, b"".join(self._since(since)) + state

    def _since(self, epoch: str | None) -> list[bytes]:
        """The frames of the changes after `epoch`, oldest first; none if it is not known."""
        recent = list(self._recent)
        for i, (prev, _) in enumerate(recent):
            if prev == epoch:
                return [frame for _, frame in recent[i:]]
        return []

    def unsubscribe(self, q: queue.Queue[Frame]) -> None:
        with self._lock:
            self._clients.discard(q)

    def changed(self, files: Iterable[str]) -> None:
        """A build succeeded and changed `files` (paths relative to the preview folder)."""
        files = sorted(files)
        # The search index is read by the search page alone: a re-index reloads that page.
        index = [f for f in files if f.startswith(SEARCH_INDEX)]
        files = [f for f in files if not f.startswith(SEARCH_INDEX)]
        files += [SEARCH_PAGE] if index and SEARCH_PAGE not in files else []
        with self._lock:
            prev = self.epoch
            self._count += 1
            self.epoch = f"{self._token}.{self._count}"
            self.error = None
            self._change(
                {
                    "type": "change",
                    "prev": prev,
                    "epoch": self.epoch,
                    "error": None,
                    "pages": [f for f in files if f.endswith((".html", ".htm"))],
                    "css": ["/" + f for f in files if f.endswith(".css")],
                    # a changed image or script may be shown by any page (a JSON feed is not)
                    "unsure": any(
                        not f.endswith((".html", ".htm", ".css", ".xml", ".txt", "feed.json"))
                        for f in files
                    ),
                }
            )

    def _change(self, message: dict[str, Any]) -> None:
        """Send a change and keep it to replay (a big one as "reload whatever you show")."""
        frame = _frame(message)
        kept = frame
        if len(message["pages"]) > REPLAYED_PAGES:
            kept = _frame({**message, "pages": [], "css": [], "unsure": True})
        self._recent.append((message["prev"], kept))
        self._send_frame(frame)

    def failed(self, problems: list[str]) -> None:
        with self._lock:
            self.error = problems
            self._send({"type": "state", "epoch": self.epoch, "error": problems})

    def recovered(self) -> None:
        """A build succeeded without changing any file, after one that failed."""
        with self._lock:
            if self.error is not None:
                self.error = None
                self._send({"type": "state", "epoch": self.epoch, "error": None})

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for q in self._clients:
                _offer(q, None)
            self._clients.clear()

    def _send(self, message: dict[str, Any]) -> None:
        self._send_frame(_frame(message))

    def _send_frame(self, frame: bytes) -> None:
        for q in list(self._clients):
            if not _offer(q, frame):
                self._clients.discard(q)  # not reading: its stream ends on the write timeout


def _frame(message: dict[str, Any]) -> bytes:
    """The message as an event whose id is its epoch: a stream the browser reopens by
    itself sends it back (`Last-Event-ID`), and is told only what came after."""
    data = json.dumps(message, separators=(",", ":"))
    return f"id: {message['epoch']}\ndata: {data}\n\n".encode()


def _offer(q: queue.Queue[Frame], frame: Frame) -> bool:
    try:
        q.put_nowait(frame)
    except queue.Full:
        return False
    return True
