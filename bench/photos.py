#!/usr/bin/env python3
"""Photos: what processing costs a cold build, and that the cache makes it once.

    python bench/photos.py                  # 1,000 articles, each leading with a 2-4 MP photo
    python bench/photos.py --photos 100 --runs 3

On the corpus of `gen_corpus.py N --photos P` (made once in --work, deterministic), with
both cores (`--jobs 2`), as real `brief build` processes:

- cold: no output, no `.brief/`: every photo processed;
- cold, warm image cache: no output and no `.brief/` but `.brief/images/` (the baseline,
  measured in the same run: everything but the photos' processing);
- the share of the cold build spent on photos, from the build's own report and from the two;
- no change: the fast path;
- one photo changed: exactly one processed (checked), its pages re-rendered.

The cold build is run `--cold-runs` times (default 1: a thousand photos take minutes on a
shared machine); the others are medians of `--runs`.
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
sys.path.insert(0, str(HERE.parent))
BUILT = re.compile(r"built (\d+) files ")
PROCESSED = re.compile(r"processed (\d+) images? \((\d+) files?\) in ([\d.]+) s")
"""Looked for on its own: other parts of the summary (the search index, the shared cache)
may follow it."""


def brief_build(site: Path) -> dict[str, float]:
    """One `brief build --jobs 2`: wall seconds and what its summary line says."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "build", "--source", str(site), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr}")
    built = BUILT.search(proc.stdout)
    if not built:
        raise SystemExit(f"no summary in:\n{proc.stdout}")
    made = PROCESSED.search(proc.stdout)
    return {
        "wall": wall,
        "files": float(built.group(1)),
        "images": float(made.group(1)) if made else 0.0,
        "image_files": float(made.group(2)) if made else 0.0,
        "image_seconds": float(made.group(3)) if made else 0.0,
    }


def aside(*paths: Path) -> None:
    """Move outputs and caches away with a rename, so their deletion is not timed."""
    trash = Path(tempfile.mkdtemp(prefix="trash-", dir=paths[0].parent.parent))
    for p in paths:
        if p.exists():
            p.rename(trash / f"{p.name}-{time.monotonic_ns()}")
    shutil.rmtree(trash, ignore_errors=True)


def photo_corpus(work: Path, articles: int, photos: int) -> Path:
    """The brief site of `gen_corpus.py ARTICLES --photos PHOTOS` in `work`, made once."""
    corpus = work / f"n{articles}-photos{photos}"
    site = corpus / "brief"
    if not (site / "site.yaml").exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "gen_corpus.py"),
                str(articles),
                str(corpus),
                "--photos",
                str(photos),
            ],
            check=True,
        )
    return site


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "brief-bench")
    args = parser.parse_args()
    site = photo_corpus(args.work, args.articles, args.photos)
    public, cache = site / "public", site / ".brief"
    cold = []
    for _ in range(args.cold_runs):
        aside(public, cache)
        cold.append(brief_build(site))
    images = cache / "images"
    warm = []
    for _ in range(args.runs):
        kept = site / "images-kept"
        images.rename(kept)
        aside(public, cache)
        cache.mkdir()
        kept.rename(images)
        result = brief_build(site)
        assert result["images"] == 0, result
        warm.append(result["wall"])
    same = []
    for _ in range(args.runs):
        result = brief_build(site)
        assert result["images"] == 0, result
        same.append(result["wall"])
    one = []
    photo = site / "content" / "photos" / "photo-0000.jpg"
    original = photo.read_bytes()
    sys.path.insert(0, str(HERE))
    from gen_corpus import photo as make_photo

    for i in range(args.runs):
        photo.write_bytes(make_photo(10_000 + i))
        result = brief_build(site)
        assert result["images"] == 1, f"one photo changed, {result['images']} processed"
        one.append(result["wall"])
    photo.write_bytes(original)
    brief_build(site)

    c = cold[0] if len(cold) == 1 else {k: statistics.median(r[k] for r in cold) for k in cold[0]}
    w = statistics.median(warm)
    print(f"corpus: {args.articles} articles, {args.photos} photos ({site.parent})")
    print(f"cold build: {c['wall']:.1f} s, {int(c['files'])} files")
    print(
        f"  photos: {int(c['images'])} processed into {int(c['image_files'])} files in "
        f"{c['image_seconds']:.1f} s (both cores): {c['image_seconds'] / c['wall']:.0%} of the build"
    )
    print(
        f"cold build, image cache warm (baseline): {w:.1f} s; cold / baseline {c['wall'] / w:.2f}"
    )
    print(f"no change: {statistics.median(same):.2f} s")
    print(f"one photo changed (1 processed): {statistics.median(one):.2f} s")


if __name__ == "__main__":
    main()
