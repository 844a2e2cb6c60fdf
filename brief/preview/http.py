"""The preview HTTP server: files of the preview folder, and the live-reload event stream.

Files are looked up by path on every request, never through a held folder handle, because each
build swaps a new folder in under the same path. Nothing outside that folder is ever served.
HTML gets the live-reload script on its way out; the files on disk never carry it.

Only requests for the server's own host names are answered: a page on another site whose name
is made to resolve to this machine (DNS rebinding) would otherwise read the preview, drafts
included. Clients that go away mid-request are dropped without a word in the terminal.

Every connection holds a thread, so their number is capped (`MAX_CONNECTIONS`; past it a
client gets a 503 at once), and a request's line and headers must arrive within
`HEAD_DEADLINE` seconds in all: a client that trickles a byte at a time cannot hold a
thread for longer than that.
"""

from __future__ import annotations

import errno
import io
import ipaddress
import os
import queue
import re
import socket
import socketserver
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from brief.preview.reload import (
    ANY_PAGE,
    EVENTS_URL,
    RESERVED_PATH,
    SCRIPT,
    SCRIPT_URL,
    Hub,
    inject,
)
from brief.render.mediatypes import content_type

MAX_CONNECTIONS = 1024
"""Connections served at once. Well above the live-reload streams a hub allows (each holds
one) and a browser's six per host for every tab."""

HEAD_DEADLINE = 10.0
"""Seconds from the start of waiting for a request to its last header line."""

TOO_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: 40\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    b"The preview has too many connections.\r\n\r\n"
)

FALLBACK_404 = (
    b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    b"<title>Not found - brief serve</title>\n</head>\n<body>\n"
    b"<h1>Not found</h1>\n<p>This preview has no such page (and the site has no 404.html).</p>\n"
    b"</body>\n</html>\n"
)


@dataclass(frozen=True)
class Located:
    """Where a request path leads: a file to serve, a redirect, or an error status."""

    status: int
    file: Path | None = None
    page: str = ""
    """The file's path relative to the preview folder (what a rebuild reports as changed)."""
    location: str = ""


def locate(root: Path, target: str) -> Located:
    """Map a raw request target to a file inside `root`, refusing anything that leads out."""
    if not target.startswith("/"):
        return Located(HTTPStatus.BAD_REQUEST)
    path, _, query = target.partition("?")
    path = path.partition("#")[0]
    if "%2f" in path.lower() or "%5c" in path.lower():
        return Located(HTTPStatus.NOT_FOUND)  # no file name holds a slash
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return Located(HTTPStatus.BAD_REQUEST)
    if "\0" in decoded or "\\" in decoded:
        return Located(HTTPStatus.BAD_REQUEST)
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if ".." in parts:
        return Located(HTTPStatus.NOT_FOUND)
    base = os.path.realpath(root)
    real = os.path.realpath(os.path.join(base, *parts))
    if real != base and not real.startswith(base + os.sep):
        return Located(HTTPStatus.NOT_FOUND)  # a symlink that points out
    if os.path.isdir(real):
        if not path.endswith("/"):
            location = quote("/" + "/".join(parts) + "/") + (f"?{query}" if query else "")
            return Located(HTTPStatus.MOVED_PERMANENTLY, location=location)
        real = os.path.join(real, "index.html")
        parts = [*parts, "index.html"]
    if not os.path.isfile(real) or not os.path.realpath(real).startswith(base + os.sep):
        return Located(HTTPStatus.NOT_FOUND)
    return Located(HTTPStatus.OK, Path(real), "/".join(parts))


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
"""Host names always answered: they reach this machine whatever the network says."""
WILDCARDS = ("", "0.0.0.0", "[::]")
"""Addresses to listen on, never to ask for: as a Host they name no machine."""

_HOST = re.compile(
    r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?))"
    r"(?::(?P<port>[0-9]{0,5}))?"
)


def host_name(header: str) -> str | None:
    """The host of a Host header in the one spelling names are compared in, or None.

    Case, one trailing dot (`localhost.` is `localhost`), the port and the spelling of an IP
    address do not matter: `[0:0::1]:8000` is `[::1]`, and an IPv4-mapped IPv6 address is the
    IPv4 address. A malformed header (a bare IPv6 address, two ports, a user part) is None.
    """
    found = _HOST.fullmatch(header.strip().lower())
    if found is None or (found["port"] and int(found["port"]) > 65535):
        return None
    if found["v6"] is not None:
        try:
            v6 = ipaddress.IPv6Address(found["v6"])
        except ValueError:
            return None
        return str(v6.ipv4_mapped) if v6.ipv4_mapped else f"[{v6.compressed}]"
    name = str(found["name"]).removesuffix(".")
    try:
        return str(ipaddress.IPv4Address(name))
    except ValueError:
        return name


