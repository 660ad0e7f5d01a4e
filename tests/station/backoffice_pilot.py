"""Driving the back office as its staff would: log in, open a case, fill the KK form, decide."""

from __future__ import annotations

from typing import Any

from station_pilot import log_in, settle, tap
from textual.pilot import Pilot
from textual.widgets import Input, Select

from shared.office import Office
from station.app import StationApp
from station.screens.backoffice import BackOfficeScreen
from station.screens.input_form import InputScreen
from station.screens.members import MemberDialog
from station.widgets.case_queue import CaseQueue

PIN = "123456"
SIZE = (120, 40)


def station(office: Office) -> StationApp:
    """A station over ``office`` (no idle log-out during a test)."""
    return StationApp(office, idle_seconds=3600)


async def desk(pilot: Pilot, staff_id: str) -> BackOfficeScreen:
    """Log in as ``staff_id`` and wait for the queue to be read."""
    await log_in(pilot, staff_id, PIN)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BackOfficeScreen), type(screen)
    return screen


def queue_ids(pilot: Pilot) -> list[str]:
    return [row["id"] for row in pilot.app.screen.query_one(CaseQueue).cases]


async def open_case(pilot: Pilot, case_id: str) -> None:
    """Put the cursor on ``case_id`` in the queue and open it."""
    table = pilot.app.screen.query_one(CaseQueue)
    table.move_cursor(row=table.get_row_index(case_id))
    await pilot.pause()
    await tap(pilot, "#open")


async def set_value(pilot: Pilot, selector: str, value: Any) -> None:
    """Type ``value`` into an Input or choose it in a Select (None: blank)."""
    widget = pilot.app.screen.query_one(selector)
    if isinstance(widget, Select):
        widget.value = Select.NULL if value is None else value
    else:
        assert isinstance(widget, Input)
        widget.value = "" if value is None else str(value)
    await pilot.pause()


async def fill_header(pilot: Pilot, family: dict[str, Any]) -> None:
    """The KK header as an operator fills it: kecamatan first, then its kelurahan."""
    screen = pilot.app.screen
    assert isinstance(screen, InputScreen)
    for name in ("alamat", "rt", "rw", "kecamatan", "kelurahan", "kabupaten_kota", "provinsi"):
        await set_value(pilot, f"#h-{name}", family[name])
    await settle(pilot)


async def add_member(pilot: Pilot, member: dict[str, Any], *, keep: bool = True) -> MemberDialog:
    """ "Tambah" (F2), fill every field; with ``keep`` "Simpan anggota" (F5).

    Keys, not taps: a Button ignores a second tap within 0.2 s of the last one.
    """
    await pilot.press("f2")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, MemberDialog)
    for name, value in member.items():
        await set_value(pilot, f"#m-{name}", value)
    if keep:
        await pilot.press("f5")
        await settle(pilot)
    return dialog


async def enter_family(pilot: Pilot, family: dict[str, Any]) -> None:
    """The header and every member of ``family`` into the open input form."""
    await fill_header(pilot, family)
    for member in family["anggota"]:
        await add_member(pilot, member)
        assert isinstance(pilot.app.screen, InputScreen), "the member was not accepted"
