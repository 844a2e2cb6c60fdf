#!/usr/bin/env python3
"""The shared build cache: a CI runner's fresh-clone build with `.brief/` restored from a
bucket, against the same build without it.

    python bench/shared_cache.py                    # 1,000 articles, 100 with their own photo
    python bench/shared_cache.py --articles 300 --photos 30 --runs 3

On the corpus of `gen_corpus.py N --photos P` (made once in --work, deterministic), with
moto's S3 server on loopback standing in for the bucket (no cloud is reachable here), as real
`brief build --jobs 2` processes. Every build is of a fresh clone: the site copied without
`.brief/` and `public/`, every file with a new mtime, as a CI job checks it out. First one
build fills the bucket (a cold build that also saves); then, interleaved, `--runs` of each:

- without: `--cache-url none`, so everything is parsed and every photo processed;
- restored: `--cache-url s3://...`: the articles shards and the photos' files come from the
  bucket (the bench asserts that no photo is processed);
- copied: `--cache-url none`, with the `.brief/` the last restored build left copied into
  the clone, as `actions/cache` restores it: the same build without the bucket's traffic;
- and once, the bucket's endpoint down (connection refused): what a dead endpoint costs.

Medians of `--runs`; the ratio is restored / without, both measured in this run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.photos import PROCESSED, photo_corpus  # noqa: E402
from tests.deploy.servers import free_port, make_bucket, running_moto  # noqa: E402

BUCKET = "bench-cache"
URL = f"s3://{BUCKET}/ci"
BUILD = [sys.executable, "-m", "brief", "build"]
SHARED = re.compile(
    r"shared cache: restored (\d+) photos? and (\d+) cache files?, saved (\d+) objects? "
    r"in ([\d.]+) s"
)


def clone(corpus: Path, at: Path, cache: Path | None = None) -> None:
    """A fresh checkout of the corpus at `at`, with `cache` copied in as its `.brief/` (not
    timed)."""
    if at.exists():
        shutil.rmtree(at)
    ignore = shutil.ignore_patterns("public", ".brief")
    shutil.copytree(corpus, at, ignore=ignore, copy_function=shutil.copy)
    if cache is not None:
        shutil.copytree(cache, at / ".brief", copy_function=shutil.copy)


def brief_build(site: Path, cache_url: str, env: dict[str, str]) -> tuple[float, str, str]:
    """One `brief build --jobs 2`: wall seconds, its summary line and its warnings."""
    start = time.perf_counter()
    proc = subprocess.run(
        [*BUILD, "--source", str(site), "--jobs", "2", "--cache-url", cache_url],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr}")
    return wall, proc.stdout.strip(), proc.stderr.strip()


def processed(summary: str) -> int:
    found = PROCESSED.search(summary)
    return int(found.group(1)) if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "brief-bench")
    args = parser.parse_args()
    source = photo_corpus(args.work, args.articles, args.photos)
    runner = args.work / "shared-cache-runner"
    aws = {
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    os.environ.update(aws)  # for this process's client too (it makes the bucket)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with running_moto(args.work / "moto") as server:
        env["AWS_ENDPOINT_URL"] = server.endpoint
        make_bucket(server, BUCKET)
        clone(source, runner)
        seed, seed_summary, _ = brief_build(runner, URL, env)
        saved = SHARED.search(seed_summary)
        without: list[float] = []
        restored: list[float] = []
        copied: list[float] = []
        spent: list[float] = []
        shared_line = ""
        kept = args.work / "shared-cache-kept"
        for _ in range(args.runs):
            clone(source, runner)
            wall, summary, warnings = brief_build(runner, "none", env)
            assert processed(summary) > 0 and not warnings, summary
            without.append(wall)
            clone(source, runner)
            wall, summary, warnings = brief_build(runner, URL, env)
            assert processed(summary) == 0 and not warnings, (summary, warnings)
            restored.append(wall)
            shared_line = summary
            got = SHARED.search(summary)
            spent.append(float(got.group(4)) if got else 0.0)
            if kept.exists():
                shutil.rmtree(kept)
            shutil.copytree(runner / ".brief", kept)
            clone(source, runner, kept)
            wall, summary, warnings = brief_build(runner, "none", env)
            assert processed(summary) == 0 and not warnings, (summary, warnings)
            copied.append(wall)
        clone(source, runner)
        down = dict(env, AWS_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}")
        dead, _, dead_warning = brief_build(runner, URL, down)
        pages = server.client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        sizes = [obj for page in pages for obj in page.get("Contents", [])]
    w, r = statistics.median(without), statistics.median(restored)
    got = SHARED.search(shared_line)
    print(f"corpus: {args.articles} articles, {args.photos} with a photo ({source.parent})")
    print(f"filling the bucket (cold build, then saved): {seed:.1f} s")
    if saved:
        print(f"  saved {saved.group(3)} objects")
    print(f"fresh clone, without the shared cache: {w:.1f} s (runs: {_runs(without)})")
    print(f"fresh clone, restored from the bucket: {r:.1f} s (runs: {_runs(restored)})")
    if got:
        print(f"  restored {got.group(1)} photos and {got.group(2)} cache files, 0 processed")
    print(f"  of which the bucket (restoring, saving): {statistics.median(spent):.1f} s")
    c = statistics.median(copied)
    print(f"fresh clone, .brief/ copied in (actions/cache): {c:.1f} s (runs: {_runs(copied)})")
    print(f"restored / without: {r / w:.3f}; copied / without: {c / w:.3f}")
    print(f"endpoint down: {dead:.1f} s, {dead_warning}")
    print(f"bucket: {len(sizes)} objects, {sum(o['Size'] for o in sizes) / 1e6:.1f} MB")


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


if __name__ == "__main__":
    main()
