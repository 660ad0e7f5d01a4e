"""Lock files left behind: the store's lock is an ``flock``, so a file alone never blocks.

``tests/test_crash.py`` kills a holder inside a transaction and takes the lock
in-process; here the next user is a separate ``kk`` process, the dead holder
also sat in the waiting room, and the stale files were made by hand with junk
in them (as a copied or restored folder, or an editor, could leave them).
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from procs.storecheck import recover_and_check

from shared.errors import StoreError
from shared.store.filestore import LOCK_NAME, FileStore

PROCS = Path(__file__).parents[1] / "procs"
KK = [sys.executable, "-m", "shared.cli.main"]
ENV = {**os.environ, "KK_NOW": "2026-11-23T09:00"}


def kk_take(root: Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    cmd = [*KK, "ticket", "take", "--service", "KK", "--kind", "baru_menikah", "--json"]
    return subprocess.run(
        [*cmd, "--store", str(root)], env=ENV, capture_output=True, text=True, timeout=timeout,
        check=False,
    )  # fmt: skip


def start_holder(root: Path) -> subprocess.Popen[bytes]:
    holder = subprocess.Popen(
        [sys.executable, str(PROCS / "hold_lock.py"), "--store", str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None
    assert select.select([holder.stdout], [], [], 30)[0], "the holder never took the lock"
    assert json.loads(holder.stdout.readline()) == {"locked": True}
    return holder


def test_a_holder_killed_while_others_wait_frees_the_lock_for_the_waiting_kk(office):
    root = office.store.root
    holder = start_holder(root)
    try:
        # a kk process queues up behind the holder, in the waiting room
        waiting = subprocess.Popen(
            [*KK, "ticket", "take", "--service", "KK", "--kind", "baru_menikah", "--json",
             "--store", str(root)],
            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(1.0)
        assert waiting.poll() is None, waiting.communicate()  # really blocked by a live holder
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
    out, err = waiting.communicate(timeout=20)
    assert waiting.returncode == 0, err
    ticket = json.loads(out)
    assert (root / LOCK_NAME).exists()  # the dead holder's file stays, and blocks nobody
    state = recover_and_check(root)
    assert ticket["id"] in state.tickets and "held.json" not in os.listdir(root)


@pytest.mark.parametrize(
    "junk",
    [
        b"12345\n",  # a pid, as other lock libraries write
        b"\x00\xff" * 500,  # binary junk
        b"",  # empty
    ],
    ids=["pid", "binary", "empty"],
)
def test_stale_lock_files_made_by_hand_do_not_block(office, junk):
    root = office.store.root
    for name in (LOCK_NAME, ".waiting"):
        (root / name).unlink(missing_ok=True)
        (root / name).write_bytes(junk)
    os.chmod(root / LOCK_NAME, 0o400)  # even read-only (as a careless copy may leave it)
    started = time.monotonic()
    done = kk_take(root)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 10  # a process start, no lock timeout
    with FileStore(root, lock_timeout=1).transaction():  # and in-process too
        pass
    assert json.loads(done.stdout)["id"] in recover_and_check(root).tickets


def test_a_lock_held_by_a_live_process_is_refused_clearly_not_broken(office):
    """The other side: a live holder is never overridden; a waiter gives up with a message."""
    root = office.store.root
    holder = start_holder(root)
    try:
        with pytest.raises(StoreError) as busy, FileStore(root, lock_timeout=0.3).transaction():
            pass
        assert busy.value.key == "store.busy"
        assert "sibuk" in busy.value.message("id") and "busy" in busy.value.message("en")
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)


@pytest.mark.parametrize("name", [LOCK_NAME, ".waiting"])
def test_a_folder_where_a_lock_file_should_be_is_refused_by_name(office, name):
    """Nothing a person can fix quietly: a clear message naming the file, no traceback."""
    root = office.store.root
    (root / name).unlink(missing_ok=True)
    (root / name).mkdir()
    done = kk_take(root)  # --json: the refusal is a JSON object on stdout
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    refusal = json.loads(done.stdout)
    assert refusal["error"] == "store.unusable", refusal
    assert str(root / name) in refusal["message"] and "kk store check" in refusal["message"]
    (root / name).rmdir()  # removed: the office goes on, nothing lost
    assert kk_take(root).returncode == 0
    recover_and_check(root)
