"""What the benchmarks share: timing (samples, medians, percentiles, a table) and the
SQLite reference store they compare the TinyDB store with.

The machine the benchmarks run on is shared and noisy, so a figure is never
one measurement: each metric is sampled ``n`` times per repetition, each
repetition gives a median and a p95, and the figure reported is the median
of those over the repetitions. Ratios are taken between such medians.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``samples``, nearest-rank (no interpolation)."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))
    return ordered[rank]


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes (wall clock, ``perf_counter``)."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def sample(calls: Iterable[Callable[[], object]]) -> list[float]:
    """Time each call in turn; garbage collection is paused while timing."""
    out: list[float] = []
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for call in calls:
            out.append(timed(call))
    finally:
        if enabled:
            gc.enable()
    return out


@dataclass
class Metric:
    """One figure, collected over several repetitions: median and p95 of each, in seconds."""

    name: str
    medians: list[float] = field(default_factory=list)
    p95s: list[float] = field(default_factory=list)
    count: int = 0

    def add(self, samples: Sequence[float]) -> None:
        """Add one repetition's samples."""
        if not samples:
            return
        self.medians.append(statistics.median(samples))
        self.p95s.append(percentile(samples, 0.95))
        self.count += len(samples)

    @property
    def median(self) -> float:
        """The median over repetitions of each repetition's median."""
        return statistics.median(self.medians) if self.medians else float("nan")

    @property
    def p95(self) -> float:
        """The median over repetitions of each repetition's p95."""
        return statistics.median(self.p95s) if self.p95s else float("nan")


def ms(seconds: float) -> str:
    """Seconds as milliseconds, for the table."""
    if seconds != seconds:  # NaN
        return "-"
    if seconds < 0.001:
        return f"{seconds * 1000:.3f}"
    return f"{seconds * 1000:.2f}" if seconds < 0.1 else f"{seconds * 1000:.0f}"


def ratio(a: float, b: float) -> str:
    """``a / b`` for the table, ``-`` when undefined."""
    if a != a or b != b or b == 0:
        return "-"
    return f"{a / b:.2f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain fixed-width text table (first column left-aligned, the rest right)."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [
            str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i])
            for i, c in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


