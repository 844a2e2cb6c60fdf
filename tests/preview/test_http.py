"""The preview server over real HTTP: content types, folders, redirects, 404s, HEAD, conditional
requests, refusal of every path that leads out of the preview folder, the live-reload stream
under many connections, and `brief serve` itself as a subprocess: startup, errors, Ctrl-C, and
a preview that stays byte-identical to a clean build through random edits."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from brief.build import BuildOptions, build
from brief.config import load_config
from brief.preview.http import PortInUse, PreviewServer, bind
from brief.preview.reload import REPLAYED_PAGES, SCRIPT, SCRIPT_URL, Hub, inject
from brief.preview.session import preview_config
from tests.helpers import BASIC_CONFIG, REPO, article, tree, vnu

WAIT = 30.0
"""Generous: machines running tests are noisy. Nothing here asserts how fast anything is."""


# --- helpers -------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def raw_request(port: int, target: bytes, method: bytes = b"GET", headers: bytes = b"") -> Reply:
    """Send a request line exactly as given (no client-side normalising) and read the reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
        sock.sendall(
            method + b" " + target + b" HTTP/1.1\r\nHost: localhost\r\n" + headers + b"\r\n"
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return parse_reply(data)


def parse_reply(data: bytes) -> Reply:
    """A raw HTTP response as status, headers (lower-case names) and body."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    assert lines[0].startswith("HTTP/"), data[:200]
    status = int(lines[0].split()[1])
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return Reply(status, fields, body)


def get(port: int, path: str, method: str = "GET", **headers: str) -> Reply:
    extra = "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items()).encode()
    return raw_request(port, path.encode(), method.encode(), extra)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(check: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


class EventStream:
    """A raw live-reload connection, read one Server-Sent Events message at a time."""

    def __init__(self, port: int, query: str = "", last: str | None = None) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
        ask = f"GET /__brief__/events{query} HTTP/1.1\r\nHost: localhost\r\n"
        ask += f"Last-Event-ID: {last}\r\n" if last is not None else ""
        self.sock.sendall(ask.encode() + b"\r\n")
        self.buffer = b""
        head = self._until(b"\r\n\r\n")
        self.status = int(head.split()[1])

    def _until(self, mark: bytes) -> bytes:
        while mark not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("stream closed")
            self.buffer += chunk
        item, _, self.buffer = self.buffer.partition(mark)
        return item

    def message(self) -> dict[str, object]:
        """The next data message (skipping the retry hint and heartbeats)."""
        while True:
            frame = self._until(b"\n\n").decode()
            data = [line[5:].strip() for line in frame.split("\n") if line.startswith("data:")]
            if data:
                message: dict[str, object] = json.loads("".join(data))
                return message

    def close(self, reset: bool = False) -> None:
        if reset:  # vanish without a goodbye: the server sees a reset, not a close
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


@dataclass
class Served:
    root: Path
    hub: Hub
    port: int


SECRET = b"top secret, outside the preview folder"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """An in-process preview server over a small folder, with a secret file beside it."""
    root = tmp_path / "preview"
    files = {
        "index.html": b"<!DOCTYPE html><html><body><p>home</p></body></html>\n",
        "404.html": b"<!DOCTYPE html><html><body><p>site 404 page</p></body></html>\n",
        "tags/index.html": b"<!DOCTYPE html><html><body><p>topics</p></body></html>\n",
        "tags/ukraine/index.html": b"<!doctype html><HTML><BODY>ukraine</BODY></HTML>\n",
        "style.css": b"body { color: #222 }\n",
        "feed.xml": b"<?xml version='1.0'?><feed/>\n",
        "sitemap.xml": b"<?xml version='1.0'?><urlset/>\n",
        "robots.txt": b"User-agent: *\n",
        "media/photo.jpg": b"\xff\xd8\xff",
        "media/photo.png": b"\x89PNG",
        "media/logo.svg": b"<svg/>",
        "media/photo.webp": b"RIFF",
        "fonts/a.woff2": b"wOF2",
        "app.js": b"console.log(1)\n",
        "data.json": b"{}",
        "file.unknownext": b"?",
        "no-body.html": b"<p>fragment</p>",
        "pagefind/wasm.en.pagefind": b"\x1f\x8b",
        "pagefind/fragment/en_1a2b3c4.pf_fragment": b"\x1f\x8b",
        "pagefind/pagefind-entry.json": b"{}",
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    os.symlink(tmp_path, root / "out-dir")
    os.symlink(tmp_path / "secret.txt", root / "out-file.txt")
    os.symlink("/etc", root / "etc-link")
    hub = Hub(heartbeat=0.2, limit=150)
    server = PreviewServer(("127.0.0.1", 0), root, hub)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Served(root, hub, server.server_address[1])
    finally:
        hub.close()
        server.shutdown()
        server.server_close()
        thread.join(WAIT)


# --- files, folders, types -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/feed.xml", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/media/photo.jpg", "image/jpeg"),
        ("/media/photo.png", "image/png"),
        ("/media/logo.svg", "image/svg+xml"),
        ("/media/photo.webp", "image/webp"),
        ("/fonts/a.woff2", "font/woff2"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/file.unknownext", "application/octet-stream"),
        # the search index: data Pagefind's script unpacks itself, never Content-Encoding
        ("/pagefind/wasm.en.pagefind", "application/octet-stream"),
        ("/pagefind/fragment/en_1a2b3c4.pf_fragment", "application/octet-stream"),
        ("/pagefind/pagefind-entry.json", "application/json"),
        (SCRIPT_URL, "text/javascript; charset=utf-8"),
    ],
)
def test_every_file_has_its_content_type(served: Served, path: str, kind: str) -> None:
    reply = get(served.port, path)
    assert reply.status == 200
    assert reply.headers["content-type"] == kind
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_a_folder_serves_its_index_html(served: Served) -> None:
    reply = get(served.port, "/tags/")
    assert reply.status == 200
    assert b"<p>topics</p>" in reply.body
    assert get(served.port, "/tags/?q=1").status == 200


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/tags", "/tags/"),
        ("/tags/ukraine", "/tags/ukraine/"),
        ("/tags/ukraine?page=2", "/tags/ukraine/?page=2"),
        ("//tags", "/tags/"),
    ],
)
def test_a_folder_without_slash_redirects(served: Served, path: str, location: str) -> None:
    reply = get(served.port, path)
    assert reply.status == 301
    assert reply.headers["location"] == location


def test_a_missing_page_gets_the_sites_404_page_with_status_404(served: Served) -> None:
    reply = get(served.port, "/no/such/page/")
    assert reply.status == 404
    assert b"site 404 page" in reply.body
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert SCRIPT_URL.encode() in reply.body  # it reloads when the page appears
    assert get(served.port, "/__brief__/nothing").status == 404


def test_without_a_404_page_a_plain_one_is_served(served: Served) -> None:
    (served.root / "404.html").unlink()
    reply = get(served.port, "/missing.html")
    assert reply.status == 404
    assert b"Not found" in reply.body


def test_head_has_the_headers_of_get_and_no_body(served: Served) -> None:
    for path in ("/", "/style.css", "/missing"):
        full = get(served.port, path)
        head = get(served.port, path, method="HEAD")
        assert head.status == full.status
        assert head.body == b""
        assert head.headers["content-length"] == str(len(full.body))
        assert head.headers["content-type"] == full.headers["content-type"]
        assert head.headers.get("etag") == full.headers.get("etag")


def test_conditional_get_with_etag(served: Served) -> None:
    for path in ("/", "/style.css"):
        first = get(served.port, path)
        etag = first.headers["etag"]
        again = get(served.port, path, If_None_Match=etag)
        assert again.status == 304
        assert again.body == b""
        assert get(served.port, path, If_None_Match='"other"').status == 200
    (served.root / "style.css").write_bytes(b"body { color: #000 }\n")
    changed = get(served.port, "/style.css", If_None_Match=etag)
    assert changed.status == 200
    assert changed.body == b"body { color: #000 }\n"


def test_conditional_get_with_last_modified(served: Served) -> None:
    first = get(served.port, "/style.css")
    stamp = first.headers["last-modified"]
    assert get(served.port, "/style.css", If_Modified_Since=stamp).status == 304
    old = time.time() - 3600
    os.utime(served.root / "style.css", (old, old))
    assert get(served.port, "/style.css", If_Modified_Since=stamp).status == 304
    new = time.time() + 3600
    os.utime(served.root / "style.css", (new, new))
    assert get(served.port, "/style.css", If_Modified_Since=stamp).status == 200


def test_html_gets_the_script_when_served_and_only_then(served: Served) -> None:
    on_disk = (served.root / "index.html").read_bytes()
    body = get(served.port, "/").body
    assert SCRIPT_URL.encode() not in on_disk
    assert body.count(SCRIPT_URL.encode()) == 1
    assert body.index(SCRIPT_URL.encode()) < body.index(b"</body>")
    assert body.replace(re.search(rb"<script [^>]*></script>", body)[0], b"") == on_disk  # type: ignore[index]
    assert b'data-page="index.html"' in body
    assert b'data-page="tags/ukraine/index.html"' in get(served.port, "/tags/ukraine/").body
    assert b"</BODY>" in get(served.port, "/tags/ukraine/").body
    assert get(served.port, "/no-body.html").body.startswith(b"<p>fragment</p><script ")
    assert SCRIPT_URL.encode() not in get(served.port, "/style.css").body
    assert SCRIPT_URL.encode() not in get(served.port, "/feed.xml").body


def test_inject_escapes_its_attributes() -> None:
    out = inject(b"<body></body>", 'a"<b>.html', "e")
    assert b'data-page="a&quot;&lt;b&gt;.html"' in out


def test_the_script_requests_nothing_from_other_hosts() -> None:
    code = re.sub(rb"^\s*//.*$", b"", SCRIPT, flags=re.M)
    assert not re.search(rb"(https?:)?//[a-z0-9]", code, flags=re.I)
    assert b"innerHTML" not in SCRIPT
    assert b"/__brief__/events" in SCRIPT


# --- never outside the preview folder --------------------------------------------------------

ESCAPES = [
    b"/../secret.txt",
    b"/../../../../../../etc/passwd",
    b"/%2e%2e/secret.txt",
    b"/%2E%2E/secret.txt",
    b"/.%2e/secret.txt",
    b"/%2e%2e%2fsecret.txt",
    b"/..%2fsecret.txt",
    b"/..%2Fsecret.txt",
    b"/%2f..%2fsecret.txt",
    b"/%2fetc%2fpasswd",
    b"/..\\secret.txt",
    b"/\\..\\secret.txt",
    b"/%5c..%5csecret.txt",
    b"/..%5Csecret.txt",
    b"/secret.txt%00",
    b"/%00/../secret.txt",
    b"/index.html%00/../../secret.txt",
    b"/\x00/../secret.txt",
    b"/tags/../../secret.txt",
    b"/./../secret.txt",
    b"//../secret.txt",
    b"/%252e%252e/secret.txt",
    b"/%c0%ae%c0%ae/secret.txt",
    b"/..;/secret.txt",
    b"/etc/passwd",
    b"//etc/passwd",
    b"/out-dir/secret.txt",
    b"/out-dir/",
    b"/out-file.txt",
    b"/etc-link/passwd",
    b"../secret.txt",
    b"secret.txt",
    b"*",
    b"http://preview/../secret.txt",
    b"file:///etc/passwd",
]


@pytest.mark.parametrize("target", ESCAPES, ids=[repr(t)[2:-1] for t in ESCAPES])
def test_no_request_leads_out_of_the_preview_folder(served: Served, target: bytes) -> None:
    for method in (b"GET", b"HEAD"):
        reply = raw_request(served.port, target, method)
        assert reply.status in (400, 404), (target, reply.status, reply.headers)
        assert SECRET not in reply.body
        assert b"root:" not in reply.body


def test_the_files_beside_the_escapes_are_served(served: Served) -> None:
    assert get(served.port, "/robots.txt").body == b"User-agent: *\n"
    assert get(served.port, "/tags/../robots.txt").status == 404  # dot segments are refused


# --- live-reload stream ----------------------------------------------------------------------


def test_the_stream_sends_the_state_then_every_change(served: Served) -> None:
    stream = EventStream(served.port)
    try:
        assert stream.status == 200
        first = stream.message()
        assert first == {"type": "state", "epoch": served.hub.epoch, "error": None}
        served.hub.changed(["tags/index.html", "style.css", "feed.xml", "tags/x/feed.json"])
        change = stream.message()
        assert change["type"] == "change"
        assert change["prev"] == first["epoch"]
        assert change["epoch"] == served.hub.epoch != first["epoch"]
        assert change["pages"] == ["tags/index.html"]
        assert change["css"] == ["/style.css"]
        assert change["unsure"] is False
        served.hub.changed(["media/photo.jpg"])
        assert stream.message()["unsure"] is True
        problem = "content/a.md:2:8: error: malformed YAML"
        served.hub.failed([problem])
        assert stream.message() == {"type": "state", "epoch": served.hub.epoch, "error": [problem]}
        # a page opened while the build is broken learns it at once
        late = EventStream(served.port)
        assert late.message()["error"] == [problem]
        late.close()
        served.hub.recovered()
        assert stream.message() == {"type": "state", "epoch": served.hub.epoch, "error": None}
    finally:
        stream.close()


def test_a_stream_opened_by_a_page_of_an_earlier_epoch_starts_with_what_it_missed(
    served: Served,
) -> None:
    """The tab holding the stream all tabs share reloads; another opens it again a moment
    later. Changes in between reach it first, then the state, so it reloads only if they
    touched it; a stream the browser reopens itself names its last event's id."""
    hub = served.hub
    start = hub.epoch
    hub.changed(["a/index.html"])
    middle = hub.epoch
    hub.changed(["b/index.html", "style.css"])
    stream = EventStream(served.port, f"?since={start}")
    try:
        first, second, state = stream.message(), stream.message(), stream.message()
        assert (first["prev"], first["epoch"], first["pages"]) == (start, middle, ["a/index.html"])
        assert (second["prev"], second["pages"], second["css"]) == (
            middle,
            ["b/index.html"],
            ["/style.css"],
        )
        assert state == {"type": "state", "epoch": hub.epoch, "error": None}
    finally:
        stream.close()
    # the browser's own reconnect: Last-Event-ID wins over the page's first epoch
    stream = EventStream(served.port, f"?since={start}", last=middle)
    try:
        assert stream.message()["prev"] == middle
        assert stream.message()["type"] == "state"
    finally:
        stream.close()
    # the current epoch, or one not known (another session's, long gone): the state alone
    for since in ("?since=feed.0", f"?since={hub.epoch}", "?since=%00%ff"):
        stream = EventStream(served.port, since)
        try:
            assert stream.message() == {"type": "state", "epoch": hub.epoch, "error": None}
        finally:
            stream.close()
    # a change of more pages than are kept is replayed as one that reloads every page
    before = hub.epoch
    hub.changed([f"p{i}/index.html" for i in range(REPLAYED_PAGES + 1)])
    stream = EventStream(served.port, f"?since={before}")
    try:
        big = stream.message()
        assert (big["pages"], big["unsure"]) == ([], True)
    finally:
        stream.close()


def test_served_pages_carry_the_current_epoch(served: Served) -> None:
    etag = get(served.port, "/").headers["etag"]
    assert f'data-epoch="{served.hub.epoch}"'.encode() in get(served.port, "/").body
    served.hub.changed(["index.html"])
    assert f'data-epoch="{served.hub.epoch}"'.encode() in get(served.port, "/").body
    assert get(served.port, "/", If_None_Match=etag).status == 200


def test_a_hundred_streams_and_vanishing_clients_leak_nothing(served: Served) -> None:
    baseline = threading.active_count()
    streams = [EventStream(served.port) for _ in range(100)]
    for stream in streams:
        assert stream.message()["type"] == "state"
    assert served.hub.clients == 100
    # the server still answers pages at once, and reaches every stream
    assert get(served.port, "/").status == 200
    served.hub.changed(["index.html"])
    for stream in streams:
        assert stream.message()["type"] == "change"
    for i, stream in enumerate(streams):
        stream.close(reset=i % 2 == 0)
    wait_until(lambda: served.hub.clients == 0, "every closed stream to be dropped")
    wait_until(lambda: threading.active_count() <= baseline, "the stream threads to end")
    assert get(served.port, "/").status == 200


def test_a_client_that_goes_before_reading_frees_its_thread(served: Served) -> None:
    baseline = threading.active_count()
    for _ in range(20):
        sock = socket.create_connection(("127.0.0.1", served.port), timeout=WAIT)
        sock.sendall(b"GET /__brief__/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    wait_until(lambda: served.hub.clients == 0, "the vanished streams to be dropped")
    wait_until(lambda: threading.active_count() <= baseline, "the stream threads to end")


def test_streams_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    hub = Hub(limit=2, heartbeat=0.2)
    server = PreviewServer(("127.0.0.1", 0), tmp_path, hub)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    port = server.server_address[1]
    try:
        kept = [EventStream(port), EventStream(port)]
        assert EventStream(port).status == 503
        kept[0].close()
        wait_until(lambda: hub.clients == 1, "a stream to be freed")
        assert EventStream(port).status == 200
        hub.close()  # stopping: no answer, which browsers retry, rather than an error status
        with pytest.raises(EOFError):
            EventStream(port)
    finally:
        hub.close()
        server.shutdown()
        server.server_close()
        thread.join(WAIT)


def test_port_in_use_is_an_error_or_the_next_port(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(PortInUse, match=f"port {port} on 127.0.0.1 is in use"):
            bind("127.0.0.1", port, tmp_path, Hub())
        server = bind("127.0.0.1", None, tmp_path, Hub(), first=port)
        try:
            assert server.server_address[1] > port
        finally:
            server.server_close()


# --- `brief serve` as a real subprocess --------------------------------------------------------

REBUILD = re.compile(r"^\d\d:\d\d:\d\d ")
INDEXED = re.compile(r"^\d\d:\d\d:\d\d search index of \d+ pages made")


class ServeProcess:
    """`python -m brief serve` on a free port; its output is collected line by line."""

    def __init__(
        self, root: Path, *args: str, port: int | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.port = port if port is not None else free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "brief",
                "serve",
                "--source",
                str(root),
                "--port",
                str(self.port),
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=None if env is None else {**os.environ, **env},
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._cond = threading.Condition()
        self._readers = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self.err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: object, lines: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            with self._cond:
                lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_for(
        self, pattern: str | re.Pattern[str], start: int = 0, stderr: bool = False
    ) -> re.Match[str]:
        """The first line of stdout (or stderr) from `start` on that matches `pattern`."""
        regex = re.compile(pattern)
        lines = self.err if stderr else self.out
        deadline = time.monotonic() + WAIT
        with self._cond:
            while True:
                for line in lines[start:]:
                    if found := regex.search(line):
                        return found
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._alive()):
                    pytest.fail(
                        f"no line matching {regex.pattern!r}; out:\n"
                        + "\n".join(self.out)
                        + "\nerr:\n"
                        + "\n".join(self.err)
                    )
                self._cond.wait(min(left, 0.2))

    def _alive(self) -> bool:
        return any(r.is_alive() for r in self._readers)

    def started(self, index: bool = True) -> ServeProcess:
        """Started, with the first build served and (`index`) its search index made."""
        self.wait_for(r"^preview folder: ")
        self.wait_for(REBUILD)
        if index:
            self.wait_for(INDEXED)
        return self

    @property
    def preview(self) -> Path:
        return Path(self.wait_for(r"^preview folder: (.*)$")[1])

    @property
    def url(self) -> str:
        return self.wait_for(r" at (http://\S+/) ")[1]

    def rebuilt(self, start: int, pattern: str = "") -> str:
        """The first rebuild line after output line `start` (containing `pattern`)."""
        return self.wait_for(re.compile(REBUILD.pattern + f".*{re.escape(pattern)}"), start)[0]

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(WAIT)
            raise
        for reader in self._readers:
            reader.join(WAIT)
        return code


@pytest.fixture
def serving() -> Iterator[Callable[..., ServeProcess]]:
    """serving(root, *args) -> a started `brief serve`; stopped (if still running) at the end."""
    started: list[ServeProcess] = []

    def start(
        root: Path, *args: str, port: int | None = None, env: dict[str, str] | None = None
    ) -> ServeProcess:
        proc = ServeProcess(root, *args, port=port, env=env)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.proc.poll() is None:
            proc.stop()


def small_site(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text(BASIC_CONFIG, encoding="utf-8")
    (root / "content" / "first.md").write_text(
        article("First news", "2022-02-27", "Talks begin.", tags="[Ukraine, Talks]")
    )
    (root / "content" / "second.md").write_text(
        article("Second news", "2022-02-28", "Talks end.", tags="[Ukraine]")
    )
    return root


def test_serve_prints_where_and_serves_a_preview_outside_public(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = small_site(tmp_path / "site")
    serve = serving(root).started()
    assert serve.url == f"http://127.0.0.1:{serve.port}/"
    preview = serve.preview
    assert not preview.is_relative_to(root)
    assert (preview / "index.html").is_file()
    assert not (root / "public").exists()
    assert not any(b"/__brief__/" in data for data in tree(preview).values())
    page = get(serve.port, "/2022/02/27/first-news/")
    assert page.status == 200
    assert b"Talks begin." in page.body
    assert SCRIPT_URL.encode() in page.body
    assert not [line for line in serve.err if "warning" in line]
    assert serve.stop() == 0


def recording_browser(folder: Path, record: Path) -> Path:
    """A stand-in browser that writes the URL it is given to `record`. Python's webbrowser
    module runs the command in $BROWSER (the usual way to choose one on Linux) with the URL;
    a real browser has no screen to open on here."""
    browser = folder / "fake-browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{record}"\n', encoding="utf-8")
    browser.chmod(0o755)
    return browser


def test_open_starts_the_users_browser_on_the_preview_url(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    opened = tmp_path / "opened.txt"
    browser = recording_browser(tmp_path, opened)
    root = small_site(tmp_path / "site")
    serve = serving(root, "--open", env={"BROWSER": str(browser)}).started()
    deadline = time.monotonic() + WAIT
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert opened.read_text(encoding="utf-8") == serve.url
    with urllib.request.urlopen(serve.url) as response:  # and the page it opens is there
        assert response.status == 200


def test_without_open_no_browser_starts(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    opened = tmp_path / "opened.txt"
    browser = recording_browser(tmp_path, opened)
    root = small_site(tmp_path / "site")
    serve = serving(root, env={"BROWSER": str(browser)}).started()
    start = len(serve.out)
    (root / "content" / "first.md").write_text(article("First news", "2022-02-27", "Edited."))
    serve.rebuilt(start)
    assert not opened.exists()


def test_ctrl_c_stops_cleanly_and_removes_the_preview(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    serve = serving(small_site(tmp_path / "site")).started()
    preview = serve.preview
    stream = EventStream(serve.port)  # an open live-reload connection must not hold it up
    stream.message()
    assert serve.stop(signal.SIGINT) == 0
    stream.close()
    assert "Traceback" not in "\n".join(serve.err)
    assert not preview.exists()
    assert serve.out[-1].startswith("stopped")
    # taken away at once, and deleted by a detached process soon after
    workdir = preview.parent
    gone = workdir.with_name(workdir.name.replace("brief-serve-", "brief-serve-gone-", 1))
    assert not workdir.exists()
    deadline = time.monotonic() + WAIT
    while gone.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not gone.exists()


def test_sigterm_stops_cleanly_too(tmp_path: Path, serving: Callable[..., ServeProcess]) -> None:
    serve = serving(small_site(tmp_path / "site")).started()
    preview = serve.preview
    assert serve.stop(signal.SIGTERM) == 0
    assert "Traceback" not in "\n".join(serve.err)
    assert not preview.exists()


def test_the_folder_of_a_killed_session_is_removed_by_the_next(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = small_site(tmp_path / "site")
    killed = serving(root).started()
    left = killed.preview.parent
    killed.stop(signal.SIGKILL)
    assert left.is_dir()
    running = serving(root).started()
    assert running.preview.is_dir()
    assert not left.exists()
    other = serving(root).started()  # and a running session's folder is left alone
    assert running.preview.is_dir()
    assert other.stop() == 0
    assert running.stop() == 0


def test_another_host_warns_that_the_preview_is_on_the_network(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    serve = serving(small_site(tmp_path / "site"), "--host", "0.0.0.0").started()
    serve.wait_for("reachable from the network", stderr=True)
    assert serve.url == f"http://127.0.0.1:{serve.port}/"  # an address a browser can open
    assert get(serve.port, "/").status == 200
    assert serve.stop() == 0


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    root = small_site(tmp_path / "site")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "brief", "serve", "--source", str(root), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
    assert proc.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_broken_build_keeps_the_last_good_one_and_reports_it(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = small_site(tmp_path / "site")
    serve = serving(root).started()
    good = tree(serve.preview)
    stream = EventStream(serve.port)
    assert stream.message()["error"] is None
    mark = len(serve.out)
    (root / "content" / "first.md").write_text("---\ntitle: [unclosed\ndate: 2022-02-27\n---\nX\n")
    line = serve.rebuilt(mark, "build failed")
    assert "content/first.md" in line
    state = stream.message()
    assert state["type"] == "state"
    problems = state["error"]
    assert isinstance(problems, list) and problems
    assert re.match(r"content/first\.md:\d+(:\d+)?: error: ", problems[0])
    serve.wait_for(f"^{re.escape(problems[0])}$", stderr=True)  # the same text as the terminal
    assert tree(serve.preview) == good
    assert b"Talks begin." in get(serve.port, "/2022/02/27/first-news/").body

    mark = len(serve.out)
    (root / "site.yaml").write_text("title: [broken\n")  # site.yaml mistakes too
    serve.rebuilt(mark, "build failed")
    errors = stream.message()["error"]
    assert isinstance(errors, list)
    assert any(p.startswith("site.yaml:") for p in errors)

    mark = len(serve.out)
    (root / "site.yaml").write_text(BASIC_CONFIG)
    (root / "content" / "first.md").write_text(article("First news", "2022-02-27", "Fixed."))
    serve.rebuilt(mark, "changed")
    message = stream.message()
    while message["error"] is not None:  # the site.yaml fix alone may be built first
        message = stream.message()
    assert message["type"] == "change"
    assert "2022/02/27/first-news/index.html" in message["pages"]  # type: ignore[operator]
    assert b"Fixed." in get(serve.port, "/2022/02/27/first-news/").body
    stream.close()
    assert serve.stop() == 0


def test_a_site_broken_from_the_start_is_served_once_fixed(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = small_site(tmp_path / "site")
    (root / "content" / "first.md").write_text("---\ntitle: [unclosed\n---\n")
    serve = serving(root)
    serve.wait_for("build failed")
    reply = get(serve.port, "/")
    assert reply.status == 404
    assert SCRIPT_URL.encode() in reply.body  # so the overlay can show
    assert EventStream(serve.port).message()["error"]
    mark = len(serve.out)
    (root / "content" / "first.md").write_text(article("First news", "2022-02-27"))
    serve.rebuilt(mark, "changed")
    assert get(serve.port, "/").status == 200
    assert serve.stop() == 0


# --- the search index, made after the pages are served ----------------------------------

FIRST = "2022/02/27/first-news/index.html"


def slow_pagefind(folder: Path, seconds: float) -> Path:
    """The real Pagefind binary, started `seconds` late (through Pagefind's own
    PAGEFIND_BINARY_PATH): time to see what the preview serves before the index lands."""
    from pagefind.service import get_executable

    path = folder / "slow-pagefind"
    path.write_text(f"#!/bin/sh\nsleep {seconds}\nexec '{get_executable()}' \"$@\"\n")
    path.chmod(0o755)
    return path


def served_index(port: int) -> dict[str, bytes]:
    """The index the preview serves now: the entry, the meta file it names, and every
    filter and fragment file that names; each must be there (a 200)."""
    from tests.pagefind_files import decode

    def fetch(path: str) -> bytes:
        reply = get(port, "/pagefind/" + path)
        assert reply.status == 200, path
        return reply.body

    files = {"pagefind-entry.json": fetch("pagefind-entry.json")}
    (lang,) = json.loads(files["pagefind-entry.json"])["languages"].values()
    meta_path = f"pagefind.{lang['hash']}.pf_meta"
    files[meta_path] = fetch(meta_path)
    meta = decode(files[meta_path])
    for path in [f"filter/{h}.pf_filter" for _, h in meta[3]] + [
        f"fragment/{h}.pf_fragment" for h, _ in meta[1]
    ]:
        files[path] = fetch(path)
    return files


def indexed_text(files: dict[str, bytes]) -> str:
    return " ".join(
        gzip.decompress(data).decode() for p, data in files.items() if p.endswith(".pf_fragment")
    )


def test_a_save_reloads_its_page_first_and_the_search_page_once_the_index_lands(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = small_site(tmp_path / "site")
    slow = slow_pagefind(tmp_path, 2.0)
    serve = serving(root, env={"PAGEFIND_BINARY_PATH": str(slow)}).started()
    before = served_index(serve.port)
    stream = EventStream(serve.port)
    assert stream.message()["type"] == "state"
    mark = len(serve.out)
    (root / "content" / "first.md").write_text(
        article("First news", "2022-02-27", "Talks begin among wombats.")
    )
    page = stream.message()
    # the article reloads while the index is still the last one: it is made after
    assert page["type"] == "change" and FIRST in page["pages"]  # type: ignore[operator]
    assert "search/index.html" not in page["pages"]  # type: ignore[operator]
    assert b"among wombats" in get(serve.port, "/" + FIRST.removesuffix("index.html")).body
    assert served_index(serve.port) == before
    index = stream.message()  # then the index lands, and only the search page reloads
    assert index == {
        "type": "change",
        "prev": page["epoch"],
        "epoch": index["epoch"],
        "error": None,
        "pages": ["search/index.html"],
        "css": [],
        "unsure": False,
    }
    after = served_index(serve.port)  # whole: every file the new entry names is served
    assert "wombats" in indexed_text(after) and "wombats" not in indexed_text(before)
    serve.wait_for(INDEXED, mark)
    said = serve.out[mark:]
    built = next(i for i, line in enumerate(said) if REBUILD.match(line) and "changed" in line)
    assert built < next(i for i, line in enumerate(said) if INDEXED.match(line))
    stream.close()
    assert serve.stop() == 0


def test_a_save_while_the_index_is_made_ends_with_the_index_of_the_last_save(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = small_site(tmp_path / "site")
    slow = slow_pagefind(tmp_path, 1.5)
    serve = serving(root, env={"PAGEFIND_BINARY_PATH": str(slow)}).started()
    mark = len(serve.out)
    first = root / "content" / "first.md"
    first.write_text(article("First news", "2022-02-27", "Talks begin among wombats."))
    serve.rebuilt(mark, "changed")  # its index is now being made, slowly
    mark = len(serve.out)
    first.write_text(article("First news", "2022-02-27", "Talks begin among otters."))
    serve.rebuilt(mark, "changed")
    expected = clean_build(root, tmp_path / "clean")  # the real binary: the same index
    settled_tree(serve.preview, expected, "two saves, the second while indexing")
    text = indexed_text(served_index(serve.port))
    assert "otters" in text and "wombats" not in text
    assert serve.stop() == 0


def test_a_save_indexes_again_only_the_shard_of_the_story_saved(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = small_site(tmp_path / "site")
    for n in range(3, 9):
        (root / "content" / f"n{n}.md").write_text(article(f"News {n}", f"2022-02-0{n}"))
    (root / "site.yaml").write_text(BASIC_CONFIG + "search:\n  shard_pages: 1\n")
    serve = serving(root).started()
    shards = len(list(serve.preview.rglob("pagefind-entry.json")))
    assert shards > 1
    assert serve.out[-1].split(" search index of ")[1].startswith("8 pages made")
    mark = len(serve.out)
    (root / "content" / "first.md").write_text(
        article("First news", "2022-02-27", "Talks begin among wombats.")
    )
    made = serve.wait_for(r"search index of (\d+) pages made", mark)
    assert 1 <= int(made.group(1)) < 8  # the saved story's shard, not all eight stories
    # the shards made before are landed with it: the preview is a clean build's site
    settled_tree(serve.preview, clean_build(root, tmp_path / "clean"), "one shard again")
    assert "wombats" in " ".join(
        gzip.decompress(p.read_bytes()).decode() for p in serve.preview.rglob("*.pf_fragment")
    )
    # a kept shard whose file went missing from the preview folder: every shard again
    for entry in serve.preview.rglob("pagefind-entry.json"):
        next((entry.parent / "fragment").iterdir()).unlink()
    mark = len(serve.out)
    (root / "content" / "first.md").write_text(
        article("First news", "2022-02-27", "Talks begin among otters.")
    )
    serve.wait_for(r"search index of 8 pages made", mark)
    settled_tree(serve.preview, clean_build(root, tmp_path / "clean"), "every shard again")
    assert "Traceback" not in "\n".join(serve.err)
    assert serve.stop() == 0


def test_ctrl_c_while_the_index_is_made_stops_the_preview_at_once(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    """An index being made (by a Pagefind that takes a minute) holds up no exit: the
    threads that make it are the process's to drop."""
    root = small_site(tmp_path / "site")
    slow = slow_pagefind(tmp_path, 60.0)
    serve = serving(root, env={"PAGEFIND_BINARY_PATH": str(slow)}).started(index=False)
    time.sleep(0.5)  # the index is on its way, far from done
    started = time.monotonic()
    assert serve.stop() == 0
    assert time.monotonic() - started < 10


def test_search_turned_off_and_on_in_a_preview_takes_the_index_out_and_back(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = small_site(tmp_path / "site")
    serve = serving(root).started()
    assert (serve.preview / "pagefind" / "pagefind-entry.json").is_file()
    (root / "site.yaml").write_text(BASIC_CONFIG + "search: false\n")
    settled_tree(serve.preview, clean_build(root, tmp_path / "clean"), "search: false")
    assert not (serve.preview / "pagefind").exists()
    mark = len(serve.out)
    (root / "site.yaml").write_text(BASIC_CONFIG)
    serve.wait_for(INDEXED, mark)
    settled_tree(serve.preview, clean_build(root, tmp_path / "clean"), "search on again")
    assert serve.stop() == 0


def test_an_index_that_cannot_be_made_is_reported_and_the_pages_are_still_served(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = small_site(tmp_path / "site")
    crashing = tmp_path / "crashing-pagefind"
    crashing.write_text("#!/bin/sh\necho 'thread main panicked' >&2\nexit 101\n")
    crashing.chmod(0o755)
    serve = serving(root, env={"PAGEFIND_BINARY_PATH": str(crashing)}).started(index=False)
    serve.wait_for(
        re.escape(
            "site.yaml: error: the search index could not be made: the Pagefind binary "
            "stopped (exit code 101): thread main panicked"
        ),
        stderr=True,
    )
    serve.wait_for("search index failed; the pages are served without it")
    assert get(serve.port, "/" + FIRST.removesuffix("index.html")).status == 200
    assert EventStream(serve.port).message()["error"]  # the open pages show it
    assert not (serve.preview / "pagefind").exists()
    mark = len(serve.out)
    (root / "content" / "first.md").write_text(article("First news", "2022-02-27", "Still."))
    serve.rebuilt(mark, "changed")
    assert b"Still." in get(serve.port, "/" + FIRST.removesuffix("index.html")).body
    serve.wait_for("search index failed", mark)  # tried again for the new content
    assert serve.stop() == 0


def test_the_built_public_folder_has_no_live_reload_script(tmp_path: Path) -> None:
    out = tmp_path / "public"
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "build", "--source", str(REPO), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    files = tree(out)
    assert any(name.endswith(".html") for name in files)
    for name, data in files.items():
        assert b"__brief__" not in data, name
        assert b"livereload" not in data, name
        assert b"EventSource" not in data, name


def vnu_messages(files: list[Path]) -> list[str]:
    """Errors and warnings of the Nu HTML checker for each file, by file name."""
    return sorted(
        f"{Path(m.get('url', '')).name}: {m.get('type')}: {m.get('message')}"
        for m in vnu(files, errors_only=False)
    )


def test_served_pages_are_as_valid_as_the_files(
    tmp_path: Path, serving: Callable[..., ServeProcess]
) -> None:
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "content", root / "content")
    serve = serving(root).started()
    pages = {
        "index.html": "/",
        "tags--index.html": "/tags/",
        "article.html": "/2022/02/28/russia-makes-demands-for-ceasefire-in-ukraine/",
        "404.html": "/no/such/page/",
    }
    disk, served = tmp_path / "disk", tmp_path / "served"
    disk.mkdir()
    served.mkdir()
    for name, url in pages.items():
        on_disk = "404.html" if name == "404.html" else url.strip("/") + "/index.html"
        shutil.copy(serve.preview / on_disk.lstrip("/"), disk / name)
        body = get(serve.port, url).body
        assert SCRIPT_URL.encode() in body
        (served / name).write_bytes(body)
    assert vnu_messages(sorted(served.iterdir())) == vnu_messages(sorted(disk.iterdir()))
    assert serve.stop() == 0


# --- random edits: the preview always equals a clean build --------------------------------------

WORDS = [
    "talks",
    "border",
    "ceasefire",
    "delegation",
    "minister",
    "summit",
    "corridor",
    "aid",
    "grain",
    "port",
]
TAGS = ["Ukraine", "Russia", "Talks", "Aid", "Grain", "Belarus"]
THEME = REPO / "layouts"


class Editor:
    """Random edits of the kinds a writer (or git) makes to a site."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.count = 0

    def articles(self) -> list[Path]:
        return sorted((self.root / "content").rglob("*.md"))

    def _text(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    def _article(self, title: str) -> str:
        tags = ", ".join(self.rng.sample(TAGS, self.rng.randint(1, 3)))
        date = f"2022-{self.rng.randint(1, 12):02}-{self.rng.randint(1, 28):02}"
        return article(title, date, self._text(12), tags=f"[{tags}]")

    def add(self) -> str:
        self.count += 1
        folder = self.rng.choice(["", "2022/", f"new{self.count}/deeper/"])
        path = self.root / "content" / f"{folder}item-{self.count}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self._article(f"{self._text(3)} {self.count}"))
        return f"add {path.name}"

    def edit(self) -> str:
        path = self.rng.choice(self.articles())
        with path.open("a") as fh:
            fh.write(f"\n{self._text(8)}\n")
        return f"edit {path.name}"

    def atomic_save(self) -> str:
        path = self.rng.choice(self.articles())
        text = re.sub(r"(?m)^summary: .*\n", "", path.read_text())
        text = text.replace("---\n", f"---\nsummary: {self._text(4)}\n", 1)
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text(text)
        os.replace(temp, path)
        return f"atomic save {path.name}"

    def retag(self) -> str:
        path = self.rng.choice(self.articles())
        text = re.sub(r"(?m)^tags: .*\n", "", path.read_text())
        tags = ", ".join(self.rng.sample(TAGS, self.rng.randint(1, 2)))
        path.write_text(text.replace("---\n", f"---\ntags: [{tags}]\n", 1))
        return f"retag {path.name}"

    def delete(self) -> str:
        found = self.articles()
        if len(found) < 2:
            return self.add()
        path = self.rng.choice(found)
        path.unlink()
        return f"delete {path.name}"

    def rename(self) -> str:
        path = self.rng.choice(self.articles())
        self.count += 1
        target = self.root / "content" / f"moved{self.count}" / f"renamed-{self.count}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(path, target)
        return f"rename {path.name}"

    def draft(self) -> str:
        self.count += 1
        path = self.root / "content" / f"draft-{self.count}.md"
        path.write_text(
            self._article(f"Draft {self.count}").replace("---\n", "---\ndraft: true\n", 1)
        )
        return f"draft {path.name}"

    def layout(self) -> str:
        target = self.root / "layouts" / "base.html"
        if target.exists() and self.rng.random() < 0.3:
            target.unlink()
            return "remove layout override"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (THEME / "base.html").read_text()
        target.write_text(text.replace("</body>", f"<!-- edit {self.rng.random()} -->\n</body>"))
        return "edit layout"

    def css(self) -> str:
        target = self.root / "layouts" / "static" / "extra.css"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"p {{ margin: {self.rng.randint(1, 9)}px }}\n")
        return "edit css"

    def static(self) -> str:
        self.count += 1
        target = self.root / "layouts" / "static" / "img" / f"dot-{self.count}.svg"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
        return "add static file"

    def config(self) -> str:
        text = BASIC_CONFIG.replace("Test Brief", f"Brief {self._text(1)}").replace(
            "paginate: 2", f"paginate: {self.rng.randint(1, 3)}"
        )
        (self.root / "site.yaml").write_text(text)
        return "edit site.yaml"

    def pick(self) -> Callable[[], str]:
        edits = [self.add, self.edit, self.atomic_save, self.retag, self.delete, self.rename]
        edits += [self.draft, self.layout, self.css, self.static, self.config]
        return self.rng.choice(edits)


def clean_build(root: Path, work: Path) -> dict[str, bytes]:
    """A full build of a copy of the site's sources, with no cache and no earlier output."""
    copy = work / "site"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".brief", "public"))
    out = work / "out"
    build(preview_config(load_config(copy)), BuildOptions(out_dir=out))
    return tree(out)


def settled_tree(preview: Path, expected: dict[str, bytes], what: str) -> None:
    """Wait until the preview holds exactly `expected` (builds are asynchronous)."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            got = tree(preview)
        except OSError:  # caught between the two renames of a swap
            got = {}
        if got == expected:
            return
        if time.monotonic() > deadline:
            missing = sorted(set(expected) - set(got))
            extra = sorted(set(got) - set(expected))
            differ = sorted(k for k in set(got) & set(expected) if got[k] != expected[k])
            pytest.fail(f"after {what}: missing {missing}, stale {extra}, differing {differ}")
        time.sleep(0.05)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_preview_equals_a_clean_build_after_random_edits(
    tmp_path: Path, serving: Callable[..., ServeProcess], seed: int
) -> None:
    rng = random.Random(seed)
    root = small_site(tmp_path / "site")
    editor = Editor(root, rng)
    serve = serving(root).started()
    preview = serve.preview
    done: list[str] = []
    for step in range(12):
        done.append(editor.pick()())
        settled_tree(preview, clean_build(root, tmp_path / "clean"), f"{done} (step {step})")
    # a mistake in between changes nothing in the preview
    mark = len(serve.out)
    before = tree(preview)
    bad = root / "content" / "broken.md"
    bad.write_text("---\ntitle: [unclosed\n---\n")
    serve.rebuilt(mark, "build failed")
    assert tree(preview) == before
    bad.unlink()
    editor.edit()
    settled_tree(preview, clean_build(root, tmp_path / "clean"), "fix")
    assert not (root / "public").exists()
    assert serve.stop() == 0


def test_the_output_index_reports_files_whose_bytes_changed(tmp_path: Path) -> None:
    from brief.preview.session import OutputIndex

    root = tmp_path / "out"
    root.mkdir()
    for name in ("a.html", "b.html", "c.css"):
        (root / name).write_text(name)
    index = OutputIndex(root)
    assert index.update(["a.html", "b.html", "c.css"]) == {"a.html", "b.html", "c.css"}
    (root / "a.html").unlink()
    (root / "a.html").write_text("a.html")  # rewritten with the same bytes
    (root / "b.html").write_text("B!")
    (root / "d.js").write_text("d")
    assert index.update(["a.html", "b.html", "d.js"]) == {"b.html", "c.css", "d.js"}
    (root / "b.html").write_text("B again")
    # a build that says what it wrote: only those files are looked at
    assert index.update(["a.html", "b.html", "d.js"], written=["a.html"]) == set()
    assert index.update(["a.html", "b.html", "d.js"], written=["b.html"]) == {"b.html"}


def test_a_folder_without_site_yaml_is_an_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "serve", "--source", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert proc.returncode == 1
    assert "no site.yaml here" in proc.stderr
