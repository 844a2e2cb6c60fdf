"""The preview server against hostile clients, over real sockets on loopback: foreign Host
headers (DNS rebinding), clients that reset mid-response, unsupported methods, oversized
request lines and headers, slow clients, floods of event streams, and paths that try to lead
out of the preview folder. Every promise here is one a page on another site, or a careless
client, could otherwise break."""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from brief.preview.http import PreviewHandler, PreviewServer, host_name
from brief.preview.reload import EVENTS_URL, SCRIPT, SCRIPT_URL, Hub
from tests.preview.test_http import (
    SECRET,
    WAIT,
    EventStream,
    Reply,
    ServeProcess,
    parse_reply,
    small_site,
    wait_until,
)

TIMEOUT = 10.0
"""Socket timeout of every client here: long enough for a loaded machine, short enough that
nothing hangs the suite."""

HOME = b"<p>home</p>"


def read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def exchange(port: int, request: bytes, v6: bool = False) -> Reply:
    """Send `request` exactly as given, read until the server closes, and parse the reply."""
    address = ("::1", port) if v6 else ("127.0.0.1", port)
    with socket.create_connection(address, timeout=TIMEOUT) as sock:
        sock.sendall(request)
        return parse_reply(read_all(sock))


def ask(port: int, path: str = "/", host: str | None = "localhost", method: str = "GET") -> Reply:
    """A request with the given Host header (None: none at all, as HTTP/1.0 allows)."""
    if host is None:
        return exchange(port, f"{method} {path} HTTP/1.0\r\n\r\n".encode())
    request = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    return exchange(port, request)


