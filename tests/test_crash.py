"""Writers killed with SIGKILL, at random moments and at every step of a commit.

After each kill the store is opened afresh, as the next kiosk or station
would, and checked whole (:mod:`procs.storecheck`): nothing a writer
acknowledged is missing, nothing half-written is visible.

The writers are forked by one server process (``tests/procs/crash_writer.py``)
that has imported the office already, so each of the hundreds of writers
costs a fork, not a Python start-up.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path
from random import Random
from typing import Any

import pytest
from procs.storecheck import StoreState, recover_and_check

from shared.errors import StoreError
from shared.store.filestore import LOCK_NAME, FileStore

PROCS = Path(__file__).parent / "procs"
SEED = 20261123
KILLS = 200
KILLS_PER_DAY = 25  # keeps the application tickets of a day under the daily quota
MAX_DELAY = 0.030  # seconds between a writer's start and its kill
SURVIVOR_DELAY = 0.100  # and for the other one, after that: it polls for the lock every 50 ms

pytestmark = pytest.mark.slow


class ForkServer:
    """The test's end of ``crash_writer.py --serve``: spawn writers, reap them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with (folder / "server.err").open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(PROCS / "crash_writer.py"), "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
            )
        self._buf = b""
        self._n = 0

    def ask(self, timeout: float = 30.0, **request: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request).encode() + b"\n")
        self.proc.stdin.flush()
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            assert left > 0, f"fork server did not answer {request['cmd']} in {timeout} s"
            if select.select([fd], [], [], left)[0]:
                chunk = os.read(fd, 65536)
                assert chunk, f"fork server died: {(self.folder / 'server.err').read_text()}"
                self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return json.loads(line)

    def spawn(self, store: Path, at: datetime, **extra: Any) -> Writer:
        self._n += 1
        out, err = (self.folder / f"w{self._n}.{s}" for s in ("out", "err"))
        req = {"store": str(store), "at": at.isoformat(), "out": str(out), "err": str(err)}
        reply = self.ask(cmd="spawn", **req, **extra)
        writer = Writer(self, reply["pid"], out, err)
        assert reply["ready"], f"writer {writer.pid} died before starting: {writer.stderr()}"
        return writer

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()  # the server kills and reaps any writer still running
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


class Writer:
    """One forked writer process."""

    def __init__(self, server: ForkServer, pid: int, out: Path, err: Path) -> None:
        self.server, self.pid, self.out, self.err = server, pid, out, err

    def go(self) -> None:
        self.server.ask(cmd="go", pid=self.pid)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)  # not reaped yet, so the pid is still ours

    def wait(self) -> int:
        reply = self.server.ask(cmd="wait", pid=self.pid, timeout=20.0)
        assert not reply["timeout"], f"writer {self.pid} hung: {self.stderr()}"
        return reply["status"]

    def lines(self) -> list[dict[str, Any]]:
        """What it acknowledged (nothing if killed before it opened its stdout)."""
        text = self.out.read_text() if self.out.exists() else ""
        return [json.loads(line) for line in text.splitlines()]

    def stderr(self) -> str:
        return self.err.read_text()[-3000:] if self.err.exists() else ""

    def died_of_sigkill(self, status: int) -> bool:
        assert status in (-signal.SIGKILL, 0), (
            f"writer {self.pid} failed ({status}): {self.stderr()}"
        )
        return status == -signal.SIGKILL


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "writers"
    folder.mkdir()
    s = ForkServer(folder)
    yield s
    s.close()


def open_days(office, n: int) -> list[datetime]:
    """``n`` opening days from the office clock's day on, at the clock's time."""
    days, at = [], office.clock.now()
    while len(days) < n:
        if office.config.hours.is_open(at):
            days.append(at)
        at += timedelta(days=1)
    return days


def assert_acknowledged(state: StoreState, acked: dict[str, set]) -> None:
    """Every transaction a writer acknowledged is in the store, as it left it (or later)."""
    tickets, cases = state.tickets, state.cases
    assert acked["take"] <= tickets.keys()
    for tid, case in acked["call"]:
        assert tickets[tid]["state"] != "WAITING" and (case is None or case in cases)
    assert all(tickets[tid]["state"] == "SKIPPED" for tid in acked["skip"])
    assert all(cases[c]["state"] != "VERIFYING" for c in acked["verify"])
    assert all(cases[c]["nomor_kk"] and cases[c]["state"] != "INPUT" for c in acked["input"])


