"""Pickup and status by receipt number: ready, in progress, unknown, mistyped, scanned."""

from __future__ import annotations

from helpers import case_in
from kiosk_pilot import entry_value, key_in, number_shown, screen_text, settle, tap, text

from kiosk.screens.receipt import ReceiptScreen
from kiosk.screens.status import StatusScreen
from kiosk.screens.ticket import TicketScreen
from shared.model import PrintStatus
from shared.sop import CaseState


def receipt_of(office, sessions, state: CaseState) -> str:
    cid, _token = case_in(office, sessions, state)
    receipt = office.cases.show(cid).receipt_no
    assert receipt
    return receipt


async def scan(pilot, code: str) -> None:
    """A barcode scanner: the characters fast, then Enter."""
    await pilot.press(*code, "enter")
    await settle(pilot)


def pickup_tickets(office):
    return [t for t in office.queue.today() if t.service == "AMBIL"]


async def test_pickup_of_a_ready_kk_gives_a_pickup_queue_ticket(make_kiosk, office, sessions):
    receipt = receipt_of(office, sessions, CaseState.READY)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#pickup")
        await key_in(pilot, receipt)
        assert text(pilot, ".entry-display") == receipt
        await tap(pilot, "#go")
        assert isinstance(app.screen, TicketScreen)
        assert number_shown(pilot) == "B-001"
        assert "Pengambilan KK" in text(pilot, "#ticket-service")
    (ticket,) = pickup_tickets(office)
    assert ticket.case_id and ticket.print_status == PrintStatus.PRINTED


async def test_a_second_pickup_scan_shows_the_waiting_ticket_again(make_kiosk, office, sessions):
    receipt = receipt_of(office, sessions, CaseState.READY)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(2):
            await tap(pilot, "#pickup")
            await scan(pilot, receipt)
            assert number_shown(pilot) == "B-001"
            await tap(pilot, "#home")
        await tap(pilot, "#pickup")
        await scan(pilot, receipt)
        assert "sudah mengambil nomor" in screen_text(pilot)
    assert len(pickup_tickets(office)) == 1


async def test_pickup_of_a_kk_in_progress_shows_its_status(make_kiosk, office, sessions):
    receipt = receipt_of(office, sessions, CaseState.KABID_REVIEW)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#pickup")
        await scan(pilot, receipt)
        assert isinstance(app.screen, StatusScreen)
        assert text(pilot, "#not-ready") == "KK Anda belum siap diambil."
        assert "Langkah 5" in text(pilot, "#status-words")
        assert "Kepala Bidang" in text(pilot, "#status-words")
        assert not app.screen.query("#pickup-now")
    assert pickup_tickets(office) == []


async def test_an_unknown_receipt_is_explained_and_the_digits_stay(make_kiosk, office, sessions):
    receipt_of(office, sessions, CaseState.READY)  # KK-261123-A001; A002 does not exist
    unknown = "261123-01-0002-8"
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#pickup")
        await scan(pilot, unknown)
        assert isinstance(app.screen, ReceiptScreen)
        assert "261123-01-0002-8 tidak ditemukan" in text(pilot, ".entry-error")
        assert entry_value(pilot) == "2611230100028"
    assert pickup_tickets(office) == []


async def test_a_mistyped_check_digit_is_caught_before_any_lookup(make_kiosk, office, sessions):
    receipt = receipt_of(office, sessions, CaseState.READY)
    wrong = receipt[:-1] + str((int(receipt[-1]) + 1) % 10)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#pickup")
        await scan(pilot, wrong)
        assert "salah ketik" in text(pilot, ".entry-error")
        await tap(pilot, "#key-backspace")
        assert text(pilot, ".entry-error") == ""
        await key_in(pilot, receipt[-1])
        await tap(pilot, "#go")
        assert isinstance(app.screen, TicketScreen)
    assert len(pickup_tickets(office)) == 1


async def test_too_few_digits_says_how_many_are_needed(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#status")
        await key_in(pilot, "2611")
        await tap(pilot, "#go")
        assert "13 angka" in text(pilot, ".entry-error")
        assert "4 angka" in text(pilot, ".entry-error")


async def test_status_shows_the_step_in_plain_words_and_masked_data_only(
    make_kiosk, office, sessions
):
    receipt = receipt_of(office, sessions, CaseState.KASI_REVIEW)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#status")
        await scan(pilot, receipt)
        assert isinstance(app.screen, StatusScreen)
        shown = screen_text(pilot)
        assert "Langkah 4: Konsep KK Anda sedang diperiksa oleh Kepala Seksi." in shown
        assert "Pemohon: B. S.   NIK: 6171**********03" in shown
        assert "Perkiraan selesai: Senin, 14 Desember 2026" in shown
        assert "✔3 ─ ●4 ─ ○5" in text(pilot, "#status-progress")
        assert "BUDI" not in shown and "6171011708900003" not in shown
        assert not app.screen.query("#not-ready")


async def test_status_of_a_ready_kk_offers_the_pickup_ticket(make_kiosk, office, sessions):
    receipt = receipt_of(office, sessions, CaseState.READY)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#status")
        await scan(pilot, receipt)
        assert "siap diambil" in text(pilot, "#status-words")
        assert "Siap diambil sejak Senin, 23 November 2026" in text(pilot, "#status-when")
        await tap(pilot, "#pickup-now")
        assert number_shown(pilot) == "B-001"
    assert len(pickup_tickets(office)) == 1


async def test_status_of_a_late_case_apologises(make_kiosk, office, sessions, clock):
    receipt = receipt_of(office, sessions, CaseState.KABID_REVIEW)
    clock.advance(days=40)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#status")
        await scan(pilot, receipt)
        assert "mohon maaf" in text(pilot, "#status-when")


async def test_status_of_a_handed_over_kk(make_kiosk, office, sessions):
    receipt = receipt_of(office, sessions, CaseState.HANDED_OVER)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#status")
        await scan(pilot, receipt)
        assert text(pilot, "#status-words") == "KK ini sudah diambil."
        assert "Diserahkan pada Senin, 23 November 2026" in text(pilot, "#status-when")


async def test_a_scanned_code_with_separators_and_trailing_text_keeps_the_number(
    make_kiosk, office, sessions
):
    receipt = receipt_of(office, sessions, CaseState.INPUT)
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#status")
        await scan(pilot, f" {receipt} 9999")
        assert isinstance(app.screen, StatusScreen)
        assert "Langkah 3" in text(pilot, "#status-words")
