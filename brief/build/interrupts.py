"""Ctrl-C and SIGTERM, delivered as one KeyboardInterrupt at a moment where stopping is safe.

A process pool interrupted while it starts or shuts down can leave forked workers behind:
they outlive the build, hold its terminal and pipes open, and wait forever for work. So the
pool's whole life runs with both signals only recorded; the pool is then shut down in full
and the interrupt raised after.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@contextmanager
def deferred() -> Iterator[Callable[[], bool]]:
    """Within the block SIGINT and SIGTERM are only noted; the block polls `pending()` to stop
    early. A noted signal is raised as KeyboardInterrupt once the block has ended cleanly.

    Only the main thread receives signals; elsewhere this changes nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    noted: list[int] = []
    pid = os.getpid()

    def note(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != pid:  # a worker forked inside the block, before its own setup
            os._exit(128 + signum)
        noted.append(signum)

    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig in STOP_SIGNALS:
        signal.signal(sig, note)
    try:
        yield lambda: bool(noted)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
    if noted:
        raise KeyboardInterrupt


def die_with_parent(parent: int) -> None:
    """Make this (forked) process end when `parent` does, even if the parent is killed outright
    (SIGKILL, the out-of-memory killer) and has no chance to stop its workers. Linux only;
    elsewhere a killed build may leave idle workers behind."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # only workers pay for it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
        return
    if os.getppid() != parent:  # the parent was already gone before prctl took effect
        os._exit(1)
