"""Ctrl-C and SIGTERM during parallel work: the interrupt comes through, and no worker process
outlives the pool. Signals here are real ones, sent to this very process or to a build."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brief.build import interrupts, parallel
from tests.helpers import BASIC_CONFIG, article


def children_of(pid: int) -> set[int]:
    """Live processes whose parent is `pid` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name, in parentheses, may hold spaces: fields follow the last ")"
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pids: set[int], seconds: float = 10.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := {p for p in pids if alive(p)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_deferred_signal_is_noted_then_raised_after_the_block(sig: int) -> None:
    before = signal.getsignal(sig)
    with pytest.raises(KeyboardInterrupt), interrupts.deferred() as pending:
        assert not pending()
        os.kill(os.getpid(), sig)
        time.sleep(0.01)  # the handler runs here; it must not raise inside the block
        assert pending()
        reached_the_end = True
    assert reached_the_end
    assert signal.getsignal(sig) == before


def test_without_a_signal_the_block_just_ends() -> None:
    with interrupts.deferred() as pending:
        pass
    assert not pending()


def _slow_square(i: int) -> int:
    time.sleep(0.002)
    return i * i


def test_ctrl_c_while_workers_run_stops_the_pool_and_leaves_no_process() -> None:
    if not parallel.can_fork():
        pytest.skip("no fork on this platform")  # pragma: no cover
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        if not seen:  # the first results are in: the pool is up and working
            seen.extend(children_of(os.getpid()))
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        parallel.run_indexed(_slow_square, 2000, 2, progress)
    assert seen, "the pool had no worker processes"
    assert not wait_gone(set(seen)), "workers outlived the interrupted pool"
    assert multiprocessing.active_children() == []
    # and the next run works as usual
    assert parallel.run_indexed(_slow_square, 400, 2) == [i * i for i in range(400)]


def _site(root: Path, count: int) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text(BASIC_CONFIG, encoding="utf-8")
    for i in range(count):
        (root / "content" / f"{i}.md").write_text(article(f"Story {i}", body="Text. " * 50))
    return root


def _start_build(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "brief", "build", "-q"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _workers_of(proc: subprocess.Popen[str], want: int = 2) -> set[int]:
    """The build's worker processes, once it has `want` of them."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        workers = children_of(proc.pid)
        if len(workers) >= want:
            return workers
        time.sleep(0.002)
    pytest.fail("the build ended before it started its workers; make the site bigger")


@pytest.mark.parametrize(
    "sig,code",
    [(signal.SIGINT, 130), (signal.SIGTERM, 130), (signal.SIGKILL, -signal.SIGKILL)],
)
def test_a_stopped_build_leaves_no_worker_behind(tmp_path: Path, sig: int, code: int) -> None:
    """Stopped at the moment its workers exist (the pool may still be starting), the build
    ends, its pipes close, and none of its workers is left running - even when it is killed
    outright and cannot stop them itself."""
    root = _site(tmp_path / "site", 1500)
    proc = _start_build(root)
    workers = _workers_of(proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)  # hangs if a worker still holds the pipes
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert not wait_gone(workers), f"workers still running after {sig!r}"
    # a killed build cannot say so; one that is asked to stop does
    assert ("interrupted; the output folder is unchanged" in err) == (sig != signal.SIGKILL)
    assert not (root / "public").exists()


def _die_at_seven(i: int) -> int:
    if i == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return i


def test_a_worker_that_dies_fails_the_run_instead_of_hanging() -> None:
    """A pool whose worker is killed would wait for its results forever; it must fail fast."""
    started = time.monotonic()
    with pytest.raises(parallel.WorkerDied) as caught:
        parallel.run_indexed(_die_at_seven, 400, 2)
    assert time.monotonic() - started < 30
    (problem,) = caught.value.problems
    assert problem.format() == (
        "brief: error: a worker process was killed by SIGKILL while parsing or rendering; the "
        "output is unchanged. Run again with -j 1 to see which file it was working on"
    )
    assert children_of(os.getpid()) == set()


def test_many_short_pools_all_end() -> None:
    """Pools that finish before every worker has started must still end: workers leave on
    the pool's sentinel, not on a signal that a just-forked process can miss."""
    before = children_of(os.getpid())
    for _ in range(40):
        assert parallel.run_indexed(lambda i: i * 2, parallel.MIN_PARALLEL, 2)[:3] == [0, 2, 4]
    assert children_of(os.getpid()) == before
