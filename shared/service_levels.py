"""Service levels against the Mutu Baku: how long each SOP step took, and who was late.

The sources are the records the workflow writes in the same transaction as
each action's audit event: a case's history (one entry per transition, with
who, when and the note) and the queue tickets (taken, called, done). From
them:

- :func:`visits` cuts a case's life into *visits* of SOP steps: entered,
  left (or still there), who completed it, how long it took in the office's
  working time, and whether it was done within the step's standard time
  (``add_working_time(entered, standard) >= left``, the same rule that dates
  the pickup receipt);
- :func:`collect` gathers the cases and tickets a period needs from the store;
- :func:`service_levels` turns them into the tables of a report: per step,
  per staff member, the queue per service and per counter, the returns and
  rejections with their reasons, and the cases now late.

Working time: minutes inside the opening periods of working days (weekends,
holidays and nights do not count), so a draft left on Friday at closing time
and approved on Monday at opening took zero minutes, not a weekend.

Step 1 (the applicant submitting) is the wait from taking the ticket to the
call. Step 10's standard (5 minutes) is the handover itself: from the pickup
ticket's call to the handover; the days a ready KK waits for its owner are
reported apart (``pickup_wait``), never against a standard.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from shared.calendar import add_working_time
from shared.model import Case, Ticket, TicketState
from shared.sop import STEPS, CaseState, step_of

if TYPE_CHECKING:
    from shared.config import Config
    from shared.config_types import Hours
    from shared.office import Office

REJECTIONS = {"kasi_reject": 4, "kabid_reject": 5}
RETURN = "verify_incomplete"
NOT_DONE = frozenset({"no_show", "cancel"})  # ends a case without doing its step


# -- working time ------------------------------------------------------------------------
class WorkingClock:
    """Working minutes between two moments, with each day's opening minutes cached."""

    def __init__(self, hours: Hours) -> None:
        self.hours = hours
        self._day: dict[date, float] = {}
        self._anchor: date | None = None
        self._prefix: list[float] = [0.0]  # minutes before anchor + i days

    def _periods(self, d: date) -> tuple[tuple[time, time], ...]:
        return self.hours.periods_on(d)

    def day_minutes(self, d: date) -> float:
        """Opening minutes on ``d`` (0 on a closed day)."""
        if d not in self._day:
            self._day[d] = sum(_minutes(a, b) for a, b in self._periods(d))
        return self._day[d]

    def _open_before(self, d: date, t: time) -> float:
        """Opening minutes on ``d`` before ``t``."""
        return sum(_minutes(a, min(b, t)) for a, b in self._periods(d) if a < t)

    def minutes(self, start: datetime, end: datetime) -> float:
        """Working minutes from ``start`` to ``end`` (0 if ``end`` is not after ``start``)."""
        if end <= start:
            return 0.0
        tz = self.hours.timezone
        a = start.astimezone(tz) if start.tzinfo else start
        b = end.astimezone(tz) if end.tzinfo else end
        if a.date() == b.date():
            return self._open_before(b.date(), b.time()) - self._open_before(a.date(), a.time())
        total = self.day_minutes(a.date()) - self._open_before(a.date(), a.time())
        after_a = self._before(a.date() + timedelta(days=1))  # may move the anchor: first
        between = self._before(b.date()) - after_a
        return total + between + self._open_before(b.date(), b.time())

    def _before(self, d: date) -> float:
        """Opening minutes of the days from the clock's anchor up to, not including, ``d``."""
        if self._anchor is None or d < self._anchor:
            self._anchor = d - timedelta(days=400)
            self._prefix = [0.0]
        i = (d - self._anchor).days
        prefix = self._prefix
        while len(prefix) <= i:
            prefix.append(prefix[-1] + self.day_minutes(self._anchor + timedelta(len(prefix) - 1)))
        return prefix[i]


def _minutes(a: time, b: time) -> float:
    if b <= a:
        return 0.0
    return (b.hour * 60 + b.minute + b.second / 60) - (a.hour * 60 + a.minute + a.second / 60)


# -- visits of SOP steps ------------------------------------------------------------------
@dataclass(frozen=True)
class Visit:
    """One stay of a case at one SOP step.

    ``left`` is ``None`` while the case still waits there; ``minutes`` then
    counts up to the moment the visits were cut (``now``). ``outcome`` is the
    action that ended the stay (``kasi_reject``, ``verify_complete``...).
    ``within``: done within the step's standard time (never while still open).
    """

    case_id: str
    step: int
    entered: datetime
    left: datetime | None
    by: str | None
    outcome: str | None
    minutes: float
    within: bool
    note: str | None = None


