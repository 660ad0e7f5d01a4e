"""kk office: the whole office as modes of one Textual app.

The menu switches modes; every mode's screens look exactly as in their own
app; each staff mode keeps its own log-in; the kiosk is left only with a
staff PIN and logs staff out; the print station prints whatever is on screen.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from typing import Any

import pytest
from helpers import case_in
from pilot_steps import settle, tap
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Static

from kiosk.app import KioskApp
from kiosk.screens.home import HomeScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.widgets import BigButton, BigNumber, Say
from shared.cli.office import cmd_office
from shared.config import PrinterConfig
from shared.model import PrintJob
from shared.office import Office
from shared.signing_keys import PRIVATE_FILE
from shared.sop import CaseState
from station.app import StationApp
from station.display import DisplayApp
from station.display.board_screen import BoardScreen
from station.office import OfficeApp, OfficeMenuScreen, StaffExitScreen
from station.print_station.app import PrintStationApp
from station.print_station.queue_screen import QueueScreen
from station.screens.backoffice import BackOfficeScreen
from station.screens.counter import CounterScreen
from station.screens.login import LoginScreen
from station.screens.supervisor import SupervisorScreen

PIN = "123456"  # the test office's PIN (tests/conftest.py)
SIZE = (120, 36)
ROWS = [("LOKET1", "111111", "Pengolah Data", "Rina")]


class Printed:
    """The kiosk's printer: claims each ticket's job and records it printed."""

    def __init__(self) -> None:
        self.jobs: list[str] = []

    def __call__(self, office: Office, job_id: str, *, worker: str, lang: Any = None) -> PrintJob:
        self.jobs.append(job_id)
        office.printing.claim_job(job_id, worker)
        return office.printing.finish(job_id, ok=True, error=None, worker=worker)


def office_app(office: Office, **kwargs: Any) -> OfficeApp:
    kwargs.setdefault("print_ticket", Printed())
    kwargs.setdefault("print_auto", False)
    return OfficeApp(office, sound=False, **kwargs)


async def log_in(pilot: Pilot, staff_id: str, pin: str = PIN) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, LoginScreen)
    screen.query_one("#staff-id", Input).value = staff_id
    screen.query_one("#pin", Input).value = pin
    await pilot.pause()
    await tap(pilot, "#login")


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def leave_kiosk(pilot: Pilot, staff_id: str = "LOKET1", pin: str = PIN) -> None:
    """F12, then a staff ID and PIN."""
    await press(pilot, "f12")
    screen = pilot.app.screen
    assert isinstance(screen, StaffExitScreen)
    screen.query_one("#exit-staff", Input).value = staff_id
    screen.query_one("#exit-pin", Input).value = pin
    await tap(pilot, "#exit-ok")


def layout(screen: Screen[Any]) -> list[tuple[Any, ...]]:
    """What a person sees of ``screen``: each widget's place, classes and colours."""
    return [
        (
            type(node).__name__,
            node.id,
            sorted(node.classes - {"-hover", "-active"}),
            tuple(node.region),
            str(node.styles.color),
            str(node.styles.background),
            str(node.styles.border),
        )
        for node in screen.walk_children(with_self=True)
        if node.display
    ]


# -- the menu -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "mode", "screen"),
    [
        ("f1", "kiosk", HomeScreen),
        ("f2", "counter", LoginScreen),
        ("f3", "backoffice", LoginScreen),
        ("f4", "supervisor", LoginScreen),
        ("f5", "print", QueueScreen),
        ("6", "display", BoardScreen),
    ],
)
async def test_the_menu_opens_each_mode_by_its_key(office, key, mode, screen):
    app = office_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OfficeMenuScreen)
        await press(pilot, key)
        assert app.current_mode == mode and isinstance(app.screen, screen)
        assert f"look-{app.hosts[mode].look}" in app.classes
        if mode != "kiosk":  # F12 comes back; the kiosk asks for a PIN (below)
            await press(pilot, "f12")
            assert isinstance(app.screen, OfficeMenuScreen)