def reset(sock: socket.socket) -> None:
    """Close with a reset rather than a goodbye, as a crashed or impatient client does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@contextlib.contextmanager
def running(
    root: Path,
    hub: Hub | None = None,
    host: str = "127.0.0.1",
    hosts: tuple[str, ...] = (),
    **limits: float,
) -> Iterator[PreviewServer]:
    """A real preview server on a free port of `host`, stopped and its threads ended after.
    `limits`: `max_connections` and `head_deadline`, smaller than a user's, to reach them."""
    baseline = threading.active_count()
    hub = hub or Hub(heartbeat=0.2)
    server = PreviewServer((host, 0), root, hub, hosts=hosts, **limits)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        hub.close()
        server.shutdown()
        server.server_close()
        thread.join(WAIT)
        # the connection threads too: whatever they print must be printed before the test looks
        wait_until(lambda: threading.active_count() <= baseline, "the connection threads to end")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A preview folder with a page, a large file, and a secret beside it."""
    folder = tmp_path / "preview"
    folder.mkdir()
    (folder / "index.html").write_bytes(b"<!DOCTYPE html><html><body>" + HOME + b"</body></html>\n")
    (folder / "big.bin").write_bytes(os.urandom(1024) * 16 * 1024)  # 16 MB: outlasts buffers
    (tmp_path / "secret.txt").write_bytes(SECRET)
    return folder


def port_of(server: PreviewServer) -> int:
    return int(server.server_address[1])


# --- DNS rebinding: only the bound host names are answered ----------------------------------

FOREIGN_HOSTS = [
    "evil.example",
    "evil.example:{port}",
    "EVIL.example.",
    "localhost.evil.example",
    "127.0.0.1.evil.example:{port}",
    "evil.example:{port}@localhost",
    "localhost@evil.example",
    "localhost..",
    ".localhost",
    "sub.localhost",
    "localhost:{port}:{port}",
    "localhost:port",
    "localhost:٨٠",
    "localhost evil.example",
    "",
    "::1",
    "[::1",
    "[::2]:{port}",
    "[::1]evil",
    "0.0.0.0:{port}",
    "127.0.0.2",
    "2130706433",
    "[::ffff:7f00:1]x",
]

SOME_PATHS = ["/", "/index.html", "/missing", SCRIPT_URL, EVENTS_URL]


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_a_foreign_host_gets_421_and_nothing_of_the_preview(root: Path, host: str) -> None:
    with running(root) as server:
        port = port_of(server)
        for path in SOME_PATHS:
            for method in ("GET", "HEAD"):
                reply = ask(port, path, host.format(port=port), method)
                assert reply.status == 421, (path, method, reply.status)
                assert reply.headers["content-type"] == "text/plain; charset=utf-8"
                assert HOME not in reply.body
                assert SCRIPT not in reply.body
                assert b"retry:" not in reply.body
                if method == "GET":
                    assert b"localhost" in reply.body and b"127.0.0.1" in reply.body
                    assert b"[::1]" in reply.body
                else:
                    assert reply.body == b""
        assert server.hub.clients == 0


BOUND_SPELLINGS = [
    "127.0.0.1",
    "127.0.0.1:{port}",
    "127.0.0.1.:{port}",
    "localhost",
    "localhost:{port}",
    "LocalHost:{port}",
    "localhost.",
    "LOCALHOST.:{port}",
    "localhost:",
    "[::1]",
    "[::1]:{port}",
    "[0:0:0:0:0:0:0:1]:{port}",
    " localhost:{port} ",
]


@pytest.mark.parametrize("host", BOUND_SPELLINGS)
def test_the_loopback_names_are_answered_in_every_spelling(root: Path, host: str) -> None:
    with running(root) as server:
        port = port_of(server)
        reply = ask(port, "/", host.format(port=port))
        assert reply.status == 200
        assert HOME in reply.body
        stream_host = host.format(port=port).strip().encode()
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
            sock.sendall(b"GET " + EVENTS_URL.encode() + b" HTTP/1.1\r\nHost: " + stream_host)
            sock.sendall(b"\r\n\r\n")
            assert sock.recv(65536).startswith(b"HTTP/1.0 200 ")


def test_a_request_without_host_is_answered(root: Path) -> None:
    with running(root) as server:
        reply = ask(port_of(server), "/", host=None)
        assert reply.status == 200
        assert HOME in reply.body


def test_two_host_headers_are_refused(root: Path) -> None:
    with running(root) as server:
        for pair in (b"localhost\r\nHost: evil.example", b"evil.example\r\nHost: localhost"):
            request = b"GET / HTTP/1.1\r\nHost: " + pair + b"\r\n\r\n"
            reply = exchange(port_of(server), request)
            assert reply.status in (400, 421)
            assert HOME not in reply.body


def test_the_address_passed_as_host_is_answered_on_ipv6(root: Path) -> None:
    with running(root, host="::1") as server:
        port = port_of(server)
        for host in (f"[::1]:{port}", "[::1]", "localhost"):
            request = f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
            assert exchange(port, request, v6=True).status == 200
        refused = exchange(port, b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n", v6=True)
        assert refused.status == 421


def test_names_given_for_a_server_on_every_address_are_answered(root: Path) -> None:
    # a server on 0.0.0.0, opened from a phone on the LAN through the address or a name
    with running(root, host="0.0.0.0", hosts=("192.168.1.5", "MyBox.lan")) as server:
        port = port_of(server)
        for host in ("192.168.1.5", f"192.168.1.5:{port}", "mybox.lan.", "localhost"):
            assert ask(port, "/", host).status == 200, host
        for host in ("192.168.1.6", "mybox.lan.evil.example", "0.0.0.0", "evil.example"):
            assert ask(port, "/", host).status == 421, host


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("localhost", "localhost"),
        ("LOCALHOST.:8000", "localhost"),
        ("localhost:", "localhost"),
        ("[::1]:8000", "[::1]"),
        ("[0:0::1]", "[::1]"),
        ("[::FFFF:192.168.1.5]", "192.168.1.5"),
        ("192.168.001.5", "192.168.001.5"),  # a name, then: it matches no address
        ("192.168.1.5:8000", "192.168.1.5"),
        ("::1", None),
        ("[::1", None),
        ("[::1]:x", None),
        ("[fe80::1%25eth0]", None),
        ("a:1:2", None),
        ("localhost:123456", None),
        ("localhost:٨٠", None),
        ("", None),
        (".", None),
        ("a b", None),
        ("a/b", None),
        ("user@localhost", None),
    ],
)
def test_host_header_spellings_reduce_to_one_name(header: str, name: str | None) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(
    ("host", "local", "answered"),
    [
        (["192.168.1.5:8000"], "192.168.1.5", True),
        (["192.168.1.5"], "::ffff:192.168.1.5", True),
        (["[fe80::1]:8000"], "fe80::1%eth0", True),
        (["localhost"], "192.168.1.5", True),
        (["192.168.1.6"], "192.168.1.5", False),
        (["mybox.lan"], "192.168.1.5", False),
        (["0.0.0.0"], "0.0.0.0", False),
        (["[::]"], "::", False),
        ([], "192.168.1.5", True),
        (["localhost", "localhost"], "127.0.0.1", False),
    ],
)
def test_a_server_on_every_address_also_answers_to_the_address_asked_on(
    root: Path, host: list[str], local: str, answered: bool
) -> None:
    # a phone on the LAN opens http://192.168.1.5:8000/; traffic here stays on loopback, so
    # the address a connection came in on is given as the server would read it
    with running(root, host="0.0.0.0") as server:
        assert server.answers(host, local) is answered


def test_brief_serve_refuses_a_foreign_host(tmp_path: Path) -> None:
    serve = ServeProcess(small_site(tmp_path / "site"))
    try:
        serve.started()
        assert ask(serve.port, "/", f"localhost:{serve.port}").status == 200
        refused = ask(serve.port, "/", f"rebound.evil.example:{serve.port}")
        assert refused.status == 421
        assert b"Talks" not in refused.body
    finally:
        assert serve.stop() == 0
    assert "Traceback" not in "\n".join(serve.err)


# --- clients that go away, quietly -----------------------------------------------------------


def test_clients_that_reset_or_close_mid_request_print_nothing(
    root: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with running(root) as server:
        port = port_of(server)
        for i in range(40):
            sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            if i % 4 == 0:  # half a request line, then gone
                sock.sendall(b"GET /inde")
                time.sleep(0.01)
                reset(sock)
                continue
            sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
            sock.recv(4096)  # the response has started: the server is writing
            if i % 4 == 1:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            else:
                reset(sock)
        assert ask(port).status == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert "Exception occurred" not in err


class QuickHandler(PreviewHandler):
    timeout = 0.3
    """So that the stalls below reach the server's timeout within the test."""


