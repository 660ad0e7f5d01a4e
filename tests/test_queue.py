"""Taking and calling tickets: numbering, priority, busy counters, hours and quota."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from helpers import application_service, counter_for

from shared.clock import OFFICE_TZ
from shared.errors import DomainError, WrongState
from shared.model import TicketState
from shared.office import Office
from shared.sop import CaseState


def test_numbers_count_per_service_from_one(office):
    svc = application_service(office)
    pickup = office.config.pickup_services()[0]
    a = [office.queue.take_ticket(svc) for _ in range(3)]
    b = office.queue.take_ticket(pickup.code)
    assert [t.number for t in a] == [1, 2, 3] and b.number == 1
    assert len({t.id for t in [*a, b]}) == 4
    assert a[0].display == f"{office.config.service(svc).prefix}-001"
    assert b.display.startswith(pickup.prefix)


def test_numbers_start_again_the_next_day(office, clock):
    svc = application_service(office)
    first = office.queue.take_ticket(svc)
    clock.advance(days=1)
    second = office.queue.take_ticket(svc)
    assert first.display == second.display and first.id != second.id


def test_ticket_is_stored_with_its_print_job(office):
    t = office.queue.take_ticket(application_service(office))
    with office.read() as repo:
        job = repo.get_job(t.print_job)
        assert job.ref == t.id and job.kind == "queue_ticket"
        assert repo.get_ticket(t.id).print_status.value == "PENDING"


def test_call_next_takes_the_oldest_and_opens_a_case(office, sessions, clock):
    svc = application_service(office)
    t1 = office.queue.take_ticket(svc)
    clock.advance(minutes=1)
    office.queue.take_ticket(svc)
    called = office.queue.call_next(sessions["LOKET1"], counter_for(office, svc))
    assert called.id == t1.id and called.state == TicketState.CALLED
    assert office.cases.show(called.case_id).state == CaseState.VERIFYING


def test_priority_first_rule(office, sessions, clock):
    svc = application_service(office)
    office.queue.take_ticket(svc)
    clock.advance(minutes=1)
    prio = office.queue.take_ticket(svc, priority="lansia")
    called = office.queue.call_next(sessions["LOKET1"], counter_for(office, svc))
    assert called.id == prio.id


def test_interleave_rule_calls_one_priority_after_n_regular(store, config, clock, sessions):
    rules = dataclasses.replace(config.queue, priority_rule="interleave", priority_every=2)
    office = Office(store, dataclasses.replace(config, queue=rules), clock)
    for sid, role in [("LOKET1", sessions["LOKET1"].role)]:
        office.staff.add(sid, "Loket", role, "123456")
    svc = application_service(office)
    counter = counter_for(office, svc)
    for _ in range(4):
        office.queue.take_ticket(svc)
        clock.advance(minutes=1)
    p = office.queue.take_ticket(svc, priority="disabilitas")
    order = []
    for _ in range(3):
        t = office.queue.call_next(sessions["LOKET1"], counter)
        order.append(t.id == p.id)
        office.queue.skip(sessions["LOKET1"], counter)
    assert order == [False, False, True]


def test_a_busy_counter_must_finish_first(office, sessions):
    svc = application_service(office)
    counter = counter_for(office, svc)
    office.queue.take_ticket(svc)
    office.queue.take_ticket(svc)
    office.queue.call_next(sessions["LOKET1"], counter)
    with pytest.raises(WrongState) as err:
        office.queue.call_next(sessions["LOKET1"], counter)
    assert err.value.key == "queue.counter_busy"


def test_recall_and_skip(office, sessions):
    svc = application_service(office)
    counter = counter_for(office, svc)
    office.queue.take_ticket(svc)
    office.queue.call_next(sessions["LOKET1"], counter)
    again = office.queue.recall(sessions["LOKET1"], counter)
    assert again.recalls == 1
    skipped = office.queue.skip(sessions["LOKET1"], counter)
    assert skipped.state == TicketState.SKIPPED
    case = office.cases.show(skipped.case_id)
    assert case.state == CaseState.CANCELLED and case.close_reason == "no_show"
    assert office.queue.active_ticket(counter) is None
    with pytest.raises(WrongState):
        office.queue.recall(sessions["LOKET1"], counter)


def test_call_a_specific_ticket(office, sessions):
    svc = application_service(office)
    office.queue.take_ticket(svc)
    second = office.queue.take_ticket(svc)
    called = office.queue.call_ticket(sessions["LOKET1"], counter_for(office, svc), second.id)
    assert called.id == second.id
    with pytest.raises(WrongState):
        office.queue.call_ticket(sessions["LOKET2"], counter_for(office, svc), second.id)


def test_empty_queue_calls_nobody(office, sessions):
    svc = application_service(office)
    assert office.queue.call_next(sessions["LOKET1"], counter_for(office, svc)) is None


def test_no_ticket_outside_opening_hours(office, clock):
    clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=OFFICE_TZ))  # a Sunday
    with pytest.raises(DomainError) as err:
        office.queue.take_ticket(application_service(office))
    assert err.value.key == "queue.closed"
    assert "23-11-2026" in err.value.message("id")


def test_no_ticket_past_the_daily_quota(store, config, clock):
    svc = config.application_services()[0]
    small = dataclasses.replace(svc, daily_quota=2)
    services = tuple(small if s.code == svc.code else s for s in config.services)
    office = Office(store, dataclasses.replace(config, services=services), clock)
    office.queue.take_ticket(svc.code)
    office.queue.take_ticket(svc.code)
    with pytest.raises(DomainError) as err:
        office.queue.take_ticket(svc.code)
    assert err.value.key == "queue.quota"
    clock.advance(timedelta(days=1))
    assert office.queue.take_ticket(svc.code).number == 1


def test_unknown_service_kind_and_priority_are_refused(office):
    svc = application_service(office)
    for kwargs in (
        {"service": "ZZ"},
        {"service": svc, "kind": "nope"},
        {"service": svc, "priority": "vip"},
    ):
        with pytest.raises(DomainError):
            office.queue.take_ticket(**kwargs)
    assert office.queue.today() == []
