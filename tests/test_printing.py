"""The print queue: claims, outcomes, retries; secrets scrubbed once printed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import application_service, case_in

from shared.errors import NotFound, WrongState
from shared.model import PrintStatus
from shared.sop import CaseState


def test_a_job_is_claimed_once(office):
    t = office.queue.take_ticket(application_service(office))
    printer = office.config.kiosk.printer
    first = office.printing.claim({printer}, "kiosk-1")
    assert first is not None and first.ref == t.id and first.attempts == 1
    assert office.printing.claim({printer}, "kiosk-2") is None


def test_failed_print_is_stored_with_the_ticket_and_can_be_retried(office):
    t = office.queue.take_ticket(application_service(office))
    printer = office.config.kiosk.printer
    job = office.printing.claim({printer}, "kiosk-1")
    office.printing.finish(job.id, ok=False, error="printer offline", worker="kiosk-1")
    with office.read() as repo:
        ticket = repo.get_ticket(t.id)
    assert ticket.print_status == PrintStatus.FAILED and ticket.print_error == "printer offline"
    assert ticket.state.value == "WAITING"  # the ticket stays valid in the queue
    assert office.printing.claim({printer}, "kiosk-1") is None  # failed jobs wait for a retry
    office.printing.retry(job.id)
    again = office.printing.claim({printer}, "kiosk-1")
    office.printing.finish(again.id, ok=True, worker="kiosk-1")
    with office.read() as repo:
        assert repo.get_ticket(t.id).print_status == PrintStatus.PRINTED
        assert repo.open_jobs() == []


def test_a_dead_workers_claim_is_taken_over_after_the_lease(office, clock):
    office.queue.take_ticket(application_service(office))
    printer = office.config.kiosk.printer
    job = office.printing.claim({printer}, "dead")
    assert office.printing.claim({printer}, "alive") is None
    clock.advance(timedelta(minutes=3))
    taken = office.printing.claim({printer}, "alive")
    assert taken.id == job.id and taken.claimed_by == "alive" and taken.attempts == 2
    with pytest.raises(WrongState):
        office.printing.finish(job.id, ok=True, worker="dead")


def test_pickup_token_leaves_the_job_once_printed(office, sessions, store):
    cid, token = case_in(office, sessions, CaseState.INPUT)
    case = office.cases.show(cid)
    printer = office.config.counter(case.counter).printer
    job = office.printing.claim({printer}, "counter-1")
    assert job.kind == "pickup_receipt" and job.params["token"] == token
    office.printing.finish(job.id, ok=True, worker="counter-1")
    assert token not in "".join(p.read_text() for p in store.root.rglob("*.json*"))


def test_cancel_drops_a_job(office):
    office.queue.take_ticket(application_service(office))
    job = office.printing.jobs()[0]
    office.printing.cancel(job.id)
    assert office.printing.jobs() == []
    with pytest.raises(NotFound):  # it has left the queue
        office.printing.cancel(job.id)
