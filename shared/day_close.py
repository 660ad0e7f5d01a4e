"""Closing a queue day: the tickets never called expire, their unprinted slips are dropped.

A ticket is only valid on its own day: the counters call from today's queue,
so a ticket still WAITING when the office closes can never be served. Closing
the day makes that explicit: each such ticket becomes EXPIRED (its own audit
event, so the day's figures and the audit trail agree), and the slips of the
day's queue tickets still waiting for a printer (the kiosk's printer was
offline) are cancelled instead of coming out of the printer next morning.

A ticket still CALLED at a counter is left as it is and counted: the clerk
(or the supervisor) finishes it; an open case is never closed behind anyone's
back. Closing is idempotent: a second close of the same day changes nothing.
Run it after the last opening period (``kk queue close-day``, a timer on the
office server), or for any earlier day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from shared.errors import WrongState
from shared.model import PrintStatus, TicketState
from shared.sop import Role

if TYPE_CHECKING:
    from shared.office import Office, Session

TICKET_SLIPS = frozenset({"queue_ticket", "pickup_ticket"})


@dataclass
class DayClosed:
    """What closing ``day`` did."""

    day: date
    expired: list[str] = field(default_factory=list)  # ticket displays, in order
    still_called: list[str] = field(default_factory=list)
    slips_cancelled: list[str] = field(default_factory=list)  # print job ids


def close_day(
    office: Office, day: date, session: Session | None = None, *, station: str = "close-day"
) -> DayClosed:
    """Expire ``day``'s waiting tickets and drop their pending slips (see the module doc).

    ``day`` must be over: today only after the office's last opening period.
    With a ``session``, only a supervisor may close; without one, it is the
    system's own action (a timer), recorded under ``station``.
    """
    now = office.now()
    if day > now.date() or (day == now.date() and _still_open_today(office, now)):
        raise WrongState("queue.day_not_over", day=day.isoformat())
    done = DayClosed(day)
    with office.write() as repo:
        staff = office.acting(repo, session, Role.SUPERVISOR) if session else None
        tickets = sorted(repo.tickets_of_day(day), key=lambda t: (t.taken_at, t.id))
        for ticket in tickets:
            if ticket.state == TicketState.CALLED:
                done.still_called.append(ticket.display)
            if ticket.state != TicketState.WAITING:
                continue
            ticket.state = TicketState.EXPIRED
            ticket.done_at = now
            repo.put_ticket(ticket)
            repo.audit(
                at=now,
                action="ticket.expire",
                entity="ticket",
                entity_id=ticket.id,
                staff_id=staff.id if staff else None,
                role=staff.role if staff else None,
                station=session.station if session else station,
                from_state=TicketState.WAITING.value,
                to_state=TicketState.EXPIRED.value,
            )
            done.expired.append(ticket.display)
        slips = [t.print_job for t in tickets if t.print_job]
        pending = {
            job.id
            for job in repo.open_jobs()
            if job.id in slips
            and job.kind in TICKET_SLIPS
            and job.status in (PrintStatus.PENDING, PrintStatus.FAILED)
        }
        if done.expired or done.still_called:
            repo.audit(
                at=now,
                action="queue.close_day",
                entity="queue",
                entity_id=day.isoformat(),
                staff_id=staff.id if staff else None,
                role=staff.role if staff else None,
                station=session.station if session else station,
                data={"expired": len(done.expired), "still_called": done.still_called},
            )
    for job_id in sorted(pending):
        try:
            office.printing.cancel(job_id, session)
        except WrongState:
            continue  # printed or cancelled meanwhile
        done.slips_cancelled.append(job_id)
    return done


def _still_open_today(office: Office, now) -> bool:  # noqa: ANN001 - datetime
    periods = office.config.hours.periods_on(now.date())
    return bool(periods) and now.timetz().replace(tzinfo=None) < periods[-1][1]
