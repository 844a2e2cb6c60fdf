"""Every build in the hostile battery, in this process or as a subprocess, runs under the
check that it wrote nothing outside the site's output and cache."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Run, Site
from tests.hostile.battery import nothing_written_outside


@pytest.fixture(autouse=True)
def watched_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    build, run = Site.build, Site.run

    def watched_build(self: Site, *args: str, capsys: pytest.CaptureFixture[str]) -> Run:
        with nothing_written_outside(self, args):
            return build(self, *args, capsys=capsys)

    def watched_run(self: Site, *args: str, **kwargs: Any) -> Run:
        with nothing_written_outside(self, args):
            return run(self, *args, **kwargs)

    monkeypatch.setattr(Site, "build", watched_build)
    monkeypatch.setattr(Site, "run", watched_run)