def record(acked: dict[str, set], line: dict[str, Any]) -> None:
    op = line["op"]
    if op == "call":
        acked[op].add((line["id"], line["case"]))
    else:
        acked[op].add(line.get("id") or line["case"])


def test_writers_killed_at_random_moments_lose_no_acknowledged_transaction(
    office, server, record_property
):
    root = office.store.root
    rng = Random(SEED)
    days = open_days(office, KILLS // KILLS_PER_DAY)
    acked: dict[str, set] = defaultdict(set)
    redone_by_writer = redone_at_check = stale_tmp = 0
    for i in range(0, KILLS, 2):
        # two writers at once, killed one after the other at random moments: the
        # survivor takes the lock the dead one held, and redoes what it left half done
        at = days[i // KILLS_PER_DAY]
        writers = [
            server.spawn(root, at, seed=rng.randrange(2**32), lane=n, hold=True) for n in (0, 1)
        ]
        for writer in writers:
            writer.go()
        rng.shuffle(writers)
        time.sleep(rng.uniform(0, MAX_DELAY))  # the random moments of the kills
        writers[0].kill()
        time.sleep(rng.uniform(0, SURVIVOR_DELAY))
        writers[1].kill()
        for writer in writers:
            assert writer.died_of_sigkill(writer.wait())
            for line in writer.lines():
                if "recovered" in line:
                    redone_by_writer += 1
                else:
                    record(acked, line)

        stale_tmp += any(root.rglob(".*.tmp"))
        state = recover_and_check(root)  # raises on any half-written state
        redone_at_check += state.redone
        assert_acknowledged(state, acked)

    record_property("kills_redone_by_next_writer", redone_by_writer)
    record_property("kills_redone_at_check", redone_at_check)
    acks = sum(map(len, acked.values()))
    print(f"\n{KILLS} kills, {acks} acknowledged transactions, {state.gen} committed;")
    print(f"commits left half applied: {redone_by_writer} redone by the other writer,")
    print(f"{redone_at_check} by the next process; {stale_tmp} times a temp file was left")
    assert redone_by_writer + redone_at_check > 0, "no kill landed inside a commit"
    # the workload did reach every kind of transaction
    assert all(acked[op] for op in ("take", "call", "skip", "verify", "input")), acked.keys()
    assert state.chain.ok


INJECTED = ("take", "call", "skip", "returned", "complete", "input", "take+checkpoint")
# what the subject of each action looks like after it (True) or without it (False)
AFTER: dict[str, dict[bool, str]] = {
    "skip": {True: "SKIPPED", False: "CALLED"},
    "returned": {True: "RETURNED", False: "VERIFYING"},
    "complete": {True: "INPUT", False: "VERIFYING"},
    "input": {True: "KASI_REVIEW", False: "INPUT"},
}
WRITES = ("write", "pwrite")  # the only system calls a kill can tear


def run_sabotaged(
    server, root: Path, at: datetime, action: str, k: int, torn: bool, check: bool = True
) -> dict:
    """A writer that dies just before the ``k``-th file-changing system call of ``action``.

    Returns the writer's ``armed`` line (the store before the action), the call
    it died at, the temp files it left, and (if ``check``) the store after
    recovery; ``{}`` if the action made fewer than ``k`` such calls.
    """
    writer = server.spawn(root, at, inject={"action": action, "k": k, "torn": torn})
    killed = writer.died_of_sigkill(writer.wait())
    lines = writer.lines()
    armed = next(line for line in lines if "armed" in line)
    if not killed:
        assert lines[-1]["survived"] and lines[-1]["calls"] < k
        return {}
    died = lines[-1]
    tmp_left = sorted(str(p.relative_to(root)) for p in root.rglob(".*.tmp"))
    run = {"armed": armed, "at": died["killed_at"], "path": died["path"], "tmp": tmp_left}
    if check:
        run["state"] = recover_and_check(root)  # raises on any half-written state
    return run


def committed(action: str, run: dict, day: str) -> bool:
    """Whether the killed action is in the store; raises if it is there only in part."""
    armed, state = run["armed"], run["state"]
    done = state.gen == armed["gen"] + 1
    where = f"{action} killed at {run['at']} of {run['path']}"
    assert state.gen in (armed["gen"], armed["gen"] + 1), where
    assert done or not state.redone, f"{where}: redone, yet not committed"
    today = [t for t in state.tickets.values() if t["day"] == day]
    called = sum(t["state"] != "WAITING" for t in today)
    assert len(today) == armed["today"] + (done and action == "take"), where
    assert called == armed["called"] + (done and action == "call"), where
    if action == "skip":
        assert state.tickets[armed["ticket"]]["state"] == AFTER[action][done], where
    elif action in AFTER:
        assert state.cases[armed["case"]]["state"] == AFTER[action][done], where
    return done


def test_a_writer_killed_before_any_file_change_of_an_action_leaves_all_or_nothing(
    office, server, record_property
):
    root = office.store.root
    kills = redone = temp_files = 0
    calls: dict[str, int] = {}
    for at, name in zip(open_days(office, len(INJECTED)), INJECTED, strict=True):
        day = at.date().isoformat()
        action = name.split("+")[0]
        outcomes = []  # committed or not, for each kill point in order
        for k in count(1):
            run = run_sabotaged(server, root, at, name, k, torn=False)
            if not run:
                calls[name] = k - 1
                break
            outcomes.append(committed(action, run, day))
            kills += 1
            redone += run["state"].redone
            if run["at"] in WRITES:
                torn = run_sabotaged(server, root, at, name, k, torn=True)
                assert committed(action, torn, day) == outcomes[-1]  # half a call is no call
                kills += 1
                redone += torn["state"].redone
                temp_files += bool(torn["tmp"])
        # one commit point: nothing before it is stored, all of it after it
        point = outcomes.index(True)
        assert point > 0 and all(outcomes[point:]), (name, outcomes)
    record_property("in_commit_kills", kills)
    record_property("in_commit_kills_redone", redone)
    print(f"\n{kills} kills inside commits ({calls} system calls), {redone} redone at recovery")
    assert redone > 0  # some kills fell between the commit point and the last file applied
    assert calls["take+checkpoint"] > calls["take"]  # the checkpoint's steps were killed too
    assert temp_files > 0  # and some tore a temp file, which nothing minded


def test_a_recovery_killed_half_way_is_finished_by_the_next_process(office, server):
    root = office.store.root
    at = office.clock.now()
    day = at.date().isoformat()
    # the first kill point of a multi-file action that leaves its commit half applied
    for k in count(1):
        run = run_sabotaged(server, root, at, "returned", k, torn=False)
        assert run, "no kill point left a commit for recovery to redo"
        if run["state"].redone:
            break
    recoveries = 0
    for j in count(1):
        for torn in (False, True):
            # leave that half-applied commit again, then kill the process recovering it
            half = run_sabotaged(server, root, at, "returned", k, torn=False, check=False)
            rec = run_sabotaged(server, root, at, "recover", j, torn=torn, check=False)
            half["state"] = recover_and_check(root)
            assert committed("returned", half, day)
            if not rec or (torn and rec["at"] not in WRITES):
                break
            recoveries += 1
        if not rec:
            break
    print(f"\n{recoveries} recoveries killed half-way, each finished by the next process")
    assert recoveries >= 3  # the recovery itself has several steps, each one killed


def test_lock_of_a_killed_holder_does_not_block_the_next_process(office):
    root = office.store.root
    holder = subprocess.Popen(
        [sys.executable, str(PROCS / "hold_lock.py"), "--store", str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        ready = select.select([holder.stdout], [], [], 30)[0]
        assert ready and json.loads(holder.stdout.readline()) == {"locked": True}
        with pytest.raises(StoreError) as busy, FileStore(root, lock_timeout=0.2).transaction():
            pass
        assert busy.value.key == "store.busy"  # the lock is really held
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert (root / LOCK_NAME).exists()  # the dead holder's lock file stays behind

    with FileStore(root, lock_timeout=2).transaction() as tx:  # and does not block
        assert tx.load("held.json") is None  # the dead holder's change was never stored
    ticket = office.queue.take_ticket("KK")
    assert ticket.id in recover_and_check(root).tickets


def test_temp_files_left_by_killed_writers_are_harmless(office, server):
    root = office.store.root
    at = office.clock.now()
    for k in count(1):  # the first system call that writes a temp file, torn by the kill
        run = run_sabotaged(server, root, at, "take", k, torn=True)
        assert run, "no step of a commit writes a temp file"
        if run["tmp"]:
            break
    assert run["at"] in WRITES and run["path"] in run["tmp"]
    # and a stale temp file beside every file of the store, as other dead writers could leave
    for path in [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")]:
        path.with_name(f".{path.name}.tmp").write_bytes(b'{"garbage": ')

    ticket = office.queue.take_ticket("KK")
    state = recover_and_check(root)
    assert ticket.id in state.tickets
    assert ticket.number == sum(t["service"] == "KK" for t in state.tickets.values())
