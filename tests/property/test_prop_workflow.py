"""A stateful property test of the SOP workflow on a real (temporary) store.

Random sequences of the office's actions (take a ticket, call, skip, step 2
complete or incomplete, input, paraf or reject by the Kasi and the Kabid, print,
sign, register with or without stamp and archive, pickup ticket, handover with
the right or a wrong code, cancel, time passing) are done by random sessions:
every staff member in their own role, so mostly the wrong one for the action, a
session claiming another role, a disabled account and an unknown ID.

After every step:

- an action the model says must succeed succeeded, and one it says must be
  refused (wrong role, wrong state, missing note, invalid input) was refused
  with a :class:`DomainError` that reads in both languages, and changed nothing
  in the store (every data file byte for byte; a refused handover code only
  adds its own audit event, by design);
- every case the model knows is in the store, and no other, in the state the
  model expects, one of the SOP's states;
- each case's history is a chain of allowed edges (the action's own from-states
  and to-state, by the action's own role);
- the audit hash chain verifies.
"""

from __future__ import annotations

import contextlib
import copy
import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import helpers
import pytest
from bilingual import assert_bilingual
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

import shared.auth
from shared.actions import ACTIONS
from shared.audit import verify_chain
from shared.clock import ManualClock
from shared.config import load_config
from shared.errors import AuthError, DomainError, NotAllowed, NotFound, WrongState
from shared.ids import receipt_no
from shared.model import Case
from shared.nik import check_nomor_kk
from shared.office import Office, Session
from shared.queue import OPEN_TICKET
from shared.sop import FINAL_STATES, CaseState, Role
from shared.store.filestore import FileStore
from shared.store.repo import Repo

STAFF = {
    "LOKET1": Role.PENGOLAH_DATA,
    "LOKET2": Role.PENGOLAH_DATA,
    "SIAK1": Role.ADMIN_SIAK,
    "KASI1": Role.KASI,
    "KABID1": Role.KABID,
    "KADIS": Role.KEPALA_DINAS,
    "SPV1": Role.SUPERVISOR,
    "GONE": Role.KASI,  # disabled at the start
}
PIN = "123456"
GENUINE = [Session(sid, role, "prop") for sid, role in STAFF.items() if sid != "GONE"]
SESSIONS = [
    *GENUINE,
    Session("GONE", Role.KASI, "prop"),  # a disabled account
    Session("SIAK1", Role.KASI, "prop"),  # claims another role than its own
    Session("LOKET1", Role.SUPERVISOR, "prop"),
    Session("NOBODY", Role.KABID, "prop"),  # no such staff member
]
BY_ROLE = {s.role: s for s in GENUINE}
sessions = st.sampled_from(SESSIONS)
# Mostly the right person acts (else no case would get far): the drawn session is then
# replaced by the genuine staff member of the action's role. Also "mostly valid input".
right_person = st.sampled_from([True, True, True, False])
# Which case: an index into the known cases (mostly), or a case that does not exist (-1).
case_index = st.sampled_from([*range(12), -1])
notes = st.sampled_from([None, "", "   ", "Cek NIK anak", "Nama ibu salah eja"])
BOGUS_CASE = "KK-261123-Z999"
APPLICANT_NIK = "6171011708900003"
# Files that are not data: the lock, its waiting room.
NOT_DATA = {".lock", ".waiting"}
# (action, from) -> to, for the chain check; "call" opens, "no_show" is the queue's skip.
EDGES = {(name, s): a.to_state for name, a in ACTIONS.items() for s in a.from_states} | {
    ("call", None): CaseState.VERIFYING,
    ("no_show", CaseState.VERIFYING): CaseState.CANCELLED,
}
EDGE_ROLE = {name: a.role for name, a in ACTIONS.items()} | {
    "call": Role.PENGOLAH_DATA,
    "no_show": Role.PENGOLAH_DATA,
}


def genuine(session: Session) -> bool:
    return STAFF.get(session.staff_id) == session.role and session.staff_id != "GONE"


