"""How the worker pool hands out work: with `near`, each worker starts on a stretch of its
own, so the lists that show the same stories mostly go to one worker (its story cards are
made once); the results are those of a serial run either way."""

from __future__ import annotations

import os

from brief.build import parallel
from brief.build.parallel import _Queue


def test_results_are_in_item_order_whatever_the_places() -> None:
    near = [None if i % 3 == 0 else float((i * 7919) % 400) for i in range(400)]
    assert parallel.run_indexed(lambda i: i * i, 400, 2, near=near) == [i * i for i in range(400)]


def test_each_worker_starts_on_its_own_stretch_of_the_line() -> None:
    # placed items 0..99 in reverse order of index, then 100 without a place
    near: list[float | None] = [float(100 - i) for i in range(100)] + [None] * 100
    queue = _Queue(200, 2, near)
    first, second = queue.take(0), queue.take(1)
    # worker 0 begins with the smallest places (the highest indices of the placed ones),
    # worker 1 with the middle of the line
    assert first[0] == 99 and all(i < 100 for i in first)
    assert second[0] == 49 and all(i < 100 for i in second)
    assert max(near[i] or 0 for i in first) < min(near[i] or 0 for i in second)


def test_a_worker_whose_stretch_is_done_takes_the_far_end_of_the_longest() -> None:
    near: list[float | None] = [float(i) for i in range(160)] + [None] * 40
    queue = _Queue(200, 2, near)
    taken: list[int] = []
    while queue.runs[1]:
        taken += queue.take(1)
    # worker 1's own run: the upper half of the line, then its share of the free items
    assert taken[:80] == list(range(80, 160))
    assert set(taken[80:]) == set(range(161, 200, 2))
    stolen = queue.take(1)
    # from worker 0's run, the far end: free items, not the stories worker 0 is near
    assert stolen and all(near[i] is None for i in stolen)
    rest = [i for _ in range(100) if queue for i in queue.take(0)]
    assert sorted(taken + stolen + rest) == list(range(200))


def test_without_places_the_chunks_interleave() -> None:
    queue = _Queue(400, 2, None)
    chunk = queue.take(0)
    assert chunk[:3] == [0, 16, 32]
    assert queue.take(1)[:3] == [1, 17, 33]


def test_the_workers_split_a_line_into_stretches() -> None:
    # 400 placed items, no stealing needed for the first chunk: its items share a worker
    near: list[float | None] = [float(i) for i in range(400)]
    pids = parallel.run_indexed(lambda i: os.getpid(), 400, 2, near=near)
    assert len(set(pids)) == 2
    first_chunk = range(0, 400 // 2 // parallel.CHUNKS)
    assert len({pids[i] for i in first_chunk}) == 1
    assert pids[0] != pids[200]


def test_early_the_free_items_come_first_in_order_and_in_small_chunks() -> None:
    """For a caller that works on the items without a place as they come (the search
    index reads the article pages), they are handed out first."""
    near: list[float | None] = [float(i) for i in range(160)] + [None] * 640
    queue = _Queue(800, 2, near, early=True)
    first, second = queue.take(0), queue.take(1)
    assert first == list(range(160, 160 + 2 * len(first), 2))
    assert second == [i + 1 for i in first]
    assert len(first) == 320 // (4 * parallel.CHUNKS)
    rest = [i for _ in range(800) if queue for i in queue.take(0)]
    assert sorted(first + second + rest) == list(range(800))


def test_done_hears_of_every_item_once_after_the_workers_are_forked() -> None:
    calls: list[list[int]] = []
    pid = os.getpid()
    near: list[float | None] = [None] * 300
    results = parallel.run_indexed(
        lambda i: os.getpid(), 300, 2, near=near, done=lambda found: calls.append(list(found))
    )
    assert calls[0] == []  # the workers are forked: a thread started now is in none
    assert sorted(i for call in calls for i in call) == list(range(300))
    assert pid not in results


def test_the_workers_can_run_nicer_than_the_parent() -> None:
    here = os.getpriority(os.PRIO_PROCESS, 0)
    seen = parallel.run_indexed(lambda i: os.getpriority(os.PRIO_PROCESS, 0), 300, 2, nice=5)
    assert set(seen) == {min(19, here + 5)}
    assert os.getpriority(os.PRIO_PROCESS, 0) == here
