"""A session at the station: the header, log-out, idle log-out, language."""

from __future__ import annotations

import asyncio

from station_pilot import log_in, settle, tap, text, value

from kiosk.widgets import NavBar
from shared.sop import CaseState
from station.screens.backoffice import BackOfficeScreen
from station.screens.login import LoginScreen
from station.widgets.case_queue import CaseQueue

PIN = "123456"


async def test_log_out_button_returns_to_the_login_with_an_empty_pin(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "KASI1", PIN)
        assert isinstance(app.screen, BackOfficeScreen)
        await tap(pilot, "#logout")
        assert isinstance(app.screen, LoginScreen) and len(app.screen_stack) == 2
        assert app.session is None
        assert value(pilot, "#pin") == ""


async def test_idle_logs_out_and_clears_the_pin(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "KASI1", PIN)
        assert isinstance(app.screen, BackOfficeScreen)
        app.idle_timeout()  # what the idle timer calls
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.session is None
        assert value(pilot, "#pin") == ""


async def test_idle_on_the_login_screen_clears_a_half_typed_pin(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await pilot.click("#key-4")
        await pilot.pause()
        assert value(pilot, "#pin") == "4"
        app.idle_timeout()
        await settle(pilot)
        assert value(pilot, "#pin") == ""


async def test_idle_time_comes_from_the_config(make_station, office):
    app = make_station(idle_seconds=None)
    assert app.idle_seconds == office.config.station.idle_logout_minutes * 60


async def test_every_key_and_click_restarts_the_idle_countdown(make_station, monkeypatch):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        resets: list[int] = []
        assert app._idle is not None
        monkeypatch.setattr(app._idle, "reset", lambda: resets.append(1))
        assert await pilot.click("#key-1")
        clicked = len(resets)
        await pilot.press("2")
        assert clicked > 0 and len(resets) > clicked


async def test_the_clerk_sees_the_counter_in_the_header(make_station, office):
    app = make_station(counter=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "LOKET1", PIN)
        assert text(pilot, "#header-title").endswith("Loket 3")
        assert text(pilot, "#who") == "Loket1 — Pengolah Data Identitas Penduduk"


async def test_other_roles_have_no_counter_in_the_header(make_station):
    app = make_station(counter=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "SIAK1", PIN)
        assert "Loket" not in text(pilot, "#header-title")


async def test_the_counter_defaults_to_the_config(make_station, office):
    app = make_station()
    assert app.counter == office.config.station.default_counter


async def test_english_switch_translates_the_home_and_its_work_list(make_station, office, sessions):
    from helpers import case_in

    cid, _ = case_in(office, sessions, CaseState.INPUT)
    kind = office.config.kind(office.cases.show(cid).kind)
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "SIAK1", PIN)
        rows = app.screen.query_one(CaseQueue).texts()
        assert rows[0][2] == "3" and rows[0][-1] == kind.text("id")
        await tap(pilot, "#lang")
        assert text(pilot, "#who") == "Siak1 — SIAK operator"
        assert text(pilot, "#logout") == "Log out"
        rows = app.screen.query_one(CaseQueue).texts()
        assert rows[0][-1] == kind.text("en")


async def test_an_empty_work_list_says_so(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "KADIS", PIN)
        assert app.screen.query_one(CaseQueue).texts() == []
        assert text(pilot, "#work-count") == "Tidak ada berkas yang menunggu Anda."


async def test_an_unexpected_error_logs_out_politely(make_station):
    app = make_station()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "KASI1", PIN)
        home = app.screen
        assert isinstance(home, BackOfficeScreen)

        def broken() -> None:
            raise RuntimeError("bug")

        home.call_later(broken)  # a bug in the screen's own message loop
        await asyncio.sleep(0.05)  # pilot cannot wait on the failed screen itself
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.session is None
        assert text(pilot, "#login-error").startswith("Terjadi kesalahan tak terduga")
        assert len(app.recovered_errors) == 1


async def test_a_short_terminal_still_shows_the_whole_keypad(make_station):
    app = make_station()
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("1", "0", "clear"):
            assert await pilot.click(f"#key-{key}")
        login = app.screen.query_one("#login").region
        assert login.height == 3 and login.bottom <= app.screen.query_one(NavBar).region.y
