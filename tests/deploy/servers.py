"""Real servers on loopback for deploy tests: sshd, an S3 stand-in, a counting proxy in front of
it, static hosts over a bucket or a folder, and a link crawler to check what they serve.

Plain classes and functions; the pytest fixtures that start and stop them live in
`tests/deploy/conftest.py`. Every server binds 127.0.0.1 on a free port and every wait has a
deadline, so a server that does not come up fails its test instead of hanging the suite.
boto3 is imported only where S3 is used, so the ssh tests run without it.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import http.client
import mimetypes
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self

HOST = "127.0.0.1"
STARTUP = 20.0
"""Seconds a server may take to come up: generous, since test machines are small and busy."""
POLL = 0.05
PORT_TRIES = 3
"""A free port can be taken by someone else before the server binds it; then try another."""


# --- processes and ports ---------------------------------------------------------------------


def free_port() -> int:
    """A port nobody listens on right now (the caller retries if another process wins it)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


def stop_process(proc: subprocess.Popen[bytes], *, descendants: bool = False) -> None:
    """Terminate, then kill after a grace period. With `descendants`, also every process below
    it: sshd runs each connection in a new session of its own, which outlives the listener."""
    below = _descendants(proc.pid) if descendants and proc.poll() is None else []
    for pid in [proc.pid, *below]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
    deadline = time.monotonic() + 5
    while (left := [pid for pid in below if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(POLL)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc, parents first."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # the command name is in parentheses and may contain anything: split after it
            ppid = int(stat.read_text().rpartition(")")[2].split()[1])
            children.setdefault(ppid, []).append(int(stat.parent.name))
    found: list[int] = []
    queue = deque([pid])
    while queue:
        kids = children.get(queue.popleft(), [])
        found += kids
        queue += kids
    return found


def _alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for an init that may reap it late."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _tail(log: Path, limit: int = 4000) -> str:
    text = log.read_text(errors="replace") if log.exists() else ""
    return text[-limit:] or "(no output)"


def opener() -> urllib.request.OpenerDirector:
    """urllib for loopback servers: no proxy from the environment, no redirects followed (a
    redirect is an answer to report, not to hide)."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# --- sshd --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sshd:
    """A running sshd that accepts `key` for `user`; `known_hosts` holds its host key."""

    port: int
    user: str
    host: str
    key: Path
    known_hosts: Path
    empty_known_hosts: Path
    """A known_hosts file without the host key, for "host key unknown" failures."""

    @property
    def ssh_command(self) -> str:
        """The ssh command for `rsync -e` or GIT_SSH_COMMAND: strict host checking, this key only,
        never a prompt."""
        return self._command(self.known_hosts)

    @property
    def ssh_command_unknown_host(self) -> str:
        return self._command(self.empty_known_hosts)

    def remote(self, path: str | Path) -> str:
        """`user@host:path`, the rsync and scp form of a remote path."""
        return f"{self.user}@{self.host}:{path}"

    def _command(self, known_hosts: Path) -> str:
        return shlex.join(
            [
                "ssh",
                "-p",
                str(self.port),
                "-i",
                str(self.key),
                "-o",
                f"UserKnownHostsFile={known_hosts}",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "BatchMode=yes",
                "-o",
                "IdentitiesOnly=yes",
            ]
        )


SSHD_CONFIG = """\
ListenAddress {host}
Port {port}
HostKey {host_key}
AuthorizedKeysFile {authorized_keys}
PidFile {pid_file}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin yes
PrintMotd no
PrintLastLog no
Subsystem sftp internal-sftp
"""
"""StrictModes is off because authorized_keys lies under /tmp, which is world-writable; UsePAM
is off because PAM would want a real login session. Nothing is read from /etc/ssh/sshd_config."""


def keygen(path: Path) -> None:
    """An ed25519 key pair at `path` and `path.pub`, without a passphrase."""
    subprocess.run(
        ["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-C", "", "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )


@contextlib.contextmanager
def running_sshd(root: Path) -> Iterator[Sshd]:
    """Start `sshd -D` with keys and config under `root`; stopped on exit, open sessions too."""
    root.mkdir(parents=True, exist_ok=True)
    host_key, user_key = root / "host_ed25519", root / "user_ed25519"
    keygen(host_key)
    keygen(user_key)
    authorized_keys = root / "authorized_keys"
    authorized_keys.write_text(Path(f"{user_key}.pub").read_text())
    empty_known_hosts = root / "known_hosts_empty"
    empty_known_hosts.write_text("")
    if os.geteuid() == 0:
        # sshd refuses to start as root without its privilege separation directory, which
        # Debian creates only from the service unit
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    config, log = root / "sshd_config", root / "sshd.log"
    host_type, host_blob = Path(f"{host_key}.pub").read_text().split()[:2]
    for _ in range(PORT_TRIES):
        port = free_port()
        config.write_text(
            SSHD_CONFIG.format(
                host=HOST,
                port=port,
                host_key=host_key,
                authorized_keys=authorized_keys,
                pid_file=root / "sshd.pid",
            )
        )
        known_hosts = root / "known_hosts"
        known_hosts.write_text(f"[{HOST}]:{port} {host_type} {host_blob}\n")
        server = Sshd(port, getpass.getuser(), HOST, user_key, known_hosts, empty_known_hosts)
        with log.open("ab") as out:
            proc = subprocess.Popen(
                ["/usr/sbin/sshd", "-D", "-e", "-f", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            if _wait_for_sshd(proc, server, log):
                break
        except BaseException:
            stop_process(proc, descendants=True)
            raise
        stop_process(proc, descendants=True)
    else:
        raise RuntimeError(f"sshd did not start on any of {PORT_TRIES} ports:\n{_tail(log)}")
    try:
        yield server
    finally:
        stop_process(proc, descendants=True)


def _wait_for_sshd(proc: subprocess.Popen[bytes], server: Sshd, log: Path) -> bool:
    """True once a real login works; False if sshd exited (its port was taken, most likely)."""
    deadline = time.monotonic() + STARTUP
    login = [*shlex.split(server.ssh_command), f"{server.user}@{server.host}", "true"]
    last = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if port_open(server.port):
            try:
                done = subprocess.run(login, capture_output=True, text=True, timeout=10)
            except subprocess.TimeoutExpired:
                last = "ssh timed out"
            else:
                if done.returncode == 0:
                    return True
                last = done.stderr
        time.sleep(POLL)
    raise RuntimeError(
        f"sshd on port {server.port} did not accept a login within {STARTUP:.0f} s\n"
        f"last ssh error: {last}\nsshd log:\n{_tail(log)}"
    )


# --- S3 ----------------------------------------------------------------------------------------


def s3_client(endpoint: str, *, attempts: int = 3) -> Any:
    """A boto3 S3 client for a loopback endpoint: path-style addressing (so every request is
    `/bucket/key`), short timeouts, and `attempts` tries per call in all (1 = no retries)."""
    import boto3
    from botocore.config import Config

    config = Config(
        s3={"addressing_style": "path"},
        retries={"mode": "standard", "total_max_attempts": attempts},
        connect_timeout=5,
        read_timeout=30,
    )
    return boto3.session.Session().client("s3", endpoint_url=endpoint, config=config)


@dataclass
class S3Server:
    """moto's standalone server in a subprocess. `stop()` and `start()` bring it down and up on
    the same port to inject outages; moto keeps state in memory, so a restart forgets buckets."""

    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(self.port)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_for_http(f"{self.endpoint}/moto-api/", self.process, self.log)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def client(self, *, attempts: int = 3) -> Any:
        return s3_client(self.endpoint, attempts=attempts)


class ServerExited(RuntimeError):
    """The server process ended before it answered; its log says why."""


def _wait_for_http(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP
    http = opener()
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerExited(f"{proc.args!r} exited with {proc.returncode}:\n{_tail(log)}")
        try:
            with http.open(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(POLL)
    raise RuntimeError(f"{url} did not answer within {STARTUP:.0f} s:\n{_tail(log)}")


@contextlib.contextmanager
def running_moto(root: Path) -> Iterator[S3Server]:
    """A started S3Server with its log under `root`; stopped on exit."""
    root.mkdir(parents=True, exist_ok=True)
    log = root / "moto.log"
    for _ in range(PORT_TRIES):
        server = S3Server(free_port(), log)
        try:
            server.start()
            break
        except ServerExited:
            continue
    else:
        raise RuntimeError(f"moto did not start on any of {PORT_TRIES} ports:\n{_tail(log)}")
    try:
        yield server
    finally:
        server.stop()


def make_bucket(server: S3Server | S3Proxy, name: str) -> None:
    server.client().create_bucket(Bucket=name)


# --- in-process HTTP servers -------------------------------------------------------------------


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 and a port of its own, served from a daemon thread;
    binding port 0 directly leaves no window for another process to take the port."""

    def __init__(self, handler: Callable[..., BaseHTTPRequestHandler]) -> None:
        self._httpd = ThreadingHTTPServer((HOST, 0), handler)
        self._httpd.daemon_threads = True
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": POLL}, daemon=True
        )
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.port}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: a failing test reports what it saw, the request log would only add noise."""


# --- the counting, failing S3 proxy ------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One request the proxy saw."""

    method: str
    path: str
    """Percent-decoded, without the query: `/bucket/key` with path-style addressing."""
    query: str
    """The raw query string, "" when there is none (`list-type=2`, `delete`, ...)."""
    body: bytes = field(repr=False)
    """Decoded from chunked transfer encoding if it was sent that way."""


