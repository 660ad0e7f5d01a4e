"""The display board driven like the hall sees it: calls from the counters appear and are spoken."""

from __future__ import annotations

import pytest
from display_pilot import board_screen, screen_text, serving, settle
from helpers import case_in

from shared.errors import StoreError
from shared.sop import CaseState
from station.display.board_screen import POLL_SECONDS
from station.display.widgets import FLASH_TIMES, CounterPanel, RecentCalls, WaitingCounts

SPOKEN = "Nomor antrian A dua belas, silakan ke loket dua"


def take(office, n, service="KK"):
    return [office.queue.take_ticket(service, phone="081234567890") for _ in range(n)]


async def test_a_call_appears_on_the_board_after_a_poll(make_display, office, sessions):
    take(office, 2)
    async with make_display().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert serving(pilot) == {1: "", 2: "", 3: ""}

        office.queue.call_next(sessions["LOKET2"], 2)
        await settle(pilot)

        assert serving(pilot) == {1: "", 2: "A-001", 3: ""}
        assert "Loket 2" in screen_text(pilot)


async def test_the_board_polls_the_change_marker_by_itself(make_display, office, sessions):
    take(office, 1)
    async with make_display().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        office.queue.call_next(sessions["LOKET1"], 1)
        for _ in range(40):  # the poll timer alone; at most about a second
            await pilot.pause(POLL_SECONDS / 2)
            await pilot.app.workers.wait_for_complete()
            if serving(pilot)[1]:
                break
        assert serving(pilot)[1] == "A-001"
    assert POLL_SECONDS <= 0.5


async def test_a_call_is_announced_in_indonesian_words(make_display, office, sessions, announcer):
    take(office, 12)
    async with make_display().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(11):
            office.queue.call_next(sessions["LOKET2"], 2)
            office.queue.skip(sessions["LOKET2"], 2)
        assert announcer.events == []  # nothing announced while nobody is being served

        office.queue.call_next(sessions["LOKET2"], 2)
        await settle(pilot)

        assert announcer.texts() == [SPOKEN]
        assert pilot.app.screen.query_one("#counter-2", CounterPanel).flashing
        assert not pilot.app.screen.query_one("#counter-1", CounterPanel).flashing


async def test_a_recall_is_announced_again(make_display, office, sessions, announcer, clock):
    take(office, 1)
    office.queue.call_next(sessions["LOKET1"], 1)
    async with make_display().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert announcer.events == []  # calls made before the board started are not spoken

        clock.advance(seconds=20)
        office.queue.recall(sessions["LOKET1"], 1)
        await settle(pilot)

        assert [(e.ticket, e.counter, e.recall) for e in announcer.events] == [("A-001", 1, True)]
        assert announcer.texts() == ["Nomor antrian A satu, silakan ke loket satu"]
        assert board_screen(pilot).events == announcer.events


async def test_earlier_calls_and_waiting_counts(make_display, office, sessions, clock):
    take(office, 5)
    async with make_display().run_test(size=(80, 24)) as pilot:
        for _ in range(2):
            office.queue.call_next(sessions["LOKET1"], 1)
            clock.advance(minutes=3)
            office.queue.skip(sessions["LOKET1"], 1)
        office.queue.call_next(sessions["LOKET1"], 1)
        await settle(pilot)

        recent = pilot.app.screen.query_one(RecentCalls).calls
        waiting = pilot.app.screen.query_one(WaitingCounts).counts
        assert [(r.ticket, r.counter) for r in recent] == [("A-002", 1), ("A-001", 1)]
        assert [(w.name, w.count) for w in waiting] == [("Permohonan KK", 2), ("Pengambilan KK", 0)]
        text = screen_text(pilot)
        assert "A-002   → Loket 1" in text and "Permohonan KK" in text


async def test_in_english(make_display, office, sessions):
    take(office, 1)
    async with make_display(lang="en").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "Earlier calls" in text and "KK application" in text and "no call yet" in text


async def test_never_a_name_nik_or_phone_on_the_board(make_display, office, sessions):
    case_in(office, sessions, CaseState.INPUT)  # verified: name and NIK stored on the case
    take(office, 2)
    office.queue.call_next(sessions["LOKET1"], 1)
    async with make_display().run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        text = screen_text(pilot).upper()
        assert "A-002" in serving(pilot).values()
        for secret in ("BUDI", "SANTOSO", "6171011708900003", "081234567890", "KK-"):
            assert secret not in text
        assert "LOKET1" not in text  # nor the clerk's id


async def test_an_unreadable_store_keeps_the_last_board(
    make_display, office, sessions, monkeypatch
):
    take(office, 1)
    office.queue.call_next(sessions["LOKET1"], 1)
    async with make_display().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert serving(pilot)[1] == "A-001"

        def broken(day=None):
            raise StoreError("store.busy", seconds=5)

        monkeypatch.setattr(office.queue, "today", broken)
        office.queue.take_ticket("KK")  # the marker moves, the read fails
        await settle(pilot)

        note = pilot.app.screen.query_one("#offline")
        assert note.display and "mencoba lagi" in screen_text(pilot)
        assert serving(pilot)[1] == "A-001"
        assert pilot.app.recovered_errors == []

        monkeypatch.undo()
        board_screen(pilot)._retry_at = 0  # no waiting for the retry delay in a test
        await settle(pilot)
        assert not note.display


async def test_quit_keys_close_the_announcer(make_display, announcer):
    app = make_display()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert announcer.closed


@pytest.mark.parametrize("key", ["ctrl+backslash", "ctrl+q"])
async def test_staff_can_quit(make_display, key):
    app = make_display()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running


async def test_a_flash_stops_by_itself(make_display, office, sessions):
    take(office, 1)
    async with make_display().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        office.queue.call_next(sessions["LOKET1"], 1)
        await settle(pilot)
        panel = pilot.app.screen.query_one("#counter-1", CounterPanel)
        assert panel.flashing
        for _ in range(FLASH_TIMES):
            panel._blink()
        assert not panel.flashing and not panel.has_class("-flash")


async def test_an_unexpected_error_brings_a_fresh_board(
    make_display, office, sessions, monkeypatch, announcer
):
    import station.display.board_screen as module

    take(office, 2)
    real = module.board
    calls = {"n": 0}

    def fails_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # compose, the first board, then the board after the call
            raise RuntimeError("a bug in drawing the board")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "board", fails_once)
    app = make_display()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = board_screen(pilot)
        office.queue.call_next(sessions["LOKET1"], 1)
        await settle(pilot)
        await settle(pilot)

        assert len(app.recovered_errors) == 1
        assert board_screen(pilot) is not first
        assert serving(pilot)[1] == "A-001"
        assert announcer.texts() == ["Nomor antrian A satu, silakan ke loket satu"]
