"""Logging in at the station: right PIN, wrong PIN, lock-out, disabled account."""

from __future__ import annotations

from datetime import timedelta

from station_pilot import log_in, settle, tap, text, value

from shared.sop import CaseState
from station.screens.backoffice import BackOfficeScreen
from station.screens.login import LoginScreen
from station.widgets.case_queue import CaseQueue

PIN = "123456"


async def test_right_pin_opens_the_role_home_with_its_work_list(make_station, office, sessions):
    from helpers import case_in

    cid, _ = case_in(office, sessions, CaseState.KABID_REVIEW)
    other, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "KABID1", PIN, keypad=True)
        assert isinstance(app.screen, BackOfficeScreen)
        assert app.session is not None and app.session.staff_id == "KABID1"
        assert text(pilot, "#who") == "Kabid1 — Kabid Pelayanan Pendaftaran Penduduk"
        rows = app.screen.query_one(CaseQueue).texts()
        assert [r[1] for r in rows] == [cid]
        assert rows[0][2:4] == ("5", "09:00")  # step 5, waiting since
        assert other not in {r[1] for r in rows}
        assert text(pilot, "#work-count") == "1 berkas menunggu"


async def test_the_staff_id_is_upper_cased_as_typed(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#staff-id")
        await pilot.press(*"kasi1", "enter", *"12")
        await pilot.pause()
        assert value(pilot, "#staff-id") == "KASI1"
        assert value(pilot, "#pin") == "12"  # Enter moved on to the PIN


async def test_wrong_pin_says_so_and_clears_the_pin(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "KABID1", "999999")
        assert isinstance(app.screen, LoginScreen)
        assert text(pilot, "#login-error") == "ID atau PIN salah."
        assert value(pilot, "#pin") == ""
        await tap(pilot, "#lang")
        assert text(pilot, "#login-error") == "Wrong ID or PIN."


async def test_unknown_staff_gets_the_same_message(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "NOBODY", PIN)
        assert text(pilot, "#login-error") == "ID atau PIN salah."


async def test_five_wrong_pins_lock_the_account_until_a_time(make_station, office):
    app = make_station()
    minutes = office.config.security.lockout_minutes
    until = office.now() + timedelta(minutes=minutes)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(office.config.security.pin_max_failures):
            await log_in(pilot, "KASI1", "999999")
        message = text(pilot, "#login-error")
        assert message == f"Terlalu banyak PIN salah. Akun terkunci sampai pukul {until:%H:%M}."
        await log_in(pilot, "KASI1", PIN)  # even the right PIN waits
        assert isinstance(app.screen, LoginScreen)
        assert "terkunci" in text(pilot, "#login-error")


async def test_a_disabled_account_cannot_log_in(make_station, office):
    office.staff.set_active("SIAK2", False)
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "SIAK2", PIN)
        assert isinstance(app.screen, LoginScreen)
        assert text(pilot, "#login-error") == "Akun SIAK2 dinonaktifkan. Hubungi supervisor."


async def test_missing_pin_asks_for_it(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#login")
        await settle(pilot)
        assert text(pilot, "#login-error") == "Isi ID petugas dan PIN."


async def test_the_login_runs_off_the_ui_thread(make_station, office, monkeypatch):
    import threading

    threads: list[threading.Thread] = []
    real = office.staff.login

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(office.staff, "login", spy)
    app = make_station(station="meja-7")
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "KASI1", PIN)
        assert isinstance(app.screen, BackOfficeScreen)
    assert threads and threads[0] is not threading.main_thread()
    assert app.session is not None and app.session.station == "meja-7"


async def test_enter_in_the_pin_logs_in(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#staff-id")
        await pilot.press(*"kasi1", "enter", *PIN, "enter")
        await settle(pilot)
        assert isinstance(app.screen, BackOfficeScreen)