class S3Proxy(LoopbackServer):
    """A reverse proxy to moto that records every request and can drop connections.

    Requests go upstream byte for byte (headers, Host included, and body, since S3 requests are
    signed); responses come back with their status, headers and body. After `fail_after(k)`,
    every request past the k-th is answered by closing the connection without a response, the
    way a network drop looks to a client, until `heal()`. Forwarded requests are in `log`,
    dropped ones in `dropped`.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.log: list[Request] = []
        self.dropped: list[Request] = []
        self._lock = threading.Lock()
        self._budget: int | None = None
        super().__init__(functools.partial(_ProxyHandler, proxy=self))

    @property
    def requests(self) -> list[tuple[str, str]]:
        """(method, path) of every forwarded request, in order; queries are in `log`."""
        with self._lock:
            return [(r.method, r.path) for r in self.log]

    def puts(self) -> list[str]:
        """Paths of PUTs; CreateBucket is a PUT of `/bucket`, uploads are `/bucket/key`."""
        with self._lock:
            return [r.path for r in self.log if r.method == "PUT"]

    def deletes(self) -> list[str]:
        """Paths of deleted objects: DELETEs, and each key of a POST ?delete batch."""
        with self._lock:
            log = list(self.log)
        deleted = []
        for r in log:
            if r.method == "DELETE":
                deleted.append(r.path)
            elif r.method == "POST" and "delete" in urllib.parse.parse_qs(
                r.query, keep_blank_values=True
            ):
                bucket = r.path.rstrip("/")
                for element in ET.fromstring(r.body).iter():
                    if element.tag.rpartition("}")[2] == "Key" and element.text is not None:
                        deleted.append(f"{bucket}/{element.text}")
        return deleted

    def reset_counts(self) -> None:
        with self._lock:
            self.log.clear()
            self.dropped.clear()

    def fail_after(self, k: int) -> None:
        """Let the next `k` requests through, then drop every connection that sends one."""
        with self._lock:
            self._budget = k

    def heal(self) -> None:
        with self._lock:
            self._budget = None

    delay: float = 0.0
    """Seconds each request waits before it is forwarded: a slow link, so a test can stop a
    deploy midway."""

    def client(self, *, attempts: int = 3) -> Any:
        return s3_client(self.endpoint, attempts=attempts)

    def admit(self, request: Request) -> bool:
        """Record `request`; False if it is to be dropped."""
        with self._lock:
            if self._budget is not None:
                if self._budget <= 0:
                    self.dropped.append(request)
                    return False
                self._budget -= 1
            self.log.append(request)
            return True


HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding"}
"""Response headers that describe one connection, not the message: the proxy sets its own."""


class _ProxyHandler(_QuietHandler):
    def __init__(self, *args: Any, proxy: S3Proxy, **kwargs: Any) -> None:
        self.proxy = proxy
        super().__init__(*args, **kwargs)

    def forward(self) -> None:
        raw, body = self.read_body()
        split = urllib.parse.urlsplit(self.path)
        request = Request(self.command, urllib.parse.unquote(split.path), split.query, body)
        if not self.proxy.admit(request):
            self.close_connection = True  # no status line, no headers: a dropped connection
            return
        if self.proxy.delay:
            time.sleep(self.proxy.delay)
        upstream = http.client.HTTPConnection(HOST, self.proxy.upstream_port, timeout=30)
        try:
            upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                upstream.putheader(name, value)
            upstream.endheaders(raw or None)
            response = upstream.getresponse()
            payload = response.read()
        except OSError as error:
            self.reply(502, f"upstream S3 unreachable: {error}\n".encode())
            return
        finally:
            upstream.close()
        self.send_response_only(response.status, response.reason)
        has_length = False
        for name, value in response.getheaders():
            if name.lower() in HOP_BY_HOP:
                continue
            has_length = has_length or name.lower() == "content-length"
            self.send_header(name, value)
        if not has_length and self.command != "HEAD" and response.status not in (204, 304):
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = do_PATCH = do_OPTIONS = forward

    def read_body(self) -> tuple[bytes, bytes]:
        """The body as it came (sent on unchanged) and decoded from chunked encoding."""
        if "chunked" not in self.headers.get("Transfer-Encoding", "").lower():
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length) if length else b""
            return data, data
        raw, body = bytearray(), bytearray()
        while True:
            line = self.rfile.readline(65537)
            raw += line
            size = int(line.split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                break
            chunk = self.rfile.read(size + 2)
            raw += chunk
            body += chunk[:size]
        while True:  # trailers, up to the blank line
            line = self.rfile.readline(65537)
            raw += line
            if line in (b"\r\n", b"\n", b""):
                break
        return bytes(raw), bytes(body)

    def reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# --- static hosts ------------------------------------------------------------------------------


class StaticSite(LoopbackServer):
    """Serves files under a mount path with pretty URLs (`x/` is `x/index.html`) and 404 for
    everything else, like the static hosts a site is deployed to; subclasses say where files
    come from."""

    def __init__(self, mount: str = "/") -> None:
        inner = mount.strip("/")
        self.mount = f"/{inner}/" if inner else "/"
        super().__init__(functools.partial(_SiteHandler, site=self))

    @property
    def url(self) -> str:
        """The site's root URL, mount included."""
        return f"{self.endpoint}{self.mount}"

    def find(self, url_path: str) -> tuple[bytes, str] | None:
        """(body, content type) for a request path, or None for a 404."""
        if not url_path.startswith(self.mount):
            return None
        rel = urllib.parse.unquote(url_path[len(self.mount) :])
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        if any(part in ("", ".", "..") for part in rel.split("/")) or "\\" in rel or "\0" in rel:
            return None
        return self.read(rel)

    def read(self, rel: str) -> tuple[bytes, str] | None:
        raise NotImplementedError


