"""The quick check of the store before an app opens its screens (``kk kiosk``, ``kk station``).

:func:`preflight` is quick (the live files only, not the history) and either
repairs what can be repaired without a person, or refuses with a
:class:`~shared.errors.StoreCorrupt` that names the file and says to run
``kk store check`` and ``kk store restore``:

- a commit a dead writer left half applied is finished (the journal);
- the last line of an append-only log (audit, archive, finished print jobs)
  cut short is written again from the journal, when the journal still holds
  it; if not, refused;
- every live JSON file (``meta.json``, staff, counters, the newest days'
  tickets, the open cases and their index, the print queue) must parse;
- the open-case index (a summary, rebuilt from the case files) is rebuilt
  where rows are missing or stale; a case listed there without its file is
  refused;
- today's tickets must all be in their day's file (the audit says which were
  taken) and each one's print job must exist: a file deleted or replaced by
  an older copy is refused, never silently renumbered from 1.

:func:`live_problems` returns the same findings without raising, for
``kk store check``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from shared.errors import StoreCorrupt, StoreError
from shared.ids import parse_ticket_id
from shared.store.filestore import FileStore
from shared.store.repo import CASES_OPEN, JOBS, Repo
from shared.store.tx import Transaction

TICKET_DAYS = 2  # the newest ticket days whose files are read at start


def preflight(store: FileStore, now: datetime) -> list[str]:
    """Check (and repair what needs no person) before an app starts; the logs mended.

    ``now``: the office's time (today's tickets are checked; a repair is
    audited at it). Raises :class:`~shared.errors.StoreError` (not
    initialised, damaged, missing).
    """
    store.check_open()  # the journal replayed, meta.json parses
    mended = mend_logs(store)
    with store.transaction() as tx:
        _parse_live(tx)
        _reindex(tx, now)
        problem = next(iter(_missing(tx, now.date())), None)
    if problem is not None:
        raise problem
    return mended


def live_problems(store: FileStore, today: date) -> list[StoreError]:
    """What :func:`preflight` would refuse, all of it, without changing the store."""
    out: list[StoreError] = []
    try:
        with store.snapshot() as tx:
            for rel in _live_files(tx.root):
                try:
                    tx.load(rel)
                except StoreCorrupt as err:
                    out.append(err)
            if not out:
                out.extend(_missing(tx, today))
    except StoreError as err:
        out.append(err)
    return out


def mend_logs(store: FileStore) -> list[str]:
    """Rewrite from the journal the cut-off last line of every log that has one; those mended.

    A log that cannot be mended is left as it is (``kk store check`` names it).
    """
    mended: list[str] = []
    with store.snapshot() as tx:
        for path in sorted(tx.root.rglob("*.jsonl")):
            rel = path.relative_to(tx.root).as_posix()
            try:
                if tx.mend(rel):
                    mended.append(rel)
            except StoreCorrupt:
                continue
    return mended


def _live_files(root: Path) -> list[str]:
    """The JSON files an app reads as it works (not the history), relative to ``root``."""
    days = sorted(p.name for p in (root / "tickets").glob("*") if p.is_dir())[-TICKET_DAYS:]
    out = ["meta.json", "staff.json"]
    for pattern in ("counters/*.json", f"{CASES_OPEN}/*/*.json", "cases/data/*/*.json",
                    f"{JOBS}/*.json", *(f"tickets/{d}/*.json" for d in days)):  # fmt: skip
        out += sorted(
            p.relative_to(root).as_posix()
            for p in root.glob(pattern)
            if p.is_file() and not p.name.startswith(".")
        )
    return [rel for rel in out if (root / rel).exists()]


def _parse_live(tx: Transaction) -> None:
    for rel in _live_files(tx.root):
        tx.load(rel)  # StoreCorrupt names the file


def _reindex(tx: Transaction, now: datetime) -> None:
    """Put each open case's index row back where it belongs (the index is a summary).

    A row missing, in the wrong state's shard, or stale is rewritten from the
    case file. The repair is one audited transaction (``store.reindex``).
    """
    repo = Repo(tx)
    listed: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for folder in sorted(p for p in (tx.root / CASES_OPEN).glob("*") if p.is_dir()):
        for rel in tx.list(f"{CASES_OPEN}/{folder.name}"):
            for row in tx.table(rel, "cases").rows():
                listed.setdefault(row["id"], []).append((rel, row))
    fixed: list[str] = []
    for path in sorted(tx.root.glob("cases/data/*/*.json")):
        for row in tx.table(path.relative_to(tx.root).as_posix(), "case").rows():
            home = repo.index_path(row["id"], row["state"])
            there = listed.get(row["id"], [])
            if len(there) == 1 and there[0][0] == home and there[0][1]["state"] == row["state"]:
                continue
            case = repo.get_case(row["id"])
            summary = case.summary()
            for rel, _row in listed.get(case.id, []):
                shard = tx.table(rel, "cases")
                shard.delete(case.id)
                if not shard.rows():
                    tx.delete(rel)
            tx.table(home, "cases").put(case.id, summary)
            fixed.append(case.id)
    if fixed:
        tx.touch("cases")
        repo.audit(
            at=now, action="store.reindex", entity="store", entity_id=CASES_OPEN,
            station="start-check", data={"cases": fixed},
        )  # fmt: skip


def _missing(tx: Transaction, today: date) -> list[StoreError]:
    """Records the audit or the index say exist, whose file is gone or older."""
    repo = Repo(tx)
    out: list[StoreError] = []
    for row in repo.open_case_rows():
        data = Repo._case_paths(row["id"])[0]
        if tx.load(data) is None:
            out.append(_gone(tx, data, "store.missing.case", case=row["id"]))
    taken: dict[str, list[str]] = {}
    for event in repo.audit_events_of_day(today):
        ref = parse_ticket_id(str(event.get("entity_id", "")))
        if event.get("action") == "ticket.take" and ref is not None:
            taken.setdefault(repo.tickets_path(ref.day, ref.prefix), []).append(event["entity_id"])
    jobs = {j.id for j in repo.open_jobs()}
    done: set[str] | None = None
    for rel, ids in sorted(taken.items()):
        stored = {t["id"]: t for t in tx.table(rel, "tickets").rows()}
        lost = [i for i in ids if i not in stored]
        if lost:
            out.append(_gone(tx, rel, "store.missing.tickets", count=len(lost), first=lost[0]))
            continue
        for ticket in stored.values():
            job = ticket.get("print_job")
            if not job or job in jobs:
                continue
            if done is None:
                done = _done_jobs(tx, today)
            if job not in done:
                out.append(_gone(tx, JOBS, "store.missing.job", job=job, ticket=ticket["id"]))
                break
    return out


def _done_jobs(tx: Transaction, today: date) -> set[str]:
    return {rec.get("id") for rec in tx.read_log(f"print/done/{today:%Y-%m}.jsonl")}


def _gone(tx: Transaction, rel: str, key: str, **params: Any) -> StoreCorrupt:
    return StoreCorrupt(key, path=str(tx.root / rel), **params)