def _within(
    entered: datetime, left: datetime | None, spent: float, standard: timedelta, config: Config
) -> bool:
    """Whether a step left at ``left`` kept its standard time.

    A standard under a day is working minutes: compare the minutes spent. A
    standard of days or weeks counts working days: compare with the due date.
    """
    if left is None:
        return False
    if standard < timedelta(days=1):
        return spent <= standard.total_seconds() / 60 + 1e-9
    return left <= add_working_time(entered, standard, config.hours)


def visits(case: Case, config: Config, clock: WorkingClock, now: datetime) -> list[Visit]:
    """Every step ``case`` went through, in order (a rejected draft visits a step again)."""
    out: list[Visit] = []

    def visit(number: int, entered: datetime, left: datetime | None, **kw: Any) -> None:
        spent = clock.minutes(entered, left if left is not None else now)
        within = _within(entered, left, spent, config.standard_time(number), config)
        out.append(Visit(case.id, number, entered, left, minutes=spent, within=within, **kw))

    history = sorted(case.history, key=lambda h: h.at)
    if history:  # step 1: from the ticket to the call that opened the case
        visit(1, case.submitted_at, history[0].at, by=None, outcome="call")
    for i, entry in enumerate(history):
        number = step_of(entry.to_state)
        if number is None or number == 10:
            continue  # an ended case; step 10 is measured on the pickup ticket
        nxt = history[i + 1] if i + 1 < len(history) else None
        visit(
            number,
            entry.at,
            nxt.at if nxt else None,
            by=nxt.staff_id if nxt else None,
            outcome=nxt.action if nxt else None,
            note=nxt.note if nxt else None,
        )
    return out


# -- gathering a period's records ---------------------------------------------------------
@dataclass
class Records:
    """What a report over ``start``..``end`` (inclusive) needs, as of ``now``.

    ``cases``: every case with an action in the period (whatever its state
    now); ``tickets``: the period's queue tickets; ``open_rows``: the summary
    rows of the cases open now (for the late list).
    """

    start: date
    end: date
    now: datetime
    cases: list[Case] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    open_rows: list[dict[str, Any]] = field(default_factory=list)


def collect(office: Office, start: date, end: date) -> Records:
    """The records of the period, read in one snapshot.

    The cases are found through the audit log's day files of the period (each
    action writes its event there in the same transaction), so the cost
    follows the period's activity, not the office's history.
    """
    with office.read() as repo:
        touched: dict[str, None] = {}
        day = start
        while day <= end:
            for event in repo.audit_events_of_day(day):
                if event.get("entity") == "case":
                    touched[event["entity_id"]] = None
            day += timedelta(days=1)
        cases = [repo.get_case(cid) for cid in touched]
        tickets: list[Ticket] = []
        for iso in repo.ticket_days():
            if start <= date.fromisoformat(iso) <= end:
                tickets.extend(repo.tickets_of_day(date.fromisoformat(iso)))
        rows = repo.open_case_rows()
    return Records(start, end, office.now(), cases, tickets, rows)


# -- the report ---------------------------------------------------------------------------
def _stats(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"count": 0, "median": None, "p90": None}
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, max(0, round(0.9 * len(ordered) + 0.5) - 1))]
    return {"count": len(values), "median": round(statistics.median(values), 1), "p90": p90}


def _share(flags: list[bool]) -> float | None:
    return round(100 * sum(flags) / len(flags), 1) if flags else None