def broken_family() -> dict[str, Any]:
    data = helpers.family()
    data["anggota"][0]["status_hubungan"] = "ANAK"  # no Kepala Keluarga
    return data


CONFIG = load_config(None)
_TEMPLATE: list[Any] = []


def busy_office() -> tuple[Path, dict[str, CaseState], dict[str, str]]:
    """A store where one case waits at each later step (built by the real actions of
    tests/helpers.py) and two applicants stand at counters 1 and 2; made once."""
    if not _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="kk-prop-template-")) / "store"
        store = FileStore(root, durable=False)
        store.initialise()
        office = Office(store, CONFIG, ManualClock(helpers.MONDAY_9))
        for sid, role in STAFF.items():
            office.staff.add(sid, sid.title(), role, PIN)
        office.staff.set_active("GONE", False)
        staff = {s.staff_id: s for s in GENUINE}
        model, tokens = {}, {}
        for state in [*helpers.ORDER[1:], CaseState.RETURNED]:
            cid, token = helpers.case_in(office, staff, state)
            model[cid] = state
            if token:
                tokens[cid] = token
        app = CONFIG.application_services()[0].code
        for counter in (1, 2):
            office.queue.take_ticket(app, kind=CONFIG.kinds[0].code)
            ticket = office.queue.call_next(BY_ROLE[Role.PENGOLAH_DATA], counter)
            assert ticket is not None and ticket.case_id
            model[ticket.case_id] = CaseState.VERIFYING
        _TEMPLATE.extend([root, model, tokens])
    root, model, tokens = _TEMPLATE
    return root, model, tokens


def assert_history(case: Case, state: CaseState) -> None:
    """The case's history is a chain of allowed edges, each by the action's own role."""
    assert case.state == state, (case.id, case.state, state)
    previous = None
    for entry in case.history:
        assert entry.from_state == previous, (case.id, entry.action)
        assert EDGES.get((entry.action, entry.from_state)) == entry.to_state, entry.action
        assert entry.role == EDGE_ROLE[entry.action], entry.action
        assert STAFF.get(entry.staff_id or "") == entry.role
        previous = entry.to_state
    assert previous == case.state
    assert (case.closed_at is not None) == (case.state in FINAL_STATES)


CASE_STEPS: dict[str, dict[str, st.SearchStrategy[Any]]] = {}


def case_step(**strategies: st.SearchStrategy[Any]):
    """Register a case action with its arguments' strategies (drawn by ``a_case_step``).

    One rule for all of them, not a rule each: Hypothesis's swarm testing switches
    rules off at random, and with a rule per step few examples could walk a case far.
    """

    def register(method):
        CASE_STEPS[method.__name__] = strategies
        return method

    return register


class Refused(Exception):
    """A refusal the model expected (carries the domain error)."""


