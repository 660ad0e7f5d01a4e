"""Writers to be killed: a fork server that starts them fast, and the writers themselves.

    python tests/procs/crash_writer.py --serve

imports the office once, then forks a writer per request, so a test can
kill hundreds of real processes without paying Python's start-up for each.
Requests and replies are JSON lines on stdin / stdout:

- ``{"cmd": "spawn", "store": DIR, "at": ISO, "out": FILE, "err": FILE, "seed": N,
  "lane": 0}`` forks a writer running a random mix of actions (:func:`churn`)
  until killed; ``"inject": {"action": A, "k": K, "torn": BOOL}`` instead forks one
  that prepares a case, then does action ``A`` and kills itself with SIGKILL
  just before its K-th file-changing system call (:class:`Sabotage`).
  Reply ``{"pid": PID, "ready": true}`` once the writer is about to start.
- ``"hold": true`` in a spawn: the writer waits, once ready, for
  ``{"cmd": "go", "pid": PID}``, so several writers start together.
- ``{"cmd": "wait", "pid": PID, "timeout": S}``: reap it. Reply
  ``{"status": S}``: the exit code, or minus the signal that ended it; a
  writer still running after the timeout is killed (``"timeout": true``).

Killing a writer is the test's job (``os.kill(pid, SIGKILL)``). At EOF the
server kills whatever writers of its own are still running, reaps them and
exits.

A writer's stdout is the ``out`` file: after each transaction returns, it
prints one JSON line saying what was stored (``{"op": "take", "id": ...}``),
so every line there is an acknowledged transaction.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import emit, open_office, session
from helpers import family

import shared.family  # noqa: F401 - imported lazily by the workflow: load it before forking
import shared.regions  # noqa: F401
from shared.config import load_config
from shared.errors import DomainError, WrongState
from shared.model import TicketState
from shared.office import Office
from shared.queue import kind_of
from shared.sop import Role
from shared.store import journal

NIK = "6171011708900003"
KK_COUNTERS = (1, 2)
PICKUP_COUNTER = 3


# -- the writer's actions, each one transaction, acknowledged once it returned ----------
def take(office: Office, rng: random.Random) -> None:
    service = "KK" if rng.random() < 0.75 else "AMBIL"
    kind = rng.choice(office.config.kinds).code
    priority = "lansia" if rng.random() < 0.1 else None
    try:
        t = office.queue.take_ticket(service, kind=kind, priority=priority)
    except DomainError as err:
        if err.key != "queue.quota":
            raise
        t = office.queue.take_ticket("AMBIL")
    emit(op="take", id=t.id)


def call(office: Office, counter: int, staff: str = "LOKET1") -> str | None:
    me = session(staff, f"loket-{counter}")
    try:
        t = office.queue.call_next(me, counter)
    except WrongState as err:
        if err.key != "queue.counter_busy":
            raise
        finish(office, counter, "skip")  # a writer killed earlier left it busy
        return None
    if t is None:
        return None
    emit(op="call", id=t.id, case=t.case_id)
    return t.case_id


def finish(office: Office, counter: int, how: str) -> None:
    """End the counter's current ticket: ``skip``, ``returned`` or ``complete``."""
    t = office.queue.active_ticket(counter)
    if t is None:
        return
    me = session("LOKET1", f"loket-{counter}")
    if how == "skip" or t.case_id is None:
        office.queue.skip(me, counter)
        emit(op="skip", id=t.id)
    elif how == "returned":
        office.cases.verify(me, t.case_id, present=[])
        emit(op="verify", case=t.case_id)
    else:
        present = [r.code for r in kind_of(office.config, t.kind).requirements]
        office.cases.verify(
            me, t.case_id, present=present, applicant_name="Budi Santoso", applicant_nik=NIK
        )
        emit(op="verify", case=t.case_id)


def enter(office: Office, case: str | None = None) -> None:
    """The SIAK operator enters the family of the oldest case waiting for input."""
    if case is None:
        rows = office.cases.work_list(Role.ADMIN_SIAK)
        if not rows:
            return
        case = rows[0]["id"]
    office.cases.input_family(session("SIAK1", "siak-1"), case, family())
    emit(op="input", case=case)


