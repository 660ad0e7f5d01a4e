"""The SOP's case actions (steps 2-10), each one transaction.

Each public method of :class:`CaseFlow` is one action of the table in
:mod:`shared.actions`: it checks the actor's role and the case's state,
validates, stores the change, its history entry, its audit event and any
print job in one transaction, and returns the new state of the case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared.actions import ACTIONS, token_hash, work_states
from shared.calendar import add_working_time
from shared.errors import DomainError, NotAllowed, ValidationError, WrongState
from shared.ids import new_token, receipt_no
from shared.model import Case, HistoryEntry, Paraf, PrintJob, Staff, TicketState
from shared.queue import kind_of
from shared.sop import FINAL_STATES, STEPS, CaseState, Role
from shared.store.repo import Repo

if TYPE_CHECKING:
    from shared.office import Office, Session


class CaseFlow:
    """Verify, input, review, print, sign, register, hand over, cancel."""

    def __init__(self, office: Office) -> None:
        self.office = office

    # -- step 2 ---------------------------------------------------------------------
    def verify(
        self,
        session: Session,
        case_id: str,
        *,
        present: list[str],
        kind: str | None = None,
        applicant_name: str | None = None,
        applicant_nik: str | None = None,
        phone: str | None = None,
    ) -> tuple[Case, str | None]:
        """Check the file against the kind's requirements.

        All present: the case is registered (buku register), gets a pickup
        receipt with a secret token (returned here, and printed) and goes to
        the SIAK operator. Anything missing: the file goes back to the
        applicant with a return slip listing it; the case ends.
        """
        cfg = self.office.config
        token: str | None = None

        def change(repo: Repo, case: Case, staff: Staff) -> str:
            nonlocal token
            if kind is not None:
                kind_of(cfg, kind)
                case.kind = kind
            reqs = kind_of(cfg, case.kind).requirements
            known = {r.code for r in reqs}
            unknown = [p for p in present if p not in known]
            if unknown:
                raise DomainError(
                    "case.unknown_requirement",
                    codes=", ".join(unknown),
                    known=", ".join(sorted(known)),
                )
            case.requirements = {r.code: r.code in present for r in reqs}
            # an optional requirement (only needed in some cases) never makes a file incomplete
            case.missing = [r.code for r in reqs if r.code not in present and not r.optional]
            if phone:
                case.phone = phone
            now = self.office.now()
            if case.missing:
                self._job(repo, case, "return_slip", self._counter_printer(case))
                self._finish_ticket(repo, case.ticket_id, now)
                return "verify_incomplete"
            case.applicant_name = _applicant_name(applicant_name)
            case.applicant_nik = _applicant_nik(applicant_nik, now)
            year = now.year
            case.register_no = f"{repo.next_counter('register', period=str(year)):05d}/REG/{year}"
            case.receipt_no = receipt_no(case.id)
            token = new_token()
            case.pickup_token_hash = token_hash(token)
            case.expected_ready = self._expected_ready(now)
            self._job(repo, case, "pickup_receipt", self._counter_printer(case), token=token)
            self._finish_ticket(repo, case.ticket_id, now)
            return "verify_complete"

        case = self._act(session, case_id, ("verify_complete", "verify_incomplete"), change)
        return case, token

    # -- step 3 ---------------------------------------------------------------------
    def input_family(self, session: Session, case_id: str, family: Any) -> Case:
        """Enter the family (validated whole), issue a Nomor KK if new, print the draft."""
        from shared.family import validate_family

        def change(repo: Repo, case: Case, staff: Staff) -> str:
            now = self.office.now()
            fam = validate_family(family, today=now.date()).to_dict()
            if not fam.get("nomor_kk"):
                fam["nomor_kk"] = case.nomor_kk or self._new_nomor_kk(repo, fam, now)
            case.previous_family = case.family  # a returned draft: what was last reviewed
            case.family = fam
            case.nomor_kk = fam["nomor_kk"]
            case.draft_version += 1
            case.input_by = staff.id
            self._job(repo, case, "draft_kk", self._document_printer(), version=case.draft_version)
            return "input"

        return self._act(session, case_id, ("input",), change)

    # -- steps 4 and 5 ---------------------------------------------------------------
    def review(
        self, session: Session, case_id: str, *, approve: bool, note: str | None = None
    ) -> Case:
        """Paraf (approve) or send back with a note.

        The case's step decides whose review it is (step 4: the Kasi, step 5:
        the Kabid); anyone else is refused by role.
        """
        verb = "approve" if approve else "reject"

        def names(case: Case) -> tuple[str, ...]:
            prefix = {CaseState.KASI_REVIEW: "kasi", CaseState.KABID_REVIEW: "kabid"}.get(
                case.state, "kasi" if session.role == Role.KASI else "kabid"
            )
            return (f"{prefix}_{verb}",)

        def change(repo: Repo, case: Case, staff: Staff) -> str:
            if case.input_by == staff.id:
                raise NotAllowed("workflow.own_draft", staff=staff.id)
            if approve:
                case.parafs.append(
                    Paraf(
                        role=staff.role,
                        staff_id=staff.id,
                        at=self.office.now(),
                        draft_version=case.draft_version,
                    )
                )
            else:
                case.rejections += 1
            return names(case)[0]

        return self._act(session, case_id, names, change, note=note)

    # -- step 7 ---------------------------------------------------------------------
    def final_print(self, session: Session, case_id: str) -> Case:
        """Print the KK on the office printer and pass it to the Kepala Dinas."""

        def change(repo: Repo, case: Case, staff: Staff) -> str:
            case.printed_by = staff.id
            case.issued_on = self.office.now().date()
            self._job(repo, case, "final_kk", self._document_printer())
            return "final_print"

        return self._act(session, case_id, ("final_print",), change)

    # -- step 8 ---------------------------------------------------------------------
    def sign(self, session: Session, case_id: str, signature: dict[str, Any] | None = None) -> Case:
        """The Kepala Dinas signs (the electronic signature itself is made by the caller)."""

        def change(repo: Repo, case: Case, staff: Staff) -> str:
            case.signed_by = staff.id
            case.signature = signature
            return "sign"

        return self._act(session, case_id, ("sign",), change)

    # -- step 9 ---------------------------------------------------------------------
    def register(
        self, session: Session, case_id: str, *, stamped: bool = True, archived: bool = True
    ) -> Case:
        """Enter the signed KK in the buku agenda, stamp it, archive the file: ready.

        ``stamped`` and ``archived``: the clerk confirms the KK carries the
        office's stamp and the application file is archived (the counter's
        screen asks for both); without either the step is not done.
        """

        def change(repo: Repo, case: Case, staff: Staff) -> str:
            if not (stamped and archived):
                raise DomainError("workflow.register_unconfirmed", case=case.id)
            year = self.office.now().year
            case.agenda_no = f"{repo.next_counter('agenda', period=str(year)):05d}/AGD/{year}"
            return "register"

        return self._act(session, case_id, ("register",), change)

    # -- step 10 --------------------------------------------------------------------
    def handover(self, session: Session, case_id: str, token: str) -> Case:
        """Hand the KK over to the bearer of the pickup receipt whose token matches."""

        def change(repo: Repo, case: Case, staff: Staff) -> str:
            if not token or token_hash(token) != case.pickup_token_hash:
                raise NotAllowed("pickup.token_mismatch")
            now = self.office.now()
            case.handed_over_by = staff.id
            counter = case.counter
            if case.pickup_ticket_id:  # the proof prints at the pickup counter that called it
                counter = repo.get_ticket(case.pickup_ticket_id).counter or counter
            self._job(repo, case, "handover_proof", self._printer_of(counter))
            if case.pickup_ticket_id:
                self._finish_ticket(repo, case.pickup_ticket_id, now)
            return "handover"

        try:
            return self._act(session, case_id, ("handover",), change)
        except NotAllowed as err:
            if err.key == "pickup.token_mismatch":
                self._record_refused_handover(session, case_id)
            raise

    # -- cancel ---------------------------------------------------------------------
    def cancel(self, session: Session, case_id: str, reason: str) -> Case:
        """A supervisor withdraws a case, with a written reason.

        A ticket still being served for it (at step 2, or a pickup call) is done: the
        counter is free again, and the applicant is not recorded as a no-show.
        """

        def change(repo: Repo, case: Case, staff: Staff) -> str:
            now = self.office.now()
            for ticket_id in (case.ticket_id, case.pickup_ticket_id):
                if ticket_id:
                    self._finish_ticket(repo, ticket_id, now)
            return "cancel"

        return self._act(session, case_id, ("cancel",), change, note=reason)

    def close(
        self,
        repo: Repo,
        case: Case,
        staff: Staff,
        session: Session,
        reason: str,
        state: CaseState,
        *,
        action: str,
    ) -> None:
        """End ``case`` inside an existing transaction (used by the queue's no-show)."""
        self._transition(repo, case, staff, session, action, state, None, reason)
        case.close_reason = reason
        repo.put_case(case)

    # -- reading --------------------------------------------------------------------
    def show(self, case_id: str) -> Case:
        with self.office.read() as repo:
            return repo.get_case(case_id)

    def work_list(self, role: Role) -> list[dict[str, Any]]:
        """Open cases waiting for ``role``; returned drafts first, then oldest first."""
        with self.office.read() as repo:
            rows = repo.open_case_rows(work_states(role))
        return sorted(rows, key=lambda r: (r["rejections"] == 0, r["state_since"]))

    # -- the engine -----------------------------------------------------------------
    def _act(
        self,
        session: Session,
        case_id: str,
        names: tuple[str, ...] | Callable[[Case], tuple[str, ...]],
        change: Callable[[Repo, Case, Staff], str],
        note: str | None = None,
    ) -> Case:
        note = (note or "").strip() or None
        with self.office.write() as repo:
            case = repo.get_case(case_id)
            first = ACTIONS[(names(case) if callable(names) else names)[0]]
            staff = self.office.acting(repo, session, first.role)
            if case.state not in first.from_states:
                raise WrongState(
                    "workflow.wrong_state", case=case.id, action=first.name, state=case.state.value
                )
            if first.needs_note and not note:
                raise DomainError("workflow.note_required", action=first.name)
            name = change(repo, case, staff)
            action = ACTIONS[name]
            self._transition(repo, case, staff, session, name, action.to_state, action.step, note)
            if action.to_state in FINAL_STATES:
                case.close_reason = note or name
            repo.put_case(case)
        return case

    def _transition(
        self,
        repo: Repo,
        case: Case,
        staff: Staff,
        session: Session,
        name: str,
        to_state: CaseState,
        number: int | None,
        note: str | None,
    ) -> None:
        now = self.office.now()
        before = case.state
        case.history.append(
            HistoryEntry(
                action=name,
                at=now,
                staff_id=staff.id,
                role=staff.role,
                from_state=before,
                to_state=to_state,
                step=number,
                note=note,
                station=session.station,
            )
        )
        case.state = to_state
        case.state_since = now
        if note:
            case.last_note = note
        if to_state in FINAL_STATES:
            case.closed_at = now
        repo.audit(
            at=now,
            action=f"case.{name}",
            entity="case",
            entity_id=case.id,
            staff_id=staff.id,
            role=staff.role,
            station=session.station,
            from_state=before.value,
            to_state=to_state.value,
            note=note,
            data={"step": number} if number else {},
        )

    def _record_refused_handover(self, session: Session, case_id: str) -> None:
        with self.office.write() as repo:
            repo.audit(
                at=self.office.now(),
                action="case.handover_refused",
                entity="case",
                entity_id=case_id.strip().upper(),
                staff_id=session.staff_id,
                role=session.role,
                station=session.station,
                note="token mismatch",
            )

    def _finish_ticket(self, repo: Repo, ticket_id: str, now: datetime) -> None:
        ticket = repo.get_ticket(ticket_id)
        if ticket.state == TicketState.CALLED:
            ticket.state = TicketState.DONE
            ticket.done_at = now
            repo.put_ticket(ticket)

    def _job(self, repo: Repo, case: Case, kind: str, printer: str, **params: Any) -> None:
        repo.add_job(
            PrintJob(
                id="",
                kind=kind,
                printer=printer,
                ref=case.id,
                created_at=self.office.now(),
                params=params,
            )
        )

    def _counter_printer(self, case: Case) -> str:
        return self._printer_of(case.counter)

    def _printer_of(self, counter: int | None) -> str:
        """The receipt printer of ``counter`` (the kiosk's when there is none)."""
        cfg = self.office.config
        try:
            return cfg.counter(counter).printer if counter else cfg.kiosk.printer
        except KeyError:
            return cfg.kiosk.printer

    def _document_printer(self) -> str:
        return self.office.config.document_printer

    def _expected_ready(self, now: datetime):  # noqa: ANN202 - date
        cfg = self.office.config
        when = now
        for s in STEPS:
            if 3 <= s.number <= 9:
                when = add_working_time(when, cfg.standard_time(s.number), cfg.hours)
        return when.date()

    def _new_nomor_kk(self, repo: Repo, family: dict[str, Any], now: datetime) -> str:
        """A new Nomor KK by the office's rule (``[nomor_kk]`` in config.toml)."""
        from shared.regions import kecamatan_code

        rules = self.office.config.nomor_kk
        region = rules.default_region
        if rules.region_source == "kecamatan":
            region = kecamatan_code(family.get("kecamatan") or "") or region
        issued = now.date()
        serial = repo.next_counter(
            f"nomor_kk:{region}{issued:%Y%m%d}", period=now.strftime("%Y-%m")
        )
        if serial > rules.max_serial:
            raise DomainError("case.nomor_kk_exhausted", region=region)
        return rules.format(region, issued, serial)


def _applicant_name(name: str | None) -> str:
    name = " ".join((name or "").split()).upper()
    if not name:
        raise ValidationError("applicant.name_required", field="applicant_name")
    return name


def _applicant_nik(nik: str | None, now: datetime) -> str:
    from shared.nik import parse_nik

    text = (nik or "").strip()
    if not text:
        raise ValidationError("applicant.nik_required", field="applicant_nik")
    parse_nik(text)
    return text
