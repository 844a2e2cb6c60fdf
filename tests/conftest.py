"""Pytest fixtures shared by every test module; the helpers they use are in tests.helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.servers import S3Server, running_moto
from tests.helpers import BASIC_CONFIG, CHROMIUM, CHROMIUM_ARGS, Site, browser_unavailable


@pytest.fixture(autouse=True, scope="session")
def _own_signing_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds sign the templates they compile with a key in the user's cache folder
    (`render.bytecode`): the tests use one of their own, never the user's; the builds
    they start as processes inherit it."""
    before = os.environ.get("BRIEF_KEY_DIR")
    os.environ["BRIEF_KEY_DIR"] = str(tmp_path_factory.mktemp("key"))
    yield
    if before is None:
        os.environ.pop("BRIEF_KEY_DIR", None)
    else:
        os.environ["BRIEF_KEY_DIR"] = before


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A site folder with a basic site.yaml and nothing else yet."""
    s = Site(tmp_path / "site")
    s.write("site.yaml", BASIC_CONFIG)
    return s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole module."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        browser_unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


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
