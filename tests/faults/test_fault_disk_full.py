"""A full disk in the middle of a transaction, in a real writer process.

The writer (``tests/procs/disk_full.py``) takes tickets and registers files
until a write fails: first with a file-size limit (``RLIMIT_FSIZE``, so the
write fails with ``EFBIG`` at a chosen size, with ``SIGXFSZ`` ignored), then,
where this machine lets root mount one, on a tiny tmpfs that fills up
(``ENOSPC``). Each time:

- the writer is refused with a domain error in Indonesian and English (a
  ``StoreError`` through the message catalogue), never an ``OSError`` traceback;
- afterwards the store opens, every acknowledged action is in it and nothing
  half-written is visible (:func:`procs.storecheck.recover_and_check`);
- once space comes back, the next writer writes again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from helpers import MONDAY_9
from procs.storecheck import recover_and_check

from shared.clock import ManualClock
from shared.office import Office
from shared.sop import Role
from shared.store import journal
from shared.store.filestore import FileStore

PROCS = Path(__file__).parents[1] / "procs"
AT = MONDAY_9.isoformat()


def run_writer(root: Path, *, fsize: int | None = None, count: int = 1000) -> list[dict]:
    """Run the writer to its end; its JSON lines (stdout is a pipe: no file-size limit on it)."""
    cmd = [sys.executable, str(PROCS / "disk_full.py"), "--store", str(root), "--at", AT]
    cmd += ["--count", str(count)] + (["--fsize", str(fsize)] if fsize is not None else [])
    done = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
    err = done.stderr.decode()
    assert done.returncode == 0 and "Traceback" not in err, f"writer failed:\n{err[-3000:]}"
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def acknowledged(lines: list[dict[str, Any]]) -> dict[str, set[str]]:
    acked: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        if "op" in line:
            acked[line["op"]].add(line.get("id") or line["case"])
    return acked


def assert_refused_clearly(last: dict[str, Any], *keys: str) -> None:
    assert last.get("refused") in keys, last
    assert "penuh" in last["id"] and "full" in last["en"], last  # says what is wrong
    assert "aman" in last["id"] and "safe" in last["en"], last  # and that nothing is lost


def assert_all_there(root: Path, acked: dict[str, set[str]], claims: int = 0) -> None:
    state = recover_and_check(root, claims=claims)  # raises on anything half-written
    assert acked["take"] <= state.tickets.keys()
    assert all(state.tickets[t]["state"] != "WAITING" for t in acked["call"])
    assert all(state.cases[c]["state"] != "VERIFYING" for c in acked["verify"])


def test_a_file_size_limit_mid_commit_refuses_clearly_and_loses_nothing(office):
    root = office.store.root
    for _ in range(3):
        office.queue.take_ticket("KK", kind="baru_menikah")
    limit = (root / journal.WAL_NAME).stat().st_size + 40_000  # a few actions' worth
    lines = run_writer(root, fsize=limit)
    assert len(lines) > 5, lines  # it did work until the limit
    assert_refused_clearly(lines[-1], "store.write_failed_full")
    # the refused transaction's half line was cut from the journal at once, before any recovery
    assert journal._last_gen(root / journal.WAL_NAME)[0] >= 0
    acked = acknowledged(lines)
    assert_all_there(root, acked)

    # space comes back: a new writer writes, and the first one's work is all there
    more = run_writer(root, count=3)
    assert more[-1] == {"done": True}
    assert_all_there(root, acknowledged(lines + more))


def test_a_full_disk_after_the_commit_point_is_finished_once_space_returns(office):
    """The journal line fits, the append to the day's audit file does not.

    That transaction is committed (the writer was told so); the store refuses
    every action until space returns, then redoes it.
    """
    root = office.store.root
    for _ in range(40):  # tickets printed: the audit file grows, the job queue empties
        t = office.queue.take_ticket("KK", kind="baru_menikah")
        office.printing.claim_job(t.print_job, "w")
        office.printing.finish(t.print_job, ok=True, worker="w")
    journal.checkpoint(root)  # a fresh, small journal
    audit = next(root.glob("audit/*/*.jsonl"))
    others = sum(p.stat().st_size for p in root.rglob("*.json"))  # a journal line's most
    assert audit.stat().st_size > others + 2_000, "a journal line could outgrow the audit file"
    lines = run_writer(root, fsize=audit.stat().st_size + 100)
    acked = acknowledged(lines)
    assert len(acked["take"]) == 1, lines  # the journal took it: committed, acknowledged
    assert_refused_clearly(lines[-1], "store.unusable_full")  # the next one is refused
    assert "kk store check" not in lines[-1]["en"]  # a full disk is not damage

    assert_all_there(root, acked, claims=40)  # the committed ticket was redone, whole
    more = run_writer(root, count=2)
    assert more[-1] == {"done": True}
    assert_all_there(root, acknowledged(lines + more), claims=40)


def _mount_tmpfs(where: Path, size: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", f"kk-full-{uuid.uuid4().hex[:6]}",
         str(where)],
        capture_output=True, timeout=20, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"mount -t tmpfs is not permitted here: {done.stderr.decode().strip()}")


def fill(disk: Path, *, leave: int) -> Path:
    """A ballast file that leaves about ``leave`` bytes free on ``disk``."""
    st = os.statvfs(disk)
    ballast = disk / "ballast"
    ballast.write_bytes(b"\0" * max(0, st.f_bavail * st.f_frsize - leave))
    return ballast


@pytest.fixture
def tiny_disk(tmp_path):
    where = tmp_path / "disk"
    _mount_tmpfs(where, "400k")
    yield where
    subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=20, check=False)


def test_a_real_full_disk_tmpfs_refuses_clearly_and_loses_nothing(tiny_disk, config):
    root = tiny_disk / "store"
    store = FileStore(root)
    store.initialise()
    office = Office(store, config, ManualClock(MONDAY_9))
    office.staff.add("LOKET1", "Loket1", Role.PENGOLAH_DATA, "123456")
    ballast = fill(tiny_disk, leave=60_000)  # what an administrator deletes to make room

    lines = run_writer(root)
    assert len(lines) > 5, lines
    assert_refused_clearly(lines[-1], "store.write_failed_full", "store.unusable_full")
    acked = acknowledged(lines)
    # a second writer on the full disk is refused as clearly, and changes nothing
    again = run_writer(root, count=1)
    assert_refused_clearly(again[-1], "store.write_failed_full", "store.unusable_full")

    ballast.unlink()  # space comes back
    assert_all_there(root, acked)
    more = run_writer(root, count=3)
    assert more[-1] == {"done": True}
    assert_all_there(root, acknowledged(lines + more))


def test_the_cli_on_a_full_disk_says_so_without_a_traceback(tiny_disk):
    root = tiny_disk / "store"
    env = {**os.environ, "KK_NOW": "2026-11-23T09:00"}
    kk = [sys.executable, "-m", "shared.cli.main"]
    assert subprocess.run([*kk, "init", "--store", str(root)], env=env, check=False).returncode == 0
    ballast = fill(tiny_disk, leave=12_000)
    take = [*kk, "ticket", "take", "--service", "KK", "--kind", "baru_menikah"]
    outcomes = []
    for _ in range(200):
        done = subprocess.run(
            [*take, "--store", str(root), "--lang", "en"], env=env, capture_output=True,
            timeout=30, check=False,
        )  # fmt: skip
        outcomes.append(done)
        if done.returncode:
            break
    last = outcomes[-1]
    err = last.stderr.decode()
    assert last.returncode == 1 and "Traceback" not in err and "unexpected" not in err, err
    assert "full" in err, err
    ok = [o for o in outcomes if o.returncode == 0]
    ballast.unlink()
    state = recover_and_check(root)
    assert len(state.tickets) == len(ok)


@pytest.mark.slow
def test_the_disk_filling_up_at_many_points_of_a_commit_never_loses_an_acknowledged_action(
    tiny_disk, config
):
    """Sweep how much room is left: the disk fills in the journal, in a data file, in meta.json.

    After every refusal the store is whole with everything acknowledged in it,
    and once the ballast is gone the next writer writes.
    """
    root = tiny_disk / "store"
    store = FileStore(root)
    store.initialise()
    office = Office(store, config, ManualClock(MONDAY_9))
    office.staff.add("LOKET1", "Loket1", Role.PENGOLAH_DATA, "123456")
    lines: list[dict[str, Any]] = []
    refusals = set()
    for leave in range(6_000, 40_000, 2_300):
        ballast = fill(tiny_disk, leave=leave)
        run = run_writer(root, count=400)
        assert "refused" in run[-1], run[-1]
        refusals.add(run[-1]["refused"])
        lines += run
        ballast.unlink()
        assert_all_there(root, acknowledged(lines))
        journal.checkpoint(root)  # start each round with a small journal
    assert refusals <= {"store.write_failed_full", "store.unusable_full"}, refusals
    more = run_writer(root, count=2)
    assert more[-1] == {"done": True}
    assert_all_there(root, acknowledged(lines + more))
    print(f"\nrefusals seen: {sorted(refusals)}")


def test_kk_init_on_a_full_or_read_only_disk_says_so(tiny_disk, tmp_path):
    env = {**os.environ, "KK_NOW": "2026-11-23T09:00"}
    kk = [sys.executable, "-m", "shared.cli.main", "init", "--lang", "en", "--store"]
    ballast = fill(tiny_disk, leave=0)
    done = subprocess.run([*kk, str(tiny_disk / "store")], env=env, capture_output=True,
                          text=True, timeout=30, check=False)  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "full" in done.stderr and "unexpected" not in done.stderr, done.stderr
    ballast.unlink()
    done = subprocess.run([*kk, str(tiny_disk / "store")], env=env, capture_output=True,
                          text=True, timeout=30, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert recover_and_check(tiny_disk / "store").gen == 0
