"""The SOP's case actions: the full walk, the return loops, and every refusal."""

from __future__ import annotations

import pytest
from helpers import all_present, case_in, counter_for, family, new_case

from shared.actions import ACTIONS
from shared.audit import verify_chain
from shared.errors import DomainError, NotAllowed, WrongState
from shared.sop import CaseState, Role


def _audit_events(office, case_id):
    with office.read() as repo:
        events = [e for p in repo.audit_files() for e in repo.tx.read_log(p)]
    return [e for e in events if e["entity_id"] == case_id]


def _audit_actions(office, case_id):
    return [e["action"] for e in _audit_events(office, case_id)]


def test_one_case_walks_all_ten_steps(office, sessions, clock):
    s = sessions
    svc = office.config.application_services()[0].code
    kind = office.config.kinds[0].code
    ticket = office.queue.take_ticket(svc, kind=kind)
    assert ticket.display.endswith("-001")
    clock.advance(minutes=4)
    called = office.queue.call_next(s["LOKET1"], counter_for(office, svc))
    cid = called.case_id
    case = office.cases.show(cid)
    assert (case.state, case.step) == (CaseState.VERIFYING, 2)
    assert case.history[0].step == 1 and case.submitted_at == ticket.taken_at

    expected = [
        ("verify", CaseState.INPUT, 3),
        ("input", CaseState.KASI_REVIEW, 4),
        ("kasi", CaseState.KABID_REVIEW, 5),
        ("kabid", CaseState.FINAL_PRINT, 7),
        ("print", CaseState.SIGNING, 8),
        ("sign", CaseState.REGISTER, 9),
        ("register", CaseState.READY, 10),
    ]
    token = None
    for name, state, step in expected:
        clock.advance(minutes=5)
        if name == "verify":
            case, token = office.cases.verify(
                s["LOKET1"],
                cid,
                present=all_present(office, kind),
                applicant_name="budi  santoso",
                applicant_nik="6171011708900003",
            )
            assert case.register_no and case.receipt_no and token
            assert case.applicant_name == "BUDI SANTOSO"
            assert case.expected_ready > clock.now().date()
        elif name == "input":
            case = office.cases.input_family(s["SIAK1"], cid, family())
            assert case.nomor_kk and len(case.nomor_kk) == 16
            assert case.nomor_kk.startswith("617101")
        elif name == "kasi":
            case = office.cases.review(s["KASI1"], cid, approve=True)
        elif name == "kabid":
            case = office.cases.review(s["KABID1"], cid, approve=True)
            assert [p.role for p in case.parafs] == [Role.KASI, Role.KABID]
        elif name == "print":
            case = office.cases.final_print(s["SIAK1"], cid)
        elif name == "sign":
            case = office.cases.sign(s["KADIS"], cid)
        elif name == "register":
            case = office.cases.register(s["LOKET1"], cid)
            assert case.agenda_no
        assert (case.state, case.step) == (state, step), name
        assert office.cases.show(cid).state == state
        audit = _audit_events(office, cid)[-1]
        assert audit["action"] == f"case.{case.history[-1].action}"
        assert (audit["to_state"], audit["staff_id"]) == (state.value, case.history[-1].staff_id)

    pickup = office.queue.take_pickup_ticket(case.receipt_no)
    pickup_counter = counter_for(office, pickup.service)
    office.queue.call_next(s["LOKET2"], pickup_counter)
    case = office.cases.handover(s["LOKET2"], cid, token)
    assert case.state == CaseState.HANDED_OVER and case.step is None
    assert office.cases.show(cid).state == CaseState.HANDED_OVER  # read back from the archive
    assert [h.step for h in case.history] == [1, 2, 3, 4, 5, 7, 8, 9, 10]
    assert _audit_actions(office, cid) == [
        "case.open",
        "case.verify_complete",
        "case.input",
        "case.kasi_approve",
        "case.kabid_approve",
        "case.final_print",
        "case.sign",
        "case.register",
        "case.handover",
    ]
    with office.read() as repo:
        assert repo.get_ticket(pickup.id).state.value == "DONE"
        assert repo.open_case_rows() == []
    assert verify_chain(office.store).ok


