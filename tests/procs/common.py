"""What every worker process needs: the office on a store, staff sessions, a start barrier.

Worker scripts are run as ``python tests/procs/<name>.py ...``, so this folder
is first on their ``sys.path``; the tests folder goes second (for ``helpers``).
Workers write what they did to stdout, one JSON object per line, flushed
before they go on: a line that reached the pipe is an acknowledgement.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(1, str(TESTS))

from shared.clock import ManualClock  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.office import Office, Session  # noqa: E402
from shared.sop import Role  # noqa: E402
from shared.store.filestore import FileStore  # noqa: E402

# Who the workers act as; the test creates these accounts before starting them.
STAFF = {
    "LOKET1": Role.PENGOLAH_DATA,
    "LOKET2": Role.PENGOLAH_DATA,
    "SIAK1": Role.ADMIN_SIAK,
}


def session(staff_id: str, station: str) -> Session:
    return Session(staff_id, STAFF[staff_id], station)


class LiveClock:
    """Office time that runs: ``at`` (ISO 8601) when the wall clock read ``t0``, then onwards.

    Every process of a test given the same ``at`` and ``t0`` shares one clock.
    """

    def __init__(self, at: str, t0: float) -> None:
        self.start = datetime.fromisoformat(at)
        self.t0 = t0

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.time() - self.t0)


def open_office(
    store: str | Path, at: str, config: Any = None, *, live_t0: float | None = None
) -> Office:
    """The office on the store at ``store``, its clock stopped at ``at`` (ISO 8601).

    With ``live_t0`` the clock runs from ``at`` (see :class:`LiveClock`).
    """
    config = config if config is not None else load_config(None)
    clock: Any = (
        ManualClock(datetime.fromisoformat(at)) if live_t0 is None else LiveClock(at, live_t0)
    )
    return Office(FileStore(store), config, clock)


def emit(**fields: Any) -> None:
    """One JSON line on stdout, flushed: the caller may rely on it once this returns."""
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def wait_for(path: Path, timeout: float) -> None:
    """Block until ``path`` exists (the start barrier); fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {path}")
        time.sleep(0.001)


def barrier(ready: Path, go: Path, timeout: float = 60.0) -> None:
    """Say this process is ready (imports done), then wait for the common start."""
    ready.touch()
    wait_for(go, timeout)
