"""kk office: the menu, the kiosk only staff may leave, and the loop between them."""

from __future__ import annotations

import argparse

import pytest
from textual.widgets import DataTable, Input, Static

from kiosk.screens.home import HomeScreen
from shared.cli.office import cmd_office
from shared.signing_keys import PRIVATE_FILE
from station.office import OfficeKioskApp, OfficeMenuApp, StaffExitScreen

ROWS = [("LOKET1", "111111", "Pengolah Data", "Rina")]


@pytest.mark.parametrize(("key", "mode"), [("f1", "kiosk"), ("f2", "station"),
                                           ("f3", "display"), ("f4", "print")])  # fmt: skip
async def test_the_menu_returns_the_mode_chosen(office, key, mode):
    app = OfficeMenuApp(office)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(key)
    assert app.return_value == mode


async def test_buttons_counter_language_and_quit(office):
    app = OfficeMenuApp(office, demo_staff=ROWS)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.counter == 1
        assert await pilot.click("#counter-3")
        assert app.counter == 3
        assert app.query_one("#demo-staff", DataTable).row_count == 1
        await pilot.press("f9")
        assert "Citizen kiosk" in str(app.query_one("#mode-kiosk").label)
        assert "shown this once" in str(app.query_one("#demo-title", Static).render())
        assert await pilot.click("#mode-station")
    assert (app.return_value, app.counter, app.lang) == ("station", 3, "en")
    quiet = OfficeMenuApp(office)
    async with quiet.run_test(size=(100, 30)) as pilot:
        assert not quiet.query("#demo-staff")  # the PINs are not shown again
        await pilot.press("ctrl+q")
    assert quiet.return_value == ""


async def test_a_citizen_cannot_leave_the_kiosk_without_a_staff_pin(office):
    app = OfficeKioskApp(office, station="office-kiosk")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("f12", "ctrl+backslash"):  # both ask; neither quits
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, StaffExitScreen)
            await pilot.click("#exit-cancel")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and app.is_running
        await pilot.press("f12")
        await pilot.pause()
        screen = app.screen
        app.go_home()  # a ticket's (or the idle timer's) return home: the PIN box stays
        await pilot.pause()
        assert app.screen is screen
        screen.query_one("#exit-staff", Input).value = "LOKET1"
        screen.query_one("#exit-pin", Input).value = "999999"
        await pilot.click("#exit-ok")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "salah" in str(screen.query_one("#exit-problem", Static).render())
        assert app.is_running
        screen.query_one("#exit-pin", Input).value = "123456"  # the test office's PIN
        await pilot.click("#exit-ok")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not app.is_running


class FakeMenu:
    """Stands in for the menu: returns the next planned choice."""

    plan: list[str] = []
    seen: list[list] = []

    def __init__(self, office, *, lang, demo_staff, counter) -> None:
        self.lang, self.counter = lang, counter or 2
        FakeMenu.seen.append(list(demo_staff))

    def run(self) -> str:
        return FakeMenu.plan.pop(0)


def test_the_loop_creates_a_demo_store_once_and_runs_each_choice(tmp_path, capsys):
    ran: list[tuple[str, int]] = []

    class FakeApp:
        def __init__(self, mode, office, *, lang, counter) -> None:
            ran.append((mode, counter))
            self.office = office

        def run(self) -> None:
            assert self.office.store.exists()

    FakeMenu.plan, FakeMenu.seen = ["kiosk", "station", ""], []
    args = argparse.Namespace(
        config=None, store=str(tmp_path / "store"), json=False, lang=None, counter=None
    )
    assert cmd_office(args, menu=FakeMenu, mode_app=FakeApp) == 0
    assert ran == [("kiosk", 2), ("station", 2)]
    assert [len(rows) for rows in FakeMenu.seen] == [9, 0, 0]  # the demo staff, once
    assert (tmp_path / "keys" / PRIVATE_FILE).exists()  # the demo Kepala Dinas can sign
    assert "petugas contoh" in capsys.readouterr().out
    FakeMenu.plan, FakeMenu.seen = [""], []
    assert cmd_office(args, menu=FakeMenu, mode_app=FakeApp) == 0
    assert FakeMenu.seen == [[]]  # an existing store: no demo, no PINs


def test_the_office_prints_waiting_documents_in_the_background(office, sessions, tmp_path):
    import dataclasses
    import time

    from helpers import case_in

    from shared.cli.office import DocumentPrinting
    from shared.config import PrinterConfig
    from shared.office import Office
    from shared.sop import CaseState

    spool = tmp_path / "spool"
    kantor = PrinterConfig("kantor", "spool", None, {"path": spool})
    config = dataclasses.replace(
        office.config, printers={**office.config.printers, "kantor": kantor}
    )
    desk = Office(office.store, config, office.clock)
    case_in(desk, sessions, CaseState.KASI_REVIEW)  # its draft waits for the A4 printer
    printing = DocumentPrinting(desk, every=0.05)
    printing.start()
    try:
        deadline = time.monotonic() + 20
        while not list(spool.glob("*.pdf")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        printing.stop()
    assert len(list(spool.glob("*draft_kk*.pdf"))) == 1
    assert not printing._thread.is_alive()