def test_incomplete_file_is_returned_to_the_applicant(office, sessions):
    cid = new_case(office, sessions)
    kind = office.cases.show(cid).kind
    reqs = all_present(office, kind)
    case, token = office.cases.verify(sessions["LOKET1"], cid, present=reqs[:-1])
    assert token is None
    assert case.state == CaseState.RETURNED and case.step is None
    assert case.missing == [reqs[-1]]
    with office.read() as repo:
        jobs = repo.open_jobs()
        assert [j.kind for j in jobs if j.ref == cid] == ["return_slip"]
        assert repo.get_ticket(case.ticket_id).state.value == "DONE"
    assert _audit_actions(office, cid)[-1] == "case.verify_incomplete"


def test_kasi_rejection_returns_case_to_input(office, sessions):
    cid, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    with pytest.raises(DomainError) as err:
        office.cases.review(sessions["KASI1"], cid, approve=False, note="  ")
    assert err.value.key == "workflow.note_required"
    case = office.cases.review(sessions["KASI1"], cid, approve=False, note="Nama ibu salah eja")
    assert (case.state, case.step) == (CaseState.INPUT, 3)
    assert case.last_note == "Nama ibu salah eja" and case.rejections == 1
    rows = office.cases.work_list(Role.ADMIN_SIAK)
    assert rows[0]["id"] == cid and rows[0]["last_note"] == "Nama ibu salah eja"
    case = office.cases.input_family(sessions["SIAK2"], cid, family())
    assert case.draft_version == 2 and case.state == CaseState.KASI_REVIEW


def test_kabid_rejection_returns_case_to_kasi(office, sessions):
    cid, _ = case_in(office, sessions, CaseState.KABID_REVIEW)
    case = office.cases.review(sessions["KABID1"], cid, approve=False, note="Cek tanggal kawin")
    assert (case.state, case.step) == (CaseState.KASI_REVIEW, 4)
    case = office.cases.review(sessions["KASI1"], cid, approve=False, note="Perbaiki")
    assert case.state == CaseState.INPUT
    office.cases.input_family(sessions["SIAK1"], cid, family())
    office.cases.review(sessions["KASI1"], cid, approve=True)
    case = office.cases.review(sessions["KABID1"], cid, approve=True)
    assert case.state == CaseState.FINAL_PRINT and case.rejections == 2
    assert [h.note for h in case.history if h.note] == ["Cek tanggal kawin", "Perbaiki"]


def test_person_who_input_a_draft_may_not_approve_it(office, sessions, store):
    from shared.office import Session

    cid, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    with office.write() as repo:  # SIAK1 is moved to the Kasi's desk
        staff = repo.get_staff("SIAK1")
        staff.role = Role.KASI
        repo.put_staff(staff)
    gen = store.marker()["gen"]
    with pytest.raises(NotAllowed) as err:
        office.cases.review(Session("SIAK1", Role.KASI), cid, approve=True)
    assert err.value.key == "workflow.own_draft"
    assert store.marker()["gen"] == gen


def test_handover_needs_the_receipt_token(office, sessions, store):
    cid, token = case_in(office, sessions, CaseState.READY)
    with pytest.raises(NotAllowed):
        office.cases.handover(sessions["LOKET1"], cid, "WRONG12345")
    assert office.cases.show(cid).state == CaseState.READY
    assert _audit_actions(office, cid)[-1] == "case.handover_refused"
    case = office.cases.handover(sessions["LOKET1"], cid, token.lower())
    assert case.state == CaseState.HANDED_OVER


def test_handover_refused_for_a_case_not_ready(office, sessions):
    cid, token = case_in(office, sessions, CaseState.SIGNING)
    with pytest.raises(WrongState):
        office.cases.handover(sessions["LOKET1"], cid, token)


def test_pickup_ticket_refused_until_ready(office, sessions):
    cid, _ = case_in(office, sessions, CaseState.KABID_REVIEW)
    receipt = office.cases.show(cid).receipt_no
    with pytest.raises(WrongState) as err:
        office.queue.take_pickup_ticket(receipt)
    assert "Kabid" in err.value.message("id")
    with pytest.raises(DomainError) as err:
        office.queue.take_pickup_ticket(receipt[:-1] + str((int(receipt[-1]) + 1) % 10))
    assert err.value.key == "pickup.bad_receipt"


