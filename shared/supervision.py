"""What the supervisor reads: the live overview, a case's timeline, the audit log.

No UI here: the supervisor's screens in ``kk station`` (and tests) call these
functions off the UI thread and lay the results out.

- :func:`overview`: today's queue per service (waiting, served, no-show,
  median wait), the counters open now, and the open cases per SOP step with
  their age in working time against the step's standard (Mutu Baku). It reads
  today's tickets and the open-case index rows only, never every case.
- :func:`timeline`: every step a case went through, who did it, when, how
  long in working minutes, within the standard or not, and the note.
- :func:`audit_query`: the audit events of a date range, newest first,
  filtered by case or staff, reading only that range's day files.
- :func:`chain_message`: the audit chain check (:func:`shared.audit.verify_chain`) in words.

The charts and the month's report: :mod:`shared.supervision_report`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from shared.audit import ChainReport
from shared.calendar import add_working_time
from shared.i18n import catalogue, t
from shared.ids import parse_case_id
from shared.model import Ticket, TicketState
from shared.service_levels import (
    WorkingClock,
    _standard_text,
    visits,
)
from shared.sop import STEPS, CaseState

if TYPE_CHECKING:
    from shared.office import Office

COUNTER_OPEN_MINUTES = 30  # a counter that called a ticket this recently counts as open
AUDIT_DAYS = 7  # the audit viewer's default range: today and the six days before
AUDIT_LIMIT = 500


# -- the live overview --------------------------------------------------------------------
@dataclass(frozen=True)
class ServiceQueue:
    """Today's queue of one service: waiting now, served, no-shows, median wait (minutes)."""

    service: str
    name: dict[str, str]
    waiting: int
    called: int
    served: int
    no_show: int
    wait_median: float | None


@dataclass(frozen=True)
class CounterNow:
    """One counter: open (called a ticket lately or serving one), and its ticket now."""

    number: int
    name: str
    open: bool
    serving: str | None
    last_call: datetime | None


@dataclass(frozen=True)
class OpenCase:
    """An open case at its SOP step: age in working minutes, its due moment, late or not."""

    id: str
    step: int
    state: str
    since: datetime
    age_minutes: float
    due: datetime | None  # None at step 10: a ready KK waits for its owner, not the office
    late: bool
    name: str | None


@dataclass(frozen=True)
class StepLoad:
    """The open cases at one SOP step: how many, how many late, the oldest one's age."""

    step: int
    standard: str
    count: int
    late: int
    oldest_minutes: float | None
    oldest_case: str | None


@dataclass
class Overview:
    """Everything the supervisor's live overview shows, as of ``now``."""

    now: datetime
    services: list[ServiceQueue]
    counters: list[CounterNow]
    steps: list[StepLoad]
    cases: list[OpenCase]
    waiting: int = 0
    served: int = 0
    wait_median: float | None = None

    @property
    def counters_open(self) -> int:
        return sum(1 for c in self.counters if c.open)

    @property
    def late(self) -> int:
        return sum(1 for c in self.cases if c.late)


def _wait(ticket: Ticket) -> float | None:
    if ticket.called_at is None:
        return None
    return (ticket.called_at - ticket.taken_at).total_seconds() / 60


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def overview(office: Office, *, open_minutes: int = COUNTER_OPEN_MINUTES) -> Overview:
    """The live overview: today's tickets and the open-case index, read in one snapshot."""
    config, now = office.config, office.now()
    today = now.date()
    with office.read() as repo:
        tickets = repo.tickets_of_day(today)
        rows = repo.open_case_rows()
    services = []
    for svc in config.services:
        mine = [tk for tk in tickets if tk.service == svc.code]
        waits = [w for w in map(_wait, mine) if w is not None]
        services.append(
            ServiceQueue(
                service=svc.code,
                name=dict(svc.name),
                waiting=sum(1 for tk in mine if tk.state == TicketState.WAITING),
                called=sum(1 for tk in mine if tk.state == TicketState.CALLED),
                served=sum(1 for tk in mine if tk.state == TicketState.DONE),
                no_show=sum(1 for tk in mine if tk.state == TicketState.SKIPPED),
                wait_median=_median(waits),
            )
        )
    counters = [_counter_now(c.number, c.name, tickets, now, open_minutes) for c in config.counters]
    clock = WorkingClock(config.hours)
    cases = [_open_case(row, office, clock, now) for row in rows if row.get("step")]
    cases.sort(key=lambda c: (c.step, c.since, c.id))
    all_waits = [w for w in map(_wait, tickets) if w is not None]
    return Overview(
        now=now,
        services=services,
        counters=counters,
        steps=_step_loads(cases, office),
        cases=cases,
        waiting=sum(s.waiting for s in services),
        served=sum(s.served for s in services),
        wait_median=_median(all_waits),
    )


