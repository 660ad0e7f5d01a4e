"""Taking a ticket and printing it, without any UI (the screens run this in a worker thread).

The order is what makes "printing never loses a ticket" true: the queue
stores the ticket and its print job in one transaction first; only then is
the job printed. Whatever the printer does (offline, out of paper, unplugged,
or an unexpected fault), the ticket stays valid in the queue and the kiosk
shows its number.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from shared.errors import DomainError
from shared.kiosk_info import pending_pickup_ticket, public_status, ticket_refusal
from shared.model import PrintJob, PrintStatus, Ticket
from shared.office import Office
from shared.queue_info import estimated_wait, waiting_ahead

log = logging.getLogger(__name__)
REFUSALS = ("queue.closed", "queue.quota")  # the queue's refusals that have a date to come back


class PrintTicket(Protocol):
    """Prints one stored job, returning it PRINTED or FAILED (``print_service.print_job``)."""

    def __call__(
        self, office: Office, job_id: str, *, worker: str, lang: str | None = None
    ) -> PrintJob: ...


def default_print_ticket(
    office: Office, job_id: str, *, worker: str, lang: str | None = None
) -> PrintJob:
    """The office's print service; the slip is printed in the citizen's language."""
    from shared.print_service import print_job

    return print_job(office, job_id, worker=worker, lang=lang)


@dataclass(frozen=True)
class TicketRequest:
    """What the citizen chose on the way to an application ticket."""

    service: str
    kind: str | None = None
    priority: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Issued:
    """A stored ticket, whether its slip printed, and what its holder is told."""

    ticket: Ticket
    printed: bool
    ahead: int
    wait: timedelta | None  # None: no counter serves the service
    again: bool = False  # an earlier ticket shown again (a second pickup ticket is not issued)


def issue(
    office: Office,
    take: Callable[[], Ticket],
    print_ticket: PrintTicket,
    *,
    worker: str,
    lang: str | None = None,
) -> Issued:
    """Store a ticket with ``take``, then print it; a print fault never loses the ticket.

    A :class:`~shared.errors.DomainError` from ``take`` (closed, quota) propagates:
    then no ticket exists.
    """
    ticket = take()
    printed = False
    if ticket.print_job:
        try:
            job = print_ticket(office, ticket.print_job, worker=worker, lang=lang)
            printed = job.status == PrintStatus.PRINTED
        except Exception:  # noqa: BLE001 - the ticket is stored; the desk reprints it
            log.exception("printing ticket %s failed", ticket.id)
    return shown(office, ticket, printed=printed)


def shown(office: Office, ticket: Ticket, *, printed: bool, again: bool = False) -> Issued:
    """The :class:`Issued` for ``ticket``: people ahead and the estimated wait."""
    return Issued(
        ticket, printed, waiting_ahead(office, ticket), estimated_wait(office, ticket), again
    )


def application_ticket(
    office: Office, request: TicketRequest, station: str
) -> Callable[[], Ticket]:
    """The ``take`` for an application ticket from the kiosk."""

    def take() -> Ticket:
        return office.queue.take_ticket(
            request.service,
            kind=request.kind,
            priority=request.priority,
            phone=request.phone,
            station=station,
        )

    return _come_back_later(office, request.service, take)


def pickup_ticket(office: Office, receipt: str, station: str) -> Callable[[], Ticket]:
    """The ``take`` for a pickup-queue ticket for the case behind ``receipt``."""
    service = office.config.pickup_services()[0].code

    def take() -> Ticket:
        return office.queue.take_pickup_ticket(receipt, station=station)

    return _come_back_later(office, service, take)


def pickup(
    office: Office,
    receipt: str,
    print_ticket: PrintTicket,
    *,
    worker: str,
    lang: str | None = None,
) -> Issued:
    """A pickup ticket for a READY case; the one already waiting today if there is one."""
    status = public_status(office, receipt)
    waiting = pending_pickup_ticket(office, status.case_id)
    if waiting is not None:
        return shown(office, waiting, printed=True, again=True)
    take = pickup_ticket(office, receipt, worker)
    return issue(office, take, print_ticket, worker=worker, lang=lang)


def _come_back_later(
    office: Office, service: str, take: Callable[[], Ticket]
) -> Callable[[], Ticket]:
    """``take``, with "closed" and "quota used up" saying when to come back."""

    def wrapped() -> Ticket:
        try:
            return take()
        except DomainError as refused:
            if refused.key not in REFUSALS:
                raise
            raise (ticket_refusal(office, service) or refused) from None

    return wrapped