def test_one_pickup_number_per_receipt_while_it_waits(office, sessions):
    cid, _ = case_in(office, sessions, CaseState.READY)
    receipt = office.cases.show(cid).receipt_no
    first = office.queue.take_pickup_ticket(receipt)
    with pytest.raises(DomainError) as err:  # scanned again, at this kiosk or another
        office.queue.take_pickup_ticket(receipt)
    assert err.value.key == "pickup.already_queued"
    assert first.display in err.value.message("id") and first.display in err.value.message("en")
    pickups = [t.id for t in office.queue.today() if t.case_id == cid and t.display[0] == "B"]
    assert pickups == [first.id]
    called = office.queue.call_next(sessions["LOKET2"], 3)
    assert called is not None and called.id == first.id
    with pytest.raises(DomainError):  # still being served
        office.queue.take_pickup_ticket(receipt)
    office.queue.skip(sessions["LOKET2"], 3)  # did not come: a new number may be taken
    again = office.queue.take_pickup_ticket(receipt)
    assert again.id != first.id


def test_supervisor_cancels_with_a_reason(office, sessions):
    cid, _ = case_in(office, sessions, CaseState.KABID_REVIEW)
    with pytest.raises(DomainError):
        office.cases.cancel(sessions["SPV1"], cid, "")
    case = office.cases.cancel(sessions["SPV1"], cid, "Permohonan ganda")
    assert case.state == CaseState.CANCELLED and case.close_reason == "Permohonan ganda"


# -- every action refused in every wrong state and for every wrong role --------------


def _attempt(office, s, name, cid, session):
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


def _session_for(sessions, role):
    return next(s for s in sessions.values() if s.role == role)


ALL_STATES = list(CaseState)


@pytest.mark.parametrize("state", ALL_STATES, ids=lambda s: s.value)
def test_actions_refused_in_wrong_states_change_nothing(office, sessions, store, state):
    cid, _ = case_in(office, sessions, state)
    before = office.cases.show(cid).to_dict()
    for name, action in ACTIONS.items():
        if state in action.from_states:
            continue
        gen = store.marker()["gen"]
        # A review at the other reviewer's step is refused by role; all else by state.
        review_elsewhere = name.endswith(("_approve", "_reject")) and state in (
            CaseState.KASI_REVIEW,
            CaseState.KABID_REVIEW,
        )
        with pytest.raises(NotAllowed if review_elsewhere else WrongState):
            _attempt(office, sessions, name, cid, _session_for(sessions, action.role))
        assert store.marker()["gen"] == gen, name
    assert office.cases.show(cid).to_dict() == before


@pytest.mark.parametrize("name", list(ACTIONS), ids=str)
def test_actions_refused_for_every_wrong_role(office, sessions, store, name):
    action = ACTIONS[name]
    state = sorted(action.from_states, key=ALL_STATES.index)[0]
    cid, _ = case_in(office, sessions, state)
    before = office.cases.show(cid).to_dict()
    for role in Role:
        if role == action.role:
            continue
        gen = store.marker()["gen"]
        with pytest.raises(NotAllowed):
            _attempt(office, sessions, name, cid, _session_for(sessions, role))
        assert store.marker()["gen"] == gen, role
    assert office.cases.show(cid).to_dict() == before


def test_disabled_staff_cannot_act(office, sessions):
    from shared.errors import AuthError

    cid = new_case(office, sessions)
    office.staff.set_active("LOKET1", False)
    with pytest.raises(AuthError):
        office.cases.verify(sessions["LOKET1"], cid, present=[])


def test_optional_requirements_never_make_a_file_incomplete(office, sessions):
    kind = next(k for k in office.config.kinds if any(r.optional for r in k.requirements))
    cid = new_case(office, sessions, kind.code)
    required = [r.code for r in kind.requirements if not r.optional]
    case, token = office.cases.verify(
        sessions["LOKET1"],
        cid,
        present=required,
        applicant_name="Budi",
        applicant_nik="6171011708900003",
    )
    assert case.state == CaseState.INPUT and token and case.missing == []
    assert not all(case.requirements.values())


def test_nomor_kk_serials_count_per_region_and_day(office, sessions):
    numbers = []
    for _ in range(2):
        cid, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
        numbers.append(office.cases.show(cid).nomor_kk)
    assert numbers[0][:12] == numbers[1][:12] == "617101231126"
    assert (numbers[0][12:], numbers[1][12:]) == ("0001", "0002")
