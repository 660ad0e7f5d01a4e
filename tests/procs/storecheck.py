"""Open a store after its writers died, and check that it is whole and consistent.

:func:`recover_and_check` is what the multi-process and crash tests run after
every kill. It opens the folder with a new :class:`FileStore` (whose first
transaction replays any journal a dead writer left), then checks every
cross-file fact a half-applied commit would break:

- after that transaction nothing is left to redo, and ``meta.json`` parses;
- per day and service, ticket numbers are 1..n without gaps, and the file's
  counter says n + 1;
- every ticket's print job exists; print job ids are PJ-1..N, N being the
  counter in ``meta.json``; every job's document (ticket or case) exists;
- an application ticket has its case if and only if it has been called, and
  every case belongs to a called ticket;
- each open case has both its data file and its index row, in the same
  state; each closed case is in the archive exactly where the closed index
  says, and nowhere else;
- the register numbers given out are 1..n, n being the year's counter;
- the audit chain verifies, its length is the head in ``meta.json``, and it
  holds exactly one ``ticket.take`` per ticket, one ``ticket.call`` per called
  ticket and one ``case.open`` per case;
- the change marker's generation is the number of committed transactions.

It raises :class:`StoreInconsistent` (an ``AssertionError``) naming the first
broken fact.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shared.audit import ChainReport, verify_chain
from shared.ids import case_id
from shared.sop import FINAL_STATES
from shared.store import journal
from shared.store.filestore import FileStore
from shared.store.repo import Repo
from shared.store.tx import Transaction

APPLICATION_PREFIXES = {"A"}  # the default config's application service (KK)
FINAL = {s.value for s in FINAL_STATES}


class StoreInconsistent(AssertionError):
    """A fact every committed state must satisfy does not hold."""


def require(condition: object, message: str) -> None:
    if not condition:
        raise StoreInconsistent(message)


@dataclass
class StoreState:
    """What :func:`recover_and_check` found, for the tests' own assertions."""

    redone: bool  # a dead writer had committed but not finished applying: redone now
    gen: int
    tickets: dict[str, dict[str, Any]]
    cases: dict[str, dict[str, Any]]  # open and closed
    jobs: dict[str, dict[str, Any]]  # open and done
    events: Counter[str]
    chain: ChainReport
    staff: int
    tmp_files: list[str] = field(default_factory=list)

    def transactions(self) -> int:
        """Committed transactions, counted from the audit: one leading event each.

        Calling an application ticket also logs ``case.open``; skipping one also
        logs the case's no-show. Every other transaction logs one event.
        """
        secondary = self.events["case.open"] + sum(
            n for action, n in self.events.items() if action.endswith("no_show")
        )
        return sum(self.events.values()) - secondary


def recover_and_check(root: Path, *, claims: int = 0) -> StoreState:
    """Recover the store at ``root`` as the next process would, then check it whole.

    Only while no writer runs: it first calls the store's recovery itself,
    without the lock, to learn whether a commit was left half-applied.
    ``claims``: print-job claims made (a claim is a transaction without an audit event).
    """
    redone = journal.recover(root)
    store = FileStore(root, lock_timeout=10)
    with store.transaction():  # an empty transaction: recovers, stores nothing
        pass
    require(not journal.recover(root), "a transaction left work to redo")
    try:
        meta = json.loads((root / "meta.json").read_bytes())
    except ValueError as exc:
        raise StoreInconsistent(f"meta.json does not parse: {exc}") from None
    with store.snapshot() as tx:
        repo = Repo(tx)
        tickets = _tickets(tx, repo)
        cases = _cases(tx, repo)
        jobs = _jobs(tx, repo)
        staff = len(repo.all_staff())
        registers = _registers(tx, tickets, cases)
        events = _events(tx, repo)
    chain = verify_chain(store)
    state = StoreState(redone, meta["gen"], tickets, cases, jobs, events, chain, staff)
    state.tmp_files = sorted(str(p.relative_to(root)) for p in root.rglob(".*.tmp"))
    _check_links(state, meta, claims)
    for year, (numbers, top) in registers.items():
        require(numbers == list(range(1, top + 1)), f"{year}: register {numbers} vs counter {top}")
    return state


def _registers(
    tx: Transaction, tickets: dict[str, dict[str, Any]], cases: dict[str, dict[str, Any]]
) -> dict[str, tuple[list[int], int]]:
    """Per year: the register numbers the cases hold, and the year's counter."""
    held: dict[str, list[int]] = {t["day"][:4]: [] for t in tickets.values()}
    for c in cases.values():
        if c.get("register_no"):  # "00012/REG/2026"
            number, _, year = c["register_no"].split("/")
            held.setdefault(year, []).append(int(number))
    out = {}
    for year, numbers in held.items():
        counters = (tx.load(f"counters/{year}.json") or {}).get("counters", {})
        out[year] = (sorted(numbers), counters.get("register", {}).get("value", 0))
    return out


