"""What a counter station reads around the queue and workflow actions (no UI here).

The counter's actions themselves are the desks' (:class:`shared.queue.QueueDesk`,
:class:`shared.workflow.CaseFlow`, :class:`shared.printing.PrintDesk`); this
module adds the small reads and the printing glue a counter needs:

- which counter this is (:func:`counter_of`) and whether it takes applications
  or hands over KKs (:func:`counter_kind`);
- the tickets waiting for it (:func:`waiting_tickets`), and a typed ticket
  number turned into a ticket id (:func:`ticket_of_number`);
- today's tickets whose kiosk print failed (:func:`failed_ticket_prints`) and
  reprinting one (:func:`reprint_ticket`);
- the receipt job a workflow action queued for a case (return slip, pickup
  receipt, proof of handover) and printing it now (:func:`print_case_job`,
  :func:`reprint_job`);
- the pickup counter's check of a scanned or typed pickup receipt
  (:func:`read_pickup_input`, :func:`locate_pickup`): the receipt number must
  locate a case, its token must match, the KK must be ready. Every refused
  receipt is recorded in the audit log before the refusal is raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from shared.actions import token_hash
from shared.counter_receipts import parse_pickup_payload
from shared.errors import DomainError, NotAllowed, NotFound, WrongState
from shared.ids import case_of_receipt, normalise_token, ticket_id
from shared.model import Case, PrintJob, PrintStatus, Ticket, TicketState
from shared.print_service import print_job
from shared.printing import TICKET_JOBS
from shared.sop import CaseState, Role

if TYPE_CHECKING:
    from shared.config_types import Counter
    from shared.office import Office, Session

APPLICATION, PICKUP = "application", "pickup"
_TYPED_NUMBER = re.compile(r"^\s*([A-Za-z])?\s*-?\s*(\d{1,4})\s*$")


# -- the counter ---------------------------------------------------------------------------
def counter_of(office: Office, number: int) -> Counter:
    """The counter ``number`` from config, or a refusal that names it."""
    try:
        return office.config.counter(number)
    except KeyError:
        raise DomainError("queue.unknown_counter", counter=number) from None


def counter_kind(office: Office, number: int) -> str:
    """``"pickup"`` for a counter whose services are all pickup services, else ``"application"``."""
    kinds = set()
    for code in counter_of(office, number).services:
        try:
            kinds.add(office.config.service(code).kind)
        except KeyError:
            continue
    return PICKUP if kinds == {PICKUP} else APPLICATION


def _prefixes(office: Office, number: int) -> list[str]:
    out = []
    for code in counter_of(office, number).services:
        try:
            out.append(office.config.service(code).prefix)
        except KeyError:
            continue
    return out


def waiting_tickets(office: Office, number: int, day: date | None = None) -> list[Ticket]:
    """Today's tickets waiting for counter ``number``, in the order they were taken."""
    day = day or office.now().date()
    with office.read() as repo:
        tickets = repo.tickets_of_day(day, _prefixes(office, number))
    waiting = [t for t in tickets if t.state == TicketState.WAITING]
    return sorted(waiting, key=lambda t: (t.taken_at, t.id))


def ticket_of_number(office: Office, number: int, typed: str) -> str:
    """The id of today's ticket typed as ``A-012``, ``A12`` or ``12`` at counter ``number``.

    A bare number means the counter's first service. Refused with a message
    when the text is not a ticket number of this counter.
    """
    m = _TYPED_NUMBER.match(typed)
    prefixes = _prefixes(office, number)
    if not m or not prefixes:
        raise DomainError("counter.bad_number", number=typed.strip())
    prefix = (m.group(1) or prefixes[0]).upper()
    if prefix not in prefixes:
        raise DomainError("counter.bad_number", number=typed.strip())
    return ticket_id(office.now().date(), prefix, int(m.group(2)))


@dataclass(frozen=True)
class CounterView:
    """What a counter screen shows: the ticket being served, the queue, the step-9 pile."""

    number: int
    kind: str  # APPLICATION or PICKUP
    active: Ticket | None
    waiting: list[Ticket] = field(default_factory=list)
    failed_prints: list[Ticket] = field(default_factory=list)
    to_register: int = 0


def counter_view(office: Office, number: int) -> CounterView:
    """Counter ``number`` now (read in a few short snapshots; fine for a screen)."""
    kind = counter_kind(office, number)
    return CounterView(
        number=number,
        kind=kind,
        active=office.queue.active_ticket(number),
        waiting=waiting_tickets(office, number),
        failed_prints=failed_ticket_prints(office),
        to_register=len(registers_waiting(office)),
    )


