#!/usr/bin/env python3
"""What related stories and the date archives cost: the same corpus built with them and
without them (`archives: false`, `related: 0`), side by side.

    python bench/features.py [--articles 10000] [--runs 3] [--work DIR]

Two copies of the newsroom corpus (gen_corpus.py), one with the two turned off, both with
`search: false` (indexing is measured by bench/search.py and would drown the difference).
Prints, for each copy, the median wall time of --runs cold builds (no `public/`, no
`.brief/`; the two copies interleaved run by run, each going first every other run), and
the files a build writes and renders after each of three edits to one article, each undone
before the next: a sentence added to its body, a new headline (its URL kept by `slug:`), a
tag added. The cold ratio is what the two cost a cold build; the edit counts show what they
add to a rebuild (the pages that show the edited story's headline as a related story).
This is a benchmark, not a test: it asserts nothing, and compares within one run.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.run import aside, run  # noqa: E402

OFF = "archives: false\nrelated: 0\n"
SUMMARY = re.compile(r"^built \d+ files \(.*\) in ", re.MULTILINE)


def corpus(work: Path, n: int) -> tuple[Path, Path]:
    """The corpus with the features (`on`) and a copy without them (`off`)."""
    on, off = work / f"features-n{n}-on", work / f"features-n{n}-off"
    if not (on / "brief" / "site.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(n), str(on)], check=True)
        with (on / "brief" / "site.yaml").open("a", encoding="utf-8") as f:
            f.write("search: false\n")
    if not (off / "brief" / "site.yaml").exists():
        shutil.copytree(
            on / "brief", off / "brief", ignore=shutil.ignore_patterns(".brief", "public")
        )
        with (off / "brief" / "site.yaml").open("a", encoding="utf-8") as f:
            f.write(OFF)
    return on / "brief", off / "brief"


def counts(site: Path) -> tuple[int, int]:
    """Files written and rendered by a build of `site` (from its summary line)."""
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "build"], cwd=site, capture_output=True, text=True
    )
    found = SUMMARY.search(proc.stdout + proc.stderr)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"build failed in {site}:\n{proc.stdout}{proc.stderr}")
    written = re.search(r"(\d+) written", found[0])
    rendered = re.search(r"(\d+) rendered", found[0])
    return int(written[1]) if written else 0, int(rendered[1]) if rendered else 0


def edits(site: Path, n: int) -> dict[str, tuple[int, int]]:
    """(written, rendered) after each edit to the middle article, each undone after."""
    victim = sorted((site / "content").glob("*.md"))[n // 2]
    original = victim.read_text(encoding="utf-8")
    title = re.search(r'^title: "(.*)"$', original, re.MULTILINE)
    tags = re.search(r"^tags: \[(.*)\]$", original, re.MULTILINE)
    assert title and tags, victim
    changed = {
        "body": original + "\nOne more sentence.\n",
        "headline": original.replace(title[0], f'title: "{title[1]} again"', 1),
        "tag": original.replace(tags[0], f"tags: [{tags[1]}, bench-tag]", 1),
    }
    found = {}
    for label, text in changed.items():
        victim.write_text(text, encoding="utf-8")
        found[label] = counts(site)
        victim.write_text(original, encoding="utf-8")
        counts(site)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "brief-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    on, off = corpus(args.work, args.articles)
    brief = [sys.executable, "-m", "brief", "build", "-q"]
    cold: dict[Path, list[float]] = {on: [], off: []}
    for i in range(args.runs):
        for site in (on, off) if i % 2 == 0 else (off, on):  # neither always goes first
            aside(site / "public", site / ".brief")
            cold[site].append(run(brief, site)[0])
    files = {s: sum(1 for p in (s / "public").rglob("*") if p.is_file()) for s in (on, off)}
    changed = {s: edits(s, args.articles) for s in (on, off)}
    print(f"# {args.articles} articles, median of {args.runs} cold builds, interleaved")
    print("| corpus | files | cold s | body edit | headline edit | tag edit |")
    print("|---|---|---|---|---|---|")
    for label, site in (
        ("with related and archives", on),
        ("without (archives: false, related: 0)", off),
    ):
        cells = [f"{w} written, {r} rendered" for w, r in changed[site].values()]
        print(
            f"| {label} | {files[site]} | {statistics.median(cold[site]):.2f} | "
            + " | ".join(cells)
            + " |"
        )
    ratio = statistics.median(cold[on]) / statistics.median(cold[off])
    # each run's two builds ran one after the other: their ratio is freer of the machine's
    # drift between runs than the ratio of the medians
    paired = statistics.median(a / b for a, b in zip(cold[on], cold[off], strict=True))
    print(f"\ncold with / without: {ratio:.3f} (of the medians), {paired:.3f} (median of runs)")
    print(
        "runs:", {("on" if s == on else "off"): [round(x, 2) for x in v] for s, v in cold.items()}
    )


if __name__ == "__main__":
    main()
