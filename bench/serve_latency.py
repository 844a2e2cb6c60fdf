"""Save-to-reload latency of `brief serve`: from the write of an article file to the `load` event
of the reloaded page in headless Chromium, over 20 edits; median, min and max.

    python bench/serve_latency.py                    # the bundled site and 1,000 articles
    python bench/serve_latency.py --articles 10000   # a bigger generated site
    python bench/serve_latency.py --no-bundled --articles --corpus OUT/brief
                                                     # a site of bench/gen_corpus.py (copied)

The sites `--articles` makes are plain (tags only); `--corpus` takes a newsroom's corpus,
with sections, authors, pages and images, and edits the article in the middle of its archive.

Each edit appends a sentence to one article. The clock starts just before the write (Python's
wall clock) and stops at the page's `loadEventStart` (the browser's wall clock, same machine).
Targets: median under 150 ms at 1,000 articles, under 500 ms at 10,000.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
WORDS = [
    "ceasefire",
    "talks",
    "border",
    "delegation",
    "minister",
    "summit",
    "corridor",
    "aid",
    "grain",
    "port",
    "sanctions",
    "envoy",
    "pipeline",
    "treaty",
    "observers",
    "convoy",
    "parliament",
    "referendum",
    "shelling",
    "evacuation",
]
TAG_POOL = [f"Topic {w.capitalize()}" for w in WORDS]


def generate(root: Path, count: int, seed: int = 1) -> Path:
    """A site of `count` articles, three paragraphs each, two or three tags from a pool."""
    rng = random.Random(seed)
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text(
        "title: Bench Brief\nbase_url: https://bench.example.org/\ntimezone: UTC\npaginate: 10\n"
    )
    for i in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(4))
        tags = ", ".join(rng.sample(TAG_POOL, rng.randint(2, 3)))
        date = f"20{20 + i % 5}-{1 + i % 12:02}-{1 + i % 28:02} {i % 24:02}:{i % 60:02}"
        paragraphs = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "." for _ in range(3)
        )
        (root / "content" / f"r{i:05}.md").write_text(
            f"---\ntitle: Report {i:05} {words}\ndate: {date}\ntags: [{tags}]\n---\n{paragraphs}\n"
        )
    return root


def bundled(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "content", root / "content")
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """`brief serve` as a subprocess, with its rebuild lines collected."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "brief",
                "serve",
                "--source",
                str(root),
                "--port",
                str(self.port),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if re.match(r"\d\d:\d\d:\d\d built ", line):
                self.ready.set()

    @property
    def preview(self) -> Path:
        return Path(
            next(x for x in self.lines if x.startswith("preview folder: ")).split(": ", 1)[1]
        )

    def build_ms(self) -> list[float]:
        """Milliseconds of each rebuild after startup, as the terminal reported them."""
        return [
            float(m[1])
            for line in self.lines
            if (m := re.search(r" (\d+) ms$", line)) and " built " not in line
        ]

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:  # the figures are taken: do not lose them
            print("brief serve did not stop within 30 s of Ctrl-C; killed", file=sys.stderr)
            self.proc.kill()
            self.proc.wait()


@dataclass
class Result:
    name: str
    articles: int
    latencies: list[float]
    builds: list[float]
    reloads: list[float]
    """From the start of each reload's navigation to its load event."""


def measure(name: str, root: Path, source: Path, slug: str, edits: int, browser: Any) -> Result:
    server = Server(root)
    if not server.ready.wait(600):
        server.stop()
        raise SystemExit(f"{name}: brief serve did not start:\n" + "\n".join(server.lines))
    page_file = next(server.preview.glob(f"**/{slug}/index.html"))
    url = (
        f"http://127.0.0.1:{server.port}/{page_file.parent.relative_to(server.preview).as_posix()}/"
    )
    page = browser.new_page()
    page.goto(url, wait_until="load")
    time.sleep(0.5)  # let the live-reload connection open
    latencies: list[float] = []
    reloads: list[float] = []
    for n in range(edits + 1):  # the first edit warms up and is not counted
        sentence = f"Benchmark sentence number {n} was appended."
        with page.expect_event("load", timeout=120_000):
            started = time.time() * 1000
            with source.open("a", encoding="utf-8") as fh:
                fh.write(f"\n{sentence}\n")
        while sentence not in page.content():  # a reload for an earlier change: wait for ours
            page.wait_for_event("load", timeout=120_000)
        origin, load = page.evaluate(
            "[performance.timeOrigin, performance.getEntriesByType('navigation')[0].loadEventStart]"
        )
        if n:
            latencies.append(origin + load - started)
            reloads.append(load)
        time.sleep(0.2)  # edits a writer makes are apart; do not measure a queue of builds
    page.close()
    builds = server.build_ms()[1:]
    server.stop()
    articles = len(list((root / "content").rglob("*.md")))
    return Result(name, articles, latencies, builds, reloads)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles",
        type=int,
        nargs="*",
        default=[1000],
        help="sizes of generated sites (default: 1000)",
    )
    parser.add_argument("--edits", type=int, default=20, help="edits per site (default: 20)")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled site")
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=[],
        help="a brief site of bench/gen_corpus.py, copied and measured (repeatable)",
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if not args.no_bundled:
            root = bundled(Path(tmp) / "bundled")
            article = "content/2022/02/russia-makes-demands-for-ceasefire-in-ukraine.md"
            slug = "russia-makes-demands-for-ceasefire-in-ukraine"
            results.append(measure("bundled", root, root / article, slug, args.edits, browser))
        for count in args.articles:
            root = generate(Path(tmp) / f"gen{count}", count)
            middle = count // 2
            slug = f"report-{middle:05}-*"
            source = root / "content" / f"r{middle:05}.md"
            results.append(measure("generated", root, source, slug, args.edits, browser))
        for n, corpus in enumerate(args.corpus):
            root = Path(tmp) / f"corpus{n}"
            shutil.copytree(corpus, root, ignore=shutil.ignore_patterns("public"))
            articles = sorted((root / "content").glob("a*.md"))
            source = articles[len(articles) // 2]
            slug = source.stem
            results.append(measure("corpus", root, source, slug, args.edits, browser))
        browser.close()

    print("ms from the file write to the load event of the reloaded page; medians of the")
    print("rebuild (as the terminal reports it) and of the reload (navigation start to load)")
    print(
        f"{'site':<10} {'articles':>8} {'edits':>5} {'median':>7} {'min':>7} {'max':>7} "
        f"{'rebuild':>7} {'reload':>7}"
    )
    for r in results:
        print(
            f"{r.name:<10} {r.articles:>8} {len(r.latencies):>5} "
            f"{statistics.median(r.latencies):>7.1f} {min(r.latencies):>7.1f} "
            f"{max(r.latencies):>7.1f} {statistics.median(r.builds) if r.builds else 0:>7.0f} "
            f"{statistics.median(r.reloads):>7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
