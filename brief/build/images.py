"""Photos processed before the write: every derived file a build must write is made from
its source once, in both cores' workers, and kept in `.brief/images/` by its name's digest.

The cache is looked up by that digest (the source's bytes and everything else the bytes
depend on), never by mtime: a rebuild, or a fresh checkout with `.brief/` restored, finds
every file made and processes nothing. The writer then copies from the cache like any
other file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from brief.build.cache import CACHE_DIR
from brief.build.parallel import run_indexed
from brief.build.report import Processed
from brief.config import SiteConfig
from brief.errors import BriefError, Problem
from brief.images.plan import Picture, Variant

IMAGES_DIR = "images"


@dataclass(frozen=True)
class ImageJob:
    """One photo to make the derived files of, and who shows it (for messages)."""

    file: Path
    picture: Picture
    origin: str
    """The article file that references it; `picture.line` is where."""


def cached(config: SiteConfig, picture: Picture, variant: Variant) -> Path:
    """Where the cache keeps one derived file (the site path's last part, under its key)."""
    return Path(cached_name(config, picture, variant))


def cached_name(config: SiteConfig, picture: Picture, variant: Variant) -> str:
    """`cached` as a string: a build plans this for every file of every photo, and a `Path`
    made of it costs more than the joining (a tenth of planning the files of a
    10,000-article site with 1,000 photos)."""
    name = variant.path.rsplit("/", 1)[-1]
    key = picture.key
    return os.path.join(config.root, CACHE_DIR, IMAGES_DIR, key[:2], key, name)


def missing(config: SiteConfig, job: ImageJob) -> bool:
    return any(not cached(config, job.picture, v).is_file() for v in job.picture.files)


def process_images(jobs: Iterable[ImageJob], config: SiteConfig, workers: int) -> Processed:
    """Make and cache the files of every photo in `jobs` the cache lacks.

    Raises `BriefError` naming each photo that cannot be decoded, at the line of the
    article that references it; nothing is written to the output then."""
    started = time.perf_counter()
    # the same bytes under two names are two jobs: each name is a file in the cache
    todo = list({(j.picture.key, j.picture.original.path): j for j in jobs}.values())
    todo = [j for j in todo if missing(config, j)]
    if not todo:
        return Processed()
    # Pillow's encoders only now: most builds make no photo (35 ms of a one-edit build)
    from brief.images.process import ImageFailed, derive

    def task(i: int) -> tuple[int, str | None]:
        job = todo[i]
        try:
            made = derive(job.file, job.picture)
        except ImageFailed as exc:
            return 0, str(exc)
        for variant in job.picture.files:
            store_file(cached(config, job.picture, variant), made[variant.path])
        return len(made), None

    results = run_indexed(task, len(todo), workers, minimum=2)
    problems = [
        Problem(job.origin, job.picture.line or None, None, error)
        for job, (_, error) in zip(todo, results, strict=True)
        if error
    ]
    if problems:
        raise BriefError(problems)
    files = sum(n for n, _ in results)
    return Processed(len(todo), files, time.perf_counter() - started)


def store_file(path: Path, data: bytes) -> None:
    """Write one cache file whole or not at all (a killed build leaves no half a photo)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