async def test_menu_buttons_counter_language_demo_staff_and_quit(office):
    app = office_app(office, demo_staff=ROWS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.counter == 1
        await tap(pilot, "#counter-3")
        assert app.counter == 3
        assert app.screen.query_one("#demo-staff", DataTable).row_count == 1
        await press(pilot, "f9")
        assert "Citizen kiosk" in str(app.screen.query_one("#mode-kiosk", Button).label)
        assert "change the PINs" in str(app.screen.query_one("#demo-title", Static).render())
        await tap(pilot, "#mode-counter")
        assert app.current_mode == "counter" and app.lang == "en"
        assert app.stations["counter"].counter == 3
        await press(pilot, "ctrl+q")  # back to the menu first
        assert app.current_mode == "menu" and app.is_running
        await press(pilot, "ctrl+q")  # then the office ends
    assert not app.is_running


# -- every mode looks as in its own app --------------------------------------------------------


async def choose(pilot: Pilot, prefix: str, value: str) -> None:
    """Tap a choice of a kiosk pager, turning pages until it shows."""
    button = pilot.app.screen.query_one(f"#{prefix}-{value}", BigButton)
    for _ in range(10):
        if button.display:
            break
        await tap(pilot, f"#{prefix}-next")
    await tap(pilot, f"#{prefix}-{value}")


async def _alone(app: App[Any], staff_id: str | None) -> list[tuple[Any, ...]]:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if staff_id:
            await log_in(pilot, staff_id)
        return layout(app.screen)


async def _in_office(office: Office, key: str, staff_id: str | None) -> list[tuple[Any, ...]]:
    app = office_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, key)
        if staff_id:
            await log_in(pilot, staff_id)
        return layout(app.screen)


@pytest.mark.parametrize(
    ("key", "staff_id", "alone", "screen"),
    [
        ("f1", None, lambda o: KioskApp(o, print_ticket=Printed()), HomeScreen),
        ("f2", None, lambda o: StationApp(o, counter=1), LoginScreen),
        ("f2", "LOKET1", lambda o: StationApp(o, counter=1), CounterScreen),
        ("f3", "SIAK1", lambda o: StationApp(o), BackOfficeScreen),
        ("f4", "SPV1", lambda o: StationApp(o), SupervisorScreen),
        ("f5", None, lambda o: PrintStationApp(o, auto=False), QueueScreen),
        ("f6", None, lambda o: DisplayApp(o, sound=False), BoardScreen),
    ],
    ids=["kiosk", "login", "counter", "backoffice", "supervisor", "print", "display"],
)
async def test_each_mode_looks_exactly_as_its_own_app(office, key, staff_id, alone, screen):
    mine = await _in_office(office, key, staff_id)
    theirs = await _alone(alone(office), staff_id)
    assert mine[0][0] == theirs[0][0] == screen.__name__
    assert len(mine) > 5
    assert mine == theirs


# -- staff modes ------------------------------------------------------------------------------


async def test_each_staff_mode_keeps_its_own_log_in(office):
    app = office_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        await log_in(pilot, "LOKET1")
        assert isinstance(app.screen, CounterScreen)
        await press(pilot, "f12", "f3")
        await log_in(pilot, "KASI1")
        assert isinstance(app.screen, BackOfficeScreen)
        await press(pilot, "f12")
        assert "LOKET1" in str(app.screen.query_one("#mode-counter").label)
        assert "KASI1" in str(app.screen.query_one("#mode-backoffice").label)
        await press(pilot, "f2")
        assert isinstance(app.screen, CounterScreen)  # as it was left
        assert app.screen.session.staff_id == "LOKET1"


async def test_a_role_logging_in_at_the_wrong_mode_is_told_where_it_works(office):
    app = office_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        await log_in(pilot, "KASI1")
        assert isinstance(app.screen, LoginScreen)
        message = app.screen.query_one("#login-error", Say).text
        assert "Back office" in message and "F12" in message
        assert app.stations["counter"].session is None


async def test_idle_logs_staff_out_in_every_mode_even_in_the_background(office):
    app = office_app(office, staff_idle_seconds=0.4)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        await log_in(pilot, "LOKET1")
        await press(pilot, "f12", "f5")  # the print station, nobody touching anything
        await pilot.pause(0.8)
        assert app.stations["counter"].session is None
        await press(pilot, "f12", "f2")
        assert isinstance(app.screen, LoginScreen)


# -- the kiosk --------------------------------------------------------------------------------


async def test_a_citizen_cannot_leave_the_kiosk_without_a_staff_pin(office):
    app = office_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        for key in ("f12", "ctrl+backslash", "ctrl+q", "f2", "escape"):
            await press(pilot, key)
            if key in ("f2", "escape"):  # not a way out at all
                assert isinstance(app.screen, HomeScreen)
                continue
            assert isinstance(app.screen, StaffExitScreen)
            await tap(pilot, "#exit-cancel")
            assert isinstance(app.screen, HomeScreen) and app.current_mode == "kiosk"
        await press(pilot, "f12")
        screen = app.screen
        app.kiosk.go_home()  # a ticket's (or the idle timer's) return home: the PIN box stays
        app.kiosk.idle()
        await settle(pilot)
        assert app.screen is screen
        screen.query_one("#exit-staff", Input).value = "LOKET1"
        screen.query_one("#exit-pin", Input).value = "999999"
        await tap(pilot, "#exit-ok")
        assert "salah" in str(screen.query_one("#exit-problem", Static).render())
        assert app.current_mode == "kiosk"
        screen.query_one("#exit-pin", Input).value = PIN
        await tap(pilot, "#exit-ok")
        assert app.current_mode == "menu" and app.is_running


