"""The print station's printing thread, without a screen.

Every ``interval`` seconds, or at once when woken, it prints the queue's
ready jobs (:func:`~shared.document_print.print_pending_documents`) while
``is_on()`` says so; the jobs each pass finished go to ``report`` (called
from the thread: a UI passes them on to its screen). Several loops may run
on one store, in one process or many: each job is claimed in the store
before it is printed, so none is printed twice. ``kk print-station`` and
``kk office`` both run one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from shared.document_print import print_pending_documents

if TYPE_CHECKING:
    from shared.model import PrintJob
    from shared.office import Office

log = logging.getLogger(__name__)

Report = Callable[[list["PrintJob"]], None]


class StopReporting(Exception):
    """Raised by a ``report`` whose listener is gone: the loop ends."""


class PrintLoop:
    """Print ``office``'s ready documents as ``worker`` in a daemon thread."""

    def __init__(
        self,
        office: Office,
        worker: str,
        *,
        interval: float = 1.0,
        is_on: Callable[[], bool] = lambda: True,
        report: Report | None = None,
        name: str = "print-loop",
    ) -> None:
        self.office = office
        self.worker = worker
        self.interval = interval
        self.is_on = is_on
        self.report = report
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """End the loop after the job being printed, if any (waits up to ``timeout``)."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wake(self) -> None:
        """Look for ready jobs now (after staff acted, or when unpaused)."""
        self._wake.set()

    def print_once(self) -> list[PrintJob]:
        """Print every ready job now (from any thread); the jobs as they ended."""
        return print_pending_documents(self.office, worker=self.worker)

    def _run(self) -> None:
        from shared.store.backup import auto_backup

        while not self._stop.is_set():
            try:  # the day's backup, on the process most likely to be always on
                auto_backup(self.office)
            except Exception:  # noqa: BLE001 - printing goes on; retried in a while
                log.exception("%s: the daily backup failed", self.worker)
            if self.is_on():
                try:
                    done = self.print_once()
                except Exception:  # noqa: BLE001 - the loop keeps going; the store may be back
                    log.exception("%s: printing pass failed", self.worker)
                    done = []
                if done and self.report is not None and not self._stop.is_set():
                    try:
                        self.report(done)
                    except StopReporting:
                        return
            self._wake.wait(self.interval)
            self._wake.clear()
