#!/usr/bin/env python3
"""Search-index benchmark: what Pagefind adds to a build of the bench corpus.

    python bench/search.py [--articles 1000] [--runs 3] [--work DIR]

For the corpus of gen_corpus.py, prints the median of --runs whole-process cold builds with
search on (the default) and with `search: false`, the indexing time each build with search
reports ("indexed N pages in X s"), its share of the cold build, and the median one-edit
build (one article's body) with the time it spent indexing. Both kinds of cold build run in
the same run, so compare their ratio rather than seconds across runs. A benchmark, not a
test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
INDEXED = re.compile(r"indexed ([\d,]+) pages? in (\d+\.\d+) s")


def build(site: Path, *flags: str) -> tuple[float, float | None, str]:
    """Wall seconds of one `brief build`, the indexing seconds it reports, its summary."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "build", *flags],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    found = INDEXED.search(proc.stdout)
    return wall, float(found[2]) if found else None, proc.stdout.strip()


def cold(site: Path, runs: int) -> tuple[list[float], list[float]]:
    walls, indexing = [], []
    for _ in range(runs):
        for folder in (site / "public", site / ".brief"):
            shutil.rmtree(folder, ignore_errors=True)
        wall, seconds, _ = build(site)
        walls.append(wall)
        if seconds is not None:
            indexing.append(seconds)
    return walls, indexing


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "brief-bench")
    args = parser.parse_args()
    corpus = args.work / f"n{args.articles}-search"
    if not (corpus / "brief" / "site.yaml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "gen_corpus.py"), str(args.articles), str(corpus)],
            check=True,
        )
    site = corpus / "brief"
    config = site / "site.yaml"
    original = config.read_text(encoding="utf-8").replace("\nsearch: false\n", "\n")

    without: list[float] = []
    walls: list[float] = []
    indexing: list[float] = []
    for _ in range(args.runs):  # interleaved, so a change in the machine's load hits both
        config.write_text(original + "\nsearch: false\n", encoding="utf-8")
        without += cold(site, 1)[0]
        config.write_text(original, encoding="utf-8")
        wall, seconds = cold(site, 1)
        walls += wall
        indexing += seconds

    stories = sorted((site / "content").rglob("*.md"))
    story = stories[len(stories) // 2]
    text = story.read_text(encoding="utf-8")
    edits, edit_index = [], []
    for i in range(args.runs):
        story.write_text(text + f"\nEdited, take {i}.\n", encoding="utf-8")
        wall, seconds, _ = build(site)
        edits.append(wall)
        edit_index.append(seconds or 0.0)
    story.write_text(text, encoding="utf-8")
    build(site)
    _, nothing, _ = build(site)  # after the restore: nothing changed

    med = statistics.median
    print(f"corpus: {args.articles:,} articles, {args.runs} runs each, medians")
    print(f"cold build, search: false   {med(without):7.2f} s")
    print(f"cold build, search on       {med(walls):7.2f} s  ({med(walls) / med(without):.2f}x)")
    print(
        f"  of which indexing         {med(indexing):7.2f} s  "
        f"({med(indexing) / med(walls):.0%} of the cold build)"
    )
    print(f"one-edit build              {med(edits):7.2f} s")
    print(f"  of which indexing         {med(edit_index):7.2f} s")
    print(f"no-change build indexes     {'nothing' if nothing is None else nothing}")


if __name__ == "__main__":
    main()
