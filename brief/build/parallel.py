"""Both cores for the two costly stages, parsing articles and rendering pages.

Work is described by index into data the parent already holds; worker processes are forked
after that data exists, so nothing but indices and small results crosses between processes.
Output does not depend on how work is split: each index is handled the same way anywhere.

The pool is our own, not `multiprocessing.Pool`: each worker has a pipe of its own, so no
lock is shared between processes. With the standard pool a worker that dies (a crash in a C
extension, the out-of-memory killer) loses its results and can leave a queue lock taken, and
the pool then waits forever, even while being terminated. Here a dead worker is an
end-of-file on its pipe: the run stops with `WorkerDied`, and the rest are killed and reaped.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from brief.build import interrupts
from brief.errors import BriefError, Problem

T = TypeVar("T")

MIN_PARALLEL = 200
"""Below this many items a pool costs more than it saves."""
POLL = 0.1
"""Seconds between looks for a Ctrl-C while waiting on workers."""
CHUNKS = 8
"""Chunks per worker: enough that the last ones even out the workers' loads."""
_HEADER = struct.Struct("!Q")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return hasattr(os, "fork")


class WorkerDied(BriefError):
    """A worker process ended while it had work: a crash in a C extension, the out-of-memory
    killer, a signal from outside."""


class WorkerFailed(Exception):
    """A task raised an exception in a worker; the message carries its traceback."""