# -- the SQLite reference -------------------------------------------------------------------
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS staff (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ticket_counter (
    day TEXT NOT NULL, prefix TEXT NOT NULL, next INTEGER NOT NULL, PRIMARY KEY (day, prefix));
CREATE TABLE IF NOT EXISTS tickets (
    id TEXT PRIMARY KEY, day TEXT NOT NULL, prefix TEXT NOT NULL, number INTEGER NOT NULL,
    state TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tickets_day ON tickets (day, prefix, state);
CREATE TABLE IF NOT EXISTS cases (
    id TEXT PRIMARY KEY, state TEXT NOT NULL, state_since TEXT NOT NULL,
    summary TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cases_state ON cases (state, state_since);
CREATE TABLE IF NOT EXISTS print_jobs (
    id TEXT PRIMARY KEY, printer TEXT NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS print_jobs_open ON print_jobs (status, printer);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY, day TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL,
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, body TEXT NOT NULL,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
"""


def _json(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


class SqliteRef:
    """The same transactions on SQLite (stdlib ``sqlite3``, WAL, ``synchronous=FULL``).

    An equivalent schema: tickets with a per-day/service counter row, cases as
    JSON with their summary row beside them (an index on the state replaces
    the open-case shards), print jobs, and the audit chain as a table, hashed
    exactly as :mod:`shared.store.repo` hashes it. Each transaction goes
    through the same domain records (``Ticket``/``Case`` to and from dicts),
    so the difference from the TinyDB store is the storage, not the model.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()

    # -- transactions -----------------------------------------------------------------
    def take_ticket(self, now: datetime, service: str, prefix: str) -> str:
        """Number, ticket, print job and audit event in one transaction."""
        from shared.ids import display_number, ticket_id
        from shared.model import Ticket

        day = now.date()
        with self._tx() as cur:
            (number,) = cur.execute(
                "INSERT INTO ticket_counter (day, prefix, next) VALUES (?, ?, 2) "
                "ON CONFLICT (day, prefix) DO UPDATE SET next = next + 1 RETURNING next - 1",
                (day.isoformat(), prefix),
            ).fetchone()
            tid = ticket_id(day, prefix, number)
            job = self._job(cur, "queue_ticket", "kiosk", tid, now)
            ticket = Ticket(
                id=tid,
                day=day,
                service=service,
                number=number,
                display=display_number(prefix, number),
                taken_at=now,
                print_job=job,
            )
            cur.execute(
                "INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?)",
                (tid, day.isoformat(), prefix, number, "WAITING", _json(ticket.to_dict())),
            )
            self._audit(cur, now, "ticket.take", "ticket", tid, {"service": service})
        return tid

    def kasi_approve(self, case_id: str, staff_id: str, now: datetime) -> None:
        """Read the case, add the paraf and the history entry, store it, audit it."""
        from shared.model import Case, HistoryEntry, Paraf, Staff
        from shared.sop import CaseState

        with self._tx() as cur:
            (raw_staff,) = cur.execute(
                "SELECT data FROM staff WHERE id = ?", (staff_id,)
            ).fetchone()
            staff = Staff.from_dict(json.loads(raw_staff))
            (raw,) = cur.execute("SELECT data FROM cases WHERE id = ?", (case_id,)).fetchone()
            case = Case.from_dict(json.loads(raw))
            if case.state != CaseState.KASI_REVIEW or case.input_by == staff.id:
                raise RuntimeError(f"{case_id}: not a draft this Kasi may initial")
            case.parafs.append(Paraf(staff.role, staff.id, now, case.draft_version))
            case.history.append(
                HistoryEntry(
                    "kasi_approve", now, staff.id, staff.role, case.state,
                    CaseState.KABID_REVIEW, 4, station="kasi",
                )
            )  # fmt: skip
            case.state, case.state_since = CaseState.KABID_REVIEW, now
            cur.execute(
                "UPDATE cases SET state = ?, state_since = ?, summary = ?, data = ? WHERE id = ?",
                (
                    case.state.value,
                    now.isoformat(),
                    _json(case.summary()),
                    _json(case.to_dict()),
                    case_id,
                ),
            )
            self._audit(cur, now, "case.kasi_approve", "case", case_id, {"step": 4}, staff.id)

    def work_list(self, states: set[str]) -> list[dict[str, Any]]:
        """Summary rows of open cases in ``states``: returned drafts first, then oldest."""
        marks = ",".join("?" * len(states))
        rows = [
            json.loads(s)
            for (s,) in self.db.execute(
                f"SELECT summary FROM cases WHERE state IN ({marks})", tuple(states)
            )
        ]
        return sorted(rows, key=lambda r: (r["rejections"] == 0, r["state_since"]))

    def marker(self) -> int:
        """The change marker a station polls."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'gen'").fetchone()
        return int(row[0]) if row else 0

    # -- loading ------------------------------------------------------------------------
    def put_case(self, case: Any) -> None:
        """Insert or replace a case (for preparing the benchmark's drafts)."""
        with self._tx() as cur:
            self._put_case(cur, case)

    def _put_case(self, cur: sqlite3.Cursor, case: Any) -> None:
        cur.execute(
            "INSERT OR REPLACE INTO cases VALUES (?, ?, ?, ?, ?)",
            (
                case.id,
                case.state.value,
                case.state_since.isoformat(),
                _json(case.summary()),
                _json(case.to_dict()),
            ),
        )

    def load_store(self, root: Path) -> dict[str, int]:
        """Copy a FileStore's content (staff, tickets, cases, print jobs, audit) in here."""
        from shared.model import Case
        from shared.store.filestore import FileStore
        from shared.store.repo import Repo

        counts = dict.fromkeys(("tickets", "cases", "jobs", "audit"), 0)
        with FileStore(root).snapshot() as tx, self._tx() as cur:
            repo = Repo(tx)
            for s in repo.all_staff():
                cur.execute(
                    "INSERT OR REPLACE INTO staff VALUES (?, ?)", (s.id, _json(s.to_dict()))
                )
            for day in repo.ticket_days():
                top: dict[str, int] = {}
                for t in repo.tickets_of_day(date.fromisoformat(day)):
                    prefix = t.display.split("-")[0]
                    top[prefix] = max(top.get(prefix, 0), t.number)
                    row = (t.id, day, prefix, t.number, t.state.value, _json(t.to_dict()))
                    cur.execute("INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?)", row)
                    counts["tickets"] += 1
                for prefix, n in top.items():
                    cur.execute("INSERT INTO ticket_counter VALUES (?, ?, ?)", (day, prefix, n + 1))
            for row in repo.open_case_rows():
                self._put_case(cur, repo.get_case(row["id"]))
                counts["cases"] += 1
            for month in repo.archive_months():
                for raw in tx.read_log(f"cases/archive/{month}.jsonl"):
                    self._put_case(cur, Case.from_dict(raw))
                    counts["cases"] += 1
            for path in tx.list("print/done", ".jsonl"):
                for job in tx.read_log(path):
                    data = (job["id"], job["printer"], job["status"], _json(job))
                    cur.execute("INSERT OR REPLACE INTO print_jobs VALUES (?, ?, ?, ?)", data)
                    counts["jobs"] += 1
            head = None
            for path in repo.audit_files():
                for e in tx.read_log(path):
                    head = e
                    cur.execute(
                        "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            e["seq"], e["at"][:10], e["at"], e["action"], e["entity"],
                            e["entity_id"], _json(e), e["prev_hash"], e["hash"],
                        ),
                    )  # fmt: skip
                    counts["audit"] += 1
            if head is not None:
                self._set(cur, "audit", _json({"seq": head["seq"], "hash": head["hash"]}))
            self._set(cur, "gen", str(repo.meta.get("gen", 0)))
            self._set(cur, "print_job", str(counts["jobs"]))
        return counts

    # -- internals ------------------------------------------------------------------------
    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Cursor]:
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute(
            "INSERT INTO meta VALUES ('gen', '1') "
            "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
        cur.execute("COMMIT")

    @staticmethod
    def _set(cur: sqlite3.Cursor, key: str, value: str) -> None:
        cur.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _job(self, cur: sqlite3.Cursor, kind: str, printer: str, ref: str, now: datetime) -> str:
        (n,) = cur.execute(
            "INSERT INTO meta VALUES ('print_job', '1') ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(value AS INTEGER) + 1 RETURNING CAST(value AS INTEGER)"
        ).fetchone()
        jid = f"PJ-{n:07d}"
        doc = {"id": jid, "kind": kind, "printer": printer, "ref": ref, "status": "PENDING"}
        doc["created_at"] = now.isoformat()
        cur.execute(
            "INSERT INTO print_jobs VALUES (?, ?, ?, ?)", (jid, printer, "PENDING", _json(doc))
        )
        return jid

    def _audit(
        self,
        cur: sqlite3.Cursor,
        at: datetime,
        action: str,
        entity: str,
        entity_id: str,
        data: dict[str, Any],
        staff_id: str | None = None,
    ) -> None:
        from shared.store.repo import GENESIS, event_hash

        row = cur.execute("SELECT value FROM meta WHERE key = 'audit'").fetchone()
        head = json.loads(row[0]) if row else {"seq": 0, "hash": GENESIS}
        event = {
            "seq": head["seq"] + 1, "at": at.isoformat(), "action": action, "entity": entity,
            "entity_id": entity_id, "staff_id": staff_id, "data": data,
            "prev_hash": head["hash"],
        }  # fmt: skip
        event["hash"] = event_hash(event)
        cur.execute(
            "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event["seq"], at.date().isoformat(), event["at"], action, entity, entity_id,
                _json(event), event["prev_hash"], event["hash"],
            ),
        )  # fmt: skip
        self._set(cur, "audit", _json({"seq": event["seq"], "hash": event["hash"]}))