def _counter_now(
    number: int, name: str, tickets: list[Ticket], now: datetime, open_minutes: int
) -> CounterNow:
    mine = [tk for tk in tickets if tk.counter == number and tk.called_at is not None]
    serving = next((tk.display for tk in mine if tk.state == TicketState.CALLED), None)
    calls = [tk.last_called_at or tk.called_at for tk in mine]
    last = max((c for c in calls if c is not None), default=None)
    recent = last is not None and now - last <= timedelta(minutes=open_minutes)
    return CounterNow(number, name, serving is not None or recent, serving, last)


def _open_case(row: dict[str, Any], office: Office, clock: WorkingClock, now: datetime) -> OpenCase:
    number = int(row["step"])
    since = datetime.fromisoformat(row["state_since"])
    due = None
    if number != 10:
        due = add_working_time(since, office.config.standard_time(number), office.config.hours)
    return OpenCase(
        id=row["id"],
        step=number,
        state=row["state"],
        since=since,
        age_minutes=round(clock.minutes(since, now), 1),
        due=due,
        late=due is not None and now > due,
        name=row.get("head_name") or row.get("applicant_name"),
    )


def _step_loads(cases: list[OpenCase], office: Office) -> list[StepLoad]:
    out = []
    for s in STEPS:
        if s.state is None:
            continue
        mine = [c for c in cases if c.step == s.number]
        oldest = min(mine, key=lambda c: (c.since, c.id), default=None)
        out.append(
            StepLoad(
                step=s.number,
                standard=_standard_text(office.config.standard_time(s.number)),
                count=len(mine),
                late=sum(1 for c in mine if c.late),
                oldest_minutes=oldest.age_minutes if oldest else None,
                oldest_case=oldest.id if oldest else None,
            )
        )
    return out


# -- a case's timeline --------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineRow:
    """One stay at an SOP step: what ended it, who, when, working minutes, within the standard.

    ``action`` is ``None`` while the case still waits at the step; ``within``
    is ``None`` where no standard applies (still open, or a ready KK waiting
    for its owner).
    """

    step: int
    entered: datetime
    left: datetime | None
    action: str | None
    staff_id: str | None
    staff_name: str | None
    minutes: float
    standard: str
    within: bool | None
    note: str | None


@dataclass
class Timeline:
    """A case (its id, state, applicant, kind) and every step it went through, in order."""

    case_id: str
    state: CaseState
    kind: str
    applicant: str | None
    rows: list[TimelineRow] = field(default_factory=list)


def timeline(office: Office, case_id: str) -> Timeline:
    """The case's steps from the ticket to now (``NotFound`` for an unknown id)."""
    config, now = office.config, office.now()
    with office.read() as repo:
        case = repo.get_case(case_id)
        names = {s.id: s.name for s in repo.all_staff()}
    clock = WorkingClock(config.hours)
    rows = []
    for v in visits(case, config, clock, now):
        rows.append(
            TimelineRow(
                step=v.step,
                entered=v.entered,
                left=v.left,
                action=v.outcome,
                staff_id=v.by,
                staff_name=names.get(v.by) if v.by else None,
                minutes=round(v.minutes, 1),
                standard=_standard_text(config.standard_time(v.step)),
                within=v.within if v.left is not None else None,
                note=v.note,
            )
        )
    history = case.history
    at = next((i for i, h in enumerate(history) if h.to_state == CaseState.READY), None)
    if at is not None:  # step 10: waiting for the owner, then the handover
        ready, end = history[at], history[at + 1] if at + 1 < len(history) else None
        rows.append(
            TimelineRow(
                step=10,
                entered=ready.at,
                left=end.at if end else None,
                action=end.action if end else None,
                staff_id=end.staff_id if end else None,
                staff_name=names.get(end.staff_id) if end and end.staff_id else None,
                minutes=round(clock.minutes(ready.at, end.at if end else now), 1),
                standard=_standard_text(config.standard_time(10)),
                within=None,
                note=end.note if end else None,
            )
        )
    return Timeline(case.id, case.state, case.kind, case.applicant_name, rows)


