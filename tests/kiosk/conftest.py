"""Kiosk fixtures: a kiosk app over the test office, fake printers, an async test runner."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from kiosk.app import KioskApp
from shared.config import PrinterConfig
from shared.model import PrintJob
from shared.office import Office


class FakePrinter:
    """Stands in for ``print_service.print_job``: claims the job, records it printed or failed."""

    def __init__(self, ok: bool = True) -> None:
        self.ok = ok
        self.calls: list[tuple[str, str, str | None]] = []

    def __call__(
        self, office: Office, job_id: str, *, worker: str, lang: str | None = None
    ) -> PrintJob:
        self.calls.append((job_id, worker, lang))
        office.printing.claim_job(job_id, worker)
        error = None if self.ok else "printer offline"
        return office.printing.finish(job_id, ok=self.ok, error=error, worker=worker)


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter(ok=True)


@pytest.fixture
def make_kiosk(office: Office, printer: FakePrinter) -> Callable[..., KioskApp]:
    """A kiosk over ``office``; no idle reset or auto-return unless a test asks for one."""

    def make(target: Office | None = None, **kwargs: Any) -> KioskApp:
        kwargs.setdefault("print_ticket", printer)
        kwargs.setdefault("idle_seconds", 3600)
        kwargs.setdefault("ticket_seconds", 3600)
        return KioskApp(target or office, **kwargs)

    return make


@pytest.fixture
def office_printing_to(office: Office, tmp_path) -> Callable[[PrinterConfig | None], Office]:
    """The office on the same store, its kiosk printer a file under ``tmp_path`` (or ``cfg``)."""

    def make(cfg: PrinterConfig | None = None) -> Office:
        name = office.config.kiosk.printer
        kiosk = cfg or PrinterConfig(name, "file", 80, {"path": tmp_path / "kiosk.bin"})
        printers = {**office.config.printers, name: dataclasses.replace(kiosk, name=name)}
        config = dataclasses.replace(office.config, printers=printers)
        return Office(office.store, config, office.clock)

    return make
