"""One build at a time per output folder.

Two builds writing one folder would undo each other: the second's start-up recovery would
roll back the first's half-applied patch, or delete its staging folder. The lock is an
advisory `flock` on the folder that holds the output (where the staging folders live too),
held for the whole build; the kernel releases it when the process ends, however it ends.
Locking the folder itself leaves no lock file behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from brief.errors import BriefError, Problem


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock, or fail at once if another build holds it."""
    folder = out_dir.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BriefError(
                [
                    Problem(
                        str(out_dir),
                        None,
                        None,
                        "another build is writing this output folder (or one beside it); "
                        "run again once it has finished",
                    )
                ]
            ) from None
        yield
    finally:
        os.close(fd)  # releases the lock
