#!/usr/bin/env python3
"""Large-archive benchmark: two checkouts' warm builds of one big corpus, side by side.

    python bench/scale.py --baseline CHECKOUT [--articles 100000] [--runs 3]
                          [--hugo PATH] [--work DIR] [--search]

A big corpus takes minutes to build cold, so each code gets its own copy of it
(`gen_corpus.py`, search off unless --search), built cold once (timed, one run), and then
the warm builds are measured, interleaved so that both codes and the yardstick see the same
machine: for each run, for each code, a one-edit build (a sentence appended to the middle
file, an archive story), the build after it (which finds that file's stat too new to
trust), and a no-change build; then Hugo's cold build of the 10,000-article corpus, the
yardstick issue targets are ratios to. Prints medians, peak RSS and each figure's ratio to
Hugo's median. `--baseline` is a worktree of an earlier commit (`git worktree add
/tmp/base HEAD~3`); this checkout is the other code.
This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import aside, run  # noqa: E402  (bench/run.py, beside this file)

KINDS = ("one-edit", "after-edit", "no-change")


def corpus(work: Path, n: int, name: str, search: bool) -> Path:
    """The brief site of a corpus of `n` articles under `work/name`, made once."""
    root = work / name
    site = root / "brief"
    if not (site / "site.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(n), str(root)], check=True)
        if not search:
            with (site / "site.yaml").open("a", encoding="utf-8") as f:
                f.write("search: false\n")
    return site


def command(code: Path) -> list[str]:
    # PYTHONPATH comes before site-packages, where an editable install points elsewhere
    return ["env", f"PYTHONPATH={code}", sys.executable, "-m", "brief", "build", "-q"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hugo", default=shutil.which("hugo"))
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "brief-scale")
    parser.add_argument("--search", action="store_true", help="keep search on")
    args = parser.parse_args()
    if not args.hugo:
        raise SystemExit("no hugo binary: give one with --hugo, the yardstick is its build")
    args.work.mkdir(parents=True, exist_ok=True)
    codes = {"baseline": args.baseline.resolve(), "this": HERE.parent}
    sites = {
        name: corpus(args.work, args.articles, f"n{args.articles}-{name}", args.search)
        for name in codes
    }
    yardstick = corpus(args.work, 10_000, "n10000", False).parent

    figures: dict[tuple[str, str], list[float]] = {}
    peaks: dict[tuple[str, str], float] = {}

    def timed(name: str, kind: str, wall_rss: tuple[float, float]) -> None:
        figures.setdefault((name, kind), []).append(wall_rss[0])
        peaks[(name, kind)] = max(peaks.get((name, kind), 0.0), wall_rss[1])

    for name, site in sites.items():
        if not (site / "public").is_dir():
            timed(name, "cold", run(command(codes[name]), site))
            print(f"# {name}: cold {figures[(name, 'cold')][0]:.1f} s", flush=True)
        # a story of the corpus may fall due while the cold build runs: settle it first
        run(command(codes[name]), site)

    for i in range(args.runs):
        for name, site in sites.items():
            victim = sorted((site / "content").glob("*.md"))[args.articles // 2]
            original = victim.read_bytes()
            with victim.open("a", encoding="utf-8") as f:
                f.write(f"\nAn added sentence, edit {i} at {time.time_ns()}.\n")
            timed(name, "one-edit", run(command(codes[name]), site))
            victim.write_bytes(original)
            # back as it was, so the next run's edit is again the only one; the build that
            # takes the restored file is the one after an edit
            timed(name, "after-edit", run(command(codes[name]), site))
            timed(name, "no-change", run(command(codes[name]), site))
        out = yardstick / "hugo-public"
        aside(out)
        env = dict(os.environ, HUGO_CACHEDIR=tempfile.mkdtemp(prefix="hugo-cache-"))
        hugo = [args.hugo, "--quiet", "-s", str(yardstick / "hugo"), "-d", str(out)]
        timed("hugo", "cold", run(hugo, yardstick, env))
        shutil.rmtree(env["HUGO_CACHEDIR"], ignore_errors=True)
        print(f"# run {i + 1} of {args.runs} done", flush=True)

    hugo = statistics.median(figures[("hugo", "cold")])
    print(f"\nHugo, 10,000 articles, cold: median {hugo:.2f} s of {args.runs}")
    print(f"\n| {args.articles} articles | baseline | this | this / baseline | ratios to Hugo |")
    print("|---|---|---|---|---|")
    for kind in ("cold", *KINDS):
        if ("this", kind) not in figures or ("baseline", kind) not in figures:
            continue
        base = statistics.median(figures[("baseline", kind)])
        this = statistics.median(figures[("this", kind)])
        print(
            f"| {kind} | {base:.2f} s, {peaks[('baseline', kind)]:.0f} MiB "
            f"| {this:.2f} s, {peaks[('this', kind)]:.0f} MiB | {this / base:.2f} "
            f"| {base / hugo:.3f} -> {this / hugo:.3f} |"
        )


if __name__ == "__main__":
    main()
