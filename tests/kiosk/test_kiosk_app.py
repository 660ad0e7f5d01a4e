"""The app around the screens: idle reset, language, no way out for citizens, no tracebacks."""

from __future__ import annotations

import asyncio

from kiosk_pilot import entry_value, key_in, settle, tap, text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input

from kiosk.screens.base import KioskScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.notice import NoticeScreen
from kiosk.screens.receipt import ReceiptScreen
from kiosk.screens.staff_exit import StaffExitScreen
from kiosk.widgets import BigButton, ClockHeader


async def test_idle_returns_home_and_forgets_what_was_typed(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#status")
        await key_in(pilot, "261123")
        assert entry_value(pilot) == "261123"
        app.idle_timeout()  # what the idle timer calls
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 2
        await tap(pilot, "#status")
        assert entry_value(pilot) == ""


async def test_the_idle_timer_fires_by_itself(make_kiosk):
    app = make_kiosk(idle_seconds=0.3)
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#apply")
        assert not isinstance(app.screen, HomeScreen)
        await pilot.pause(0.6)
        assert isinstance(app.screen, HomeScreen)


async def test_every_touch_and_key_restarts_the_idle_countdown(make_kiosk, monkeypatch):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        resets: list[int] = []
        assert app._idle is not None
        monkeypatch.setattr(app._idle, "reset", lambda: resets.append(1))
        await tap(pilot, "#status")
        touched = len(resets)
        await pilot.press("1")
        assert touched > 0 and len(resets) > touched


async def test_idle_also_returns_to_the_office_language(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#lang")
        assert app.lang == "en"
        app.idle_timeout()
        await settle(pilot)
        assert app.lang == "id"
        assert text(pilot, "#apply").startswith("Ambil Antrian KK")


async def test_the_language_switch_changes_every_label_on_every_screen(make_kiosk, office):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        assert text(pilot, "#apply").startswith("Ambil Antrian KK")
        assert text(pilot, "#lang") == "English"
        assert text(pilot, "#header-clock").startswith("Senin, 23 November 2026")
        await tap(pilot, "#lang")
        assert text(pilot, "#apply").startswith("Queue for a KK application")
        assert text(pilot, "#pickup").startswith("Collect my KK")
        assert text(pilot, "#status").startswith("Check status")
        assert text(pilot, "#lang") == "Bahasa Indonesia"
        assert text(pilot, "#header-clock").startswith("Monday, 23 November 2026")
        assert text(pilot, "#waiting").startswith("Waiting now")
        await tap(pilot, "#apply")
        assert text(pilot, "#kind-hilang_rusak") == "Lost or damaged KK"
        assert text(pilot, "#back") == "◀  Back"
        await tap(pilot, "#lang")
        assert text(pilot, "#kind-hilang_rusak") == "KK hilang atau rusak"
        home = app.screen_stack[1]
        assert home.query_one("#apply", BigButton).text.startswith("Ambil Antrian KK")
        assert home.query_one("#waiting").text.startswith("Sedang menunggu")


async def test_a_citizen_cannot_quit_the_kiosk(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("ctrl+q", "ctrl+c", "escape", "ctrl+p"):
            await pilot.press(key)
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+backslash")  # the hidden staff key asks for a staff PIN
        await settle(pilot)
        box = app.screen
        assert isinstance(box, StaffExitScreen)
        app.idle_timeout()  # the idle timer does not close the box under staff's fingers
        await settle(pilot)
        assert app.screen is box
        box.query_one("#exit-staff", Input).value = "LOKET1"
        box.query_one("#exit-pin", Input).value = "000000"
        await tap(pilot, "#exit-ok")
        assert app.is_running  # a wrong PIN: still the kiosk
        box.query_one("#exit-pin", Input).value = "123456"  # the test office's PIN
        await tap(pilot, "#exit-ok")
    assert app.return_code == 0 and not app.is_running


async def test_the_waiting_count_follows_the_store(make_kiosk, office):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        assert "0 orang untuk permohonan" in text(pilot, "#waiting")
        office.queue.take_ticket("KK", kind="hilang_rusak", station="kiosk-2")
        office.queue.take_ticket("KK", kind="ubah_data", station="kiosk-2")
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.poll()  # what the one-second interval calls
        await settle(pilot)
        assert "2 orang untuk permohonan, 0 orang untuk pengambilan" in text(pilot, "#waiting")


async def test_the_count_is_reloaded_only_when_the_tickets_changed(make_kiosk, office, monkeypatch):
    import kiosk.screens.home as home_module

    loads: list[int] = []
    real = home_module.waiting_counts
    monkeypatch.setattr(home_module, "waiting_counts", lambda o: loads.append(1) or real(o))
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        start = len(loads)
        for _ in range(3):
            home.poll()
        await settle(pilot)
        assert len(loads) == start
        office.queue.take_ticket("KK", kind="hilang_rusak")
        home.poll()
        await settle(pilot)
        assert len(loads) == start + 1


async def test_the_clock_shows_office_time_and_ticks(make_kiosk, clock):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        assert text(pilot, "#header-clock").endswith("09:00:00")
        clock.advance(minutes=1, seconds=5)
        app.screen.query_one(ClockHeader).tick()
        await pilot.pause()
        assert text(pilot, "#header-clock").endswith("09:01:05")


class _Broken(KioskScreen):
    def compose_body(self) -> ComposeResult:
        yield BigButton(lambda _lang: "boom", id="boom")

    @on(Button.Pressed, "#boom")
    def _boom(self) -> None:
        raise RuntimeError("a bug")


async def test_an_unexpected_error_becomes_a_polite_notice_and_home(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#status")
        app.push_screen(_Broken())
        await settle(pilot)
        await tap(pilot, "#boom")
        assert isinstance(app.screen, NoticeScreen)
        assert "Terjadi kendala" in text(pilot, "#notice-message")
        assert [type(s) for s in app.screen_stack][1:] == [HomeScreen, NoticeScreen]
        await tap(pilot, "#home")
        assert isinstance(app.screen, HomeScreen)
        await tap(pilot, "#status")  # the rebuilt home works
        assert isinstance(app.screen, ReceiptScreen)
    assert [str(e) for e in app.recovered_errors] == ["a bug"]


async def test_an_unexpected_error_on_the_home_screen_gives_a_new_home(make_kiosk):
    def boom() -> None:
        raise ValueError("home bug")

    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.screen
        first.call_later(boom)
        await asyncio.sleep(0.05)  # pilot cannot wait on the failed screen itself
        await settle(pilot)
        assert isinstance(app.screen, NoticeScreen)
        await tap(pilot, "#home")
        assert isinstance(app.screen, HomeScreen) and app.screen is not first
        await tap(pilot, "#apply")
        await tap(pilot, "#back")
        assert app.screen is not first
        app.idle_timeout()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.screen is not first
    assert [str(e) for e in app.recovered_errors] == ["home bug"]


async def test_an_unexpected_error_in_a_store_call_is_a_notice(make_kiosk, monkeypatch):
    import kiosk.screens.receipt as receipt_module

    def broken(office, text):
        raise OSError("disk gone")

    monkeypatch.setattr(receipt_module, "public_status", broken)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#status")
        await pilot.press(*"2611230100010", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NoticeScreen)
        assert app.is_running
