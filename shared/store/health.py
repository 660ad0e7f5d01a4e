"""The quick check of the store before an app opens its screens (``kk kiosk``, ``kk station``).

:func:`preflight` (the live files only, not the history) either repairs what
can be repaired without a person, or refuses with a
:class:`~shared.errors.StoreCorrupt` that names the file and says to run
``kk store check`` and ``kk store restore``:

- a commit a dead writer left half applied is finished (the journal);
- the last line of an append-only log (audit, archive, finished print jobs)
  cut short is written again from the journal, when the journal still holds
  it; if not, refused;
- every live JSON file (``meta.json``, staff, counters, the newest days'
  tickets, the open cases and their index, the print queue) must parse;
- the open-case index (a summary, rebuilt from the case files) is rebuilt
  where a row is missing or in the wrong step's shard; a case listed there
  without its file is refused;
- today's tickets must all be in their day's file (the audit says which were
  taken) and each one's print job must exist: a file deleted or replaced by
  an older copy is refused, never silently renumbered from 1.

The files are read a few hundred at a time, each batch under the store's
lock held briefly, so a start on a store with thousands of open cases never
holds the kiosks and counters up for long. Only a repair takes the lock for
a write transaction. :func:`live_problems` reports the same findings without
repairing, for ``kk store check``.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from shared.errors import StoreCorrupt, StoreError
from shared.ids import parse_ticket_id
from shared.store.filestore import FileStore
from shared.store.repo import CASES_OPEN, JOBS, Repo
from shared.store.tx import Transaction, unreadable

TICKET_DAYS = 2  # the newest ticket days whose files are read at start
BATCH = 300  # files read per hold of the lock


def preflight(store: FileStore, now: datetime) -> list[str]:
    """Check (and repair what needs no person) before an app starts; the logs mended.

    ``now``: the office's time (today's tickets are checked; a repair is
    audited at it). Raises :class:`~shared.errors.StoreError` (not
    initialised, damaged, missing).
    """
    store.check_open()  # the journal replayed, meta.json parses
    mended = mend_logs(store)
    listed, found = _read_live(store)
    suspects = _misplaced(listed, found)
    if suspects:
        with store.transaction() as tx:
            problems = _reindex(tx, now, suspects)
            if problems:
                raise problems[0]  # before the commit: the start stores nothing
    with store.snapshot() as tx:
        problem = next(iter(_missing(tx, now.date())), None)
    if problem is not None:
        raise problem
    return mended


def live_problems(store: FileStore, today: date) -> list[StoreError]:
    """What :func:`preflight` would refuse, as far as it can tell without repairing."""
    out: list[StoreError] = []
    try:
        listed, found = _read_live(store, problems=out)
        if not out:
            with store.snapshot() as tx:
                out.extend(
                    _gone(tx, Repo._case_paths(cid)[0], "store.missing.case", case=cid)
                    for cid in sorted(listed.keys() - found.keys())
                )
                out.extend(_missing(tx, today))
    except StoreError as err:
        out.append(err)
    return out


def mend_logs(store: FileStore) -> list[str]:
    """Rewrite from the journal the cut-off last line of every log that has one; those mended.

    A log that cannot be mended is left as it is (``kk store check`` names it).
    """
    mended: list[str] = []
    logs = sorted(p.relative_to(store.root).as_posix() for p in store.root.rglob("*.jsonl"))
    with store.snapshot() as tx:  # the listing above needs no lock; the tails do
        for rel in logs:
            try:
                if tx.mend(rel):
                    mended.append(rel)
            except StoreCorrupt:
                continue
    return mended


# -- reading the live files ---------------------------------------------------------------------
Listed = dict[str, list[tuple[str, Any]]]  # case id -> [(index shard, the step it says)]


def _names(root: Path, folder: str, depth: int) -> list[str]:
    """``.json`` files ``depth`` folders below ``root/folder`` (relative, sorted)."""
    out: list[str] = []
    level = [folder]
    for _ in range(depth):
        level = [f"{d}/{e.name}" for d in level for e in _scan(root / d) if e.is_dir()]
    for d in level:
        out += [f"{d}/{e.name}" for e in _scan(root / d)
                if e.name.endswith(".json") and not e.name.startswith(".")]  # fmt: skip
    return sorted(out)


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _live_files(root: Path) -> list[str]:
    """The JSON files an app reads as it works (not the history), relative to ``root``."""
    days = sorted(e.name for e in _scan(root / "tickets") if e.is_dir())[-TICKET_DAYS:]
    out = ["meta.json", "staff.json", *_names(root, "counters", 0), *_names(root, JOBS, 0)]
    for day in days:
        out += _names(root, f"tickets/{day}", 0)
    return out + _names(root, CASES_OPEN, 1) + _names(root, "cases/data", 1)


def _parse(root: Path, rel: str) -> Any:
    """The parsed file (``None`` if it went meanwhile); :class:`StoreCorrupt` if it is damaged."""
    full = root / rel
    try:
        raw = full.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise unreadable(full, exc) from exc
    try:
        doc = orjson.loads(raw)
    except ValueError as exc:
        raise StoreCorrupt(path=str(full), detail=f"JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise StoreCorrupt(path=str(full), detail="not a JSON object")
    return doc


def _read_live(
    store: FileStore, problems: list[StoreError] | None = None
) -> tuple[Listed, dict[str, Any]]:
    """Parse every live file, a batch per hold of the lock: where the index lists each
    open case, and each case file's step. The first damaged file is raised, or with
    ``problems`` every one of them is collected there."""
    root = store.root
    files = _live_files(root)
    listed: Listed = {}
    found: dict[str, Any] = {}
    for start in range(0, len(files), BATCH):
        with store.snapshot():
            for rel in files[start : start + BATCH]:
                try:
                    doc = _parse(root, rel)
                except StoreCorrupt as err:
                    if problems is None:
                        raise
                    problems.append(err)
                    continue
                if doc is None:
                    continue
                if rel.startswith(CASES_OPEN + "/"):
                    for row in _rows(doc, "cases"):
                        listed.setdefault(str(row.get("id")), []).append((rel, row.get("state")))
                elif rel.startswith("cases/data/"):
                    found.update(
                        (str(row.get("id")), row.get("state")) for row in _rows(doc, "case")
                    )
    return listed, found


def _rows(doc: dict[str, Any], table: str) -> list[dict[str, Any]]:
    rows = doc.get(table)
    return [r for r in rows.values() if isinstance(r, dict)] if isinstance(rows, dict) else []


def _misplaced(listed: Listed, found: dict[str, Any]) -> set[str]:
    """Cases whose index row is missing, doubled or in another step's shard; cases
    listed without a file. Read in batches: each is looked at again under the lock."""
    out = {cid for cid in listed if cid not in found}
    for cid, state in found.items():
        home = Repo.index_path(cid, str(state))
        if listed.get(cid) != [(home, state)]:
            out.add(cid)
    return out


# -- repairing the index ------------------------------------------------------------------------
def _reindex(tx: Transaction, now: datetime, suspects: set[str]) -> list[StoreError]:
    """Put each suspect case's index row back where it belongs (the index is a summary).

    Looked at again under the lock. A row missing or in the wrong step's shard
    is rewritten from the case file; the repair is one audited transaction
    (``store.reindex``). A case listed without its file is returned, refused.
    """
    repo = Repo(tx)
    listed: dict[str, list[str]] = {}
    for folder in sorted(e.name for e in _scan(tx.root / CASES_OPEN) if e.is_dir()):
        for rel in tx.list(f"{CASES_OPEN}/{folder}"):
            for entry in tx.table(rel, "cases").rows():
                if entry["id"] in suspects:
                    listed.setdefault(entry["id"], []).append(rel)
    fixed: list[str] = []
    refused: list[StoreError] = []
    for cid in sorted(suspects):
        data = Repo._case_paths(cid)[0]
        row: dict[str, Any] | None = tx.table(data, "case").fetch(cid)
        if row is None:
            if cid in listed:
                refused.append(_gone(tx, data, "store.missing.case", case=cid))
            continue
        home = repo.index_path(cid, row["state"])
        where = listed.get(cid, [])
        placed = (tx.table(home, "cases").fetch(cid) or {}).get("state") == row["state"]
        if where == [home] and placed:
            continue  # it moved on between the look and the lock: in place
        case = repo.get_case(cid)
        for rel in where:
            shard = tx.table(rel, "cases")
            shard.delete(cid)
            if not shard.rows():
                tx.delete(rel)
        tx.table(home, "cases").put(cid, case.summary())
        fixed.append(cid)
    if fixed:
        tx.touch("cases")
        repo.audit(
            at=now, action="store.reindex", entity="store", entity_id=CASES_OPEN,
            station="start-check", data={"cases": fixed},
        )  # fmt: skip
    return refused


# -- today's records ----------------------------------------------------------------------------
def _missing(tx: Transaction, today: date) -> list[StoreError]:
    """Today's tickets the audit says were taken, or their print jobs, whose file is gone."""
    repo = Repo(tx)
    out: list[StoreError] = []
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
    return {str(rec.get("id")) for rec in tx.read_log(f"print/done/{today:%Y-%m}.jsonl")}


def _gone(tx: Transaction, rel: str, key: str, **params: Any) -> StoreCorrupt:
    return StoreCorrupt(key, path=str(tx.root / rel), **params)
