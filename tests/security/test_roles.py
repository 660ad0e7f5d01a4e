"""Every role boundary outside the case workflow is enforced by the domain, and nothing changes.

``tests/test_workflow.py`` already tries every case action (steps 2-10,
cancel) with every other role; ``tests/station/test_counter_roles.py`` the
counter's actions with a Kasi. Here, table-driven: the queue at the counter
(call next, call a ticket, recall, skip), looking up a pickup receipt, closing
a day, reprinting a final (signed) KK, and the supervisor's staff
administration, each tried by every role but its own; and for those and every
case action, a forged session (a staff member claiming another role) and a
disabled account. Each refusal is a domain error and leaves the store's
generation where it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from helpers import application_service, case_in, counter_for, family

from shared.actions import ACTIONS
from shared.config import PrinterConfig
from shared.counter_desk import locate_pickup
from shared.day_close import close_day
from shared.document_print import print_pending_documents
from shared.errors import AuthError, NotAllowed
from shared.office import Office, Session
from shared.sop import CaseState, Role


@dataclass
class World:
    office: Office
    sessions: dict[str, Session]
    counter: int
    waiting: str  # a waiting ticket's id
    receipt: str  # a READY case's pickup receipt number and token
    token: str
    final_kk: str  # the printed job of its final KK


@pytest.fixture
def world(office, sessions, tmp_path) -> World:
    spool = PrinterConfig("kantor", "spool", None, {"path": tmp_path / "spool"})
    printers = {**office.config.printers, "kantor": spool}
    office = Office(
        office.store, dataclasses.replace(office.config, printers=printers), office.clock
    )
    cid, token = case_in(office, sessions, CaseState.READY)
    print_pending_documents(office, worker="print-1")
    with office.read() as repo:
        done = repo.done_jobs(office.now().strftime("%Y-%m"))[0]
    final_kk = next(j.id for j in done if j.kind == "final_kk")
    receipt = office.cases.show(cid).receipt_no
    svc = application_service(office)
    counter = counter_for(office, svc)
    office.queue.take_ticket(svc, kind=office.config.kinds[0].code)
    office.queue.take_ticket(svc, kind=office.config.kinds[0].code)
    office.queue.call_next(sessions["LOKET1"], counter)  # counter busy: recall and skip apply
    waiting = next(t.id for t in office.queue.today() if t.state.value == "WAITING")
    return World(office, sessions, counter, waiting, receipt, token or "", final_kk)


Act = Callable[[World, Session], Any]

BOUNDARIES: dict[str, tuple[Role | tuple[Role, ...], Act]] = {
    "queue: call next": (Role.PENGOLAH_DATA, lambda w, s: w.office.queue.call_next(s, 2)),
    "queue: call a ticket": (
        Role.PENGOLAH_DATA, lambda w, s: w.office.queue.call_ticket(s, 2, w.waiting),
    ),
    "queue: recall": (Role.PENGOLAH_DATA, lambda w, s: w.office.queue.recall(s, w.counter)),
    "queue: skip (no-show)": (Role.PENGOLAH_DATA, lambda w, s: w.office.queue.skip(s, w.counter)),
    "pickup: look up a receipt": (
        Role.PENGOLAH_DATA, lambda w, s: locate_pickup(w.office, s, w.receipt, w.token),
    ),
    "close a day": (
        Role.SUPERVISOR, lambda w, s: close_day(w.office, w.office.now().date() - timedelta(1), s),
    ),
    "staff: add": (
        Role.SUPERVISOR, lambda w, s: w.office.staff.add("NEW1", "Baru", "KASI", "246810", by=s),
    ),
    "staff: disable": (
        Role.SUPERVISOR, lambda w, s: w.office.staff.set_active("LOKET2", False, by=s),
    ),
    "staff: set a PIN": (
        Role.SUPERVISOR, lambda w, s: w.office.staff.set_pin("LOKET2", "246810", by=s),
    ),
    "print: reprint a final (signed) KK": (
        (Role.ADMIN_SIAK, Role.SUPERVISOR), lambda w, s: w.office.printing.reprint(w.final_kk, s),
    ),
    "staff: set a role": (
        Role.SUPERVISOR, lambda w, s: w.office.staff.set_role("LOKET2", "KABID", by=s),
    ),
}  # fmt: skip


def session_of(sessions: dict[str, Session], role: Role) -> Session:
    return next(s for s in sessions.values() if s.role == role)


def refused(world: World, act: Act, session: Session, error: type[Exception]) -> str:
    """Run ``act`` as ``session``: it must raise ``error`` and change nothing; its key."""
    store = world.office.store
    gen = store.marker()["gen"]
    with pytest.raises(error) as err:
        act(world, session)
    assert store.marker()["gen"] == gen, "a refused action changed the store"
    return err.value.key


@pytest.mark.parametrize("name", list(BOUNDARIES))
def test_every_other_role_is_refused(world, name):
    allowed, act = _roles(BOUNDARIES[name])
    for role in Role:
        if role in allowed:
            continue
        key = refused(world, act, session_of(world.sessions, role), NotAllowed)
        assert key == "workflow.role_refused", (name, role)
    act(world, session_of(world.sessions, allowed[0]))  # the allowed role is not refused


def _roles(entry: tuple[Role | tuple[Role, ...], Act]) -> tuple[tuple[Role, ...], Act]:
    allowed, act = entry
    return (allowed if isinstance(allowed, tuple) else (allowed,)), act


def _someone_else(sessions: dict[str, Session], role: Role) -> str:
    """A staff ID whose real role is not ``role``."""
    return next(sid for sid, s in sessions.items() if s.role != role)


@pytest.mark.parametrize("name", list(BOUNDARIES))
def test_a_forged_session_or_a_disabled_account_is_refused(world, name):
    (allowed, *_), act = _roles(BOUNDARIES[name])
    forged = Session(_someone_else(world.sessions, allowed), allowed, "test")  # claims a role
    assert refused(world, act, forged, NotAllowed) == "auth.role_changed"
    own = session_of(world.sessions, allowed)
    world.office.staff.set_active(own.staff_id, False)
    assert refused(world, act, own, AuthError) == "auth.disabled"


def _attempt_case_action(office: Office, name: str, cid: str, session: Session) -> Any:
    if name.startswith("verify"):
        return office.cases.verify(session, cid, present=[])
    if name == "input":
        return office.cases.input_family(session, cid, family())
    if name.endswith(("_approve", "_reject")):
        return office.cases.review(session, cid, approve=name.endswith("approve"), note="x")
    if name == "final_print":
        return office.cases.final_print(session, cid)
    if name == "sign":
        return office.cases.sign(session, cid)
    if name == "register":
        return office.cases.register(session, cid)
    if name == "handover":
        return office.cases.handover(session, cid, "X")
    if name == "cancel":
        return office.cases.cancel(session, cid, "x")
    raise AssertionError(name)


@pytest.mark.parametrize("name", list(ACTIONS))
def test_a_forged_session_cannot_take_a_case_step(office, sessions, name):
    action = ACTIONS[name]
    state = sorted(action.from_states, key=list(CaseState).index)[0]
    cid, _ = case_in(office, sessions, state)
    before = office.cases.show(cid).to_dict()
    gen = office.store.marker()["gen"]
    forged = Session(_someone_else(sessions, action.role), action.role, "test")
    with pytest.raises(NotAllowed) as err:
        _attempt_case_action(office, name, cid, forged)
    assert err.value.key == "auth.role_changed"
    assert office.store.marker()["gen"] == gen
    assert office.cases.show(cid).to_dict() == before