def churn(office: Office, rng: random.Random, lane: int) -> None:
    """A random mix of every kind of transaction, as fast as it goes, until killed.

    Two writers may churn at once, in lanes 0 and 1: each takes tickets and
    serves its own KK counter; lane 0 also enters families, lane 1 also serves
    the pickup counter. So they contend for the store, never for one ticket.
    """
    counter = KK_COUNTERS[lane]
    own = (lambda: enter(office)) if lane == 0 else (lambda: pickup(office))
    steps: list[tuple[float, Callable[[], object]]] = [
        (3, lambda: take(office, rng)),
        (2, lambda: call(office, counter)),
        (2, lambda: finish(office, counter, rng.choice(FINISHES))),
        (1, own),
    ]
    weights = [w for w, _ in steps]
    while True:
        rng.choices(steps, weights)[0][1]()


def pickup(office: Office) -> None:
    call(office, PICKUP_COUNTER, "LOKET2")
    finish(office, PICKUP_COUNTER, "skip")


def report_recoveries() -> None:
    """Say so when this writer, on taking the lock, redid another's half-applied commit."""
    real = journal.recover

    def recover(root: Path) -> bool:
        redone = real(root)
        if redone:
            emit(recovered=True)
        return redone

    journal.recover = recover


FINISHES = ("skip", "returned", "complete")


