"""The queue: tickets taken at the kiosk and called to the counters (SOP step 1).

Numbers count per day and per service from 1, without gaps or repeats:
the next number is read and bumped inside the same locked transaction that
stores the ticket. Calling an application ticket opens its case (step 2
begins); calling a pickup ticket brings the applicant to step 10.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from shared.errors import DomainError, NotFound, WrongState
from shared.ids import case_id, case_of_receipt, display_number, ticket_id
from shared.model import Case, HistoryEntry, PrintJob, Staff, Ticket, TicketState
from shared.sop import CaseState, Role
from shared.store.repo import Repo

OPEN_TICKET = frozenset({TicketState.WAITING, TicketState.CALLED})
"""A ticket still in the queue (not yet done, skipped or expired)."""

if TYPE_CHECKING:
    from shared.config import Service
    from shared.office import Office, Session


class QueueDesk:
    """Taking, calling, recalling and skipping tickets."""

    def __init__(self, office: Office) -> None:
        self.office = office

    # -- kiosk -------------------------------------------------------------------------
    def take_ticket(
        self,
        service: str,
        *,
        kind: str | None = None,
        priority: str | None = None,
        phone: str | None = None,
        station: str = "kiosk",
        printer: str | None = None,
        case: str | None = None,
    ) -> Ticket:
        """Issue the next number of ``service``, with its print job, in one transaction."""
        cfg = self.office.config
        svc = self._service(service)
        if kind is not None and svc.kind == "application":
            kind_of(cfg, kind)
        if priority is not None and priority not in {g.code for g in cfg.queue.priority_groups}:
            raise DomainError("queue.unknown_priority", priority=priority)
        now = self.office.now()
        if not cfg.hours.is_open(now):
            nxt = cfg.hours.next_opening(now)
            raise DomainError("queue.closed", next=nxt.strftime("%d-%m-%Y %H:%M") if nxt else "-")
        with self.office.write() as repo:
            day = now.date()
            if case is not None:  # a pickup: one number in the queue per case
                for other in repo.tickets_of_day(day, [svc.prefix]):
                    if other.case_id == case and other.state in OPEN_TICKET:
                        raise DomainError("pickup.already_queued", ticket=other.display)
            number = repo.next_ticket_number(day, svc.prefix)
            if svc.daily_quota and number > svc.daily_quota:
                raise DomainError("queue.quota", quota=svc.daily_quota)
            ticket = Ticket(
                id=ticket_id(day, svc.prefix, number),
                day=day,
                service=svc.code,
                number=number,
                display=display_number(svc.prefix, number),
                taken_at=now,
                kind=kind if svc.kind == "application" else None,
                priority=priority,
                phone=phone,
                case_id=case,
            )
            job = repo.add_job(
                PrintJob(
                    id="",
                    kind="queue_ticket" if svc.kind == "application" else "pickup_ticket",
                    printer=printer or cfg.kiosk.printer,
                    ref=ticket.id,
                    created_at=now,
                )
            )
            ticket.print_job = job.id
            repo.put_ticket(ticket)
            repo.audit(
                at=now,
                action="ticket.take",
                entity="ticket",
                entity_id=ticket.id,
                station=station,
                to_state=ticket.state.value,
                data={"service": svc.code, "priority": bool(priority), "print_job": job.id},
            )
        return ticket

    def take_pickup_ticket(self, receipt: str, *, station: str = "kiosk") -> Ticket:
        """A pickup-queue ticket for the case behind a pickup receipt, once its KK is ready."""
        found = case_of_receipt(receipt)
        if found is None:
            raise DomainError("pickup.bad_receipt")
        with self.office.read() as repo:
            try:
                case = repo.get_case(found)
            except NotFound:
                raise DomainError("pickup.bad_receipt") from None
        if case.state != CaseState.READY:
            raise WrongState("pickup.not_ready", state=case.state.value)
        svc = self.office.config.pickup_services()[0]
        return self.take_ticket(svc.code, station=station, case=case.id)

    # -- counter -----------------------------------------------------------------------
    def call_next(self, session: Session, counter: int) -> Ticket | None:
        """Call the next waiting ticket for ``counter`` by the priority rule; None if none."""
        return self._call(session, counter, None)

    def call_ticket(self, session: Session, counter: int, ticket: str) -> Ticket:
        """Call one particular waiting ticket (for example one whose print failed)."""
        called = self._call(session, counter, ticket)
        assert called is not None
        return called

    def recall(self, session: Session, counter: int) -> Ticket:
        """Call the counter's current ticket again (display and voice repeat it)."""
        with self.office.write() as repo:
            staff = self.office.acting(repo, session, Role.PENGOLAH_DATA)
            ticket = self._active(repo, counter)
            now = self.office.now()
            ticket.recalls += 1
            ticket.last_called_at = now
            repo.put_ticket(ticket)
            self._audit(
                repo,
                ticket,
                staff,
                session,
                "ticket.recall",
                data={"counter": counter, "recalls": ticket.recalls},
            )
        return ticket

    def skip(self, session: Session, counter: int) -> Ticket:
        """The called applicant did not come: the ticket leaves the queue, recorded."""
        with self.office.write() as repo:
            staff = self.office.acting(repo, session, Role.PENGOLAH_DATA)
            ticket = self._active(repo, counter)
            now = self.office.now()
            ticket.state = TicketState.SKIPPED
            ticket.done_at = now
            repo.put_ticket(ticket)
            self._audit(
                repo,
                ticket,
                staff,
                session,
                "ticket.skip",
                from_state=TicketState.CALLED.value,
                to_state=ticket.state.value,
                data={"counter": counter},
            )
            if ticket.case_id and self._service(ticket.service).kind == "application":
                case = repo.get_case(ticket.case_id)
                if case.state == CaseState.VERIFYING:
                    self.office.cases.close(
                        repo,
                        case,
                        staff,
                        session,
                        "no_show",
                        CaseState.CANCELLED,
                        action="no_show",
                    )
        return ticket

    # -- reading -----------------------------------------------------------------------
    def today(self, day: date | None = None) -> list[Ticket]:
        """Every ticket of the day, in order of taking."""
        day = day or self.office.now().date()
        with self.office.read() as repo:
            tickets = repo.tickets_of_day(day)
        return sorted(tickets, key=lambda t: (t.taken_at, t.id))

    def active_ticket(self, counter: int) -> Ticket | None:
        """The ticket a counter is serving now, if any."""
        with self.office.read() as repo:
            try:
                return self._active(repo, counter)
            except WrongState:
                return None

    # -- internals ---------------------------------------------------------------------
    def _service(self, code: str) -> Service:
        try:
            return self.office.config.service(code)
        except KeyError:
            raise DomainError("queue.unknown_service", service=code) from None

    def _counter_prefixes(self, counter: int) -> list[str]:
        try:
            ctr = self.office.config.counter(counter)
        except KeyError:
            raise DomainError("queue.unknown_counter", counter=counter) from None
        return [self._service(code).prefix for code in ctr.services]

    def _active(self, repo: Repo, counter: int) -> Ticket:
        today = self.office.now().date()
        prefixes = self._counter_prefixes(counter)
        for t in repo.tickets_of_day(today, prefixes):
            if t.state == TicketState.CALLED and t.counter == counter:
                return t
        raise WrongState("queue.no_active", counter=counter)

    def _call(self, session: Session, counter: int, wanted: str | None) -> Ticket | None:
        with self.office.write() as repo:
            staff = self.office.acting(repo, session, Role.PENGOLAH_DATA)
            now = self.office.now()
            prefixes = self._counter_prefixes(counter)
            tickets = repo.tickets_of_day(now.date(), prefixes)
            busy = [t for t in tickets if t.state == TicketState.CALLED and t.counter == counter]
            if busy:
                raise WrongState("queue.counter_busy", counter=counter, ticket=busy[0].display)
            if wanted is None:
                ticket = self._pick(tickets)
                if ticket is None:
                    return None
            else:
                ticket = repo.get_ticket(wanted)
                if ticket.service not in {self._service_of_prefix(p) for p in prefixes}:
                    raise DomainError("queue.not_this_counter", ticket=ticket.display)
                if ticket.state != TicketState.WAITING or ticket.day != now.date():
                    raise WrongState("queue.not_waiting", ticket=ticket.display)
            ticket.state = TicketState.CALLED
            ticket.counter = counter
            ticket.called_at = ticket.last_called_at = now
            ticket.called_by = staff.id
            if self._service(ticket.service).kind == "application":
                ticket.case_id = self._open_case(repo, ticket, staff, session).id
            elif ticket.case_id:
                case = repo.get_case(ticket.case_id)
                # a second pickup ticket, called after the handover (or a cancel): the
                # closed case is archived once and stays as it was
                if case.state == CaseState.READY:
                    case.pickup_ticket_id = ticket.id
                    repo.put_case(case)
            repo.put_ticket(ticket)
            self._audit(
                repo,
                ticket,
                staff,
                session,
                "ticket.call",
                from_state=TicketState.WAITING.value,
                to_state=ticket.state.value,
                data={"counter": counter, "case": ticket.case_id},
            )
        return ticket

    def _audit(
        self, repo: Repo, ticket: Ticket, staff: Staff, session: Session, action: str, **kw: Any
    ) -> None:
        """The audit event of a counter's action on ``ticket``."""
        repo.audit(
            at=self.office.now(),
            action=action,
            entity="ticket",
            entity_id=ticket.id,
            staff_id=staff.id,
            role=staff.role,
            station=session.station,
            **kw,
        )

    def _service_of_prefix(self, prefix: str) -> str:
        return self.office.config.service_by_prefix(prefix).code

    def _pick(self, tickets: list[Ticket]) -> Ticket | None:
        """The next ticket by the configured priority rule."""
        waiting = sorted(
            (t for t in tickets if t.state == TicketState.WAITING), key=lambda t: t.taken_at
        )
        if not waiting:
            return None
        prio = [t for t in waiting if t.is_priority]
        regular = [t for t in waiting if not t.is_priority]
        rules = self.office.config.queue
        if not prio or not regular:
            return waiting[0]
        if rules.priority_rule == "first":
            return prio[0]
        called = sorted(
            (t for t in tickets if t.called_at is not None),
            key=lambda t: t.called_at or t.taken_at,
        )
        since_priority = 0
        for t in reversed(called):
            if t.is_priority:
                break
            since_priority += 1
        return prio[0] if since_priority >= rules.priority_every else regular[0]

    def _open_case(self, repo: Repo, ticket: Ticket, staff, session: Session) -> Case:
        now = self.office.now()
        cid = case_id(ticket.day, ticket.display.split("-")[0], ticket.number)
        kind = ticket.kind or self.office.config.kinds[0].code
        case = Case(
            id=cid,
            ticket_id=ticket.id,
            ticket_display=ticket.display,
            service=ticket.service,
            kind=kind,
            state=CaseState.VERIFYING,
            created_at=now,
            submitted_at=ticket.taken_at,
            state_since=now,
            counter=ticket.counter,
            phone=ticket.phone,
        )
        case.history.append(
            HistoryEntry(
                action="call",
                at=now,
                staff_id=staff.id,
                role=staff.role,
                from_state=None,
                to_state=CaseState.VERIFYING,
                step=1,
                station=session.station,
            )
        )
        repo.put_case(case)
        repo.audit(
            at=now,
            action="case.open",
            entity="case",
            entity_id=cid,
            staff_id=staff.id,
            role=staff.role,
            station=session.station,
            to_state=CaseState.VERIFYING.value,
            data={"step": 1, "ticket": ticket.id},
        )
        return case


def kind_of(config, code: str):  # noqa: ANN001, ANN201 - Config, ApplicationKind
    """The application kind ``code`` from config, or a clear refusal."""
    try:
        return config.kind(code)
    except KeyError:
        raise DomainError("case.unknown_kind", kind=code) from None
