"""Fixtures for deploy tests: real servers on loopback, stopped again even when a test fails.
The servers themselves are in tests.deploy.servers; `moto_server`, which the shared build
cache's tests use too, is in tests/conftest.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.servers import (
    BucketSite,
    S3Proxy,
    S3Server,
    Sshd,
    make_bucket,
    running_sshd,
)

SITE_BUCKET = "site"
"""The bucket `bucket_site` serves."""


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    """A real sshd on 127.0.0.1 that lets the current user in with `sshd.key`."""
    missing = [tool for tool in ("/usr/sbin/sshd", "ssh", "ssh-keygen") if not shutil.which(tool)]
    if missing:
        # never skipped: .ci/run installs them, and a deploy over SSH must be tested for real
        pytest.fail(f"not installed: {', '.join(missing)} (apt-get install openssh-server)")
    with running_sshd(tmp_path / "sshd") as server:
        yield server


@pytest.fixture
def s3_proxy(moto_server: S3Server) -> Iterator[S3Proxy]:
    """A counting, fault-injecting proxy in front of `moto_server`."""
    with S3Proxy(moto_server.port) as proxy:
        yield proxy


@pytest.fixture
def bucket_site(moto_server: S3Server) -> Iterator[BucketSite]:
    """The (new, empty) bucket SITE_BUCKET of `moto_server` served as a static site at `/`."""
    make_bucket(moto_server, SITE_BUCKET)
    with BucketSite(moto_server.client(), SITE_BUCKET) as site:
        yield site