def _tickets(tx: Transaction, repo: Repo) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for day in repo.ticket_days():
        for path in tx.list(f"tickets/{day}"):
            rows = tx.table(path, "tickets").rows()
            numbers = sorted(r["number"] for r in rows)
            require(
                numbers == list(range(1, len(rows) + 1)),
                f"{path}: ticket numbers are not 1..{len(rows)}: {numbers}",
            )
            nxt = tx.table(path, "counter").fetch("next")
            require(
                nxt is not None and nxt["value"] == len(rows) + 1,
                f"{path}: counter says next {nxt}, but {len(rows)} tickets are stored",
            )
            out.update((r["id"], r) for r in rows)
    return out


def _cases(tx: Transaction, repo: Repo) -> dict[str, dict[str, Any]]:
    open_cases: dict[str, dict[str, Any]] = {}
    for folder in sorted(p.name for p in (tx.root / "cases/data").glob("*") if p.is_dir()):
        for path in tx.list(f"cases/data/{folder}"):
            rows = tx.table(path, "case").rows()
            require(len(rows) == 1, f"{path} holds {len(rows)} cases")
            open_cases[rows[0]["id"]] = rows[0]
    index = {r["id"]: r for r in repo.open_case_rows()}
    require(
        index.keys() == open_cases.keys(),
        f"open index and case files differ: {sorted(index.keys() ^ open_cases.keys())}",
    )
    for cid, row in index.items():
        require(row["state"] == open_cases[cid]["state"], f"{cid}: index state is stale")
        require(row["state"] not in FINAL, f"{cid}: a closed case is still open")

    closed: dict[str, dict[str, Any]] = {}
    for path in tx.list("cases/closed"):
        for cid, where in (tx.load(path) or {}).get("closed", {}).items():
            rec = tx.read_log_at(where["archive"], where["offset"])
            require(rec is not None and rec["id"] == cid, f"{cid}: not where {path} says")
            require(rec["state"] in FINAL, f"{cid}: archived while {rec['state']}")
            closed[cid] = rec
    archived = [
        r["id"] for m in repo.archive_months() for r in tx.read_log(f"cases/archive/{m}.jsonl")
    ]
    require(
        sorted(archived) == sorted(closed),
        "the archive and the closed-case index disagree",
    )
    both = open_cases.keys() & closed.keys()
    require(not both, f"cases both open and closed: {sorted(both)}")
    return open_cases | closed


def _jobs(tx: Transaction, repo: Repo) -> dict[str, dict[str, Any]]:
    jobs = {j.id: j.to_dict() for j in repo.open_jobs()}
    for path in tx.list("print/done", ".jsonl"):
        for rec in tx.read_log(path):
            require(rec["id"] not in jobs, f"print job {rec['id']} is both open and done")
            jobs[rec["id"]] = rec
    return jobs


def _events(tx: Transaction, repo: Repo) -> Counter[str]:
    events: Counter[str] = Counter()
    for path in repo.audit_files():
        events.update(e["action"] for e in tx.read_log(path))
    return events


def _check_links(state: StoreState, meta: dict[str, Any], claims: int = 0) -> None:
    tickets, cases, jobs, events = state.tickets, state.cases, state.jobs, state.events

    n_jobs = meta.get("counters", {}).get("print_job", 0)
    require(
        sorted(jobs) == [f"PJ-{i:07d}" for i in range(1, n_jobs + 1)],
        f"print jobs are not PJ-1..{n_jobs}: {len(jobs)} stored",
    )
    for job in jobs.values():
        require(job["ref"] in tickets or job["ref"] in cases, f"{job['id']}: no {job['ref']}")

    called = 0
    for t in tickets.values():
        require(t.get("print_job") in jobs, f"{t['id']}: print job {t.get('print_job')} missing")
        was_called = t["state"] != "WAITING"
        require(was_called == (t.get("called_at") is not None), f"{t['id']}: state/called_at")
        called += was_called
        prefix = t["display"].split("-")[0]
        if prefix not in APPLICATION_PREFIXES:
            continue
        own = case_id(date.fromisoformat(t["day"]), prefix, t["number"])
        require(
            (own in cases) == was_called,
            f"{t['id']} is {t['state']} but its case {own} is "
            + ("there" if own in cases else "missing"),
        )
        if was_called:
            require(t.get("case_id") == own, f"{t['id']}: links {t.get('case_id')}, not {own}")
    for cid, c in cases.items():
        ticket = tickets.get(c["ticket_id"])
        require(ticket is not None, f"{cid}: its ticket {c['ticket_id']} is missing")
        require(ticket["state"] != "WAITING", f"{cid}: its ticket was never called")

    require(state.chain.ok, f"audit chain broken: {state.chain}")
    head = (meta.get("audit") or {}).get("seq", 0)
    require(state.chain.events == head == sum(events.values()), "audit length != head")
    require(events["ticket.take"] == len(tickets), "ticket.take events != tickets")
    require(events["ticket.call"] == called, "ticket.call events != called tickets")
    require(events["case.open"] == len(cases), "case.open events != cases")
    require(events["staff.add"] == state.staff, "staff.add events != staff")
    require(
        state.gen == state.transactions() + claims,
        f"marker gen {state.gen} != {state.transactions()} committed transactions + {claims}",
    )
