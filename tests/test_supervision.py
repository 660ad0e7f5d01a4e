"""The supervisor's domain reads: overview, timeline, audit query, chain words, role changes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from helpers import case_in, family
from supervisor_scenario import busy_morning

from shared import supervision, supervision_report
from shared.audit import verify_chain
from shared.errors import NotAllowed, NotFound, ValidationError
from shared.sop import CaseState, Role


def test_overview_counts_todays_queue_counters_and_open_cases(office, sessions, clock):
    m = busy_morning(office, sessions, clock)
    ov = supervision.overview(office)
    kk = next(s for s in ov.services if s.service == "KK")
    assert (kk.waiting, kk.called, kk.served, kk.no_show) == (1, 0, 2, 1)
    assert kk.wait_median == 4.0
    pickup = next(s for s in ov.services if s.service == "AMBIL")
    assert (pickup.waiting, pickup.served, pickup.wait_median) == (0, 0, None)
    assert (ov.waiting, ov.served, ov.wait_median) == (1, 2, 4.0)
    assert [(c.number, c.open) for c in ov.counters] == [(1, True), (2, True), (3, False)]
    assert ov.counters_open == 2
    assert [(c.id, c.step, c.age_minutes, c.late) for c in ov.cases] == [(m.late, 3, 10.0, True)]
    step3 = next(s for s in ov.steps if s.step == 3)
    assert (step3.count, step3.late, step3.oldest_minutes, step3.oldest_case) == (
        1,
        1,
        10.0,
        m.late,
    )
    assert step3.standard == "5m"
    assert [s.step for s in ov.steps] == [2, 3, 4, 5, 7, 8, 9, 10]


def test_a_counter_serving_is_open_and_a_quiet_one_closes(office, sessions, clock):
    busy_morning(office, sessions, clock)
    office.queue.call_next(sessions["LOKET2"], 2)  # A-004, 09:20
    clock.advance(minutes=31)
    ov = supervision.overview(office)
    assert [(c.number, c.open, c.serving) for c in ov.counters] == [
        (1, False, None),
        (2, True, "A-004"),
        (3, False, None),
    ]


def test_a_case_within_its_standard_is_not_late_and_step_10_never_is(office, sessions, clock):
    cid, _ = case_in(office, sessions, CaseState.KABID_REVIEW)  # 3 weeks
    ready, _ = case_in(office, sessions, CaseState.READY)
    clock.advance(days=2)
    by_id = {c.id: c for c in supervision.overview(office).cases}
    assert not by_id[cid].late and by_id[cid].due is not None
    assert by_id[ready].step == 10 and by_id[ready].due is None and not by_id[ready].late


def test_timeline_of_a_rejected_draft_names_every_step_who_and_why(office, sessions, clock):
    cid, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    clock.advance(minutes=7)
    office.cases.review(sessions["KASI1"], cid, approve=False, note="Cek NIK anak")
    clock.advance(minutes=3)
    office.cases.input_family(sessions["SIAK1"], cid, family())
    clock.advance(minutes=2)
    office.cases.review(sessions["KASI1"], cid, approve=True)
    tl = supervision.timeline(office, cid.lower())
    assert tl.case_id == cid and tl.state == CaseState.KABID_REVIEW
    rows = [(r.step, r.action, r.staff_name, r.minutes, r.within) for r in tl.rows]
    assert rows == [
        (1, "call", None, 0.0, True),
        (2, "verify_complete", "Loket1", 0.0, True),
        (3, "input", "Siak1", 0.0, True),
        (4, "kasi_reject", "Kasi1", 7.0, False),
        (3, "input", "Siak1", 3.0, True),
        (4, "kasi_approve", "Kasi1", 2.0, True),
        (5, None, None, 0.0, None),
    ]
    assert tl.rows[3].note == "Cek NIK anak" and tl.rows[3].standard == "5m"
    assert supervision.action_words("kasi_reject", "en") == "rejected by the Kasi"
    assert supervision.action_words(None) == "masih di langkah ini"


def test_timeline_ends_with_the_handover(office, sessions, clock):
    cid, _ = case_in(office, sessions, CaseState.HANDED_OVER)
    last = supervision.timeline(office, cid).rows[-1]
    assert (last.step, last.action, last.staff_id, last.within) == (10, "handover", "LOKET1", None)


def test_timeline_of_an_unknown_case_is_not_found(office):
    with pytest.raises(NotFound):
        supervision.timeline(office, "KK-261123-A999")


def test_audit_query_filters_by_case_staff_and_day_newest_first(office, sessions, clock):
    m = busy_morning(office, sessions, clock)
    page = supervision.audit_query(office, case=m.late)
    actions = [e["action"] for e in page.events]
    assert actions == ["case.verify_complete", "case.open"]
    assert page.day_from == page.day_to == clock.now().date()
    mine = supervision.audit_query(office, staff="loket2").events
    assert all(e["staff_id"] == "LOKET2" or e["entity_id"] == "LOKET2" for e in mine)
    assert {e["action"] for e in mine} == {
        "staff.add",
        "ticket.call",
        "case.open",
        "case.verify_complete",
    }
    assert [e["seq"] for e in mine] == sorted((e["seq"] for e in mine), reverse=True)
    clock.advance(days=1)
    office.staff.set_pin("LOKET2", "654321", by=sessions["SPV1"])
    about = supervision.audit_query(office, staff="LOKET2", day_from=clock.now().date())
    assert [e["action"] for e in about.events] == ["staff.set_pin"]
    yesterday = clock.now().date() - timedelta(days=1)
    old = supervision.audit_query(office, day_from=yesterday, day_to=yesterday)
    assert old.events and all(e["at"].startswith(yesterday.isoformat()) for e in old.events)
    assert supervision.audit_query(office, day_from=date(2026, 1, 1), day_to=date(2026, 1, 2)) \
        .events == []  # fmt: skip


def test_audit_query_stops_at_the_limit(office, sessions, clock):
    busy_morning(office, sessions, clock)
    page = supervision.audit_query(office, limit=3)
    assert len(page.events) == 3 and page.more
    assert page.events[0]["seq"] > page.events[-1]["seq"]


def test_chain_words_for_an_intact_and_a_tampered_log(office, sessions, clock, store):
    busy_morning(office, sessions, clock)
    report = verify_chain(store)
    assert supervision.chain_message(report, "en").startswith("Audit chain INTACT")
    path = store.root / "audit" / "2026-11" / "2026-11-23.jsonl"
    lines = path.read_text().splitlines()
    event = json.loads(lines[3])
    event["note"] = "changed afterwards"
    lines[3] = json.dumps(event)
    path.write_text("\n".join(lines) + "\n")
    words = supervision.chain_message(verify_chain(store), "id")
    assert words.startswith("Rantai audit RUSAK pada peristiwa no. 4")
    assert "isi peristiwa diubah" in words


def test_supervisor_assigns_a_role_audited(office, sessions):
    staff = office.staff.set_role("SIAK2", "kasi", by=sessions["SPV1"])
    assert staff.role is Role.KASI
    event = supervision.audit_query(office, staff="SIAK2").events[0]
    assert event["action"] == "staff.set_role"
    assert event["data"] == {"role": "KASI", "from": "ADMIN_SIAK"}
    assert event["staff_id"] == "SPV1"


def test_role_changes_refused(office, sessions):
    with pytest.raises(ValidationError):
        office.staff.set_role("SIAK2", "RAJA", by=sessions["SPV1"])
    with pytest.raises(NotAllowed) as own:
        office.staff.set_role("SPV1", "KASI", by=sessions["SPV1"])
    assert "own account" in own.value.message("en")
    with pytest.raises(NotFound):
        office.staff.set_role("NOBODY", "KASI", by=sessions["SPV1"])


@pytest.mark.parametrize("who", ["KASI1", "LOKET1", "KADIS"])
def test_only_a_supervisor_changes_staff(office, sessions, who):
    s = sessions[who]
    for change in (
        lambda: office.staff.add("BARU1", "Baru", "KASI", "123456", by=s),
        lambda: office.staff.set_active("SIAK2", False, by=s),
        lambda: office.staff.set_pin("SIAK2", "654321", by=s),
        lambda: office.staff.set_role("SIAK2", "KASI", by=s),
    ):
        with pytest.raises(NotAllowed):
            change()
    assert {x.id for x in office.staff.list()} == {
        "LOKET1", "LOKET2", "SIAK1", "SIAK2", "KASI1", "KABID1", "KADIS", "SPV1",
    }  # fmt: skip
    assert office.staff.list()[-2].role is Role.ADMIN_SIAK  # SIAK2 unchanged


def test_charts_give_today_per_hour_and_the_month_per_day(office, sessions, clock):
    busy_morning(office, sessions, clock)
    charts = supervision_report.charts(office)
    assert charts.per_hour == [{"hour": 9, "taken": 4, "called": 3, "wait_median": 4.0}]
    assert [(r["day"], r["tickets"], r["accepted"], r["returned"]) for r in charts.per_day] == [
        ("2026-11-23", 4, 1, 1)
    ]


def test_durations_in_words():
    assert supervision.duration_words(12.4, "id") == "12 mnt"
    assert supervision.duration_words(330, "en") == "5.5 h"
    assert supervision.duration_words(None) == "-"
