"""The simulator's event loop: applicants, counters and back office as timed events.

Every event has a time; a heap hands them out in time order, the office's
:class:`~shared.clock.ManualClock` is set to each event's time (never back),
and the event calls one real service-layer function: the store receives
exactly what the kiosk and the stations would have sent. An event schedules
what follows from it (a verified file goes to SIAK input later the same day
or the next, a Kabid paraf to the final print, and so on).
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from shared.clock import ManualClock
from shared.config import Counter
from shared.errors import DomainError
from shared.office import Office, Session
from shared.print_service import print_job
from shared.simulate_backoffice import BackOffice
from shared.simulate_data import Applicant, Draw, Profile, SimReport
from shared.sop import Role

PRINT_WORKER = "sim-print"
Progress = Callable[[date, SimReport], None]


@dataclass(order=True)
class Event:
    """``name`` happens at ``at``; ``seq`` keeps equal times in scheduling order."""

    at: datetime
    seq: int
    name: str = field(compare=False)
    arg: Any = field(compare=False, default=None)


@dataclass
class CounterDesk:
    """A counter (loket) with the clerk serving it."""

    config: Counter
    session: Session
    idle: bool = True


class Engine(BackOffice):
    """One simulation run over an office; :meth:`run` returns the report."""

    def __init__(
        self,
        office: Office,
        clock: ManualClock,
        *,
        start: date,
        days: int,
        per_day: int,
        seed: int,
        profile: Profile,
        staff: dict[Role, list[Session]],
        family_of: Callable[[Any, date, str], dict[str, Any]],
        progress: Progress | None = None,
    ) -> None:
        import random

        self.office = office
        self.config = office.config
        self.clock = clock
        self.tz = clock.tz
        self.profile = profile
        self.per_day = per_day
        self.rng = random.Random(seed)
        self.draw = Draw(self.rng, office.config, profile)
        self.family_of = family_of
        self.progress = progress
        self.last_arrival_day = start + timedelta(days=days - 1)
        stop = self.last_arrival_day + timedelta(days=1 + profile.drain_days)
        self.end = datetime.combine(stop, time(0), tzinfo=self.tz)
        self.report = SimReport(start=start, end=self.last_arrival_day, days=days)
        self.staff = staff
        self.counters = {
            c.number: CounterDesk(c, _at_station(staff[Role.PENGOLAH_DATA][i], f"loket-{c.number}"))
            for i, c in enumerate(self.config.counters)
        }
        self.printers = set(self.config.printers)
        self._heap: list[Event] = []
        self._seq = itertools.count()
        self._waiting: dict[str, int] = defaultdict(int)  # service -> tickets waiting today
        self._tickets: dict[str, Applicant] = {}  # waiting ticket id -> its applicant
        self._full: set[str] = set()  # services whose quota is reached today
        self._first_day = start
        self._today: date | None = None

    # -- the loop -------------------------------------------------------------------
    def run(self) -> SimReport:
        self._adopt_open_cases()
        first = self._next_working_day(self._first_day, include=True)
        if first is not None:
            self._push(self._opening(first), "day", first)
        while self._heap:
            event = heapq.heappop(self._heap)
            if event.at >= self.end:
                break
            if event.at > self.clock.now():
                self.clock.set(event.at)
            getattr(self, f"_on_{event.name}")(event.arg)
        if self.progress and self._today is not None:
            self.progress(self._today, self.report)
        with self.office.read() as repo:
            self.report.open_at_end = len(repo.open_case_rows())
        return self.report

    def _push(self, at: datetime, name: str, arg: Any = None) -> None:
        heapq.heappush(self._heap, Event(max(at, self.clock.now()), next(self._seq), name, arg))

    def _now(self) -> datetime:
        return self.clock.now()

    # -- days and arrivals ----------------------------------------------------------
    def _on_day(self, day: date) -> None:
        if self.progress and self._today is not None:
            self.progress(self._today, self.report)
        self._today = day
        self._close_queue()
        if day <= self.last_arrival_day:
            self.report.working_days += 1
            for _ in range(self.per_day):
                self._push(self.draw.arrival(day, self.tz), "arrive", None)
        nxt = self._next_working_day(day + timedelta(days=1), include=True)
        if nxt is not None:
            self._push(self._opening(nxt), "day", nxt)

    def _close_queue(self) -> None:
        """Yesterday's tickets that were never called: pickups come back, others are lost."""
        for app in self._tickets.values():
            self.report.unserved += 1
            if app.receipt:
                self._push(self.draw.working_days_after(self._now(), 0), "pickup", app)
        self._tickets.clear()
        self._waiting.clear()
        self._full.clear()

    def _on_arrive(self, app: Applicant | None) -> None:
        if app is None:
            app = self._new_applicant()
        service = self.config.application_services()[0].code
        if service in self._full:
            self.report.refused += 1
            return
        try:
            ticket = self.office.queue.take_ticket(
                service, kind=app.kind, priority=app.priority, phone=app.phone
            )
        except DomainError as err:
            if err.key == "queue.closed":  # a late start: the citizen waits for the opening
                self._push(self.config.hours.next_opening(self._now()) or self.end, "arrive", app)
                return
            if err.key != "queue.quota":
                raise
            self._full.add(service)
            self.report.refused += 1
            return
        self.report.tickets += 1
        self.report.came_back += app.returning
        self._print(1)
        self._enqueue(ticket.id, ticket.service, app)

    def _new_applicant(self) -> Applicant:
        groups = self.config.queue.priority_groups
        priority = None
        if groups and self.draw.chance(self.profile.priority_rate):
            priority = self.rng.choice(groups).code
        phone = None
        if self.draw.chance(self.profile.phone_rate):
            phone = "08" + "".join(self.rng.choice("0123456789") for _ in range(10))
        kind = self.draw.kind()
        family = self.family_of(self.rng, self._now().date(), kind)
        return Applicant(kind, family, priority, phone)

    def _enqueue(self, ticket_id: str, service: str, app: Applicant) -> None:
        self._tickets[ticket_id] = app
        self._waiting[service] += 1
        for desk in self.counters.values():
            if desk.idle and service in desk.config.services:
                desk.idle = False
                self._push(self._now(), "counter", desk.config.number)

    # -- the counters (steps 2, 10) -------------------------------------------------
    def _on_counter(self, number: int) -> None:
        desk = self.counters[number]
        now = self._now()
        if now > self._cutoff(now.date()) or not any(
            self._waiting[s] for s in desk.config.services
        ):
            desk.idle = True
            return
        ticket = self.office.queue.call_next(desk.session, number)
        if ticket is None:
            desk.idle = True
            return
        self._waiting[ticket.service] -= 1
        app = self._tickets.pop(ticket.id)
        if self.config.service(ticket.service).kind == "pickup":
            self._push(now + self._took(10), "handover", (number, app))
            return
        self.report.cases_opened += 1
        app.case_id = ticket.case_id
        if self.draw.chance(self.profile.no_show_rate):
            self._push(now + timedelta(minutes=1.5), "recall", number)
            self._push(now + timedelta(minutes=3.5), "skip", number)
            return
        app.incomplete = not app.returning and self.draw.chance(self.profile.incomplete_rate)
        self._push(now + self._took(2, 0.5 if app.incomplete else 0.8), "verify", (number, app))

    def _took(self, step: int, factor: float = 1.0) -> timedelta:
        """How long a counter act takes: clock minutes (a counter finishes what it started)."""
        return timedelta(minutes=self.draw.minutes(step, factor))

    def _cutoff(self, day: date) -> datetime:
        periods = self.config.hours.periods_on(day)
        close = periods[-1][1] if periods else time(23, 0)
        return datetime.combine(day, close, tzinfo=self.tz) + self.profile.counter_overtime

    def _free(self, number: int) -> None:
        self._push(self._now() + timedelta(seconds=30), "counter", number)

    def _on_recall(self, number: int) -> None:
        self.office.queue.recall(self.counters[number].session, number)

    def _on_skip(self, number: int) -> None:
        self.office.queue.skip(self.counters[number].session, number)
        self.report.cancelled += 1
        self._free(number)

    def _on_verify(self, arg: tuple[int, Applicant]) -> None:
        number, app = arg
        assert app.case_id is not None
        codes = [r.code for r in self.config.kind(app.kind).requirements]
        present = list(codes)
        if app.incomplete:
            required = [r.code for r in self.config.kind(app.kind).requirements if not r.optional]
            missing = self.rng.sample(required or codes, k=min(len(required or codes), 2))
            missing = missing[: self.rng.randint(1, len(missing))]
            present = [c for c in codes if c not in missing]
        head = app.head()
        case, token = self.office.cases.verify(
            self.counters[number].session,
            app.case_id,
            present=present,
            applicant_name=head["nama_lengkap"],
            applicant_nik=head["nik"],
            phone=app.phone,
        )
        self._print(1)
        self._free(number)
        if app.incomplete:
            self.report.returned += 1
            if self.draw.chance(self.profile.come_back_rate):
                again = Applicant(app.kind, app.family, app.priority, app.phone, returning=True)
                days = self.rng.randint(*self.profile.come_back_days)
                when = self.draw.working_days_after(self._now(), days, morning=True)
                if when.date() <= self.last_arrival_day:
                    self._push(when, "arrive", again)
            return
        app.token, app.receipt = token, case.receipt_no
        self._schedule_input(app, first=True)

    def _on_handover(self, arg: tuple[int, Applicant]) -> None:
        number, app = arg
        assert app.case_id is not None and app.token is not None
        self.office.cases.handover(self.counters[number].session, app.case_id, app.token)
        self.report.handed_over += 1
        self._print(1)
        self._free(number)

    def _on_pickup(self, app: Applicant) -> None:
        service = self.config.pickup_services()[0].code
        if service in self._full:
            self._push(self.draw.working_days_after(self._now(), 1), "pickup", app)
            return
        try:
            ticket = self.office.queue.take_pickup_ticket(app.receipt or "")
        except DomainError as err:
            if err.key not in ("queue.quota", "queue.closed"):
                raise
            if err.key == "queue.quota":
                self._full.add(service)
            self._push(self.draw.working_days_after(self._now(), 1), "pickup", app)
            return
        self.report.tickets += 1
        self.report.pickup_tickets += 1
        self._print(1)
        self._enqueue(ticket.id, ticket.service, app)

    # -- helpers --------------------------------------------------------------------
    def _one(self, role: Role, station: str | None = None) -> Session:
        session = self.rng.choice(self.staff[role])
        return _at_station(session, station) if station else session

    def _print(self, jobs: int) -> None:
        """The print station prints what the last action queued (claim, then finish)."""
        if not self.profile.print_jobs:
            return
        for _ in range(jobs):
            if self.profile.real_print:
                pending = [j for j in self.office.printing.jobs(self.printers) if j.attempts == 0]
                if pending and self.config.printers[pending[0].printer].is_receipt:
                    print_job(self.office, pending[0].id, worker=PRINT_WORKER)
                    self.report.print_jobs += 1
                    continue
            job = self.office.printing.claim(self.printers, PRINT_WORKER)
            if job is None:
                return
            self.office.printing.finish(job.id, ok=True, worker=PRINT_WORKER)
            self.report.print_jobs += 1

    def _opening(self, day: date) -> datetime:
        return datetime.combine(day, self.config.hours.periods_on(day)[0][0], tzinfo=self.tz)

    def _next_working_day(self, day: date, *, include: bool) -> date | None:
        d = day if include else day + timedelta(days=1)
        while d < self.end.date():
            if self.config.hours.is_working_day(d):
                return d
            d += timedelta(days=1)
        return None


def _at_station(session: Session, station: str) -> Session:
    return Session(session.staff_id, session.role, station)
