#!/usr/bin/env python3
"""Build-speed benchmark: brief's cold, no-change and one-edit builds, against Hugo.

    python bench/run.py --articles 10000 [--runs 3] [--hugo PATH] [--profile] [--work DIR]
                        [--baseline CHECKOUT]

For N = 1,000 and N = --articles (the same corpus, see gen_corpus.py), prints the median
of --runs whole-process runs of each build kind, the largest process's peak RSS, pages per
second, and floors measured in the same run: reading and writing N files, and rendering N
Markdown bodies. When a `hugo` binary is on PATH or given with --hugo, Hugo's cold build of
the same corpus is timed in the same run and every brief figure is also given as a ratio to
it. --profile prints where a one-process cold build spends its time (cProfile, top 20).
--baseline CHECKOUT (a worktree of an earlier commit, e.g. `git worktree add /tmp/base
HEAD~3`) also times that code on the corpus of before (`gen_corpus.py --plain`) and this
code on it, in the same run, each as a ratio to the baseline: how much slower the newsroom
corpus is to build, and whether the code alone got slower.
This is a benchmark, not a test: it asserts nothing, and machines are noisy, so compare
the ratios of one run rather than seconds across runs.
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import io
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, largest of the process and its waited children).

    The build runs with Python's bytecode written and read, as an installed brief does
    (pip compiles it): with PYTHONDONTWRITEBYTECODE set, as on some machines, every run
    would compile the 230 modules it imports again (0.04 s of a 0.3 s no-change build)."""
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Written pages still in the page cache are flushed first: a build that starts with
    # the last one's hundreds of MB still dirty is slowed down by their writeback.
    os.sync()
    # stderr to a file, not a pipe: a build that warns more than a pipe holds (the plain
    # corpus gives a warning per article) would block on it while we wait for it to end
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024


TRASH: list[Path] = []
"""Folders of moved-away outputs, removed when the benchmark ends (`clear_trash`)."""


def aside(*paths: Path) -> None:
    """Move outputs and caches away with a rename, and remove them only when the benchmark
    ends: not just so that their removal is not timed, but because ext4 makes new files
    slowly for a while after many were removed (its inode allocator skips recently freed
    inodes: making 5,000 folders with a file each took 2.6 s just after 5,000 were removed,
    1.1 s otherwise), which would charge the next cold build for the last one's output."""
    trash = Path(tempfile.mkdtemp(prefix="trash-", dir=paths[0].parent.parent))
    TRASH.append(trash)
    for p in paths:
        if p.exists():
            p.rename(trash / f"{p.name}-{time.monotonic_ns()}")


