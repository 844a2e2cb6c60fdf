"""The build cache shared between machines through an S3-compatible bucket (`cache:`).

A CI runner starts from a fresh clone without `.brief/`. Before the build, what the bucket
has that `.brief/` lacks is restored; after a successful build, what the bucket lacks is
saved. Every object is named by what it holds, so nothing is ever overwritten with other
content, and two builds saving at once leave a store any later build reads correctly:

    <prefix>brief-<version>/photos/<kk>/<picture key>-<name digest>   a photo's derived files
    <prefix>brief-<version>/<site key>/articles/<digest of its bytes>  one articles shard
    <prefix>brief-<version>/<site key>/latest                          the pointer

A photo's files are one object (`bundle`) under its picture key (the digest of the source's
bytes and of every setting its files depend on), written once. Articles shards are stored
by the digest of their bytes; the pointer, a small JSON object written last (a PUT of a whole
object is atomic), names the latest set. A pointer whose writer lost a race still names a
complete set, since each build uploads its shards before its pointer. What is read is
checked: a shard's bytes against the digest in its name and then as the local cache checks
its own files (`cache.restore_shard`), a bundle against the sizes and digests in its header.
Anything that fails is left out with one warning, and built without.

`state.pickle` is not shared: it records this machine's output folders by their absolute
paths, sizes and mtimes, which no other clone has, and a state that claimed an output
folder as brief's would let a build replace a folder it never made.

The cache key is in every shard's path and includes brief's version, site.yaml and the site
folder's absolute path (the articles hold absolute paths), so a shard is only ever read by
a build of the same site in the same place: CI runners check out at a fixed path. Photos
do not depend on the place, only on brief's version (in their path).

The shared cache never fails a build: the first failure (no credentials, the endpoint
unreachable, access denied, no such bucket) is one warning naming the cache, and nothing
more is asked of the bucket in that build. Every request is time-boxed
(`CONNECT_TIMEOUT`, `READ_TIMEOUT`, `ATTEMPTS`).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

import brief
from brief.build.cache import (
    SHARD_NAMES,
    Held,
    has_shard,
    held_shard,
    restore_shard,
    shard_content,
)
from brief.build.images import ImageJob, cached, missing, store_file
from brief.build.report import Shared
from brief.config import RemoteCache, SiteConfig
from brief.content.sources import digest_of
from brief.errors import Problem, Severity, redact

CONNECT_TIMEOUT = 2
"""Seconds to open a connection: an endpoint that does not answer costs at most this per
attempt, once per build (after a failure the bucket is not asked again)."""
READ_TIMEOUT = 5
"""Seconds to wait for the next bytes of an answer (an endpoint that takes connections but
never answers costs `ATTEMPTS` times this, plus the backoff)."""
ATTEMPTS = 2
"""Tries per request in all (one retry, after botocore's backoff of up to a second)."""
WORKERS = 8
"""Requests in flight at once."""
MAX_OBJECT = 512 * 1024 * 1024
"""The largest object read: a bundle of a photo's files is a few MB."""

_DIGEST = re.compile(r"[0-9a-f]{32}")
BUNDLE_MAGIC = b"brief photo files 1\n"
_MAX_HEADER = 64 * 1024


DENIED = frozenset(
    ("AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch", "Forbidden")
)
"""S3 error codes that mean the credentials or their rights were refused (deploy's too)."""


class StoreFailed(Exception):
    """The bucket cannot be used this build; the message says why in one line."""


class Store(Protocol):
    """The seam the bucket sits behind: whole objects by key."""

    where: str
    """The endpoint, for messages."""

    def get(self, key: str) -> bytes | None:
        """The object's bytes, or None when there is none. Raises `StoreFailed`."""
        ...

    def put(self, key: str, data: bytes) -> None:
        """Write the whole object. Raises `StoreFailed`."""
        ...

    def keys(self, prefix: str) -> set[str]:
        """Every key under `prefix`. Raises `StoreFailed`."""
        ...


digest = digest_of
"""What an articles file is stored under in the bucket, and checked against when read: the
digest of its bytes, as every source file's."""


@dataclass
class Remote:
    """The shared cache during one build: where it is, what was read, what went wrong."""

    location: RemoteCache
    site_key: str
    store: Store | None = None
    """None once it failed (or could not be made): nothing more is asked of it."""
    failure: str | None = None
    damaged: list[str] = field(default_factory=list)
    """Keys of objects that could not be read as brief's."""
    unreadable: set[str] = field(default_factory=set)
    """Shard names the pointer named but whose objects were gone or damaged."""
    bad_photos: set[str] = field(default_factory=set)
    """Keys of photo bundles found damaged: saved again over them."""
    shards: int = 0
    photos: int = 0
    saved: int = 0
    seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def base(self) -> str:
        return f"{self.location.prefix}brief-{brief.__version__}/"

    @property
    def site(self) -> str:
        return f"{self.base}{self.site_key}/"

    def _fail(self, message: str) -> None:
        with self._lock:
            if self.failure is None:
                self.failure = message
            self.store = None

    def _call(self, what: Callable[[Store], Any]) -> Any:
        """`what(store)`, or None once the store has failed (this call's failure included)."""
        store = self.store
        if store is None:
            return None
        try:
            return what(store)
        except StoreFailed as exc:
            self._fail(str(exc))
            return None

    def _damaged(self, key: str) -> None:
        with self._lock:
            if key not in self.damaged:  # the pointer is read before and after the build
                self.damaged.append(key)

    def report(self) -> Shared:
        return Shared(self.shards, self.photos, self.saved, self.seconds)

    def warning(self) -> Problem | None:
        """At most one line for everything that went wrong with the shared cache."""
        where = redact(self.location.url)
        damaged = ""
        if self.damaged:
            n = len(self.damaged)
            damaged = (
                f"{n} object{'s' if n > 1 else ''} in it could not be read as brief's (missing, "
                f"cut short, or not written by brief), such as {redact(self.damaged[0])}"
            )
        if self.failure is not None:
            more = f"; before that, {damaged}" if damaged else ""
            message = f"{self.failure}; built with the local cache only{more}"
        elif damaged:
            message = f"{damaged}; built without {'them' if len(self.damaged) > 1 else 'it'}"
        else:
            return None
        return Problem(
            where, None, None, f"shared build cache: {redact(message)}", Severity.WARNING
        )


def connect(location: RemoteCache, site_key: str) -> Remote:
    """The shared cache at `location` for a build whose cache key is `site_key`. Nothing is
    asked of the bucket yet; a client that cannot be made is the warning."""
    remote = Remote(location, site_key)
    started = time.perf_counter()
    try:
        remote.store = S3Store(location)
    except StoreFailed as exc:
        remote.failure = str(exc)
    remote.seconds += time.perf_counter() - started
    return remote


def _parallel(remote: Remote, task: Callable[[Any], None], items: Sequence[Any]) -> None:
    if not items or remote.store is None:
        return
    if len(items) == 1:
        task(items[0])
        return
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(items))) as pool:
        list(pool.map(task, items))


