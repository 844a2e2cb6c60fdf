"""Pytest fixtures shared by every test module; the helpers they use are in tests.helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import BASIC_CONFIG, CHROMIUM, CHROMIUM_ARGS, Site, browser_unavailable


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