class _SiteHandler(_QuietHandler):
    def __init__(self, *args: Any, site: StaticSite, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self.serve(send_body=True)

    def do_HEAD(self) -> None:
        self.serve(send_body=False)

    def serve(self, *, send_body: bool) -> None:
        try:
            found = self.site.find(urllib.parse.urlsplit(self.path).path)
        except Exception as error:  # a broken test setup: say so in the response
            status, body, kind = 500, f"{error!r}\n".encode(), "text/plain; charset=utf-8"
        else:
            if found is None:
                status, body, kind = 404, b"not found\n", "text/plain; charset=utf-8"
            else:
                status, (body, kind) = 200, found
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class FolderSite(StaticSite):
    """A local folder as a static host, for checking what rsync or git deploys put there."""

    def __init__(self, folder: Path, mount: str = "/") -> None:
        self.root = folder.resolve()
        super().__init__(mount)

    def read(self, rel: str) -> tuple[bytes, str] | None:
        path = (self.root / rel).resolve()  # resolved, so a symlink cannot lead outside either
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        return path.read_bytes(), kind


class BucketSite(StaticSite):
    """A bucket as a static host: `<mount><path>` is object `<prefix><path>`, with the content
    type it was uploaded with. Reads go straight to `s3`, so they never show in a proxy's log."""

    def __init__(self, s3: Any, bucket: str, prefix: str = "", mount: str = "/") -> None:
        self.s3, self.bucket, self.prefix = s3, bucket, prefix
        super().__init__(mount)

    def read(self, rel: str) -> tuple[bytes, str] | None:
        from botocore.exceptions import ClientError

        try:
            got = self.s3.get_object(Bucket=self.bucket, Key=self.prefix + rel)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return None
            raise
        return got["Body"].read(), str(got.get("ContentType") or "binary/octet-stream")


# --- link crawling -----------------------------------------------------------------------------


LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src"}
"""The attribute of each tag that `broken_links` follows."""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LINK_ATTRIBUTES.get(tag)
        self.links += [v.strip() for k, v in attrs if k == wanted and v and v.strip()]


def page_links(html: str) -> list[str]:
    """Every href of <a>/<link> and src of <img>/<script>, as written."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.links


def broken_links(base_url: str, start_paths: list[str]) -> list[str]:
    """Crawl breadth-first from `start_paths` (relative to `base_url`) through every HTML page
    under `base_url`, and return "<page> -> <link>: <status>" for each link that does not answer
    200; pages and links are given as paths, since they are all on the one host.

    Links to other hosts, to other schemes (mailto:, tel:, ...) and to fragments of the same page
    are not checked; links on the same host outside `base_url` are checked but not crawled.
    Redirects are not followed, so a 301 is reported too. A start page that fails is reported
    as "(start) -> <path>: <status>".
    """
    http = opener()
    base = urllib.parse.urlsplit(base_url)
    statuses: dict[str, int | str] = {}
    pages: dict[str, str] = {}

    def fetch(url: str) -> int | str:
        if url not in statuses:
            try:
                with http.open(url, timeout=10) as response:
                    statuses[url] = response.status
                    if response.headers.get_content_type() == "text/html":
                        pages[url] = response.read().decode("utf-8", "replace")
            except urllib.error.HTTPError as error:
                statuses[url] = error.code
                error.close()
            except OSError as error:
                statuses[url] = f"error {error}"
        return statuses[url]

    def path(url: str) -> str:
        split = urllib.parse.urlsplit(url)
        return split.path + (f"?{split.query}" if split.query else "")

    broken: list[str] = []
    queue: deque[str] = deque()
    for start in dict.fromkeys(urllib.parse.urljoin(base_url, p) for p in start_paths):
        status = fetch(start)
        if status == 200:
            queue.append(start)
        else:
            broken.append(f"(start) -> {path(start)}: {status}")
    crawled = set(queue)
    while queue:
        page = queue.popleft()
        reported = set()
        for href in page_links(pages.get(page, "")):
            url = urllib.parse.urldefrag(urllib.parse.urljoin(page, href)).url
            split = urllib.parse.urlsplit(url)
            if split.scheme != base.scheme or split.netloc != base.netloc or url == page:
                continue
            status = fetch(url)
            if status != 200:
                if url not in reported:
                    reported.add(url)
                    broken.append(f"{path(page)} -> {path(url)}: {status}")
            elif url.startswith(base_url) and url not in crawled:
                crawled.add(url)
                queue.append(url)
    return broken
