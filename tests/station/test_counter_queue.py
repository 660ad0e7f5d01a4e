"""The counter's queue buttons: call next, recall, skip a no-show, call a number, reprint."""

from __future__ import annotations

from datetime import timedelta

import pytest
from counter_pilot import at_counter, offline, printed, printing_office, station
from station_pilot import settle, tap, text
from textual.widgets import Input, OptionList

from kiosk.widgets import BigNumber
from shared.model import PrintStatus, TicketState
from shared.print_service import print_job
from shared.sop import CaseState
from station.screens.counter import CounterScreen
from station.screens.dialogs import ConfirmDialog, PickDialog


@pytest.fixture
def desk(office, tmp_path):
    """The office with file printers, and three tickets: A-001, A-002, and A-003 (priority)."""
    desk = printing_office(office, tmp_path / "print")
    for kind, priority in (("baru_menikah", None), ("pisah_kk", None), ("pisah_kk", "lansia")):
        desk.queue.take_ticket("KK", kind=kind, priority=priority)
        office.clock.advance(timedelta(minutes=1))
    return desk


def ticket(office, display: str):
    return next(t for t in office.queue.today() if t.display == display)


async def test_the_counter_is_the_pengolah_datas_home(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        assert isinstance(app.screen, CounterScreen)
        assert text(pilot, "#waiting") == "3 antrian menunggu"
        assert text(pilot, "#current-info") == "Belum ada nomor yang dipanggil."
        assert app.screen.button("#recall").disabled and app.screen.button("#serve").disabled


async def test_call_next_respects_the_priority_rule(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#call-next")
        first = desk.queue.active_ticket(1)
        assert first is not None
        rule = desk.config.queue.priority_rule
        assert first.display == ("A-003" if rule == "first" else "A-001")
        assert app.screen.query_one("#current", BigNumber).value == first.display
        assert text(pilot, "#message") == f"{first.display} dipanggil ke Loket 1."
        assert text(pilot, "#waiting") == "2 antrian menunggu"
        assert app.screen.button("#call-next").disabled  # one ticket at a time
        assert desk.cases.show(first.case_id).state == CaseState.VERIFYING


async def test_recall_repeats_the_call_and_counts_it(desk, clock):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#call-next")
        clock.advance(timedelta(minutes=2))
        await tap(pilot, "#recall")
        await tap(pilot, "#recall")
        called = desk.queue.active_ticket(1)
        assert called is not None and called.recalls == 2
        assert called.last_called_at == clock.now()
        assert text(pilot, "#message") == f"{called.display} dipanggil ulang (2×)."
        assert "dipanggil ulang 2×" in text(pilot, "#current-info")


async def test_skip_asks_first_then_the_ticket_leaves_the_queue(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#call-next")
        called = desk.queue.active_ticket(1)
        assert called is not None
        await tap(pilot, "#skip")
        assert isinstance(app.screen, ConfirmDialog)
        await tap(pilot, "#no")  # changed their mind: nothing happens
        assert desk.queue.active_ticket(1) == called
        await tap(pilot, "#skip")
        await tap(pilot, "#yes")
        assert isinstance(app.screen, CounterScreen)
        after = ticket(desk, called.display)
        assert after.state == TicketState.SKIPPED and after.done_at is not None
        assert desk.cases.show(called.case_id).state == CaseState.CANCELLED
        assert text(pilot, "#message") == f"{called.display} dilewati (tidak hadir), tercatat."
        assert desk.queue.active_ticket(1) is None
        assert not app.screen.button("#call-next").disabled


async def test_call_a_number_picked_from_the_waiting_list(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#call-number")
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        options = dialog.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [label.split()[0] for label in labels] == ["A-001", "A-002", "A-003"]
        assert "prioritas" in labels[2]
        options.highlighted = 1
        options.action_select()
        await settle(pilot)
        assert desk.queue.active_ticket(1).display == "A-002"
        assert text(pilot, "#message") == "A-002 dipanggil ke Loket 1."


async def test_call_a_number_typed(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#call-number")
        await pilot.press(*"a-3", "enter")
        await settle(pilot)
        assert desk.queue.active_ticket(1).display == "A-003"


async def test_a_typed_number_that_is_not_waiting_is_refused_in_words(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#call-number")
        app.screen.query_one("#typed", Input).value = "A-099"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CounterScreen)
        assert desk.queue.active_ticket(1) is None
        assert text(pilot, "#message") == "Nomor A-099 tidak ada dalam antrian hari ini."
        assert app.screen.query_one("#message").has_class("-problem")


async def test_a_ticket_already_served_cannot_be_called_again(desk, sessions):
    desk.queue.call_next(sessions["LOKET2"], 2)  # the other counter took the first one
    taken = desk.queue.active_ticket(2)
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#call-number")
        await pilot.press(*taken.display, "enter")
        await settle(pilot)
        assert text(pilot, "#message") == f"Antrian {taken.display} tidak sedang menunggu."
        assert desk.queue.active_ticket(1) is None


async def test_a_counter_missing_from_the_config_says_so(desk):
    app = station(desk, counter=9)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        assert text(pilot, "#message") == "Loket 9 tidak ada dalam pengaturan."
        assert app.screen.button("#call-next").disabled
        await tap(pilot, "#logout")  # the way out still works


async def test_a_station_without_a_counter_number_says_how_to_give_one(desk):
    app = station(desk)
    app.counter = None  # no --counter and no [station] default_counter
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        assert "kk station --counter N" in text(pilot, "#message")
        assert app.screen.button("#call-next").disabled
        assert "None" not in text(pilot, "#header-title")


async def test_reprint_a_ticket_whose_kiosk_print_failed(office, tmp_path):
    folder = tmp_path / "print"
    broken = printing_office(office, folder, kiosk=offline())
    failed = broken.queue.take_ticket("KK", kind="baru_menikah")
    assert print_job(broken, failed.print_job, worker="kiosk").status == PrintStatus.FAILED
    desk = printing_office(office, folder)  # the kiosk printer is back
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        assert "1 gagal cetak" in app.screen.button("#reprint").text
        await tap(pilot, "#reprint")
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        options = dialog.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt).startswith("A-001")
        options.action_select()
        await settle(pilot)
        assert text(pilot, "#message") == "Tiket A-001 sudah dicetak ulang."
        assert ticket(desk, "A-001").print_status == PrintStatus.PRINTED
        (ticket_bytes,) = printed(folder, "kiosk")
        assert b"A-001" in ticket_bytes
        assert "gagal cetak" not in app.screen.button("#reprint").text


async def test_reprint_says_so_when_the_printer_fails_again(office, tmp_path):
    broken = printing_office(office, tmp_path / "print", kiosk=offline())
    failed = broken.queue.take_ticket("KK", kind="baru_menikah")
    print_job(broken, failed.print_job, worker="kiosk")
    app = station(broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#reprint")
        app.screen.query_one(OptionList).action_select()
        await settle(pilot)
        message = text(pilot, "#message")
        assert message.startswith("Tiket A-001 gagal dicetak lagi: Printer struk kiosk")
        assert ticket(broken, "A-001").state == TicketState.WAITING  # still in the queue


async def test_reprint_with_nothing_failed_says_so(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#reprint")
        assert text(pilot, "#no-choices") == "Tidak ada tiket yang gagal dicetak hari ini."
        await tap(pilot, "#no")
        assert isinstance(app.screen, CounterScreen)


async def test_the_counter_fits_80x24(desk):
    app = station(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#call-next")
        for selector in (
            "#call-next",
            "#recall",
            "#skip",
            "#call-number",
            "#reprint",
            "#serve",
            "#registers",
            "#logout",
        ):
            region = app.screen.query_one(selector).region
            assert region.bottom <= 24 and region.right <= 80, selector
        await tap(pilot, "#recall")  # really under the finger at this size
        assert desk.queue.active_ticket(1).recalls == 1
