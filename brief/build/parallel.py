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
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from brief.build import interrupts
from brief.errors import BriefError, Problem

T = TypeVar("T")

MIN_PARALLEL = 200
"""Below this many items a pool costs more than it saves."""
POLL = 0.1
"""Seconds between looks for a Ctrl-C while waiting on workers."""

_task: Callable[[int], Any] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _setup_worker(parent: int) -> None:
    # Ctrl-C is the parent's to handle; workers end when it terminates the pool (SIGTERM, as
    # by default), or when the parent itself dies.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    interrupts.die_with_parent(parent)


class WorkerDied(BriefError):
    """A worker process ended while it had work: a crash in a C extension, the out-of-memory
    killer, a signal from outside. The pool would wait for its lost results forever."""


def _check_alive(workers: list[BaseProcess]) -> None:
    for worker in workers:
        code = worker.exitcode
        if code is None:
            continue
        how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited ({code})"
        raise WorkerDied(
            [
                Problem(
                    "brief",
                    None,
                    None,
                    f"a worker process {how} while parsing or rendering; the output is "
                    "unchanged. Run again with -j 1 to see which file it was working on",
                )
            ]
        )


def _stop(pool: Any) -> None:
    """End the pool now (an interrupt, an error, a dead worker): its own terminate, which
    first takes the task queue's lock so no worker is killed holding it."""
    pool.terminate()


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
    # Keep the parent's objects out of the workers' garbage collections (which would copy
    # the memory they share); a freeze the caller made is the caller's to end.
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    pool_context = multiprocessing.get_context("fork")
    try:
        # Ctrl-C waits until the pool is fully up or fully down: see brief.interrupts.
        with interrupts.deferred() as interrupted:
            pool = pool_context.Pool(jobs, _setup_worker, (os.getpid(),))
            workers: list[BaseProcess] = list(pool._pool)  # type: ignore[attr-defined]
            done = 0
            try:
                chunk_results = pool.imap_unordered(_run_chunk, chunks)
                while done < count and not interrupted():
                    try:
                        chunk = chunk_results.next(timeout=POLL)
                    except multiprocessing.TimeoutError:
                        _check_alive(workers)
                        continue
                    for i, value in chunk:
                        results[i] = value
                    done += len(chunk)
                    if progress:
                        progress(done, count)
            finally:
                if done == count:
                    # Idle workers leave on the pool's own sentinel: no signal to race with.
                    pool.close()
                    pool.join()
                else:
                    _stop(pool)
    finally:
        _task = None
        if not frozen_before:
            gc.unfreeze()
    return results
