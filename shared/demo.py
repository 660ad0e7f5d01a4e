"""Demo data for ``kk init --demo``: a few families waiting at different SOP steps.

Everything goes through the real workflow (tickets, calls, verification,
input, reviews), so the demo store is exactly what an office day would
leave behind; their clock starts at an opening of the office early enough that all of
their times are in the past.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.clock import ManualClock
from shared.fake import fake_family
from shared.office import Office, Session
from shared.sop import CaseState, Role

# Demo staff of ``kk init --demo``: ID, name, role, PIN (printed once; change them).
DEMO_STAFF = (
    ("LOKET1", "Rina Marlina", Role.PENGOLAH_DATA, "111111"),
    ("LOKET2", "Agus Salim", Role.PENGOLAH_DATA, "111112"),
    ("SIAK1", "Dewi Lestari", Role.ADMIN_SIAK, "222222"),
    ("SIAK2", "Hendra Wijaya", Role.ADMIN_SIAK, "222223"),
    ("KASI1", "Yohanes Atok", Role.KASI, "333333"),
    ("KABID1", "Siti Rahmah", Role.KABID, "444444"),
    ("KADIS", "Kepala Dinas", Role.KEPALA_DINAS, "555555"),
    ("SPV1", "Budi Hartono", Role.SUPERVISOR, "666666"),
)


# The demo cases: how far each one gets.
TARGETS = (
    CaseState.INPUT,
    CaseState.KASI_REVIEW,
    CaseState.KABID_REVIEW,
    CaseState.KABID_REVIEW,
    CaseState.SIGNING,
    CaseState.READY,
)
_ORDER = (
    CaseState.INPUT,
    CaseState.KASI_REVIEW,
    CaseState.KABID_REVIEW,
    CaseState.FINAL_PRINT,
    CaseState.SIGNING,
    CaseState.REGISTER,
    CaseState.READY,
)


@dataclass
class DemoCase:
    """A demo case and the pickup code printed on its receipt."""

    case_id: str
    state: CaseState
    receipt_no: str | None
    token: str | None


def last_opening(office: Office, now: datetime) -> datetime:
    """The start of the office's latest opening period at or before ``now``."""
    hours = office.config.hours
    day = now.date()
    for _ in range(370):
        periods = hours.periods_on(day) if hours.is_working_day(day) else ()
        for start, _end in periods:
            when = datetime.combine(day, start, tzinfo=now.tzinfo)
            if when <= now:
                return when
        day -= timedelta(days=1)
    raise ValueError("the office has no opening hours in the past year")


def seed_demo_cases(office: Office, staff: dict[Role, str], *, seed: int = 7) -> list[DemoCase]:
    """Create the :data:`TARGETS` cases; ``staff`` names one account per role."""
    rng = random.Random(seed)
    # The longest the cases below can take (their clock advances at most this much): they
    # start early enough that none of their times is later than now.
    budget = timedelta(minutes=len(TARGETS) * (6 + 8 + 4 * len(_ORDER)))
    start = last_opening(office, office.clock.now() - budget)
    clock = ManualClock(start, office.config.office.timezone)
    demo = Office(office.store, office.config, clock)
    who = {role: Session(sid, role, "demo") for role, sid in staff.items()}
    service = demo.config.application_services()[0]
    counter = next(c.number for c in demo.config.counters if service.code in c.services)
    out = []
    for target in TARGETS:
        kind = rng.choice(demo.config.kinds)
        demo.queue.take_ticket(service.code, kind=kind.code, station="demo")
        clock.advance(minutes=rng.randint(2, 6))
        ticket = demo.queue.call_next(who[Role.PENGOLAH_DATA], counter)
        assert ticket is not None and ticket.case_id is not None
        family = fake_family(rng, today=clock.now().date())
        head = family["anggota"][0]
        clock.advance(minutes=rng.randint(3, 8))
        case, token = demo.cases.verify(
            who[Role.PENGOLAH_DATA],
            ticket.case_id,
            present=[r.code for r in kind.requirements],
            applicant_name=head["nama_lengkap"],
            applicant_nik=head["nik"],
        )
        for state in _ORDER[1 : _ORDER.index(target) + 1]:
            clock.advance(minutes=rng.randint(1, 4))
            case = _advance(demo, who, case.id, state, family)
        out.append(DemoCase(case.id, case.state, case.receipt_no, token))
    return out


def _advance(office: Office, who: dict[Role, Session], cid: str, to: CaseState, family: dict):  # noqa: ANN202
    cases = office.cases
    if to == CaseState.KASI_REVIEW:
        return cases.input_family(who[Role.ADMIN_SIAK], cid, family)
    if to == CaseState.KABID_REVIEW:
        return cases.review(who[Role.KASI], cid, approve=True)
    if to == CaseState.FINAL_PRINT:
        return cases.review(who[Role.KABID], cid, approve=True)
    if to == CaseState.SIGNING:
        return cases.final_print(who[Role.ADMIN_SIAK], cid)
    if to == CaseState.REGISTER:
        return cases.sign(who[Role.KEPALA_DINAS], cid)
    if to == CaseState.READY:
        return cases.register(who[Role.PENGOLAH_DATA], cid)
    raise ValueError(to)


def set_up_demo(office: Office, *, created: bool) -> tuple[list[dict[str, str]], list[DemoCase]]:
    """The demo staff (added where missing) and, on a ``created`` store, the demo cases.

    Returns the staff rows (id, name, role, PIN) and the cases seeded.
    """
    existing = {s.id for s in office.staff.list()}
    rows = []
    for sid, name, role, pin in DEMO_STAFF:
        if sid not in existing:
            office.staff.add(sid, name, role, pin)
        rows.append({"id": sid, "name": name, "role": role.value, "pin": pin})
    cases: list[DemoCase] = []
    if created:
        first: dict[Role, str] = {}
        for sid, _name, role, _pin in DEMO_STAFF:
            first.setdefault(role, sid)
        cases = seed_demo_cases(office, first)
    return rows, cases
