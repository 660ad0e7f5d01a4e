"""What a queue ticket tells the citizen: people ahead and the estimated wait.

*People ahead* counts the waiting tickets of the same service (same day)
that the counters will call before this one, following the configured
priority rule roughly (:class:`shared.config.QueueRules`):

- rule "first": a priority ticket has only the priority tickets taken
  before it ahead; a regular ticket has every regular ticket taken before it
  and every waiting priority ticket;
- rule "interleave" (one priority ticket after every ``priority_every``
  regular ones): a regular ticket also has about one priority ticket per
  ``priority_every`` regular ones ahead; a priority ticket also has up to
  ``priority_every`` regular tickets per priority ticket before it.

*Estimated wait* = people ahead x the median service time (call to done) of
the tickets of that service served today, divided by the number of counters
serving the service. Until three tickets have been served today, the Mutu
Baku standard time stands in for the median: step 2 (the clerk checks the
file) for applications, step 10 (the handover) for pickups. ``None`` when no
counter serves the service.
"""

from __future__ import annotations

import statistics
from datetime import timedelta
from typing import TYPE_CHECKING

from shared.model import Ticket, TicketState

if TYPE_CHECKING:
    from shared.config import Config, QueueRules
    from shared.office import Office

MIN_SAMPLES = 3  # served tickets today before their median replaces the standard time
STANDARD_STEP = {"application": 2, "pickup": 10}


def _waiting_before(ticket: Ticket, tickets: list[Ticket]) -> tuple[list[Ticket], list[Ticket]]:
    """Waiting tickets other than ``ticket``: (taken before it, all), priority and regular."""
    others = [t for t in tickets if t.state == TicketState.WAITING and t.id != ticket.id]
    before = [t for t in others if (t.taken_at, t.id) < (ticket.taken_at, ticket.id)]
    return before, others


def count_ahead(ticket: Ticket, tickets: list[Ticket], rules: QueueRules) -> int:
    """People ahead of ``ticket`` among ``tickets`` (the day's tickets of its service)."""
    if ticket.state != TicketState.WAITING:
        return 0
    before, others = _waiting_before(ticket, tickets)
    prio_before = sum(1 for t in before if t.is_priority)
    regular_before = len(before) - prio_before
    prio_all = sum(1 for t in others if t.is_priority)
    regular_all = len(others) - prio_all
    every = max(1, rules.priority_every)
    if rules.priority_rule == "first":
        return prio_before if ticket.is_priority else regular_before + prio_all
    if ticket.is_priority:
        return prio_before + min(regular_all, prio_before * every)
    return regular_before + min(prio_all, regular_before // every + 1)


def service_time(config: Config, ticket: Ticket, tickets: list[Ticket]) -> timedelta:
    """The typical time a counter spends on one ticket of this service today."""
    served = [
        t.done_at - t.called_at
        for t in tickets
        if t.state == TicketState.DONE and t.called_at is not None and t.done_at is not None
    ]
    if len(served) >= MIN_SAMPLES:
        return timedelta(seconds=statistics.median(s.total_seconds() for s in served))
    kind = config.service(ticket.service).kind
    return config.standard_time(STANDARD_STEP.get(kind, 2))


def wait_for(config: Config, ticket: Ticket, tickets: list[Ticket], ahead: int) -> timedelta | None:
    """The estimated wait of ``ticket`` with ``ahead`` people before it."""
    counters = sum(1 for c in config.counters if ticket.service in c.services)
    if counters == 0:
        return None
    if ahead <= 0:
        return timedelta(0)
    return service_time(config, ticket, tickets) * ahead / counters


def _day_tickets(office: Office, ticket: Ticket) -> list[Ticket]:
    with office.read() as repo:
        return repo.tickets_of_day(ticket.day, [ticket.display.split("-")[0]])


def waiting_ahead(office: Office, ticket: Ticket) -> int:
    """People ahead of ``ticket`` in its service's queue now."""
    return count_ahead(ticket, _day_tickets(office, ticket), office.config.queue)


def estimated_wait(office: Office, ticket: Ticket) -> timedelta | None:
    """How long ``ticket`` will probably wait from now; ``None`` if no counter serves it."""
    tickets = _day_tickets(office, ticket)
    ahead = count_ahead(ticket, tickets, office.config.queue)
    return wait_for(office.config, ticket, tickets, ahead)
