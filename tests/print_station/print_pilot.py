"""Driving the print station as staff would: tap, log in, wait for the queue to show a state."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input

from shared.config import PrinterConfig
from shared.office import Office
from station.print_station.job_table import JobTable

WAIT = 30.0  # seconds a state has to show up (a KK renders in well under a second)


async def until(pilot: Pilot, check: Callable[[], object], what: str) -> None:
    """Let the app run until ``check()`` is true; fail after :data:`WAIT` seconds."""
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, f"never happened: {what}"
        await pilot.pause(0.05)


def rows(pilot: Pilot) -> dict[str, tuple[str, ...]]:
    """The queue's rows as shown, by job id."""
    table = pilot.app.screen.query_one(JobTable)
    return {cells[0]: cells for cells in table.texts()}


def state_of(pilot: Pilot, job_id: str) -> str | None:
    row = rows(pilot).get(job_id)
    return row[4] if row else None


async def tap(pilot: Pilot, selector: str) -> None:
    """Tap ``selector`` on the current screen; it must really be under the finger."""
    assert await pilot.click(selector), f"{selector} is covered or off screen"
    await pilot.pause()


async def choose(pilot: Pilot, job_id: str) -> None:
    """Put the table's cursor on ``job_id``."""
    table = pilot.app.screen.query_one(JobTable)
    ids = [row.job.id for row in table.jobs]
    table.move_cursor(row=ids.index(job_id), animate=False)
    await pilot.pause()


async def log_in(pilot: Pilot, staff_id: str, pin: str) -> None:
    """Fill in the log-in screen now showing and tap Masuk."""
    screen = pilot.app.screen
    screen.query_one("#staff-id", Input).value = staff_id
    screen.query_one("#pin", Input).value = pin
    await pilot.pause()
    await tap(pilot, "#login")


def with_printer(office: Office, cfg: PrinterConfig) -> Office:
    """``office`` with its A4 printer ``kantor`` replaced by ``cfg``."""
    config = dataclasses.replace(office.config, printers={**office.config.printers, "kantor": cfg})
    return Office(office.store, config, office.clock)
