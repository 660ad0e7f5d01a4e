"""Step 10 at the pickup counter: the receipt's token checked, the KK handed over."""

from __future__ import annotations

import pytest
from counter_pilot import GS_CUT, at_counter, offline, printed, printing_office, station
from helpers import case_in
from station_pilot import tap, text
from textual.widgets import Input

from shared.counter_receipts import pickup_payload
from shared.errors import NotAllowed, WrongState
from shared.ids import receipt_no
from shared.model import TicketState
from shared.sop import CaseState
from station.screens.counter import CounterScreen
from station.screens.pickup import PickupScreen

PICKUP_COUNTER = 3
NIK = "6171011708900003"


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "print"


@pytest.fixture
def desk(office, folder):
    return printing_office(office, folder)


@pytest.fixture
def ready(desk, sessions):
    """A KK ready for pickup whose applicant took a pickup ticket: (case, token)."""
    case_id, token = case_in(desk, sessions, CaseState.READY)
    case = desk.cases.show(case_id)
    desk.queue.take_pickup_ticket(case.receipt_no)
    return case, token


async def open_pickup(pilot) -> PickupScreen:
    """Log in at the pickup counter, call the next pickup ticket, open the handover."""
    await at_counter(pilot)
    assert pilot.app.screen.button("#serve").text == "Serahkan KK"
    await tap(pilot, "#call-next")
    await tap(pilot, "#serve")
    screen = pilot.app.screen
    assert isinstance(screen, PickupScreen)
    return screen


async def scan(pilot, payload: str) -> None:
    """A USB scanner types the QR's content and Enter into the focused receipt field."""
    assert pilot.app.focused is pilot.app.screen.query_one("#receipt")
    await pilot.press(*payload, "enter")
    await tap(pilot, "#applicant")  # settle; a tap on the plain panel does nothing


def audit(office, action: str) -> list[dict]:
    with office.read() as repo:
        events = list(repo.audit_events_of_day(office.now().date()))
    return [e for e in events if e["action"] == action]


async def test_a_scanned_receipt_with_the_right_token_hands_the_kk_over(desk, ready, folder):
    case, token = ready
    app = station(desk, PICKUP_COUNTER)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pickup(pilot)
        assert screen.button("#handover").disabled
        await scan(pilot, pickup_payload(case.receipt_no, token))
        assert text(pilot, "#applicant-name") == "Nama: BUDI SANTOSO"
        assert (
            text(pilot, "#applicant-nik") == f"NIK:  {NIK}"
        )  # in full, to compare with the KTP-el
        assert not screen.button("#handover").disabled
        await tap(pilot, "#handover")
        after = desk.cases.show(case.id)
        assert after.state == CaseState.HANDED_OVER and after.handed_over_by == "LOKET1"
        assert after.closed_at is not None
        assert text(pilot, "#message") == (
            "KK diserahkan; bukti penyerahan tercetak. Berkas ditutup dan diarsipkan."
        )
        (proof,) = printed(folder, "loket3")
        assert proof.startswith(b"\x1b@") and proof.endswith(GS_CUT + b"\x00")
        assert b"BUKTI PENYERAHAN KK" in proof and case.id.encode() in proof
        assert after.agenda_no.encode() in proof and b"BUDI SANTOSO" in proof
        assert NIK.encode() not in proof
        pickup_ticket = next(t for t in desk.queue.today() if t.id == after.pickup_ticket_id)
        assert pickup_ticket.state == TicketState.DONE
        await tap(pilot, "#done")
        assert isinstance(app.screen, CounterScreen)


async def test_the_receipt_number_and_code_can_be_typed(desk, ready):
    case, token = ready
    app = station(desk, PICKUP_COUNTER)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pickup(pilot)
        await pilot.press(*case.receipt_no, "enter")  # Enter moves on to the code
        assert app.focused is screen.query_one("#token")
        await pilot.press(*f"{token[:4]}-{token[4:8]}-{token[8:]}".lower(), "enter")
        await tap(pilot, "#applicant")
        assert text(pilot, "#applicant-name") == "Nama: BUDI SANTOSO"
        await tap(pilot, "#handover")
        assert desk.cases.show(case.id).state == CaseState.HANDED_OVER


async def test_a_scan_into_the_code_field_works_too(desk, ready):
    case, token = ready
    app = station(desk, PICKUP_COUNTER)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pickup(pilot)
        screen.query_one("#token", Input).focus()
        await pilot.press(*pickup_payload(case.receipt_no, token), "enter")
        await tap(pilot, "#applicant")
        assert screen.query_one("#receipt", Input).value == case.receipt_no
        assert text(pilot, "#applicant-name") == "Nama: BUDI SANTOSO"


