"""The back office of the simulated office: SOP steps 3 to 9, as timed events.

A mixin of :class:`~shared.simulate_engine.Engine`: each ``_on_<step>``
handler calls the real workflow action for a case and schedules the next
step, with the delays of the run's :class:`~shared.simulate_data.Profile`
(SIAK input the same or the next working day, the Kasi within hours, the
Kabid's review over days, then print, signature and registration).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from shared.office import Office, Session
from shared.simulate_data import KABID_NOTES, KASI_NOTES, Applicant, Draw, Profile, SimReport
from shared.sop import CaseState, Role

# Where each back-office state of an adopted case goes next (the handler's name).
RESUME: dict[CaseState, str] = {
    CaseState.INPUT: "input",
    CaseState.KASI_REVIEW: "kasi",
    CaseState.KABID_REVIEW: "kabid",
    CaseState.FINAL_PRINT: "final",
    CaseState.SIGNING: "sign",
    CaseState.REGISTER: "register",
}


class BackOffice:
    """Steps 3-9: SIAK input, Kasi and Kabid reviews, final print, signature, register."""

    office: Office
    profile: Profile
    draw: Draw
    rng: random.Random
    report: SimReport
    _push: Callable[[datetime, str, Any], None]
    _now: Callable[[], datetime]
    _one: Callable[..., Session]
    _print: Callable[[int], None]
    family_of: Callable[[random.Random, date, str], dict[str, Any]]

    def _adopt_open_cases(self) -> None:
        """Cases an earlier run left in the back office move on in this one.

        A case still at step 2 from an earlier day, or one ready for pickup
        (its receipt token is stored only as a hash), cannot be continued:
        it stays where it is.
        """
        with self.office.read() as repo:
            rows = repo.open_case_rows(set(RESUME))
            cases = [repo.get_case(r["id"]) for r in rows]
        now = self._now()
        for case in cases:
            family = case.family or self.family_of(self.rng, now.date(), case.kind)
            app = Applicant(case.kind, family, None, case.phone, case_id=case.id)
            app.receipt = case.receipt_no
            self.report.adopted += 1
            step = RESUME[case.state]
            if step == "input":
                self._schedule_input(app, first=False)
            elif step == "kabid":
                days = self.rng.randint(0, self.profile.kabid_days[1] // 2)
                self._push(self.draw.working_days_after(now, days), step, app)
            else:
                self._push(self.draw.after(now, self.rng.uniform(5, 240)), step, app)

    def _schedule_input(self, app: Applicant, *, first: bool) -> None:
        now = self._now()
        if first and self.draw.chance(self.profile.input_next_day_rate):
            when = self.draw.working_days_after(now, 1)
        else:
            when = self.draw.after(now, self.draw.minutes(3) + self.rng.uniform(0, 120))
        self._push(when, "input", app)

    def _on_input(self, app: Applicant) -> None:
        self.office.cases.input_family(self._one(Role.ADMIN_SIAK), app.case_id or "", app.family)
        self._print(1)
        wait = self.draw.minutes(4) + self.rng.uniform(0, 150)
        self._push(self.draw.after(self._now(), wait), "kasi", app)

    def _on_kasi(self, app: Applicant) -> None:
        cid = app.case_id or ""
        session = self._one(Role.KASI)
        if self.draw.chance(self.profile.kasi_reject_rate):
            note = self.rng.choice(KASI_NOTES)
            self.office.cases.review(session, cid, approve=False, note=note)
            self.report.kasi_rejections += 1
            self._schedule_input(app, first=False)
            return
        self.office.cases.review(session, cid, approve=True)
        span = self.profile.kabid_again_days if app.kabid_rejected else self.profile.kabid_days
        when = self.draw.working_days_after(self._now(), self.rng.randint(*span))
        self._push(when, "kabid", app)

    def _on_kabid(self, app: Applicant) -> None:
        cid = app.case_id or ""
        session = self._one(Role.KABID)
        now = self._now()
        if self.draw.chance(self.profile.kabid_reject_rate):
            note = self.rng.choice(KABID_NOTES)
            self.office.cases.review(session, cid, approve=False, note=note)
            self.report.kabid_rejections += 1
            app.kabid_rejected = True
            wait = self.draw.minutes(4) + self.rng.uniform(30, 480)
            self._push(self.draw.after(now, wait), "kasi", app)
            return
        self.office.cases.review(session, cid, approve=True)
        wait = self.draw.minutes(7) + self.rng.uniform(0, 240)
        self._push(self.draw.after(now, wait), "final", app)

    def _on_final(self, app: Applicant) -> None:
        self.office.cases.final_print(self._one(Role.ADMIN_SIAK), app.case_id or "")
        self._print(1)
        wait = self.draw.minutes(8) + self.rng.uniform(30, 600)
        self._push(self.draw.after(self._now(), wait), "sign", app)

    def _on_sign(self, app: Applicant) -> None:
        self.office.cases.sign(self._one(Role.KEPALA_DINAS), app.case_id or "")
        wait = self.draw.minutes(9) + self.rng.uniform(10, 300)
        self._push(self.draw.after(self._now(), wait), "register", app)

    def _on_register(self, app: Applicant) -> None:
        self.office.cases.register(self._one(Role.PENGOLAH_DATA, "arsip"), app.case_id or "")
        self.report.ready += 1
        if app.token is None or self.draw.chance(self.profile.never_collect_rate):
            return  # never collected (or adopted: this run never saw its receipt token)
        days = self.rng.randint(*self.profile.pickup_days)
        self._push(self.draw.working_days_after(self._now(), days), "pickup", app)
