"""Both cores for the two costly stages, parsing articles and rendering pages.

Work is described by index into data the parent already holds; worker processes are forked
after that data exists, so nothing but indices and small results crosses between processes.
Output does not depend on how work is split: each index is handled the same way anywhere.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MIN_PARALLEL = 200
"""Below this many items a pool costs more than it saves."""

_task: Callable[[int], Any] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _quiet_worker() -> None:
    # Ctrl-C is the parent's to handle; workers just stop when it terminates the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(indices: list[int]) -> list[tuple[int, Any]]:
    assert _task is not None
    return [(i, _task(i)) for i in indices]


def run_indexed(
    task: Callable[[int], T],
    count: int,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[T]:
    """`[task(i) for i in range(count)]`, in forked workers when there is enough work."""
    global _task
    if jobs <= 1 or count < MIN_PARALLEL or not can_fork():
        out = []
        for i in range(count):
            out.append(task(i))
            if progress:
                progress(i + 1, count)
        return out
    n_chunks = min(count, jobs * 8)
    # Interleaved chunks: heavy pages (long listings) are spread over all workers.
    chunks = [list(range(k, count, n_chunks)) for k in range(n_chunks)]
    results: list[Any] = [None] * count
    _task = task
    gc.freeze()  # keep the parent's objects out of the workers' garbage collections
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_quiet_worker) as pool:
            done = 0
            for chunk in pool.imap_unordered(_run_chunk, chunks):
                for i, value in chunk:
                    results[i] = value
                done += len(chunk)
                if progress:
                    progress(done, count)
    finally:
        _task = None
        gc.unfreeze()
    return results