class Workflow(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="kk-prop-"))
        template, model, tokens = busy_office()  # built once, copied for each example
        shutil.copytree(template, self.dir / "store")
        self.store = FileStore(self.dir / "store", durable=False)
        self.config = CONFIG
        self.clock = ManualClock(helpers.MONDAY_9)
        self.office = Office(self.store, self.config, self.clock)
        self.model: dict[str, CaseState] = dict(model)  # case id -> the state it must be in
        self.tokens: dict[str, str] = dict(tokens)  # case id -> its pickup code
        self.touched: set[str] = set(model)  # cases whose history is still to be checked
        self.verified_gen = -1  # the store generation whose audit chain was last verified
        self.kind = self.config.kinds[0]
        self.app = self.config.application_services()[0].code
        self.pickup = self.config.pickup_services()[0].code

    # -- helpers ------------------------------------------------------------------------
    def snapshot(self) -> dict[str, tuple[int, int, int]]:
        """Every data file's identity: the store writes by rename, so any write shows here."""
        out = {}
        for folder, _, files in os.walk(self.store.root):
            for name in files:
                if name not in NOT_DATA:
                    st_ = os.stat(os.path.join(folder, name))
                    rel = os.path.relpath(os.path.join(folder, name), self.store.root)
                    out[rel] = (st_.st_ino, st_.st_mtime_ns, st_.st_size)
        return out

    def audit_events(self) -> list[dict[str, Any]]:
        with self.store.snapshot() as tx:
            repo = Repo(tx)
            return [e for path in repo.audit_files() for e in tx.read_log(path)]

    def pick(self, index: int) -> str:
        ids = sorted(self.model)
        return ids[index % len(ids)] if ids and index >= 0 else BOGUS_CASE

    def attempt(self, must: str | None, action, *, refused_handover: bool = False) -> Any:
        """Run ``action``; ``must`` is "succeed", "refuse" or None (either)."""
        before = self.snapshot()
        events_before = len(self.audit_events()) if refused_handover else 0
        try:
            result = action()
        except DomainError as err:
            assert must != "succeed", f"refused, the model expected success: {err.to_dict('en')}"
            assert_bilingual(err)
            after = self.snapshot()
            if refused_handover and getattr(err, "key", "") == "pickup.token_mismatch":
                # the one refusal that is recorded: an audit event, nothing else
                changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
                assert all(k.startswith("audit/") or k in ("meta.json", "wal.log") for k in changed)
                events = self.audit_events()
                assert len(events) == events_before + 1
                assert events[-1]["action"] == "case.handover_refused"
            else:
                assert after == before, f"a refused action changed the store: {err.key}"
            event(f"refused: {err.key}")
            raise Refused(err) from err
        except Exception as exc:  # anything else escaping is a bug
            raise AssertionError(f"{type(exc).__name__} escaped: {exc}") from exc
        assert must != "refuse", "succeeded, the model expected a refusal"
        return result

    def case_action(
        self,
        session: Session,
        cid: str,
        names: tuple[str, ...],
        inputs_ok: bool,
        action,
        *,
        refused_handover: bool = False,
    ) -> Any:
        """A workflow action on case ``cid``: predicted, done, and its transition checked."""
        state = self.model.get(cid)
        first = ACTIONS[names[0]]
        role_ok = genuine(session) and session.role == first.role
        state_ok = state in first.from_states
        must = "succeed" if role_ok and state_ok and inputs_ok else "refuse"
        try:
            result = self.attempt(must, action, refused_handover=refused_handover)
        except Refused as refusal:
            err = refusal.args[0]
            if state is None:
                assert isinstance(err, NotFound), err.key
            elif not genuine(session):
                assert isinstance(err, NotAllowed | AuthError | NotFound), err.key
            elif not role_ok:
                assert isinstance(err, NotAllowed) and err.key == "workflow.role_refused"
            elif not state_ok:
                assert isinstance(err, WrongState), err.key
            return None
        case = self.office.cases.show(cid)
        last = case.history[-1]
        assert last.action in names, (last.action, names)
        assert (last.from_state, last.to_state) == (state, ACTIONS[last.action].to_state)
        assert (last.staff_id, last.role) == (session.staff_id, session.role)
        self.model[cid] = case.state
        self.touched.add(cid)
        event(f"done: {last.action}")
        return result

    # -- the queue ----------------------------------------------------------------------
    @rule(
        priority=st.sampled_from([None, None, "lansia", "nope"]), kind=st.sampled_from([0, 1, -1])
    )
    def take_ticket(self, priority, kind):
        code = self.config.kinds[kind].code if kind >= 0 else "no_such_kind"
        with contextlib.suppress(Refused):
            self.attempt(
                None, lambda: self.office.queue.take_ticket(self.app, kind=code, priority=priority)
            )

    @rule(session=sessions, right=right_person, counter=st.sampled_from([1, 2, 3, 9]))
    def call_next(self, session, right, counter):
        session = BY_ROLE[Role.PENGOLAH_DATA] if right else session
        try:
            ticket = self.attempt(
                None if genuine(session) and session.role == Role.PENGOLAH_DATA else "refuse",
                lambda: self.office.queue.call_next(session, counter),
            )
        except Refused:
            return
        if ticket is None or ticket.service != self.app:
            if ticket is not None and ticket.case_id:  # a pickup call leaves the case as it was
                assert self.office.cases.show(ticket.case_id).state == self.model[ticket.case_id]
            return
        assert ticket.case_id not in self.model, "a call reopened a known case"
        case = self.office.cases.show(ticket.case_id)
        assert case.state == CaseState.VERIFYING and case.counter == counter
        self.model[ticket.case_id] = CaseState.VERIFYING
        self.touched.add(ticket.case_id)

    @rule(counter=st.sampled_from([1, 2]))
    def an_applicant_comes_to_a_counter(self, counter):
        """A ticket taken and called at once: a new case at step 2 (when open and free)."""
        self.take_ticket(None, 0)
        self.call_next(BY_ROLE[Role.PENGOLAH_DATA], True, counter)

    @rule(session=sessions, counter=st.sampled_from([1, 2, 3]))
    def skip(self, session, counter):  # by the drawn session: often the wrong one
        try:
            ticket = self.attempt(
                None if genuine(session) and session.role == Role.PENGOLAH_DATA else "refuse",
                lambda: self.office.queue.skip(session, counter),
            )
        except Refused:
            return
        known = ticket.case_id in self.model and ticket.service == self.app
        if known and self.model[ticket.case_id] == CaseState.VERIFYING:
            self.model[ticket.case_id] = CaseState.CANCELLED
            self.touched.add(ticket.case_id)

    @rule(index=case_index)
    def take_pickup_ticket(self, index):
        cid = self.pick(index)
        receipt = receipt_no(cid)
        must = "succeed" if self.model.get(cid) == CaseState.READY else "refuse"
        if must == "succeed" and not self.config.hours.is_open(self.clock.now()):
            must = "refuse"
        queued = [
            t
            for t in self.office.queue.today()
            if t.case_id == cid and t.service == self.pickup and t.state in OPEN_TICKET
        ]
        if queued:  # one number in the pickup queue per case (pickup.already_queued)
            must = "refuse"
        with contextlib.suppress(Refused):
            self.attempt(must, lambda: self.office.queue.take_pickup_ticket(receipt))

    @rule(minutes=st.sampled_from([1, 5, 30, 120, 24 * 60]))
    def time_passes(self, minutes):
        self.clock.advance(timedelta(minutes=minutes))

    # -- the case steps -----------------------------------------------------------------
    @case_step(
        session=sessions,
        right=right_person,
        index=case_index,
        present=st.sampled_from(["all", "all", "none", "some", "unknown"]),
        name=st.sampled_from(["Budi Santoso", "Budi Santoso", "", None]),
        nik=st.sampled_from([APPLICANT_NIK, APPLICANT_NIK, "123", None]),
    )
    def verify(self, session, right, index, present, name, nik):
        cid = self.pick(index)
        session = BY_ROLE[Role.PENGOLAH_DATA] if right else session
        kind = self.office.cases.show(cid).kind if cid in self.model else self.kind.code
        requirements = self.config.kind(kind).requirements
        codes = [r.code for r in requirements]
        listed = {"all": codes, "none": [], "some": codes[:1], "unknown": [*codes, "kk_palsu"]}[
            present
        ]
        complete = all(r.code in listed for r in requirements if not r.optional)
        valid = present != "unknown" and (not complete or (bool(name) and nik == APPLICANT_NIK))
        result = self.case_action(
            session,
            cid,
            ("verify_complete", "verify_incomplete"),
            valid,
            lambda: self.office.cases.verify(
                session, cid, present=listed, applicant_name=name, applicant_nik=nik
            ),
        )
        if result is not None:
            case, token = result
            assert case.state == (CaseState.INPUT if complete else CaseState.RETURNED)
            assert (token is not None) == complete
            if token:
                self.tokens[cid] = token

    @case_step(session=sessions, right=right_person, index=case_index, valid=right_person)
    def input_family(self, session, right, index, valid):
        cid = self.pick(index)
        session = BY_ROLE[Role.ADMIN_SIAK] if right else session
        data = helpers.family() if valid else broken_family()
        self.case_action(
            session,
            cid,
            ("input",),
            valid,
            lambda: self.office.cases.input_family(session, cid, copy.deepcopy(data)),
        )

    @case_step(
        session=sessions,
        right=right_person,
        index=case_index,
        approve=st.sampled_from([True, True, False]),
        note=notes,
    )
    def review(self, session, right, index, approve, note):
        cid = self.pick(index)
        state = self.model.get(cid)
        if right:
            session = BY_ROLE[Role.KABID if state == CaseState.KABID_REVIEW else Role.KASI]
        who = {CaseState.KASI_REVIEW: "kasi", CaseState.KABID_REVIEW: "kabid"}.get(state)
        if who is None:  # not under review: the action's name follows the session's role
            who = "kasi" if session.role == Role.KASI else "kabid"
        name = f"{who}_{'approve' if approve else 'reject'}"
        noted = bool((note or "").strip())
        self.case_action(
            session,
            cid,
            (name,),
            approve or noted,
            lambda: self.office.cases.review(session, cid, approve=approve, note=note),
        )

    @case_step(session=sessions, right=right_person, index=case_index)
    def final_print(self, session, right, index):
        cid = self.pick(index)
        session = BY_ROLE[Role.ADMIN_SIAK] if right else session
        self.case_action(
            session,
            cid,
            ("final_print",),
            True,
            lambda: self.office.cases.final_print(session, cid),
        )

    @case_step(session=sessions, right=right_person, index=case_index)
    def sign(self, session, right, index):
        cid = self.pick(index)
        session = BY_ROLE[Role.KEPALA_DINAS] if right else session
        self.case_action(
            session, cid, ("sign",), True, lambda: self.office.cases.sign(session, cid)
        )

    @case_step(
        session=sessions,
        right=right_person,
        index=case_index,
        stamped=right_person,
        archived=right_person,
    )
    def register(self, session, right, index, stamped, archived):
        cid = self.pick(index)
        session = BY_ROLE[Role.PENGOLAH_DATA] if right else session
        self.case_action(
            session,
            cid,
            ("register",),
            stamped and archived,
            lambda: self.office.cases.register(session, cid, stamped=stamped, archived=archived),
        )

    @case_step(
        session=sessions,
        right=right_person,
        index=case_index,
        code=st.sampled_from(["right", "right", "wrong", ""]),
    )
    def handover(self, session, right, index, code):
        cid = self.pick(index)
        session = BY_ROLE[Role.PENGOLAH_DATA] if right else session
        token = {"right": self.tokens.get(cid, ""), "wrong": "ZZZZZZZZZZ", "": ""}[code]
        self.case_action(
            session,
            cid,
            ("handover",),
            code == "right" and bool(token),
            lambda: self.office.cases.handover(session, cid, token),
            refused_handover=True,
        )

    @case_step(
        session=sessions, right=st.sampled_from([True, False, False]), index=case_index, note=notes
    )
    def cancel(self, session, right, index, note):  # rarer: a cancelled case goes no further
        cid = self.pick(index)
        session = BY_ROLE[Role.SUPERVISOR] if right else session
        self.case_action(
            session,
            cid,
            ("cancel",),
            bool((note or "").strip()),
            lambda: self.office.cases.cancel(session, cid, note),
        )

    @rule(data=st.data())
    def a_case_step(self, data):
        """One action of steps 2-10 (or cancel) on a case, by a session, with arguments."""
        name = data.draw(st.sampled_from(sorted(CASE_STEPS)), label="action")
        getattr(self, name)(**data.draw(st.fixed_dictionaries(CASE_STEPS[name]), label=name))

    # -- the office at work: whatever the case waits for, done right -------------------
    @rule(index=case_index, yes=right_person, via_queue=st.booleans())
    def the_next_step_done_right(self, index, yes, via_queue):
        """Swarm testing switches rules off at random: this one keeps cases moving along."""
        cid = self.pick(index)
        state = self.model.get(cid)
        if state == CaseState.VERIFYING and not yes and via_queue:  # withdrawn at the counter
            self.cancel(SESSIONS[0], True, index, "ditarik pemohon")
        elif state == CaseState.VERIFYING:
            present = "all" if yes else "none"
            self.verify(SESSIONS[0], True, index, present, "Budi Santoso", APPLICANT_NIK)
        elif state == CaseState.INPUT:
            self.input_family(SESSIONS[0], True, index, True)
        elif state in (CaseState.KASI_REVIEW, CaseState.KABID_REVIEW):
            self.review(SESSIONS[0], True, index, yes, None if yes else "Cek NIK anak")
        elif state == CaseState.FINAL_PRINT:
            self.final_print(SESSIONS[0], True, index)
        elif state == CaseState.SIGNING:
            self.sign(SESSIONS[0], True, index)
        elif state == CaseState.REGISTER:
            self.register(SESSIONS[0], True, index, True, True)
        elif state == CaseState.READY and via_queue:
            # the applicant takes a pickup ticket (or two: the receipt scanned twice), is
            # called to the pickup counter and handed the KK; the next call there may
            # well be that second ticket
            self.take_pickup_ticket(index)
            if not yes:
                self.take_pickup_ticket(index)
            self.call_next(SESSIONS[0], True, 3)
            self.handover(SESSIONS[0], True, index, "right")
            self.call_next(SESSIONS[0], True, 3)
        elif state == CaseState.READY:
            self.handover(SESSIONS[0], True, index, "right" if yes else "wrong")

    # -- what always holds ----------------------------------------------------------------
    @invariant()
    def every_case_is_where_the_model_says_by_allowed_edges(self):
        with self.office.read() as repo:
            stored = {row["id"]: row["state"] for row in repo.open_case_rows()}
            archived = [c for month in repo.archive_months() for c in repo.archived_cases(month)]
            stored |= {c.id: c.state.value for c in archived}
            changed = [repo.get_case(cid) for cid in sorted(self.touched)]
            day = self.clock.now().date()
            prefix = self.config.service(self.app).prefix
            serving = [t for t in repo.tickets_of_day(day, [prefix]) if t.state == "CALLED"]
        assert set(stored) == set(self.model), "a case appeared or vanished"
        ids = [c.id for c in archived]  # a closed case is archived once (reports count them)
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        for cid, state in self.model.items():
            assert state in set(CaseState)
            assert stored[cid] == state.value, (cid, stored[cid], state)
        for ticket in serving:  # a counter serves an applicant whose case is at step 2
            assert self.model[ticket.case_id] == CaseState.VERIFYING, (ticket.id, ticket.case_id)
        for case in changed:  # the cases an action touched since the last check
            assert_history(case, self.model[case.id])
        self.touched.clear()

    def teardown(self) -> None:
        try:
            with self.office.read() as repo:
                cases = [repo.get_case(cid) for cid in self.model]
            for case in cases:
                assert_history(case, self.model[case.id])
            # the numbers the office gives out are never given twice
            for name in ("register_no", "receipt_no", "agenda_no", "nomor_kk"):
                given = [getattr(c, name) for c in cases if getattr(c, name)]
                assert len(given) == len(set(given)), (name, given)
            for case in cases:
                if case.nomor_kk:
                    assert check_nomor_kk(case.nomor_kk, date_rule="strict") == [], case.nomor_kk
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    @invariant()
    def the_audit_chain_verifies(self):
        marker = self.store.marker()["gen"]
        if marker != self.verified_gen:  # something was stored since the last check
            report = verify_chain(self.store)
            assert report.ok, report.to_dict()
            self.verified_gen = marker


def test_the_workflow_under_random_actions_by_random_staff(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(shared.auth, "SCRYPT_N", 2**4)
    try:
        run_state_machine_as_test(
            Workflow,
            settings=settings(
                max_examples=50,  # about 10 s here: the suite's budget is 60 s in all
                stateful_step_count=40,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    finally:
        if _TEMPLATE:
            shutil.rmtree(_TEMPLATE[0].parent, ignore_errors=True)
            _TEMPLATE.clear()
