"""Compiled templates kept in `.brief/jinja/`, signed, so a new process need not compile them.

Compiling the theme's templates is a tenth of a one-edit build of a big site. Jinja can keep
the compiled code (`jinja2.BytecodeCache`), but loading it runs `marshal` and `pickle` on
the file's bytes: a `.brief/` that came with an untrusted checkout could run code. So every
file is signed with a key that never lives in the site folder (`key()`: one per user, in
their cache folder, readable by them alone), and a file whose signature does not verify is
never unpickled, only compiled again. Another machine's files (a restored `.brief/`) do not
verify either, and cost only the compile they would have saved.

The folder is named by everything compiled code depends on besides the template's source,
which Jinja checks itself: the site's cache key (config, brief's version), the templates'
digest (the catalogues that constant strings are translated from at compile time), Jinja's
version.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import shutil
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

KEY_FILE = "bytecode.key"
KEY_SIZE = 32
SIGNATURE = 32  # sha256


def key_folder() -> Path:
    """Where this user's key is: `$BRIEF_KEY_DIR`, else `$XDG_CACHE_HOME/brief`, else
    `~/.cache/brief`."""
    own = os.environ.get("BRIEF_KEY_DIR")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "brief"


def key() -> bytes | None:
    """This user's signing key, made on first use; None if it can be neither read nor made
    (then nothing is cached)."""
    folder = key_folder()
    path = folder / KEY_FILE
    try:
        data = path.read_bytes()
        if len(data) == KEY_SIZE:
            return data
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = folder / f".{KEY_FILE}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(KEY_SIZE))
        try:
            os.link(tmp, path)  # the first process to make one wins; the others read it
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) == KEY_SIZE else None


class SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's compiled templates in `folder`, each file signed with `secret`."""

    def __init__(self, folder: Path, secret: bytes) -> None:
        self.folder = folder
        self.secret = secret

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.bin"

    def _sign(self, data: bytes) -> bytes:
        return hmac.new(self.secret, data, hashlib.sha256).digest()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            raw = self._path(bucket).read_bytes()
        except OSError:
            return
        signature, data = raw[:SIGNATURE], raw[SIGNATURE:]
        if len(signature) == SIGNATURE and hmac.compare_digest(signature, self._sign(data)):
            bucket.bytecode_from_string(data)  # Jinja checks the source's checksum

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        path = self._path(bucket)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(self._sign(data) + data)
            os.replace(tmp, path)
        except OSError:  # a cache that cannot be written costs only time
            tmp.unlink(missing_ok=True)

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def bytecode_cache(folder: Path, name: str) -> SignedBytecodeCache | None:
    """The cache in `folder/<digest of name and Jinja's version>`, the others in `folder`
    removed (they were for other configs or templates); None without a key."""
    secret = key()
    if secret is None:
        return None
    digest = hashlib.blake2b(f"{jinja2.__version__}|{name}".encode(), digest_size=16).hexdigest()
    try:
        for old in folder.iterdir():
            if old.name != digest:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass
    return SignedBytecodeCache(folder / digest, secret)