# --- the pointer and the articles shards --------------------------------------------------


def _read_pointer(remote: Remote) -> dict[str, tuple[str, str]] | None:
    """The latest set of shards, or None (none yet, or the store failed). A pointer that is
    not brief's is damaged: the build goes on without the shards."""
    key = f"{remote.site}latest"
    data = remote._call(lambda store: store.get(key))
    if data is None:
        return None
    try:
        value = json.loads(data)
        if not isinstance(value, dict) or value.get("key") != remote.site_key:
            raise ValueError
        shards = value["shards"]
        if not isinstance(shards, dict):
            raise ValueError
        named: dict[str, tuple[str, str]] = {}
        for name, (blob, content) in shards.items():
            if name not in SHARD_NAMES or not (
                _DIGEST.fullmatch(blob) and _DIGEST.fullmatch(content)
            ):
                raise ValueError
            named[name] = (blob, content)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        remote._damaged(key)
        return None
    return named


def restore_articles(remote: Remote, config: SiteConfig, held: Held) -> None:
    """Put the latest set's shards in `.brief/` where it has none for this site key."""
    started = time.perf_counter()
    named = _read_pointer(remote)
    if named:
        wanted = [n for n in sorted(named) if not has_shard(config, n, remote.site_key, held)]

        def fetch(name: str) -> None:
            key = f"{remote.site}articles/{named[name][0]}"
            data = remote._call(lambda store: store.get(key))
            if remote.store is None:
                return
            # None: named, but gone (deleted by hand, or by a lifecycle rule)
            good = data is not None and digest(data) == named[name][0]
            if (
                good
                and data is not None
                and restore_shard(config, name, data, remote.site_key, held)
            ):
                with remote._lock:
                    remote.shards += 1
                return
            remote._damaged(key)
            with remote._lock:
                remote.unreadable.add(name)

        _parallel(remote, fetch, wanted)
    remote.seconds += time.perf_counter() - started


@dataclass(frozen=True)
class ArticlesPlan:
    """What a build saves of its articles cache: the shards whose articles the latest set
    lacks, then the pointer to this build's set (None: the latest set is as good)."""

    shards: tuple[tuple[str, bytes], ...] = ()
    """(key, bytes) of each shard to upload."""
    pointer: bytes | None = None