async def test_entering_the_kiosk_logs_every_staff_mode_out(office):
    app = office_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        await log_in(pilot, "LOKET1")
        await press(pilot, "f12", "f1")
        assert app.stations["counter"].session is None
        await leave_kiosk(pilot)
        await press(pilot, "f2")
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#pin", Input).value == ""


async def test_a_ticket_from_the_kiosk_mode_is_called_in_the_counter_mode(office):
    printed = Printed()
    app = office_app(office, print_ticket=printed)
    kind = office.config.kinds[0].code
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        await tap(pilot, "#apply")
        await choose(pilot, "kind", kind)
        await tap(pilot, "#continue")
        await choose(pilot, "prio", "none")
        await tap(pilot, "#skip")  # no phone number
        assert isinstance(app.screen, TicketScreen)
        (ticket,) = office.queue.today()
        assert printed.jobs and ticket.display == "A-001"
        await leave_kiosk(pilot)
        await press(pilot, "f2")
        await log_in(pilot, "LOKET1")
        await tap(pilot, "#call-next")
        called = office.queue.active_ticket(1)
        assert called is not None and called.id == ticket.id
        assert app.screen.query_one("#current", BigNumber).value == "A-001"


# -- printing and the command -----------------------------------------------------------------


async def test_the_print_station_prints_in_the_background_whatever_is_on_screen(
    office, sessions, tmp_path
):
    spool = tmp_path / "spool"
    kantor = PrinterConfig("kantor", "spool", None, {"path": spool})
    config = dataclasses.replace(
        office.config, printers={**office.config.printers, "kantor": kantor}
    )
    desk = Office(office.store, config, office.clock)
    case_in(desk, sessions, CaseState.KASI_REVIEW)  # its draft waits for the A4 printer
    app = office_app(desk, print_auto=True, print_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "menu"  # nobody opened the print station
        deadline = time.monotonic() + 20
        while not list(spool.glob("*.pdf")) and time.monotonic() < deadline:
            await pilot.pause(0.05)
    assert len(list(spool.glob("*draft_kk*.pdf"))) == 1
    assert not app.printing.loop.running


def test_the_command_creates_a_demo_store_once_and_runs_the_office(tmp_path, capsys):
    ran: list[tuple[Any, ...]] = []

    class FakeApp:
        def __init__(self, office, *, lang, demo_staff, counter) -> None:
            ran.append((lang, len(demo_staff), counter))
            self.office = office

        def run(self) -> None:
            assert self.office.store.exists()

    args = argparse.Namespace(
        config=None, store=str(tmp_path / "store"), json=False, lang=None, counter=None
    )
    assert cmd_office(args, app=FakeApp) == 0
    assert (tmp_path / "keys" / PRIVATE_FILE).exists()  # the demo Kepala Dinas can sign
    assert "petugas contoh" in capsys.readouterr().out
    assert cmd_office(args, app=FakeApp) == 0
    assert ran == [("id", 9, None), ("id", 0, None)]  # the demo staff, once


async def _type_at_once(pilot: Pilot, text: str) -> None:
    """Every key of ``text`` queued before any is handled, as a quick typist or a scanner
    sends them (``\\n`` is Enter)."""
    for char in text:
        key = events.Key("enter", "\r") if char == "\n" else events.Key(char, char)
        pilot.app.post_message(key)
    await settle(pilot)


async def test_a_pin_typed_quickly_after_the_id_never_shows_in_the_id_field(office):
    app = office_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f1", "f12")
        screen = app.screen
        assert isinstance(screen, StaffExitScreen)
        await _type_at_once(pilot, "LOKET1\n999999\n")  # a wrong PIN: the box stays
        assert screen.query_one("#exit-staff", Input).value == "LOKET1"
        assert "salah" in str(screen.query_one("#exit-problem", Static).render())
        assert app.current_mode == "kiosk"
        screen.query_one("#exit-staff", Input).focus()
        await settle(pilot)
        screen.query_one("#exit-staff", Input).value = ""
        await _type_at_once(pilot, f"LOKET1\n{PIN}\n")
        assert app.current_mode == "menu"
        await press(pilot, "f2")
        await _type_at_once(pilot, f"LOKET1\n{PIN}\n")  # the station's log-in too
        assert isinstance(app.screen, CounterScreen)