async def test_a_wrong_token_is_refused_and_recorded(desk, ready):
    case, token = ready
    wrong = ("X" if token[0] != "X" else "Y") + token[1:]
    app = station(desk, PICKUP_COUNTER)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pickup(pilot)
        await scan(pilot, pickup_payload(case.receipt_no, wrong))
        assert text(pilot, "#message") == (
            "Kode tanda bukti pengambilan tidak cocok. Penyerahan ditolak dan dicatat."
        )
        assert screen.query_one("#message").has_class("-problem")
        assert text(pilot, "#applicant-name") == ""  # nothing shown to a wrong code
        assert screen.button("#handover").disabled
        assert desk.cases.show(case.id).state == CaseState.READY
        (refused,) = audit(desk, "case.handover_refused")
        assert refused["entity_id"] == case.id and refused["staff_id"] == "LOKET1"


async def test_a_guessed_receipt_number_is_refused_and_recorded(desk, ready):
    case, token = ready
    app = station(desk, PICKUP_COUNTER)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pickup(pilot)
        guessed = receipt_no("KK-261123-A077")  # well formed, no such case
        await scan(pilot, pickup_payload(guessed, token))
        assert text(pilot, "#message") == (
            "Nomor tanda bukti pengambilan tidak dikenal. Periksa kembali angkanya."
        )
        altered = case.receipt_no[:-1] + str((int(case.receipt_no[-1]) + 1) % 10)
        screen = app.screen
        screen.query_one("#receipt", Input).value = altered  # check digit wrong
        screen.query_one("#token", Input).value = token
        await tap(pilot, "#check")
        assert "tidak dikenal" in text(pilot, "#message")
        assert len(audit(desk, "case.handover_refused")) == 2
        assert desk.cases.show(case.id).state == CaseState.READY


async def test_a_kk_not_ready_is_refused_with_its_state(desk, ready, sessions):
    _case, _token = ready
    other_id, other_token = case_in(desk, sessions, CaseState.REGISTER)
    other = desk.cases.show(other_id)
    app = station(desk, PICKUP_COUNTER)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pickup(pilot)
        await scan(pilot, pickup_payload(other.receipt_no, other_token))
        assert text(pilot, "#message").startswith("KK belum siap diambil: ")
        assert screen.button("#handover").disabled
    with pytest.raises(WrongState):  # and the domain refuses it too
        desk.cases.handover(sessions["LOKET1"], other_id, other_token)
    assert desk.cases.show(other_id).state == CaseState.REGISTER


async def test_the_domain_checks_the_token_again_at_handover(desk, ready, sessions):
    case, token = ready
    with pytest.raises(NotAllowed):
        desk.cases.handover(sessions["LOKET1"], case.id, "WRONGTOKEN")
    assert desk.cases.show(case.id).state == CaseState.READY
    assert len(audit(desk, "case.handover_refused")) == 1


async def test_the_pickup_screen_fits_80x24(desk, ready):
    case, token = ready
    app = station(desk, PICKUP_COUNTER)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pickup(pilot)
        await scan(pilot, pickup_payload(case.receipt_no, token))
        for selector in ("#receipt", "#token", "#check", "#applicant-nik", "#handover", "#back"):
            region = screen.query_one(selector).region
            assert region.bottom <= 24 and region.right <= 80 and region.height > 0, selector
        await tap(pilot, "#handover")
        assert desk.cases.show(case.id).state == CaseState.HANDED_OVER


async def test_a_failed_proof_print_keeps_the_handover_and_prints_again(office, sessions, folder):
    broken = printing_office(office, folder, loket3=offline())
    case_id, token = case_in(broken, sessions, CaseState.READY)
    case = broken.cases.show(case_id)
    broken.queue.take_pickup_ticket(case.receipt_no)
    app = station(broken, PICKUP_COUNTER)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pickup(pilot)
        await scan(pilot, pickup_payload(case.receipt_no, token))
        await tap(pilot, "#handover")
        assert broken.cases.show(case_id).state == CaseState.HANDED_OVER
        assert text(pilot, "#message").startswith(
            "KK sudah diserahkan, tetapi bukti penyerahan gagal dicetak: Printer struk loket3"
        )
        assert screen.button("#reprint-receipt").display
        app.office = printing_office(office, folder)  # the printer is back
        await tap(pilot, "#reprint-receipt")
        assert text(pilot, "#message").startswith("KK diserahkan; bukti penyerahan tercetak.")
        (proof,) = printed(folder, "loket3")
        assert b"BUKTI PENYERAHAN KK" in proof