def test_clients_that_stall_until_the_timeout_print_nothing(
    root: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with running(root) as server:
        server.RequestHandlerClass = QuickHandler
        port = port_of(server)
        stalled = []
        for _ in range(5):
            sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
            stalled.append(sock)  # and never read: the server's write times out
        half = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        half.sendall(b"GET / HTTP/1.1\r\n")  # and never the rest: its read times out
        time.sleep(1.5)
        assert ask(port).status == 200
        for sock in [*stalled, half]:
            sock.close()
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("quiet", [ConnectionResetError, BrokenPipeError, ConnectionAbortedError])
def test_a_genuine_error_is_still_reported_and_a_vanished_client_is_not(
    root: Path, capfd: pytest.CaptureFixture[str], quiet: type[OSError]
) -> None:
    with running(root) as server:
        try:
            raise quiet("the client went away")
        except OSError:
            server.handle_error(None, ("127.0.0.1", 1))
        try:
            raise TimeoutError("timed out")
        except OSError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert capfd.readouterr().err == ""
        try:
            raise ValueError("a genuine bug")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: a genuine bug" in capfd.readouterr().err


def test_an_absurd_if_modified_since_is_ignored(
    root: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (root / "style.css").write_bytes(b"p {}\n")
    with running(root) as server:
        for date in (
            "Mon, 01 Jan 100000000000000000000 00:00:00 GMT",
            "Mon, 01 Jan 2020 00:00:00 +99999999999999999999",
            "Mon, 01 Jan 2020 99:99:99 GMT",
            "yesterday",
        ):
            request = (
                f"GET /style.css HTTP/1.1\r\nHost: localhost\r\nIf-Modified-Since: {date}\r\n\r\n"
            )
            reply = exchange(port_of(server), request.encode())
            assert reply.status == 200, date
            assert reply.body == b"p {}\n"
    assert "Traceback" not in capfd.readouterr().err


# --- methods, sizes, slow clients, floods ------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("POST", "/"),
        ("PUT", "/index.html"),
        ("DELETE", "/index.html"),
        ("PATCH", "/index.html"),
        ("OPTIONS", "*"),
        ("OPTIONS", "/"),
        ("TRACE", "/"),
        ("CONNECT", "127.0.0.1:22"),
        ("PROPFIND", "/"),
        ("get", "/"),
    ],
)
def test_other_methods_are_not_implemented(
    root: Path, capfd: pytest.CaptureFixture[str], method: str, target: str
) -> None:
    with running(root) as server:
        body = b"x=1"
        request = (
            f"{method} {target} HTTP/1.1\r\nHost: localhost\r\nX-Echo: marker-123\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        reply = exchange(port_of(server), request)
        assert reply.status in (405, 501)
        assert HOME not in reply.body
        assert b"marker-123" not in reply.body  # TRACE does not echo the request
        assert (root / "index.html").read_bytes().count(HOME) == 1
    assert "Traceback" not in capfd.readouterr().err


def test_absurdly_long_request_lines_and_headers_are_refused(
    root: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # each request is exactly as long as the server reads before it gives up, so nothing is
    # left unread that would turn its close into a reset
    line = b"GET /" + b"a" * 65600
    header = b"GET / HTTP/1.1\r\nX-Long: " + b"b" * 65600
    many = b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101))
    with running(root) as server:
        port = port_of(server)
        assert exchange(port, line[:65537]).status == 414
        assert exchange(port, header[: header.index(b"X-Long") + 65537]).status == 431
        assert exchange(port, many).status == 431
        # long, but within the limits: an ordinary 404
        assert ask(port, "/" + "a" * 60000).status == 404
        assert ask(port, "/a" * 30000).status == 404
        assert ask(port).status == 200
    assert "Traceback" not in capfd.readouterr().err