def plan_articles(remote: Remote, config: SiteConfig, held: Held) -> ArticlesPlan:
    """Compare the local shards for this site key with the latest set in the bucket."""
    latest = _read_pointer(remote) or {}
    if remote.store is None:
        return ArticlesPlan()
    mine: dict[str, tuple[str, str]] = {}
    upload: list[tuple[str, bytes]] = []
    for name in SHARD_NAMES:
        found = held_shard(config, name, remote.site_key, held)
        if found is None:
            continue
        data, entries = found
        content = shard_content(entries)
        if name in latest and latest[name][1] == content and name not in remote.unreadable:
            mine[name] = latest[name]  # the same articles: the bucket's copy is as good
            continue
        blob = digest(data)
        mine[name] = (blob, content)
        upload.append((f"{remote.site}articles/{blob}", data))
    if not mine or mine == latest:  # nothing of its own, or nothing new
        return ArticlesPlan()
    pointer = {"brief": brief.__version__, "key": remote.site_key, "shards": mine}
    return ArticlesPlan(tuple(upload), json.dumps(pointer, sort_keys=True, indent=1).encode())


def apply_articles(remote: Remote, plan: ArticlesPlan) -> None:
    """Upload the plan's shards, then, only if every one is there, its pointer."""

    def put(item: tuple[str, bytes]) -> None:
        remote._call(lambda store: store.put(*item))
        if remote.store is not None:
            with remote._lock:
                remote.saved += 1

    _parallel(remote, put, plan.shards)
    if remote.store is None or plan.pointer is None:
        return  # never a pointer to shards that may not all be there
    body = plan.pointer
    remote._call(lambda store: store.put(f"{remote.site}latest", body))
    if remote.store is not None:
        remote.saved += 1


# --- photos -------------------------------------------------------------------------------


def _photo_key(remote: Remote, job: ImageJob) -> str:
    key = job.picture.key
    name = job.picture.original.path.rsplit("/", 1)[-1]
    tag = hashlib.blake2b(name.encode(), digest_size=8).hexdigest()
    return f"{remote.base}photos/{key[:2]}/{key}-{tag}"


def _names(job: ImageJob) -> list[str]:
    return [v.path.rsplit("/", 1)[-1] for v in job.picture.files]


def bundle(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A photo's files as one object: a header of (name, size, digest), then the bytes."""
    items = list(files)
    header = json.dumps([[name, len(data), digest(data)] for name, data in items])
    return BUNDLE_MAGIC + header.encode() + b"\n" + b"".join(data for _, data in items)


def unbundle(data: bytes) -> dict[str, bytes] | None:
    """The files of a bundle by name, or None if it is cut short, altered or not one."""
    if not data.startswith(BUNDLE_MAGIC):
        return None
    end = data.find(b"\n", len(BUNDLE_MAGIC), len(BUNDLE_MAGIC) + _MAX_HEADER)
    if end < 0:
        return None
    try:
        header = json.loads(data[len(BUNDLE_MAGIC) : end])
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, list):
        return None
    files: dict[str, bytes] = {}
    at = end + 1
    for row in header:
        if not (
            isinstance(row, list)
            and len(row) == 3
            and isinstance(row[0], str)
            and isinstance(row[1], int)
            and isinstance(row[2], str)
            and row[1] >= 0
        ):
            return None
        name, size, want = row
        part = data[at : at + size]
        if len(part) != size or digest(part) != want:
            return None
        files[name] = part
        at += size
    return files if at == len(data) else None


def restore_photos(remote: Remote, config: SiteConfig, jobs: Iterable[ImageJob]) -> None:
    """Fill `.brief/images/` with the files of every photo in `jobs` it lacks and the
    bucket has; what is left is processed as usual."""
    started = time.perf_counter()
    todo = list({_photo_key(remote, j): j for j in jobs}.items())
    todo = [(k, j) for k, j in todo if missing(config, j)]

    def fetch(item: tuple[str, ImageJob]) -> None:
        key, job = item
        data = remote._call(lambda store: store.get(key))
        if data is None:
            return
        files = unbundle(data)
        names = _names(job)
        if files is None or not set(names) <= set(files):
            remote._damaged(key)
            with remote._lock:
                remote.bad_photos.add(key)
            return
        for variant, name in zip(job.picture.files, names, strict=True):
            store_file(cached(config, job.picture, variant), files[name])
        with remote._lock:
            remote.photos += 1

    _parallel(remote, fetch, todo)
    remote.seconds += time.perf_counter() - started