# -- the audit log ------------------------------------------------------------------------
@dataclass
class AuditPage:
    """Audit events of ``day_from``..``day_to``, newest first; ``more``: the limit cut some."""

    day_from: date
    day_to: date
    events: list[dict[str, Any]]
    more: bool = False


def audit_query(
    office: Office,
    *,
    case: str | None = None,
    staff: str | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
    limit: int = AUDIT_LIMIT,
) -> AuditPage:
    """The audit events matching every filter given, newest first, at most ``limit``.

    Only the day files of the range are read. The range defaults to the last
    :data:`AUDIT_DAYS` days up to today; with only ``case`` given it starts
    on the case's own day (its id carries the day it was opened). ``staff``
    matches events done by that staff member and events about their account
    (a failed log-in, a PIN reset).
    """
    case = case.strip().upper() if case else None
    staff = staff.strip().upper() if staff else None
    day_to = day_to or office.now().date()
    if day_from is None:
        ref = parse_case_id(case) if case else None
        day_from = ref.day if ref is not None else day_to - timedelta(days=AUDIT_DAYS - 1)
    day_from = min(day_from, day_to)

    def wanted(event: dict[str, Any]) -> bool:
        if case and not (event.get("entity") == "case" and event.get("entity_id") == case):
            return False
        if staff:
            about = event.get("entity") == "staff" and event.get("entity_id") == staff
            return event.get("staff_id") == staff or about
        return True

    out: list[dict[str, Any]] = []
    day = day_to
    with office.read() as repo:
        while day >= day_from:
            found = [e for e in repo.audit_events_of_day(day) if wanted(e)]
            out.extend(reversed(found))
            if len(out) > limit:
                return AuditPage(day_from, day_to, out[:limit], more=True)
            day -= timedelta(days=1)
    return AuditPage(day_from, day_to, out)


def chain_message(report: ChainReport, lang: str | None = None) -> str:
    """The result of :func:`shared.audit.verify_chain` in words."""
    if report.ok:
        return t("supervisor.chain.ok", lang, events=report.events)
    reason = report.reason or ""
    for code, start in (
        ("jump", "sequence jumps"),
        ("link", "link to the previous"),
        ("changed", "event content was changed"),
        ("missing", "missing events at the end"),
        ("day", "event filed in the wrong day file"),
        ("extra", "events after the head"),
        ("head", "the last event differs from the head"),
        ("anchor", "anchor #"),
        ("line", "line is not a JSON event"),
    ):
        if reason.startswith(start):
            reason = t(f"supervisor.chain.reason.{code}", lang)
            break
    return t(
        "supervisor.chain.broken",
        lang,
        seq=report.broken_seq,
        file=report.location or "meta.json",
        reason=reason,
    )


# -- in words -----------------------------------------------------------------------------
def action_words(action: str | None, lang: str | None = None) -> str:
    """A case action or an audit event's action as a person says it (the code if unknown)."""
    if not action:
        return t("supervisor.timeline.open", lang)
    known = catalogue()
    name = action.removeprefix("case.")
    for key in (f"supervisor.audit.action.{action}", f"supervisor.action.{name}"):
        if key in known:
            return t(key, lang)
    return action


def duration_words(minutes: float | None, lang: str | None = None) -> str:
    """``12 mnt`` under two hours, else ``5.5 jam`` (working time)."""
    if minutes is None:
        return t("supervisor.none", lang)
    if minutes < 120:
        return t("supervisor.minutes", lang, value=round(minutes))
    return t("supervisor.hours", lang, value=f"{minutes / 60:.1f}")