def test_slow_clients_do_not_hold_up_a_normal_request(
    root: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with running(root) as server:
        port = port_of(server)
        slow = []
        try:
            for i in range(200):
                started = time.monotonic()
                sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
                # a loopback handshake is the kernel's alone, immediate unless the queue of
                # connections not yet accepted is full: then the client retries after 1 s
                assert time.monotonic() - started < 0.9, f"connection {i} was dropped once"
                # half a request line, or a whole one and half the headers
                sock.sendall(b"GET /ind" if i % 2 else b"GET / HTTP/1.1\r\nHost: local")
                slow.append(sock)
            started = time.monotonic()
            with socket.create_connection(("127.0.0.1", port), timeout=3.0) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                reply = parse_reply(read_all(sock))
            assert reply.status == 200
            assert HOME in reply.body
            assert time.monotonic() - started < 3.0
        finally:
            for i, sock in enumerate(slow):
                if i % 3:
                    sock.close()
                else:
                    reset(sock)
    assert "Traceback" not in capfd.readouterr().err


def serving() -> int:
    """Threads serving a connection (socketserver names them after their target)."""
    return sum("process_request_thread" in t.name for t in threading.enumerate())


def test_connections_beyond_the_cap_get_503_at_once_and_take_no_thread(
    root: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with running(root, max_connections=8) as server:
        port = port_of(server)
        held = []
        try:
            for _ in range(8):  # each sends half a request and waits: one thread each
                sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
                sock.sendall(b"GET / HTTP/1.1\r\nHost: loc")
                held.append(sock)
            wait_until(lambda: serving() == 8, "the held connections' threads")
            for _ in range(30):
                started = time.monotonic()
                busy = ask(port)
                assert busy.status == 503
                assert b"too many connections" in busy.body
                assert time.monotonic() - started < 2.0
            assert serving() == 8  # the refused ones never got a thread
        finally:
            for sock in held[:3]:
                reset(sock)
        # three slots freed: served again
        wait_until(lambda: ask(port).status == 200, "a freed slot to serve a request")
        for sock in held[3:]:
            sock.close()
    assert "Traceback" not in capfd.readouterr().err


def test_a_client_that_trickles_its_request_is_dropped_at_the_deadline(
    root: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Each byte comes well within the socket timeout; the whole head does not come in time."""
    with running(root, head_deadline=1.0) as server:
        port = port_of(server)
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        started = time.monotonic()
        dropped_after = None
        try:
            for byte in b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 100:
                sock.sendall(bytes([byte]))
                time.sleep(0.1)
        except OSError:  # the server closed: a reset, or a broken pipe
            dropped_after = time.monotonic() - started
        if dropped_after is None:
            sock.settimeout(TIMEOUT)
            assert read_all(sock) == b""  # closed with no reply
            dropped_after = time.monotonic() - started
        sock.close()
        assert dropped_after < 8.0  # the trickle alone would last 11.5 s
        assert ask(port).status == 200
    assert "Traceback" not in capfd.readouterr().err


def test_a_flood_of_event_streams_beyond_the_limit_gets_503(
    root: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    hub = Hub(limit=5, heartbeat=0.2)
    with running(root, hub) as server:
        port = port_of(server)
        kept = [EventStream(port) for _ in range(5)]
        try:
            assert all(stream.status == 200 for stream in kept)
            for _ in range(40):
                refused = ask(port, EVENTS_URL)
                assert refused.status == 503
                assert b"retry:" not in refused.body
            assert hub.clients == 5
            assert ask(port).status == 200
        finally:
            for stream in kept:
                stream.close(reset=True)
        wait_until(lambda: hub.clients == 0, "the streams to be dropped")
        freed = EventStream(port)
        assert freed.status == 200
        freed.close()
    assert "Traceback" not in capfd.readouterr().err


# --- paths that lead out of the preview folder ------------------------------------------------

MORE_ESCAPES = [
    b"/%c0%af../secret.txt",
    b"/..%c0%afsecret.txt",
    b"/%c0%ae%c0%ae%c0%afsecret.txt",
    b"/%e0%80%ae%e0%80%ae/secret.txt",
    b"/%c1%9c..%c1%9csecret.txt",
    b"/%ef%bc%8e%ef%bc%8e/secret.txt",
    b"/%u002e%u002e/secret.txt",
    b"/.%2E/secret.txt",
    b"/%2e%2e%5csecret.txt",
    b"/..%255csecret.txt",
    b"/..%00/secret.txt",
    b"/%2e%2e",
    b"/..",
    b"/../",
    b"/.\\./secret.txt",
    b"/..\\/secret.txt",
    b"/%ed%a0%80/../secret.txt",
    b"http://localhost/../secret.txt",
    b"/inside-link/../../secret.txt",
    b"/sibling-link/secret.txt",
    b"/chain/secret.txt",
    b"/leak/",
    b"/leak/index.html",
    b"/loop/x",
]


@pytest.fixture
def trapped(root: Path) -> Path:
    """`root` with symlinks that lead out of it: to a sibling whose name starts with the
    folder's, through a chain of links, as a folder's index.html, and as the 404 page."""
    outside = root.parent
    sibling = outside / (root.name + "-secret")
    sibling.mkdir()
    (sibling / "secret.txt").write_bytes(SECRET)
    os.symlink(sibling, root / "sibling-link")
    (root / "sub").mkdir()
    os.symlink(root / "sub", root / "inside-link")
    os.symlink("sibling-link", root / "chain")
    (root / "leak").mkdir()
    os.symlink(outside / "secret.txt", root / "leak" / "index.html")
    os.symlink("loop", root / "loop")
    os.symlink(outside / "secret.txt", root / "404.html")
    return root


@pytest.mark.parametrize("target", MORE_ESCAPES, ids=[repr(t)[2:-1] for t in MORE_ESCAPES])
def test_no_path_leads_out_of_the_preview_folder(trapped: Path, target: bytes) -> None:
    with running(trapped) as server:
        for method in (b"GET", b"HEAD"):
            request = method + b" " + target + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"
            reply = exchange(port_of(server), request)
            assert reply.status in (400, 404), (target, reply.status)
            assert SECRET not in reply.body


def test_a_404_page_that_links_out_is_not_served(trapped: Path) -> None:
    with running(trapped) as server:
        reply = ask(port_of(server), "/no/such/page")
        assert reply.status == 404
        assert SECRET not in reply.body
        assert b"Not found" in reply.body  # the plain page instead


def test_links_that_stay_inside_are_followed(trapped: Path) -> None:
    (trapped / "sub" / "page.html").write_bytes(b"<p>inside</p>")
    with running(trapped) as server:
        assert b"<p>inside</p>" in ask(port_of(server), "/inside-link/page.html").body