def _save_photos(remote: Remote, config: SiteConfig, jobs: Iterable[ImageJob]) -> None:
    """Upload every photo of the site the bucket lacks (or had damaged), from `.brief/`."""
    todo = {_photo_key(remote, j): j for j in jobs}
    if not todo:
        return
    there = remote._call(lambda store: store.keys(f"{remote.base}photos/"))
    if there is None:
        return
    wanted = [(k, j) for k, j in sorted(todo.items()) if k not in there or k in remote.bad_photos]

    def put(item: tuple[str, ImageJob]) -> None:
        key, job = item
        if missing(config, job):  # not made (a photo that failed): nothing to share
            return
        try:
            files = [
                (name, cached(config, job.picture, v).read_bytes())
                for v, name in zip(job.picture.files, _names(job), strict=True)
            ]
        except OSError:
            return
        remote._call(lambda store: store.put(key, bundle(files)))
        if remote.store is not None:
            with remote._lock:
                remote.saved += 1

    _parallel(remote, put, wanted)


def save(remote: Remote, config: SiteConfig, held: Held, jobs: Iterable[ImageJob]) -> None:
    """After a successful build: what the bucket lacks of this build's cache, photos first
    (the pointer is the last thing written)."""
    started = time.perf_counter()
    _save_photos(remote, config, jobs)
    apply_articles(remote, plan_articles(remote, config, held))
    remote.seconds += time.perf_counter() - started


# --- S3 -----------------------------------------------------------------------------------


class S3Store:
    """The bucket through boto3, configured as deploy's s3 targets are: the endpoint from
    AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_S3), the region and credentials from the standard
    AWS environment (variables, AWS_PROFILE, the shared files, instance roles)."""

    def __init__(self, location: RemoteCache) -> None:
        try:
            import boto3
            from botocore.config import Config
        except ImportError:  # pragma: no cover - boto3 is a dependency
            raise StoreFailed("S3 needs boto3: pip install boto3") from None
        self.location = location
        try:
            session = boto3.session.Session()
            if session.get_credentials() is None:
                raise StoreFailed(
                    "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
                    "AWS_PROFILE"
                )
            config = Config(
                connect_timeout=CONNECT_TIMEOUT,
                read_timeout=READ_TIMEOUT,
                retries={"mode": "standard", "total_max_attempts": ATTEMPTS},
                max_pool_connections=WORKERS,
            )
            self.client = session.client("s3", config=config)
        except StoreFailed:
            raise
        except Exception as exc:  # a broken profile or config file, an unknown region
            raise StoreFailed(f"cannot make an S3 client: {type(exc).__name__}: {exc}") from None
        self.where = str(self.client.meta.endpoint_url)

    def get(self, key: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.location.bucket, Key=key)
            if int(answer.get("ContentLength", 0)) > MAX_OBJECT:
                answer["Body"].close()
                return b""  # never brief's: read as damaged
            data: bytes = answer["Body"].read()
            return data
        except Exception as exc:
            if _code(exc) in ("NoSuchKey", "404", "NotFound"):
                return None
            raise self._explain(exc) from None

    def put(self, key: str, data: bytes) -> None:
        try:
            self.client.put_object(Bucket=self.location.bucket, Key=key, Body=data)
        except Exception as exc:
            raise self._explain(exc) from None

    def keys(self, prefix: str) -> set[str]:
        found: set[str] = set()
        try:
            pages = self.client.get_paginator("list_objects_v2")
            for page in pages.paginate(Bucket=self.location.bucket, Prefix=prefix):
                found.update(obj["Key"] for obj in page.get("Contents", []))
        except Exception as exc:
            raise self._explain(exc) from None
        return found

    def _explain(self, exc: Exception) -> StoreFailed:
        """One line for what botocore raised, never with a credential in it."""
        from botocore import exceptions as bx

        bucket = self.location.bucket
        if isinstance(exc, bx.NoCredentialsError | bx.PartialCredentialsError):
            return StoreFailed("no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        if isinstance(
            exc,
            bx.EndpointConnectionError
            | bx.ConnectionClosedError
            | bx.ConnectTimeoutError
            | bx.ReadTimeoutError
            | bx.IncompleteReadError
            | bx.ResponseStreamingError,
        ):
            return StoreFailed(
                f"cannot reach {redact(self.where)} (the connection failed or dropped)"
            )
        code = _code(exc)
        if code in ("NoSuchBucket",):
            return StoreFailed(
                f"bucket '{bucket}' does not exist; create it, or fix cache: in site.yaml"
            )
        if code in DENIED:
            return StoreFailed(
                f"S3 refused access to bucket '{bucket}' ({code}); check the key and its rights"
            )
        if code:
            return StoreFailed(f"S3 said {code} for bucket '{bucket}'")
        return StoreFailed(f"S3 failed: {type(exc).__name__}")


def _code(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return ""
    return str(response.get("Error", {}).get("Code", ""))
