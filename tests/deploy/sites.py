"""A small news site to deploy, with a git repository around it, as a user's would be."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import FIXTURES, Run

GOOD = FIXTURES.parent / "sites" / "good"
TIMEOUT = 120


def git(*args: str, cwd: Path) -> str:
    env_free = subprocess.run(
        ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    return env_free.stdout


def make_site(root: Path, deploy: str, base_url: str = "https://brief.example.org/") -> Path:
    """The test suite's good site, with `deploy` (YAML lines) appended to site.yaml, in a git
    repository with one commit."""
    site = root / "site"
    shutil.copytree(GOOD, site)
    text = (site / "site.yaml").read_text().replace("https://brief.example.org/", base_url)
    (site / "site.yaml").write_text(text + "deploy:\n" + deploy)
    (site / ".gitignore").write_text("public/\n.brief/\n")
    git("init", "-q", "-b", "main", cwd=site)
    git("add", "-A", cwd=site)
    git("commit", "-q", "-m", "The site", cwd=site)
    return site


def deploy(site: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """`brief deploy` as the user runs it: a real process."""
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "deploy", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def edit_article(site: Path) -> None:
    """Change one word of one article's body."""
    path = site / "content/2022/02/belarus.md"
    path.write_text(path.read_text().replace("in the morning", "at noon"))