def _send(fd: int, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _recv(fd: int) -> Any:
    """The next message on `fd`, or raise EOFError if the other side is gone."""
    header = _read_exactly(fd, _HEADER.size)
    return pickle.loads(_read_exactly(fd, _HEADER.unpack(header)[0]))


def _read_exactly(fd: int, size: int) -> bytes:
    parts = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def _worker(task: Callable[[int], Any], tasks: int, results: int, parent: int, nice: int) -> None:
    """A forked worker's whole life: chunks of indices in, (index, value) lists out."""
    # Ctrl-C is the parent's to handle; workers end when it kills them or closes their pipe,
    # or when the parent itself dies.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    interrupts.die_with_parent(parent)
    if nice:
        os.nice(nice)
    try:
        while True:
            chunk = _recv(tasks)
            if chunk is None:
                break
            try:
                _send(results, [(i, task(i)) for i in chunk])
            except Exception:  # a bug: hand it to the parent, which raises it
                _send(results, WorkerFailed(traceback.format_exc()))
    except EOFError:
        pass
    finally:
        os._exit(0)  # never run the parent's cleanup (atexit, finally blocks) in a worker


def _died(pid: int, status: int | None) -> WorkerDied:
    if status is None:
        how = "ended"
    elif os.WIFSIGNALED(status):
        how = f"was killed by {signal.Signals(os.WTERMSIG(status)).name}"
    else:
        how = f"exited ({os.waitstatus_to_exitcode(status)})"
    return WorkerDied(
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


class _Queue:
    """The chunks of a run, in one run of chunks for each worker (its `slot`).

    A worker takes its own run's chunks from the front; once its run is empty it takes the
    last chunk of the longest run left. With `near`, the items are in that order, so the
    work each worker starts with lies together (see `run_indexed`), and what a worker
    takes from another's run is the far end of it, where the free items are."""

    def __init__(
        self, count: int, jobs: int, near: Sequence[float | None] | None, early: bool = False
    ) -> None:
        if near is None:
            # Interleaved chunks, one run for all: heavy items (long listings) spread over
            # every worker.
            n_chunks = min(count, jobs * CHUNKS)
            self.runs = [[list(range(k, count, n_chunks)) for k in range(n_chunks)]]
            return
        placed = sorted((p, i) for i, p in enumerate(near) if p is not None)
        free = [i for i, p in enumerate(near) if p is None]
        ordered = [i for _, i in placed]
        self.runs = []
        for k in range(jobs):
            own = ordered[len(ordered) * k // jobs : len(ordered) * (k + 1) // jobs]
            if early:  # the free items first, in small chunks: their results come soon
                mine = free[k::jobs]
                self.runs.append(_chunks(mine, 4 * CHUNKS) + _chunks(own, CHUNKS))
            else:
                self.runs.append(_chunks(own + free[k::jobs], CHUNKS))

    def __bool__(self) -> bool:
        return any(self.runs)

    def take(self, slot: int) -> list[int]:
        """The next chunk for the worker in `slot` (the queue must not be empty)."""
        own = self.runs[slot % len(self.runs)]
        if own:
            return own.pop(0)
        return max(self.runs, key=len).pop()


def _chunks(items: list[int], count: int) -> list[list[int]]:
    """`items` cut into about `count` chunks of one size, in order."""
    size = max(1, -(-len(items) // count))
    return [items[j : j + size] for j in range(0, len(items), size)]


def run_indexed(
    task: Callable[[int], T],
    count: int,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
    minimum: int = MIN_PARALLEL,
    near: Sequence[float | None] | None = None,
    done: Callable[[Sequence[int]], None] | None = None,
    nice: int = 0,
) -> list[T]:
    """`[task(i) for i in range(count)]`, in forked workers when there are `minimum` items
    or more (a photo is worth a worker; a page is not).

    `near`, one per item: where it lies on a line (a listing: the date of its middle
    story), or None. Each worker starts on a stretch of the line of its own, so items
    that share work kept per process (a story card made once, reused on every list that
    shows it) mostly go to one worker; the items without a place even out the loads.

    `done`, called in this process with the indices of each run of items as they are
    finished (first with none, once the workers are forked: a thread started then is in no
    fork), for a caller that works on them meanwhile. With `near`, the items without a
    place are then handed out first, in order. `nice`: the workers' niceness, above this
    process's (a program the caller runs meanwhile, the indexer, then gets a core first)."""
    if jobs <= 1 or count < minimum or not can_fork():
        out = []
        for i in range(count):
            out.append(task(i))
            if progress:
                progress(i + 1, count)
            if done:
                done((i,))
        return out
    todo = _Queue(count, jobs, near, early=done is not None)
    results: list[Any] = [None] * count
    # Keep the parent's objects out of the workers' garbage collections (which would copy
    # the memory they share); a freeze the caller made is the caller's to end.
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    workers: dict[int, tuple[int, int, int]] = {}  # result fd -> (pid, task fd, slot)
    try:
        # Ctrl-C waits until every worker is forked or reaped: see brief.interrupts.
        with interrupts.deferred() as interrupted:
            try:
                for slot in range(min(jobs, count)):
                    pid, task_fd, result_fd = _fork(task, nice)
                    workers[result_fd] = (pid, task_fd, slot)
                busy: set[int] = set()
                for fd, (_, task_fd, slot) in workers.items():
                    if todo:
                        _send(task_fd, todo.take(slot))
                        busy.add(fd)
                if done:
                    done(())
                finished = 0
                while busy and not interrupted():
                    ready, _, _ = select.select(list(busy), [], [], POLL)
                    for fd in ready:
                        try:
                            message = _recv(fd)
                        except EOFError:
                            pid = workers[fd][0]
                            raise _died(pid, _reap(pid)) from None
                        if isinstance(message, WorkerFailed):
                            raise message
                        for i, value in message:
                            results[i] = value
                        finished += len(message)
                        if progress:
                            progress(finished, count)
                        if done:
                            done([i for i, _ in message])
                        if not todo:
                            busy.discard(fd)
                            continue
                        try:
                            _send(workers[fd][1], todo.take(workers[fd][2]))
                        except OSError:  # it died just after answering
                            pid = workers[fd][0]
                            raise _died(pid, _reap(pid)) from None
            finally:
                _stop(workers, finished=not todo and not interrupted())
    finally:
        if not frozen_before:
            gc.unfreeze()
    return results


def _fork(task: Callable[[int], Any], nice: int = 0) -> tuple[int, int, int]:
    """A worker process: (pid, fd the parent sends chunks on, fd it reads results from)."""
    task_read, task_write = os.pipe()
    result_read, result_write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the worker
        # It collects its own garbage (its renders' cycles), even where the parent does
        # not (`commands.build.OneShot`); what it shares with the parent is frozen.
        gc.enable()
        os.close(task_write)
        os.close(result_read)
        _worker(task, task_read, result_write, parent, nice)
    os.close(task_read)
    os.close(result_write)
    return pid, task_write, result_read


def _reap(pid: int) -> int | None:
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def _stop(workers: dict[int, tuple[int, int, int]], finished: bool) -> None:
    """End every worker and wait for it. A worker that finished is told to leave (no signal
    that could reach it before it has set up its handlers); otherwise it is killed."""
    for result_fd, (pid, task_fd, _) in workers.items():
        if finished:
            with contextlib.suppress(OSError):  # already gone
                _send(task_fd, None)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.close(task_fd)
        os.close(result_fd)
    for pid, _, _ in workers.values():
        _reap(pid)
