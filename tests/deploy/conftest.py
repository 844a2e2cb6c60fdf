"""Fixtures for deploy tests: real servers on loopback, stopped again even when a test fails.
The servers themselves are in tests.deploy.servers."""

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
    running_moto,
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
def moto_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Server]:
    """An S3 endpoint on 127.0.0.1, with fake credentials in the environment.

    moto stands in for S3 because no cloud is reachable from where the tests run: it speaks the
    real protocol over real HTTP, so boto3's signing, retries and errors are all exercised.
    """
    # fake credentials, and no way to read real ones from a profile or instance metadata
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret-do-not-print")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_S3",
    ):
        monkeypatch.delenv(name, raising=False)
    with running_moto(tmp_path / "moto") as server:
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
