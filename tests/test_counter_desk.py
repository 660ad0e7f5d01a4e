"""The counter's domain reads: its kind, its queue, failed prints, the pickup receipt check."""

from __future__ import annotations

import pytest
from helpers import case_in

from shared.counter_desk import (
    APPLICATION,
    PICKUP,
    case_job,
    counter_kind,
    counter_view,
    failed_ticket_prints,
    locate_pickup,
    read_pickup_input,
    ticket_of_number,
    waiting_tickets,
)
from shared.counter_receipts import pickup_payload
from shared.errors import DomainError, NotAllowed, WrongState
from shared.model import PrintStatus
from shared.sop import CaseState


def refusals(office) -> list[dict]:
    with office.read() as repo:
        events = list(repo.audit_events_of_day(office.now().date()))
    return [e for e in events if e["action"] == "case.handover_refused"]


def test_a_counter_knows_whether_it_takes_applications_or_hands_over(office):
    assert counter_kind(office, 1) == APPLICATION
    assert counter_kind(office, 3) == PICKUP
    with pytest.raises(DomainError) as err:
        counter_kind(office, 9)
    assert err.value.message("id") == "Loket 9 tidak ada dalam pengaturan."


def test_waiting_tickets_are_the_counters_own_in_order(office, sessions):
    first = office.queue.take_ticket("KK", kind="baru_menikah")
    second = office.queue.take_ticket("KK", kind="pisah_kk")
    assert [t.id for t in waiting_tickets(office, 1)] == [first.id, second.id]
    assert waiting_tickets(office, 3) == []
    office.queue.call_next(sessions["LOKET1"], 1)
    view = counter_view(office, 1)
    assert view.active is not None and view.active.id == first.id
    assert [t.id for t in view.waiting] == [second.id] and view.kind == APPLICATION


@pytest.mark.parametrize("typed", ["A-012", "a12", "12", " A 012 "])
def test_a_typed_ticket_number_becomes_todays_ticket_id(office, typed):
    assert ticket_of_number(office, 1, typed) == "T-261123-A012"


@pytest.mark.parametrize("typed", ["B-012", "abc", "", "A-"])
def test_a_typed_number_of_another_service_is_refused(office, typed):
    with pytest.raises(DomainError):
        ticket_of_number(office, 1, typed)


def test_failed_ticket_prints_lists_only_tickets_still_in_the_queue(office, sessions):
    ticket = office.queue.take_ticket("KK", kind="baru_menikah")
    office.printing.claim_job(ticket.print_job, "kiosk")
    office.printing.finish(ticket.print_job, ok=False, error="kertas habis", worker="kiosk")
    assert [t.id for t in failed_ticket_prints(office)] == [ticket.id]
    office.queue.call_next(sessions["LOKET1"], 1)
    office.queue.skip(sessions["LOKET1"], 1)
    assert failed_ticket_prints(office) == []


def test_read_pickup_input_takes_a_scan_or_a_typed_pair():
    assert read_pickup_input("KKPICKUP|261123-01-0001-0|ABCD1234EF") == (
        "261123-01-0001-0",
        "ABCD1234EF",
    )
    assert read_pickup_input("261123-01-0001-0 abcd-1234-ef") == ("261123-01-0001-0", "ABCD1234EF")
    assert read_pickup_input("261123-01-0001-0") is None


def test_locate_pickup_finds_the_ready_case_behind_a_right_receipt(office, sessions):
    case_id, token = case_in(office, sessions, CaseState.READY)
    receipt = office.cases.show(case_id).receipt_no
    receipt_and_token = read_pickup_input(pickup_payload(receipt, token))
    assert receipt_and_token is not None
    found = locate_pickup(office, sessions["LOKET1"], *receipt_and_token)
    assert found.id == case_id and found.applicant_nik == "6171011708900003"
    assert refusals(office) == []


def test_locate_pickup_refuses_and_records_wrong_tokens_and_unknown_receipts(office, sessions):
    case_id, token = case_in(office, sessions, CaseState.READY)
    receipt = office.cases.show(case_id).receipt_no
    clerk = sessions["LOKET1"]
    with pytest.raises(NotAllowed):
        locate_pickup(office, clerk, receipt, "0" * len(token))
    with pytest.raises(DomainError) as err:
        locate_pickup(office, clerk, "261123-01-0999-1", token)
    assert err.value.key == "pickup.bad_receipt"
    with pytest.raises(DomainError) as err:
        locate_pickup(office, clerk, receipt, token, expected_case="KK-261123-A099")
    assert err.value.key == "counter.pickup.other_case"
    assert [e["note"] for e in refusals(office)] == [
        "token mismatch",
        "unknown",
        "other case than KK-261123-A099",
    ]
    assert office.cases.show(case_id).state == CaseState.READY


def test_locate_pickup_says_when_the_kk_is_not_ready(office, sessions):
    case_id, token = case_in(office, sessions, CaseState.SIGNING)
    receipt = office.cases.show(case_id).receipt_no
    with pytest.raises(WrongState) as err:
        locate_pickup(office, sessions["LOKET1"], receipt, token)
    assert err.value.message("id") == "KK belum siap diambil: menunggu tanda tangan Kepala Dinas."


def test_the_handover_proof_goes_to_the_pickup_counters_printer(office, sessions):
    case_id, token = case_in(office, sessions, CaseState.READY)
    receipt = office.cases.show(case_id).receipt_no
    office.queue.take_pickup_ticket(receipt)
    called = office.queue.call_next(sessions["LOKET2"], 3)
    assert called is not None and called.case_id == case_id
    office.cases.handover(sessions["LOKET2"], case_id, token)
    job = case_job(office, case_id, "handover_proof")
    assert job is not None and job.status == PrintStatus.PENDING
    assert job.printer == office.config.counter(3).printer