def _as_host(address: str) -> str:
    """An address or name as it appears in a Host header (IPv6 in brackets)."""
    address = address.partition("%")[0]  # an IPv6 zone is never in a Host header
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


class PreviewServer(ThreadingHTTPServer):
    """Serves the preview folder at `/` on one thread per connection."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = socket.SOMAXCONN
    """Connections waiting to be accepted. With the default (5), a burst of connections (a
    page with many images, or a slow-client attack) overflows it, and each dropped client
    only tries again a second later."""

    def __init__(
        self,
        address: tuple[str, int],
        root: Path,
        hub: Hub,
        hosts: Iterable[str] = (),
        max_connections: int = MAX_CONNECTIONS,
        head_deadline: float = HEAD_DEADLINE,
    ) -> None:
        """`hosts`: names (or addresses) it should answer to besides the loopback ones and
        the address it listens on, such as the machine's name when it listens on 0.0.0.0."""
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.root = root
        self.hub = hub
        self.head_deadline = head_deadline
        self._slots = threading.BoundedSemaphore(max_connections)
        names = [host_name(_as_host(h)) for h in (*LOOPBACK_NAMES, address[0], *hosts)]
        self.hosts = tuple(dict.fromkeys(n for n in names if n is not None and n not in WILDCARDS))
        """The host names answered, in the spelling of `host_name`."""
        super().__init__(address, PreviewHandler)

    def answers(self, host: list[str], local: str) -> bool:
        """Whether a request with these Host headers, that came in on the address `local`,
        names this server: by a name it answers to, or by that address (a server on 0.0.0.0
        opened by its LAN address; a rebound name is never an address). A request without
        Host (HTTP/1.0) names no other site, so it is answered too; one with two is not."""
        if len(host) != 1:
            return not host
        name = host_name(host[0])
        if name is None or name in WILDCARDS:
            return False
        return name in self.hosts or name == host_name(_as_host(local))

    def process_request(self, request: Any, client_address: Any) -> None:
        """A thread for the connection if one is free; else a 503 now, and no thread."""
        if not self._slots.acquire(blocking=False):
            _turn_away(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()  # no thread was started to release it
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that reset, closed or stalled mid-request is no news; anything else is."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)

    def server_bind(self) -> None:
        # HTTPServer's own version adds a getfqdn() lookup, which can take seconds.
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = self.server_address[1]

    @property
    def url(self) -> str:
        """The address to open: on this machine, if the server listens on every address."""
        host, port = str(self.server_address[0]), self.server_address[1]
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _turn_away(sock: socket.socket) -> None:
    """Say "busy" without waiting: a client that does not read gets nothing."""
    try:
        sock.setblocking(False)
        sock.send(TOO_BUSY)
    except OSError:
        pass


class _Paced(io.RawIOBase):
    """A connection's reading side that shortens each wait to what is left of a deadline."""

    def __init__(self, sock: socket.socket, timeout: float) -> None:
        self._sock = sock
        self._timeout = timeout
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request took too long to arrive")
            self._sock.settimeout(min(left, self._timeout))
        return self._sock.recv_into(buffer)


class PortInUse(OSError):
    pass


def bind(
    host: str,
    port: int | None,
    root: Path,
    hub: Hub,
    first: int = 8000,
    tries: int = 20,
    hosts: Iterable[str] = (),
) -> PreviewServer:
    """A server on `port`; when no port was asked for, `first` or the next free one after it."""
    ports = [port] if port is not None else list(range(first, first + tries))
    for p in ports:
        try:
            return PreviewServer((host, p), root, hub, hosts)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    if port is not None:
        raise PortInUse(errno.EADDRINUSE, f"port {port} on {host} is in use")
    raise PortInUse(errno.EADDRINUSE, f"ports {ports[0]}-{ports[-1]} on {host} are all in use")


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "brief-serve"
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    timeout = 10.0
    """Seconds a client may stall a read or a write before its connection is dropped."""

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # its place is taken: it must not hold the socket open
        self._paced = _Paced(self.connection, self.timeout)
        self.rfile = io.BufferedReader(self._paced)

    def handle_one_request(self) -> None:
        """One request, whose line and headers must all arrive by the server's deadline."""
        self._paced.deadline = time.monotonic() + self.server.head_deadline
        try:
            super().handle_one_request()
        finally:
            self._paced.deadline = None

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self._paced.deadline = None  # the head is in; replies get the usual timeout
        self.connection.settimeout(self.timeout)
        return parsed

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for rebuilds and errors

    def _respond(self, head: bool) -> None:
        local = str(self.connection.getsockname()[0])
        if not self.server.answers(self.headers.get_all("Host") or [], local):
            self._misdirected(head)
            return
        path = self.path.partition("?")[0]
        if path == EVENTS_URL:
            self._events(head)
        elif path == SCRIPT_URL:
            cache = {"Cache-Control": "max-age=86400"}
            self._send(HTTPStatus.OK, SCRIPT, "text/javascript; charset=utf-8", head, cache)
        elif path.startswith(RESERVED_PATH):
            self._not_found(head)
        else:
            self._file(head)

    def _misdirected(self, head: bool) -> None:
        names = ", ".join(self.server.hosts)
        body = f"This preview answers only to the host names {names} (with any port).\n"
        extra = {"Cache-Control": "no-store", "Connection": "close"}
        kind = "text/plain; charset=utf-8"
        self._send(HTTPStatus.MISDIRECTED_REQUEST, body.encode(), kind, head, extra)

    def _file(self, head: bool) -> None:
        located = locate(self.server.root, self.path)
        if located.status == HTTPStatus.NOT_FOUND and not self.server.root.is_dir():
            time.sleep(0.05)  # between the two renames of a folder swap: look once more
            located = locate(self.server.root, self.path)
        if located.status == HTTPStatus.MOVED_PERMANENTLY:
            self.send_response(located.status)
            self.send_header("Location", located.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif located.status == HTTPStatus.BAD_REQUEST:
            self.send_error(HTTPStatus.BAD_REQUEST)
        elif located.file is None:
            self._not_found(head)
        else:
            self._serve_file(located.file, located.page, head)

    def _serve_file(self, file: Path, page: str, head: bool) -> None:
        try:
            with open(file, "rb") as fh:
                stat = os.fstat(fh.fileno())
                data = fh.read()
        except OSError:
            self._not_found(head)
            return
        kind = content_type(file.name)
        tag = f"{stat.st_ino:x}-{stat.st_size:x}-{stat.st_mtime_ns:x}"
        extra: dict[str, str] = {}
        if kind.startswith("text/html"):
            epoch = self.server.hub.epoch
            data = inject(data, page, epoch)
            # No Last-Modified: the page also depends on the epoch in its script.
            extra["ETag"] = f'"{tag}-{epoch}"'
        else:
            extra["ETag"] = f'"{tag}"'
            extra["Last-Modified"] = formatdate(stat.st_mtime, usegmt=True)
        if self._fresh(extra["ETag"], stat.st_mtime if "Last-Modified" in extra else None):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return
        self._send(HTTPStatus.OK, data, kind, head, extra)

    def _fresh(self, etag: str, mtime: float | None) -> bool:
        """Whether the client's cached copy is current (If-None-Match wins over the date)."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = {t.strip().removeprefix("W/") for t in match.split(",")}
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if since is None or mtime is None:
            return False
        try:
            return int(mtime) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False

    def _not_found(self, head: bool) -> None:
        page = locate(self.server.root, "/404.html").file  # a link out is no 404 page
        try:
            body = FALLBACK_404 if page is None else page.read_bytes()
        except OSError:
            body = FALLBACK_404
        body = inject(body, ANY_PAGE, self.server.hub.epoch)
        self._send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", head)

    def _send(
        self,
        status: int,
        body: bytes,
        kind: str,
        head: bool,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        headers = {"Cache-Control": "no-cache", **(extra or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self, head: bool) -> None:
        """A Server-Sent Events stream: the state now, then every change, until either side goes."""
        hub = self.server.hub
        # The epoch the page is at: the last event's id when the browser reopens a stream
        # itself, else the one the page asked with (see `Hub.subscribe`).
        since = self.headers.get("Last-Event-ID")
        if since is None:
            since = urllib.parse.parse_qs(self.path.partition("?")[2]).get("since", [None])[0]
        subscribed = hub.subscribe(since)
        if subscribed is None:
            if hub.closed:  # no answer at all: to a browser that is a network error, retried
                self.close_connection = True
            else:
                self.send_error(HTTPStatus.SERVICE_UNAVAILABLE, "too many live-reload connections")
            return
        q, state = subscribed
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if head:
                return
            self.wfile.write(b"retry: 1000\n\n" + state)
            while True:
                try:
                    frame = q.get(timeout=hub.heartbeat)
                except queue.Empty:
                    frame = b": ping\n\n"  # a write is how a vanished client is noticed
                if frame is None:
                    return
                self.wfile.write(frame)
        except OSError:
            return  # the client went away, or stalled past the timeout
        finally:
            hub.unsubscribe(q)
            self.close_connection = True