def registers_waiting(office: Office) -> list[dict[str, object]]:
    """The open-case rows of signed KKs waiting for step 9 (register, stamp, archive)."""
    rows = office.cases.work_list(Role.PENGOLAH_DATA)
    return [r for r in rows if r["state"] == CaseState.REGISTER]


# -- reprinting queue tickets --------------------------------------------------------------
def failed_ticket_prints(office: Office, day: date | None = None) -> list[Ticket]:
    """Today's tickets still in the queue (waiting or called) whose print failed."""
    day = day or office.now().date()
    with office.read() as repo:
        tickets = repo.tickets_of_day(day)
    return sorted(
        (
            t
            for t in tickets
            if t.print_status == PrintStatus.FAILED
            and t.print_job
            and t.state in (TicketState.WAITING, TicketState.CALLED)
        ),
        key=lambda t: (t.taken_at, t.id),
    )


def reprint_ticket(
    office: Office, session: Session, ticket: str, *, worker: str, lang: str | None = None
) -> PrintJob:
    """Put the failed print of ``ticket`` back in the queue and print it now.

    Returns the job PRINTED or FAILED (a printer fault never raises).
    """
    with office.read() as repo:
        stored = repo.get_ticket(ticket)
    if not stored.print_job:
        raise NotFound("counter.no_print_job", ticket=stored.display)
    return reprint_job(office, session, stored.print_job, worker=worker, lang=lang)


def reprint_job(
    office: Office, session: Session, job_id: str, *, worker: str, lang: str | None = None
) -> PrintJob:
    """Retry a failed (or stuck) job and print it now: the job PRINTED or FAILED."""
    with office.read() as repo:
        job = repo.get_job(job_id)
    if job.status != PrintStatus.PENDING:
        office.printing.retry(job.id, session)
    return print_job(office, job.id, worker=worker, lang=lang)


# -- receipts the workflow queued for a case ------------------------------------------------
def case_job(office: Office, case_id: str, kind: str) -> PrintJob | None:
    """The newest open (pending, printing or failed) ``kind`` job of ``case_id``, if any."""
    if kind in TICKET_JOBS:
        return None
    jobs = [j for j in office.printing.jobs() if j.ref == case_id and j.kind == kind]
    return jobs[-1] if jobs else None


def print_case_job(
    office: Office, case_id: str, kind: str, *, worker: str, lang: str | None = None
) -> PrintJob | None:
    """Print the ``kind`` receipt queued for ``case_id`` now; ``None`` if none is waiting."""
    job = case_job(office, case_id, kind)
    if job is None:
        return None
    if job.status == PrintStatus.FAILED:
        return job  # failed already: a reprint is the clerk's decision
    return print_job(office, job.id, worker=worker, lang=lang)


# -- the pickup counter --------------------------------------------------------------------
def read_pickup_input(text: str) -> tuple[str, str] | None:
    """``(receipt no, token)`` from a scanned QR payload or ``"<receipt no> <token>"`` typed."""
    scanned = parse_pickup_payload(text)
    if scanned is not None:
        return scanned
    parts = text.split()
    if len(parts) == 2:
        return parts[0], normalise_token(parts[1])
    return None


def locate_pickup(
    office: Office,
    session: Session,
    receipt: str,
    token: str,
    *,
    expected_case: str | None = None,
) -> Case:
    """The READY case behind a pickup receipt whose token matches, for the clerk to compare.

    Only the Pengolah Data may look (the case carries the applicant's full
    NIK). An unknown receipt number or a wrong token is recorded in the audit
    log and refused; so is a receipt of another case than ``expected_case``
    (the case of the pickup ticket called). A KK not ready is refused with
    its state.
    """
    with office.read() as repo:
        office.acting(repo, session, Role.PENGOLAH_DATA)
    found = case_of_receipt(receipt)
    case: Case | None = None
    if found is not None:
        try:
            case = office.cases.show(found)
        except NotFound:
            case = None
    if case is None:
        _record_refusal(office, session, "".join(ch for ch in receipt if ch.isdigit()), "unknown")
        raise DomainError("pickup.bad_receipt")
    if not token or token_hash(token) != case.pickup_token_hash:
        _record_refusal(office, session, case.id, "token mismatch")
        raise NotAllowed("pickup.token_mismatch")
    if case.state != CaseState.READY:
        raise WrongState("pickup.not_ready", state=case.state.value)
    if expected_case and case.id != expected_case:
        _record_refusal(office, session, case.id, f"other case than {expected_case}")
        raise DomainError("counter.pickup.other_case")
    return case


def _record_refusal(office: Office, session: Session, entity_id: str, note: str) -> None:
    with office.write() as repo:
        repo.audit(
            at=office.now(),
            action="case.handover_refused",
            entity="case",
            entity_id=entity_id or "-",
            staff_id=session.staff_id,
            role=session.role,
            station=session.station,
            note=note,
        )