@atexit.register
def clear_trash() -> None:
    while TRASH:
        shutil.rmtree(TRASH.pop(), ignore_errors=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def floors(site: Path, out: Path) -> dict[str, float]:
    """Seconds to read+write every article file, and to render every body as Markdown."""
    from brief.config import MarkdownOptions
    from brief.content.markdown import render

    files = sorted((site / "content").glob("*.md"))
    start = time.perf_counter()
    bodies = []
    for i, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        bodies.append(text.split("\n---\n", 1)[1])
        target = out / str(i)
        target.mkdir(parents=True)
        (target / "index.html").write_text(text, encoding="utf-8")
    io_seconds = time.perf_counter() - start
    aside(out)
    options = MarkdownOptions()
    start = time.perf_counter()
    for body in bodies:
        render(body, options)
    return {"read+write": io_seconds, "markdown": time.perf_counter() - start}


def bench(
    n: int,
    work: Path,
    runs: int,
    hugo: str | None,
    *,
    plain: bool = False,
    code: Path | None = None,
) -> dict[str, float]:
    """The figures of one corpus (`plain`: the one without sections, authors, images),
    built by this checkout's brief or by the one at `code`."""
    corpus = work / (f"n{n}-plain" if plain else f"n{n}")
    if not (corpus / "brief" / "site.yaml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "gen_corpus.py"), str(n), str(corpus)]
            + (["--plain"] if plain else []),
            check=True,
        )
    site = corpus / "brief"
    brief = [sys.executable, "-m", "brief", "build", "-q"]
    if code is not None:
        # PYTHONPATH comes before site-packages, where an editable install points here
        brief = ["env", f"PYTHONPATH={code}", *brief]
    out, cache = site / "public", site / ".brief"
    result: dict[str, float] = {}

    cold, rss = [], []
    for _ in range(runs):
        aside(out, cache)
        wall, peak = run(brief, site)
        cold.append(wall)
        rss.append(peak)
    result["cold"] = median(cold)

    nochange = []
    for _ in range(runs):
        wall, peak = run(brief, site)
        nochange.append(wall)
        rss.append(peak)
    result["no-change"] = median(nochange)

    victim = sorted((site / "content").glob("*.md"))[n // 2]
    original = victim.read_bytes()
    edits = []
    for i in range(runs):
        with victim.open("a", encoding="utf-8") as f:
            f.write(f"\nAn added sentence, edit {i} at {time.time_ns()}.\n")
        wall, peak = run(brief, site)
        edits.append(wall)
        rss.append(peak)
    victim.write_bytes(original)
    run(brief, site)
    result["one-edit"] = median(edits)
    result["peak-rss-mib"] = max(rss)
    result["files"] = sum(1 for p in out.rglob("*") if p.is_file())
    result["pages-per-s"] = sum(1 for _ in out.rglob("*.html")) / result["cold"]
    result.update(floors(site, corpus / "floor-out"))

    if hugo:
        hugo_times = []
        for _ in range(runs):
            hugo_out = corpus / "hugo-public"
            aside(hugo_out)
            env = dict(os.environ, HUGO_CACHEDIR=tempfile.mkdtemp(prefix="hugo-cache-"))
            wall, peak = run(
                [hugo, "--quiet", "-s", str(corpus / "hugo"), "-d", str(hugo_out)], corpus, env
            )
            shutil.rmtree(env["HUGO_CACHEDIR"], ignore_errors=True)
            hugo_times.append(wall)
        result["hugo-cold"] = median(hugo_times)
        result["hugo-peak-rss-mib"] = peak
    return result


def profile(work: Path) -> None:
    from brief.build import BuildOptions, build
    from brief.config import load_config

    site = sorted(work.glob("n*/brief"))[-1]
    aside(site / "public", site / ".brief")
    profiler = cProfile.Profile()
    profiler.enable()
    build(load_config(site), BuildOptions(jobs=1))
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(20)
    print(text.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--hugo", default=shutil.which("hugo"), help="path of a hugo binary (default: hugo on PATH)"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "brief-bench")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--baseline", type=Path, help="a checkout of an earlier commit, timed side by side"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = sorted({min(1000, args.articles), args.articles})
    print(
        f"# {time.strftime('%Y-%m-%d')}  {platform.platform()}  {os.cpu_count()} cpus  Python {platform.python_version()}"
    )
    print(f"# median of {args.runs} whole-process runs; hugo: {args.hugo or 'not found'}")
    cols = [
        "cold",
        "no-change",
        "one-edit",
        "peak-rss-mib",
        "pages-per-s",
        "read+write",
        "markdown",
    ]
    if args.hugo:
        cols += ["hugo-cold", "cold/hugo", "no-change/hugo", "one-edit/hugo"]
    print("| N | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for n in sizes:
        r = bench(n, args.work, args.runs, args.hugo)
        if args.hugo:
            for kind in ("cold", "no-change", "one-edit"):
                r[f"{kind}/hugo"] = r[kind] / r["hugo-cold"]
        cells = [f"{r[c]:.2f}" if c in r else "-" for c in cols]
        print(f"| {n} | " + " | ".join(cells) + " |", flush=True)
    if args.baseline:
        kinds = ("cold", "no-change", "one-edit", "peak-rss-mib")
        print("\n| N | corpus, code | " + " | ".join(kinds) + " | ratios to baseline |")
        print("|---" * (len(kinds) + 3) + "|")
        for n in sizes:
            base = bench(n, args.work, args.runs, None, plain=True, code=args.baseline.resolve())
            rows = [
                ("plain, baseline", base),
                ("plain, this", bench(n, args.work, args.runs, None, plain=True)),
                ("newsroom, this", bench(n, args.work, args.runs, None)),
            ]
            for label, r in rows:
                cells = [f"{r[k]:.2f}" for k in kinds]
                ratios = " / ".join(f"{r[k] / base[k]:.2f}" for k in kinds)
                print(f"| {n} | {label} | " + " | ".join(cells) + f" | {ratios} |", flush=True)
    if args.profile:
        profile(args.work)


if __name__ == "__main__":
    main()