# -- killing a writer from inside its commit ------------------------------------------
class Sabotage:
    """SIGKILL this process just before its ``k``-th file-changing system call.

    Counts every write, pwrite, ftruncate, truncate, rename, replace, unlink and
    mkdir the process makes once armed, whatever part of the store makes it:
    the commit point and each step of applying a commit are all reached for
    some ``k``. ``torn`` first writes half of that call's bytes, as a kill in
    the middle of the system call would (a write is the only call that can be
    cut). Before dying it prints ``{"killed_at": call, "path": file}``.
    """

    CALLS = ("write", "pwrite", "ftruncate", "truncate", "rename", "replace", "unlink", "mkdir")

    def __init__(self, root: Path, k: int, torn: bool) -> None:
        self.root, self.k, self.torn, self.calls = root, k, torn, 0

    def arm(self) -> None:
        for name in self.CALLS:
            setattr(os, name, self._wrap(name, getattr(os, name)))

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == self.k:
                emit(killed_at=name, path=self._path(args[-1] if name == "replace" else args[0]))
                if self.torn and name in ("write", "pwrite"):
                    real(args[0], bytes(args[1])[: len(args[1]) // 2], *args[2:])
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return call

    def _path(self, target: int | str | Path) -> str:
        if isinstance(target, int):
            target = os.readlink(f"/proc/self/fd/{target}")
        path = Path(target)
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)


def prepare(office: Office, action: str) -> dict[str, Any]:
    """Bring the store to where ``action`` can run; what it will act on."""
    for counter in (*KK_COUNTERS, PICKUP_COUNTER):
        finish(office, counter, "skip")  # free counters a killed writer left busy
    if action == "take":
        return {}
    office.queue.take_ticket("KK", kind=office.config.kinds[0].code)
    if action == "call":
        return {}
    case = call(office, 1)
    assert case is not None
    if action == "input":
        finish(office, 1, "complete")
    return {"case": case, "ticket": office.queue.active_ticket(1).id if action == "skip" else None}


def sabotaged(office: Office, action: str, k: int, torn: bool) -> None:
    """Prepare, then do ``action`` and die at its ``k``-th file-changing system call.

    ``recover`` prepares nothing and does no action: the system calls counted
    are those of the store's recovery at this process's first lock, which
    redoes whatever commit a writer killed earlier left half applied.
    ``<action>+checkpoint``: that commit also checkpoints the write-ahead log.
    """
    action, _, variant = action.partition("+")
    sabotage = Sabotage(office.store.root, k, torn)
    if action == "recover":
        emit(armed=action, gen=office.store.marker()["gen"])  # read without the lock
        sabotage.arm()
        office.queue.today()
        emit(survived=True, calls=sabotage.calls)
        return
    subject = prepare(office, action)
    today = office.queue.today()
    called = sum(t.state != TicketState.WAITING for t in today)
    emit(armed=action, gen=office.store.marker()["gen"], today=len(today), called=called, **subject)
    if variant == "checkpoint":
        journal.CHECKPOINT_BYTES = 0  # any log is big enough: this commit checkpoints
    sabotage.arm()
    if action == "take":
        take(office, random.Random(k))
    elif action == "call":
        call(office, 1)
    elif action == "skip":
        finish(office, 1, "skip")
    elif action in ("returned", "complete"):
        finish(office, 1, action)
    elif action == "input":
        enter(office, subject["case"])
    else:
        raise ValueError(action)
    emit(survived=True, calls=sabotage.calls)


# -- the fork server ------------------------------------------------------------------
def writer(req: dict[str, Any], config: Any, ready: int, go: int | None) -> None:
    """The forked child: open the store, say so on ``ready``, wait for ``go``, work.

    A churning writer takes the store's lock once before it is ready (the
    store's once-per-process checks), so its kill time counts from its first
    transaction. A sabotaged one is ready before it takes any lock. Never returns.
    """
    code = 1
    try:
        out = os.open(req["out"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        err = os.open(req["err"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        office = open_office(req["store"], req["at"], config)
        inject = req.get("inject")
        if not inject:
            office.queue.today()
        os.write(ready, b"!")
        os.close(ready)
        if go is not None:
            os.read(go, 1)
            os.close(go)
        if inject:
            sabotaged(office, inject["action"], inject["k"], inject["torn"])
        else:
            report_recoveries()
            churn(office, random.Random(req["seed"]), req.get("lane", 0))
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


class Server:
    """Forks writers on request; kills and reaps the ones left at the end."""

    def __init__(self) -> None:
        self.config = load_config(None)
        self.children: set[int] = set()
        self.go_pipes: dict[int, int] = {}

    def spawn(self, req: dict[str, Any]) -> dict[str, Any]:
        """Fork a writer; answer once it is ready (or died trying).

        With ``"hold": true`` it then waits for a ``go`` request, so that
        several writers can be started together.
        """
        ready_r, ready_w = os.pipe()
        go_r, go_w = os.pipe() if req.get("hold") else (None, None)
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            if go_w is not None:
                os.close(go_w)
            writer(req, self.config, ready_w, go_r)
        self.children.add(pid)
        os.close(ready_w)
        if go_r is not None and go_w is not None:
            os.close(go_r)
            self.go_pipes[pid] = go_w
        try:
            ok = bool(select.select([ready_r], [], [], 30)[0]) and os.read(ready_r, 1) == b"!"
        finally:
            os.close(ready_r)
        return {"pid": pid, "ready": ok}

    def go(self, pid: int) -> dict[str, Any]:
        fd = self.go_pipes.pop(pid)
        os.write(fd, b"!")
        os.close(fd)
        return {"pid": pid}

    def reap(self, pid: int, timeout: float) -> dict[str, Any]:
        """Wait for ``pid`` to end (killing it after ``timeout``); its exit status."""
        deadline = time.monotonic() + timeout
        timed_out = False
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline and not timed_out:
                os.kill(pid, signal.SIGKILL)
                timed_out = True
            time.sleep(0.0005)
        self.children.discard(pid)
        if pid in self.go_pipes:
            os.close(self.go_pipes.pop(pid))
        return {"status": os.waitstatus_to_exitcode(status), "timeout": timed_out}

    def serve(self) -> None:
        for line in sys.stdin:
            req = json.loads(line)
            if req["cmd"] == "spawn":
                reply = self.spawn(req)
            elif req["cmd"] == "go":
                reply = self.go(req["pid"])
            elif req["cmd"] == "wait":
                reply = self.reap(req["pid"], req.get("timeout", 10.0))
            else:
                reply = {"error": f"unknown command {req['cmd']!r}"}
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()
        for pid in self.children:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


if __name__ == "__main__":
    if sys.argv[1:] != ["--serve"]:
        raise SystemExit(__doc__)
    Server().serve()
