"""Closing a queue day: waiting tickets expire, their unprinted slips are dropped, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import MONDAY_9, counter_for

from shared.cli.main import main
from shared.day_close import close_day
from shared.errors import NotAllowed, WrongState
from shared.model import PrintStatus, TicketState


def _morning(office, sessions):
    """Four KK tickets and a pickup ticket; one served, one at the counter, three waiting."""
    tickets = [office.queue.take_ticket("KK") for _ in range(4)]
    counter = counter_for(office, "KK")
    first = office.queue.call_next(sessions["LOKET1"], counter)
    office.cases.verify(sessions["LOKET1"], first.case_id, present=[])
    office.queue.call_next(sessions["LOKET1"], counter)  # A-002 stays at the counter
    return tickets


def test_waiting_tickets_expire_and_their_pending_slips_are_cancelled(office, sessions, clock):
    tickets = _morning(office, sessions)
    clock.set(MONDAY_9.replace(hour=16))  # after the last period (13:00-15:30)
    done = close_day(office, MONDAY_9.date(), sessions["SPV1"])
    assert done.expired == ["A-003", "A-004"] and done.still_called == ["A-002"]
    states = {t.display: t.state for t in office.queue.today(MONDAY_9.date())}
    assert states == {
        "A-001": TicketState.DONE,
        "A-002": TicketState.CALLED,
        "A-003": TicketState.EXPIRED,
        "A-004": TicketState.EXPIRED,
    }
    # nobody printed the slips (no printer ran in this test): the day's pending ones go
    assert sorted(done.slips_cancelled) == sorted(t.print_job for t in tickets)
    with office.read() as repo:
        assert not [j for j in repo.open_jobs() if j.kind == "queue_ticket"]
        finished, _ = repo.done_jobs("2026-11")
        events = list(repo.audit_events_of_day(MONDAY_9.date()))
    cancelled = {j.id for j in finished if j.status == PrintStatus.CANCELLED}
    assert cancelled == {t.print_job for t in tickets}
    actions = [e["action"] for e in events]
    assert actions.count("ticket.expire") == 2 and actions.count("queue.close_day") == 1
    assert [e["staff_id"] for e in events if e["action"] == "queue.close_day"] == ["SPV1"]


def test_closing_twice_changes_nothing(office, sessions, clock):
    _morning(office, sessions)
    clock.set(MONDAY_9.replace(hour=16))
    close_day(office, MONDAY_9.date())
    gen = office.store.marker()["gen"]
    again = close_day(office, MONDAY_9.date())
    assert again.expired == [] and again.slips_cancelled == []
    assert office.store.marker()["gen"] == gen + 1  # one empty transaction, no event


def test_a_day_still_open_or_to_come_is_refused(office, sessions, clock):
    office.queue.take_ticket("KK")
    with pytest.raises(WrongState) as err:
        close_day(office, MONDAY_9.date())  # 09:00, open until 15:30
    assert "belum selesai" in err.value.message("id") and "not over" in err.value.message("en")
    with pytest.raises(WrongState):
        close_day(office, MONDAY_9.date() + timedelta(days=1))
    assert {t.state for t in office.queue.today()} == {TicketState.WAITING}


def test_only_a_supervisor_closes_with_a_session(office, sessions, clock):
    office.queue.take_ticket("KK")
    clock.set(MONDAY_9 + timedelta(days=1))
    with pytest.raises(NotAllowed):
        close_day(office, MONDAY_9.date(), sessions["LOKET1"])
    assert office.queue.today(MONDAY_9.date())[0].state == TicketState.WAITING
    close_day(office, MONDAY_9.date())  # the system's own timer may
    assert office.queue.today(MONDAY_9.date())[0].state == TicketState.EXPIRED


def test_cli_close_day(office, clock, capsys, monkeypatch):
    office.queue.take_ticket("KK")
    monkeypatch.setenv("KK_NOW", (MONDAY_9 + timedelta(days=1)).isoformat())
    root = str(office.store.root)
    assert main(["queue", "close-day", "--store", root, "--day", "2026-11-23"]) == 0
    assert "1 tiket kedaluwarsa" in capsys.readouterr().out
    assert main(["queue", "close-day", "--store", root, "--day", "23-11-2026"]) == 2
    assert main(["queue", "close-day", "--store", root, "--day", "2026-11-25"]) == 1
    assert "belum dapat ditutup" in capsys.readouterr().err