@dataclass
class ServiceLevels:
    """The tables of a report; each a list of rows (dicts) ready for a screen or a CSV."""

    start: date
    end: date
    now: datetime
    steps: list[dict[str, Any]]
    staff: list[dict[str, Any]]
    queue_services: list[dict[str, Any]]
    queue_counters: list[dict[str, Any]]
    returns: list[dict[str, Any]]
    late: list[dict[str, Any]]
    pickup_wait: dict[str, Any]
    per_hour: list[dict[str, Any]] = field(default_factory=list)
    per_day: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Every table by name (``pickup_wait`` as a one-row table)."""
        return {
            "steps": self.steps,
            "staff": self.staff,
            "queue_services": self.queue_services,
            "queue_counters": self.queue_counters,
            "returns": self.returns,
            "late": self.late,
            "pickup_wait": [self.pickup_wait],
            "per_hour": self.per_hour,
            "per_day": self.per_day,
        }


def _in(day: date, start: date, end: date) -> bool:
    return start <= day <= end


def _local_day(dt: datetime, config: Config) -> date:
    return (dt.astimezone(config.hours.timezone) if dt.tzinfo else dt).date()


def service_levels(records: Records, config: Config) -> ServiceLevels:
    """The period's service levels: every visit that ended in the period, and what is late now.

    A visit counts in the period its step was completed (left); rejections
    and returns in the period they happened; queue figures for the tickets
    taken in the period; late cases as of ``records.now``.
    """
    clock = WorkingClock(config.hours)
    start, end, now = records.start, records.end, records.now
    done: list[Visit] = []
    late: list[dict[str, Any]] = []
    returns: list[dict[str, Any]] = []
    pickup_days: list[float] = []
    for case in records.cases:
        for v in visits(case, config, clock, now):
            if v.left is not None and _in(_local_day(v.left, config), start, end):
                if v.outcome in NOT_DONE:
                    continue  # a no-show or a withdrawn case: the step was never done
                done.append(v)
                if v.outcome in REJECTIONS or v.outcome == RETURN:
                    returns.append(_return_row(case, v, config))
        handed = next((h for h in case.history if h.to_state == CaseState.HANDED_OVER), None)
        ready = next((h for h in case.history if h.to_state == CaseState.READY), None)
        if handed and ready and _in(_local_day(handed.at, config), start, end):
            pickup_days.append((handed.at - ready.at).total_seconds() / 86400)
    for row in records.open_rows:
        entry = _late_row(row, config, clock, now)
        if entry is not None:
            late.append(entry)
    tickets = [t for t in records.tickets if _in(t.day, start, end)]
    done.extend(_handover_visits(records.cases, tickets, config, clock))
    late.sort(key=lambda r: (-r["overdue_minutes"], r["case"]))
    returns.sort(key=lambda r: (r["at"], r["case"]))
    return ServiceLevels(
        start=start,
        end=end,
        now=now,
        steps=_step_rows(done, config),
        staff=_staff_rows(done),
        queue_services=_queue_rows(tickets, lambda t: t.service),
        queue_counters=_queue_rows(
            [t for t in tickets if t.counter is not None], lambda t: str(t.counter)
        ),
        returns=returns,
        late=late,
        pickup_wait={
            **_stats([round(d, 2) for d in pickup_days]),
            "unit": "days",
        },
        per_hour=_per_hour(tickets, config),
        per_day=_per_day(tickets, done, config),
    )


def _per_hour(tickets: list[Ticket], config: Config) -> list[dict[str, Any]]:
    """Tickets taken and called per hour of the day (office time), with the median wait."""
    taken: Counter[int] = Counter()
    called: Counter[int] = Counter()
    waits: dict[int, list[float]] = defaultdict(list)
    for t in tickets:
        taken[_local(t.taken_at, config).hour] += 1
        if t.called_at is not None:
            hour = _local(t.called_at, config).hour
            called[hour] += 1
            waits[hour].append((t.called_at - t.taken_at).total_seconds() / 60)
    hours = sorted(set(taken) | set(called))
    return [
        {
            "hour": h,
            "taken": taken[h],
            "called": called[h],
            "wait_median": _stats([round(w, 1) for w in waits[h]])["median"],
        }
        for h in hours
    ]


def _per_day(tickets: list[Ticket], done: list[Visit], config: Config) -> list[dict[str, Any]]:
    """Per day: tickets taken, files accepted at the counter, KKs signed and handed over."""
    rows: dict[date, Counter[str]] = defaultdict(Counter)
    for t in tickets:
        rows[t.day]["tickets"] += 1
    for v in done:
        assert v.left is not None
        day = _local_day(v.left, config)
        if v.outcome == "verify_complete":
            rows[day]["accepted"] += 1
        elif v.outcome == RETURN:
            rows[day]["returned"] += 1
        elif v.outcome == "sign":
            rows[day]["signed"] += 1
        elif v.step == 10:
            rows[day]["handed_over"] += 1
    keys = ("tickets", "accepted", "returned", "signed", "handed_over")
    return [{"day": d.isoformat(), **{k: rows[d][k] for k in keys}} for d in sorted(rows)]


def _local(dt: datetime, config: Config) -> datetime:
    return dt.astimezone(config.hours.timezone) if dt.tzinfo else dt


def _handover_visits(
    cases: Iterable[Case], tickets: list[Ticket], config: Config, clock: WorkingClock
) -> list[Visit]:
    """Step 10 as the SOP times it: the pickup ticket's call to the handover."""
    by_ticket = {c.pickup_ticket_id: c for c in cases if c.pickup_ticket_id}
    out = []
    for t in tickets:
        case = by_ticket.get(t.id)
        if case is None or t.called_at is None or t.done_at is None:
            continue
        handed = next((h for h in case.history if h.to_state == CaseState.HANDED_OVER), None)
        if handed is None:
            continue
        spent = clock.minutes(t.called_at, handed.at)
        within = _within(t.called_at, handed.at, spent, config.standard_time(10), config)
        out.append(
            Visit(
                case.id,
                10,
                t.called_at,
                handed.at,
                by=handed.staff_id,
                outcome=handed.action,
                minutes=spent,
                within=within,
            )
        )
    return out


