"""Where each record lives: the store's layout, behind domain-level methods.

The layout keeps every file an action touches small, whatever the office's
history or the number of open cases::

    meta.json                          format, change marker, audit head, job counter
    staff.json                         staff accounts
    counters/2026.json                 yearly numbers: buku register, buku agenda
    counters/2026-11.json              daily serials (Nomor KK)
    tickets/2026-11-23/A.json          one day's tickets of one service (+ its counter)
    cases/open/KABID_REVIEW/07.json    summary rows of open cases, by state, 32 buckets
    cases/data/261123/KK-261123-A012.json   one open case, whole
    cases/archive/2026-11.jsonl        closed cases, by month of closing (append-only)
    cases/closed/261123.json           where each closed case of that day went
    print/jobs/kiosk1.json             print jobs not yet done, one file per printer
    print/done/2026-11.jsonl           finished print jobs (append-only)
    audit/2026-11/2026-11-23.jsonl     the audit chain, one file per day (append-only)

Screens never see this: they call the workflow, which calls this.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from shared.errors import NotFound, StoreCorrupt
from shared.ids import parse_case_id, parse_ticket_id
from shared.model import AuditEvent, Case, PrintJob, Staff, Ticket
from shared.sop import FINAL_STATES, CaseState, Role
from shared.store.tx import Transaction

META = "meta.json"
STAFF = "staff.json"
JOBS = "print/jobs"
CASES_OPEN = "cases/open"
INDEX_BUCKETS = 32
GENESIS = "0" * 64


def canonical(doc: dict[str, Any]) -> str:
    """The exact text an audit hash covers."""
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(event: dict[str, Any]) -> str:
    body = {k: v for k, v in event.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode()).hexdigest()


class Repo:
    """Domain-level reads and writes inside one transaction."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    # -- meta & counters -------------------------------------------------------------
    @property
    def meta(self) -> dict[str, Any]:
        return self.tx.load(META)

    def next_counter(self, name: str, *, period: str) -> int:
        """The next number of the counter ``name`` kept in ``counters/<period>.json``."""
        table = self.tx.table(f"counters/{period}.json", "counters")
        row = table.fetch(name) or {"value": 0}
        row["value"] += 1
        table.put(name, row)
        return row["value"]

    def _meta_counter(self, name: str) -> int:
        meta = self.meta
        counters = meta.setdefault("counters", {})
        counters[name] = counters.get(name, 0) + 1
        self.tx.stage(META, meta)
        return counters[name]

    # -- tickets ---------------------------------------------------------------------
    @staticmethod
    def tickets_path(day: date, prefix: str) -> str:
        return f"tickets/{day.isoformat()}/{prefix}.json"

    def next_ticket_number(self, day: date, prefix: str) -> int:
        path = self.tickets_path(day, prefix)
        table = self.tx.table(path, "counter")
        row = table.fetch("next")
        if row is None:  # the day's first ticket, unless its file went missing
            self._refuse_lost_tickets(day, prefix, path)
            row = {"value": 1}
        table.put("next", {"value": row["value"] + 1})
        return row["value"]

    def _refuse_lost_tickets(self, day: date, prefix: str, path: str) -> None:
        """Numbering from 1 again would hand out numbers the audit says were taken today."""
        lost = [
            e["entity_id"]
            for e in self.audit_events_of_day(day)
            if e.get("action") == "ticket.take"
            and (ref := parse_ticket_id(str(e.get("entity_id", "")))) is not None
            and ref.day == day and ref.prefix == prefix
        ]  # fmt: skip
        if lost:
            raise StoreCorrupt(
                "store.missing.tickets", path=str(self.tx.root / path), count=len(lost),
                first=lost[0],
            )  # fmt: skip

    def put_ticket(self, ticket: Ticket) -> None:
        path = self.tickets_path(ticket.day, ticket.display.split("-")[0])
        self.tx.table(path, "tickets").put(ticket.id, ticket.to_dict())
        self.tx.touch("tickets")

    def get_ticket(self, ticket_id: str) -> Ticket:
        ref = parse_ticket_id(ticket_id)
        row = None
        if ref is not None:
            row = self.tx.table(self.tickets_path(ref.day, ref.prefix), "tickets").fetch(
                ticket_id.strip().upper()
            )
        if row is None:
            raise NotFound("ticket.not_found", ticket=ticket_id)
        return Ticket.from_dict(row)

    def tickets_of_day(self, day: date, prefixes: list[str] | None = None) -> list[Ticket]:
        folder = f"tickets/{day.isoformat()}"
        out: list[Ticket] = []
        for path in self.tx.list(folder):
            prefix = path.rsplit("/", 1)[1][:-5]
            if prefixes is None or prefix in prefixes:
                out.extend(Ticket.from_dict(r) for r in self.tx.table(path, "tickets").rows())
        return out

    def ticket_days(self) -> list[str]:
        """The days (ISO) that have ticket files, oldest first."""
        try:
            return sorted(p.name for p in (self.tx.root / "tickets").iterdir() if p.is_dir())
        except FileNotFoundError:
            return []

    # -- cases -----------------------------------------------------------------------
    @staticmethod
    def _case_paths(case_id: str) -> tuple[str, str]:
        """(the open case's data file, the closed-case locator of its day)."""
        ref = parse_case_id(case_id)
        if ref is None:
            raise NotFound("case.not_found", case=case_id)
        yymmdd = ref.day.strftime("%y%m%d")
        return f"cases/data/{yymmdd}/{case_id}.json", f"cases/closed/{yymmdd}.json"

    @staticmethod
    def index_path(case_id: str, state: str) -> str:
        """The summary-index shard of an open case: by state, then by a hash bucket.

        A station lists only the states it works on, and each state's rows are
        spread over at most ``INDEX_BUCKETS`` small files, so neither a list nor
        an action depends on how many cases the office has had, or has open
        elsewhere (such as KKs never collected).
        """
        bucket = zlib.crc32(case_id.encode()) % INDEX_BUCKETS
        return f"{CASES_OPEN}/{state}/{bucket:02d}.json"

    def get_case(self, case_id: str) -> Case:
        """The case, open or archived."""
        case_id = case_id.strip().upper()
        data, closed = self._case_paths(case_id)
        row = self.tx.table(data, "case").fetch(case_id)
        if row is None:
            where = self.tx.table(closed, "closed").fetch(case_id)
            if where is not None:
                row = self.tx.read_log_at(where["archive"], where["offset"])
        if row is None:
            raise NotFound("case.not_found", case=case_id)
        return Case.from_dict(row)

    def case_exists(self, case_id: str) -> bool:
        try:
            self.get_case(case_id)
        except NotFound:
            return False
        return True

    def put_case(self, case: Case) -> None:
        """Store the case; a case that has ended moves to the month's archive."""
        data, closed = self._case_paths(case.id)
        before = self.tx.table(data, "case").fetch(case.id)
        if before is not None and before["state"] != case.state.value:
            self._unindex(case.id, before["state"])
        if case.state in FINAL_STATES:
            month = (case.closed_at or case.state_since).strftime("%Y-%m")
            archive = f"cases/archive/{month}.jsonl"
            offset = self.tx.append(archive, case.to_dict())
            self.tx.table(closed, "closed").put(case.id, {"archive": archive, "offset": offset})
            self.tx.delete(data)
        else:
            self.tx.table(data, "case").put(case.id, case.to_dict())
            self.tx.table(self.index_path(case.id, case.state.value), "cases").put(
                case.id, case.summary()
            )
        self.tx.touch("cases")

    def _unindex(self, case_id: str, state: str) -> None:
        path = self.index_path(case_id, state)
        idx = self.tx.table(path, "cases")
        idx.delete(case_id)
        if not idx.rows():
            self.tx.delete(path)

    def open_case_rows(self, states: set[CaseState] | None = None) -> list[dict[str, Any]]:
        """Summary rows of open cases (optionally only in ``states``), oldest first."""
        wanted = states or (set(CaseState) - FINAL_STATES)
        rows: list[dict[str, Any]] = []
        for state in sorted(s.value for s in wanted):
            for path in self.tx.list(f"{CASES_OPEN}/{state}"):
                rows.extend(self.tx.table(path, "cases").rows())
        rows.sort(key=itemgetter("state_since", "id"))
        return rows

    def archived_cases(self, month: str) -> list[Case]:
        """Every case closed in ``month`` (``YYYY-MM``)."""
        return [Case.from_dict(r) for r in self.tx.read_log(f"cases/archive/{month}.jsonl")]

    def archive_months(self) -> list[str]:
        return [p.rsplit("/", 1)[1][:-6] for p in self.tx.list("cases/archive", ".jsonl")]

    # -- staff -----------------------------------------------------------------------
    def get_staff(self, staff_id: str) -> Staff:
        row = self.tx.table(STAFF, "staff").fetch(staff_id.strip().upper())
        if row is None:
            raise NotFound("staff.not_found", staff=staff_id)
        return Staff.from_dict(row)

    def put_staff(self, staff: Staff) -> None:
        self.tx.table(STAFF, "staff").put(staff.id, staff.to_dict())
        self.tx.touch("staff")

    def all_staff(self) -> list[Staff]:
        return [Staff.from_dict(r) for r in self.tx.table(STAFF, "staff").rows()]

    # -- print jobs --------------------------------------------------------------------
    def add_job(self, job: PrintJob) -> PrintJob:
        job.id = f"PJ-{self._meta_counter('print_job'):07d}"
        self.put_job(job)
        return job

    @staticmethod
    def _jobs_path(printer: str) -> str:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in printer)
        return f"{JOBS}/{safe}.json"

    def put_job(self, job: PrintJob) -> None:
        table = self.tx.table(self._jobs_path(job.printer), "jobs")
        if job.status.value in ("PRINTED", "CANCELLED"):
            table.delete(job.id)
            month = (job.done_at or job.created_at).strftime("%Y-%m")
            self.tx.append(f"print/done/{month}.jsonl", job.to_dict())
        else:
            table.put(job.id, job.to_dict())
        self.tx.touch("print")

    def get_job(self, job_id: str) -> PrintJob:
        key = job_id.strip().upper()
        for path in self.tx.list(JOBS):
            row = self.tx.table(path, "jobs").fetch(key)
            if row is not None:
                return PrintJob.from_dict(row)
        raise NotFound("print.not_found", job=job_id)

    def open_jobs(self, printers: set[str] | None = None) -> list[PrintJob]:
        """Jobs not yet done, oldest first (only ``printers``' queues if given)."""
        paths = (
            [self._jobs_path(p) for p in sorted(printers)]
            if printers is not None
            else self.tx.list(JOBS)
        )
        jobs = [PrintJob.from_dict(r) for p in paths for r in self.tx.table(p, "jobs").rows()]
        jobs.sort(key=lambda j: j.id)
        return jobs

    def done_jobs(self, month: str, offset: int = 0) -> tuple[list[PrintJob], int]:
        """Jobs finished (printed or cancelled) in ``month`` ("2026-11"), in order.

        Only those from byte ``offset`` of the month's log; returns them and the
        offset after them, so a screen reads each finished job once.
        """
        rel = f"print/done/{month}.jsonl"
        size = self.tx.log_size(rel)
        if size <= offset:
            return [], size
        with (self.tx.root / rel).open("rb") as fh:
            fh.seek(offset)
            data = fh.read(size - offset)
        end = data.rfind(b"\n") + 1  # whole lines only
        rows = [json.loads(line) for line in data[:end].splitlines() if line.strip()]
        return [PrintJob.from_dict(r) for r in rows], offset + end

    # -- audit -------------------------------------------------------------------------
    def audit(
        self,
        *,
        at: datetime,
        action: str,
        entity: str,
        entity_id: str,
        staff_id: str | None = None,
        role: Role | None = None,
        station: str | None = None,
        from_state: str | None = None,
        to_state: str | None = None,
        note: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> AuditEvent:
        """Append one event to the chain."""
        meta = self.meta
        head = meta.get("audit") or {"seq": 0, "hash": GENESIS, "day": at.date().isoformat()}
        day = max(head["day"], at.date().isoformat())
        event = AuditEvent(
            seq=head["seq"] + 1,
            at=at,
            action=action,
            entity=entity,
            entity_id=entity_id,
            staff_id=staff_id,
            role=role,
            station=station,
            from_state=from_state,
            to_state=to_state,
            note=note,
            data=data or {},
            prev_hash=head["hash"],
        )
        doc = event.to_dict()
        doc["hash"] = event.hash = event_hash(doc)
        self.tx.append(f"audit/{day[:7]}/{day}.jsonl", doc)
        meta["audit"] = {"seq": event.seq, "hash": event.hash, "day": day}
        self.tx.stage(META, meta)
        return event

    def audit_events_of_day(self, day: date) -> Iterator[dict[str, Any]]:
        """The audit events filed under ``day`` (its own day file), in order."""
        iso = day.isoformat()
        return self.tx.read_log(f"audit/{iso[:7]}/{iso}.jsonl")

    def audit_files(self) -> list[str]:
        out: list[str] = []
        try:
            months = sorted(p.name for p in (self.tx.root / "audit").iterdir() if p.is_dir())
        except FileNotFoundError:
            return out
        for month in months:
            out.extend(self.tx.list(f"audit/{month}", ".jsonl"))
        return out
