"""The store's inter-process lock, fair under load.

``filelock`` takes the lock by trying a non-blocking ``flock`` and sleeping
between tries. A process that writes back to back releases and re-takes the
lock within microseconds, so a sleeping waiter almost never gets its turn.
Here waiters announce themselves with a shared ``flock`` on a second file
(``.waiting``); a process about to take the lock first probes that file and,
if anyone is waiting, queues up like them instead of barging in. Waiters
retry every millisecond, so one of them gets the lock within about 1 ms of
its release. Where ``fcntl`` is missing (Windows), the lock is plain
``filelock``.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from filelock import FileLock, Timeout

from shared.store.files import FILE_MODE

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux
    fcntl = None  # type: ignore[assignment]

POLL = 0.001


class FairLock:
    """An exclusive inter-process lock on ``root/.lock`` with a waiting room."""

    def __init__(self, root: Path, timeout: float) -> None:
        self.timeout = timeout
        self._lock = FileLock(str(root / ".lock"), timeout=timeout, mode=FILE_MODE)
        self._waiting_path = root / ".waiting"

    def acquire(self) -> None:
        """Take the lock, or raise ``filelock.Timeout`` after ``timeout`` seconds."""
        if fcntl is None:
            self._lock.acquire(poll_interval=POLL)
            return
        fd = os.open(self._waiting_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            if self._nobody_waiting(fd):
                try:
                    self._lock.acquire(timeout=0)
                    return
                except Timeout:
                    pass
            fcntl.flock(fd, fcntl.LOCK_SH)  # in the waiting room
            deadline = time.monotonic() + self.timeout
            while True:
                try:
                    self._lock.acquire(timeout=0)
                    return
                except Timeout:
                    if time.monotonic() >= deadline:
                        raise
                    time.sleep(POLL * (0.5 + random.random()))
        finally:
            os.close(fd)  # leaves the waiting room (closing drops the flock)

    def release(self) -> None:
        self._lock.release()

    @staticmethod
    def _nobody_waiting(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