def _step_rows(done: list[Visit], config: Config) -> list[dict[str, Any]]:
    by_step: dict[int, list[Visit]] = defaultdict(list)
    for v in done:
        by_step[v.step].append(v)
    rows = []
    for s in STEPS:
        vs = by_step.get(s.number, [])
        standard = config.standard_time(s.number)
        rows.append(
            {
                "step": s.number,
                "actor": s.actor.value,
                "standard": _standard_text(standard),
                **_stats([round(v.minutes, 1) for v in vs]),
                "within_pct": _share([v.within for v in vs]),
                "sent_back": sum(1 for v in vs if v.outcome in REJECTIONS or v.outcome == RETURN),
            }
        )
    return rows


def _standard_text(standard: timedelta) -> str:
    """``5m``, ``3w``, ``2d``, ``1h30m``: how config.toml writes it."""
    if standard.days and standard.days % 7 == 0 and not standard.seconds:
        return f"{standard.days // 7}w"
    if standard.days and not standard.seconds:
        return f"{standard.days}d"
    minutes = int(standard.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes or not hours else "")


def _staff_rows(done: list[Visit]) -> list[dict[str, Any]]:
    by_staff: dict[tuple[str, int], list[Visit]] = defaultdict(list)
    for v in done:
        if v.by:
            by_staff[(v.by, v.step)].append(v)
    return [
        {
            "staff": who,
            "step": number,
            **_stats([round(v.minutes, 1) for v in vs]),
            "within_pct": _share([v.within for v in vs]),
        }
        for (who, number), vs in sorted(by_staff.items())
    ]


def _queue_rows(tickets: list[Ticket], key: Any) -> list[dict[str, Any]]:
    groups: dict[str, list[Ticket]] = defaultdict(list)
    for t in tickets:
        groups[key(t)].append(t)
    rows = []
    for name, ts in sorted(groups.items()):
        waits = [(t.called_at - t.taken_at).total_seconds() / 60 for t in ts if t.called_at]
        service = [
            (t.done_at - t.called_at).total_seconds() / 60
            for t in ts
            if t.called_at and t.done_at and t.state == TicketState.DONE
        ]
        wait, serve = _stats([round(w, 1) for w in waits]), _stats([round(s, 1) for s in service])
        rows.append(
            {
                "group": name,
                "tickets": len(ts),
                "served": sum(1 for t in ts if t.state == TicketState.DONE),
                "no_show": sum(1 for t in ts if t.state == TicketState.SKIPPED),
                "not_called": sum(1 for t in ts if t.called_at is None),
                "wait_median": wait["median"],
                "wait_p90": wait["p90"],
                "service_median": serve["median"],
                "service_p90": serve["p90"],
            }
        )
    return rows


def _return_row(case: Case, v: Visit, config: Config) -> dict[str, Any]:
    if v.outcome == RETURN:
        kind = next((k for k in config.kinds if k.code == case.kind), None)
        names = {r.code: r.text("id") for r in kind.requirements} if kind else {}
        reason = "; ".join(names.get(code, code) for code in case.missing)
    else:
        reason = v.note or ""
    return {
        "case": case.id,
        "step": v.step,
        "action": v.outcome,
        "at": v.left.isoformat() if v.left else None,
        "by": v.by,
        "reason": reason,
    }


def _late_row(
    row: dict[str, Any], config: Config, clock: WorkingClock, now: datetime
) -> dict[str, Any] | None:
    """The late-list row of an open case (its index row), or ``None`` if on time.

    A KK ready for pickup (step 10) waits for its owner, not for the office: never late.
    """
    number = row.get("step")
    if number is None or number == 10:
        return None
    since = datetime.fromisoformat(row["state_since"])
    due = add_working_time(since, config.standard_time(number), config.hours)
    if now <= due:
        return None
    return {
        "case": row["id"],
        "step": number,
        "state": row["state"],
        "since": since.isoformat(),
        "due": due.isoformat(),
        "overdue_minutes": round(clock.minutes(due, now), 1),
    }
