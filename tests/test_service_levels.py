"""Service levels: working time, step visits and the report's tables on known timings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from helpers import MONDAY_9, all_present, application_service, counter_for, family

from shared.clock import OFFICE_TZ
from shared.service_levels import WorkingClock, collect, service_levels, visits
from shared.sop import CaseState


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=OFFICE_TZ)


# Opening hours of the default config: Mon-Thu 07:30-12:00 and 13:00-15:30,
# Fri 07:30-11:30 and 13:30-15:30; 24 and 25 December 2026 are holidays.
@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (at(23, 9), at(23, 9, 30), 30),  # inside one period
        (at(23, 11, 50), at(23, 13, 10), 20),  # across the lunch break
        (at(23, 15, 20), at(24, 7, 40), 20),  # across a night
        (at(27, 15, 20), at(30, 7, 40), 20),  # Friday 15:20 to Monday: the weekend is free
        (at(27, 11, 20), at(27, 13, 40), 20),  # Friday's longer break (11:30-13:30)
        (at(23, 15, 20, 12), at(28, 7, 40, 12), 20),  # Wed to Mon over Christmas holidays
        (at(28, 6), at(28, 7, 30), 0),  # before opening
        (at(28, 16), at(28, 18), 0),  # after closing
        (at(28, 16), at(28, 9), 0),  # the end before the start
        (at(23, 7, 30), at(24, 7, 30), 420),  # one whole Monday: 270 + 150
        (at(27, 7, 30), at(30, 7, 30), 360),  # one whole Friday (and a weekend)
    ],
)
def test_working_minutes(config, start: datetime, end: datetime, minutes: float) -> None:
    assert WorkingClock(config.hours).minutes(start, end) == pytest.approx(minutes)


def test_working_minutes_of_a_week_and_of_closed_days(config) -> None:
    clock = WorkingClock(config.hours)
    assert clock.minutes(at(23, 7, 30), at(30, 7, 30)) == 4 * 420 + 360
    assert clock.day_minutes(date(2026, 11, 28)) == 0  # a Saturday
    assert clock.day_minutes(date(2026, 12, 25)) == 0  # Christmas


def _walk(office, s, clock, *, kasi_minutes: float, reject: bool = False) -> str:
    """A case through steps 1-4 with known times; returns its id."""
    svc = application_service(office)
    office.queue.take_ticket(svc, kind=office.config.kinds[0].code)
    clock.advance(minutes=12)  # step 1: 12 minutes in the queue
    ticket = office.queue.call_next(s["LOKET1"], counter_for(office, svc))
    cid = ticket.case_id
    clock.advance(minutes=8)  # step 2: 8 minutes at the counter
    office.cases.verify(
        s["LOKET1"],
        cid,
        present=all_present(office, office.cases.show(cid).kind),
        applicant_name="Budi Santoso",
        applicant_nik="6171011708900003",
    )
    clock.advance(minutes=4)  # step 3: 4 minutes of input
    office.cases.input_family(s["SIAK1"], cid, family())
    clock.advance(minutes=kasi_minutes)  # step 4
    if reject:
        office.cases.review(s["KASI1"], cid, approve=False, note="Nama ayah salah eja")
    else:
        office.cases.review(s["KASI1"], cid, approve=True)
    return cid


def test_visits_follow_the_history_and_the_standard(office, sessions, clock, config) -> None:
    clock.set(MONDAY_9)
    cid = _walk(office, sessions, clock, kasi_minutes=7)
    case = office.cases.show(cid)
    got = visits(case, config, WorkingClock(config.hours), office.now())
    assert [(v.step, round(v.minutes), v.within, v.by) for v in got] == [
        (1, 12, False, None),  # standard 5 minutes
        (2, 8, True, "LOKET1"),  # standard 10
        (3, 4, True, "SIAK1"),  # standard 5
        (4, 7, False, "KASI1"),  # standard 5
        (5, 0, False, None),  # waiting at the Kabid now
    ]
    assert got[-1].left is None


def test_report_tables_on_known_timings(office, sessions, clock, config) -> None:
    clock.set(MONDAY_9)
    first = _walk(office, sessions, clock, kasi_minutes=3)
    second = _walk(office, sessions, clock, kasi_minutes=9, reject=True)
    # a third file comes back incomplete
    svc = application_service(office)
    office.queue.take_ticket(svc, kind=office.config.kinds[0].code)
    clock.advance(minutes=2)
    third = office.queue.call_next(sessions["LOKET2"], counter_for(office, svc)).case_id
    clock.advance(minutes=20)
    office.cases.verify(sessions["LOKET2"], third, present=[])

    today = MONDAY_9.date()
    report = service_levels(collect(office, today, today), config)
    steps = {r["step"]: r for r in report.steps}
    assert steps[1]["count"] == 3 and steps[1]["within_pct"] == pytest.approx(33.3)
    assert steps[2]["count"] == 3 and steps[2]["sent_back"] == 1
    assert steps[2]["median"] == 8 and steps[2]["p90"] == 20
    assert steps[4] | {"actor": "KASI"} == steps[4]
    assert (steps[4]["count"], steps[4]["median"], steps[4]["within_pct"]) == (2, 6.0, 50.0)
    assert steps[4]["sent_back"] == 1
    assert steps[5]["count"] == 0 and steps[5]["median"] is None
    assert steps[5]["standard"] == "3w" and steps[2]["standard"] == "10m"

    reasons = {(r["case"], r["action"]): r["reason"] for r in report.returns}
    assert reasons[(second, "kasi_reject")] == "Nama ayah salah eja"
    missing = office.cases.show(third).missing
    assert missing and reasons[(third, "verify_incomplete")].count(";") == len(missing) - 1

    staff = {(r["staff"], r["step"]): r for r in report.staff}
    assert staff[("LOKET1", 2)]["count"] == 2 and staff[("LOKET2", 2)]["count"] == 1
    assert staff[("KASI1", 4)]["count"] == 2

    services = {r["group"]: r for r in report.queue_services}
    assert services[svc]["tickets"] == 3 and services[svc]["served"] == 3
    assert services[svc]["wait_median"] == 12.0
    assert first != second


def test_late_cases_are_listed_with_how_late(office, sessions, clock, config) -> None:
    clock.set(MONDAY_9)
    cid = _walk(office, sessions, clock, kasi_minutes=3, reject=True)  # back at input
    clock.advance(hours=2)  # 2 hours of working time at input (standard 5 minutes)
    today = MONDAY_9.date()
    late = service_levels(collect(office, today, today), config).late
    assert [(r["case"], r["step"], r["state"]) for r in late] == [(cid, 3, CaseState.INPUT.value)]
    assert late[0]["overdue_minutes"] == pytest.approx(115, abs=0.1)


def test_a_period_without_data_gives_empty_tables(office, config) -> None:
    report = service_levels(collect(office, date(2025, 1, 1), date(2025, 1, 31)), config)
    assert all(r["count"] == 0 for r in report.steps)
    assert report.staff == report.returns == report.late == report.queue_services == []
    assert report.pickup_wait["count"] == 0


def test_handover_is_timed_from_the_pickup_call(office, sessions, clock, config) -> None:
    from helpers import case_in

    clock.set(MONDAY_9)
    cid, token = case_in(office, sessions, CaseState.READY)
    clock.advance(days=2)
    receipt = office.cases.show(cid).receipt_no
    office.queue.take_pickup_ticket(receipt)
    pickup = office.config.pickup_services()[0].code
    clock.advance(minutes=3)
    office.queue.call_next(sessions["LOKET2"], counter_for(office, pickup))
    clock.advance(minutes=4)
    office.cases.handover(sessions["LOKET2"], cid, token)
    day = office.now().date()
    report = service_levels(collect(office, MONDAY_9.date(), day + timedelta(days=1)), config)
    step10 = next(r for r in report.steps if r["step"] == 10)
    assert (step10["count"], step10["median"], step10["within_pct"]) == (1, 4.0, 100.0)
    assert report.pickup_wait["count"] == 1 and report.pickup_wait["median"] >= 2


def test_long_spans_match_a_day_by_day_count(config) -> None:
    """The cached prefix sums agree with counting every day, in any order of questions."""
    import random

    clock = WorkingClock(config.hours)
    rng = random.Random(5)
    base = at(1, 0, month=1)

    def brute(a: datetime, b: datetime) -> float:
        total, d = 0.0, a.date()
        while d <= b.date():
            for open_, close in config.hours.periods_on(d):
                lo = max(a, datetime.combine(d, open_, tzinfo=OFFICE_TZ))
                hi = min(b, datetime.combine(d, close, tzinfo=OFFICE_TZ))
                total += max(0.0, (hi - lo).total_seconds() / 60)
            d += timedelta(days=1)
        return total

    for _ in range(60):
        a = base + timedelta(minutes=rng.randrange(0, 700 * 24 * 60))
        b = a + timedelta(minutes=rng.randrange(0, 90 * 24 * 60))
        assert clock.minutes(a, b) == pytest.approx(brute(a, b)), (a, b)
