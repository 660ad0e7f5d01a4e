"""Every kind of printer failing, with real processes: the record is never lost, and prints once.

A kiosk process (``tests/procs/print_faults.py ticket``) takes a ticket and
prints it on a failing receipt printer; a print station process prints the
A4 queue on a failing document printer. The printers are real too: a network
printer process (``tests/procs/printer_server.py``) that refuses, hangs, or is
unplugged mid-receipt; a folder that cannot be written; an ``lp`` that is
missing or fails. Each time:

- the ticket (or the case's draft) stays stored, the job FAILED, with a clear
  message for staff in the office's language that names the printer and what
  to do about it (on the ticket too, for the counter's reprint list);
- once the printer is back, a staff retry prints it, and it prints exactly
  once (a second pass of the loop prints nothing), on the printer that came
  back;
- the store is whole afterwards (:func:`procs.storecheck.recover_and_check`).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from helpers import MONDAY_9, case_in
from procs.storecheck import recover_and_check

from shared.config import PrinterConfig
from shared.fake_printer import SilentPort, closed_port
from shared.model import PrintStatus, TicketState
from shared.printers import PrinterError, send
from shared.sop import CaseState

PROCS = Path(__file__).parents[1] / "procs"
AT = MONDAY_9.isoformat()
SLEEP, CAT = shutil.which("sleep") or "/bin/sleep", shutil.which("cat") or "/bin/cat"

pytestmark = pytest.mark.slow


def run(what: str, root: Path, printer: dict[str, Any], *, job: str | None = None,
        env: dict[str, str] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    cmd = [sys.executable, str(PROCS / "print_faults.py"), what, "--store", str(root)]
    cmd += ["--at", AT, "--printer", json.dumps(printer, default=str)]
    cmd += ["--job", job] if job else []
    cmd += ["--lp-timeout", "0.5"]  # an lp that hangs costs half a second
    done = subprocess.run(
        cmd, capture_output=True, timeout=90, check=False, env={**os.environ, **(env or {})}
    )
    err = done.stderr.decode()
    assert done.returncode == 0 and "Traceback" not in err, f"{what} failed:\n{err[-3000:]}"
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


@contextmanager
def printer_process(mode: str, out: Path) -> Iterator[int]:
    """A network printer process in ``mode``; its port. Killed at the end."""
    proc = subprocess.Popen(
        [sys.executable, str(PROCS / "printer_server.py"), "--mode", mode, "--out", str(out)],
        stdout=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        yield json.loads(proc.stdout.readline())["port"]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)


def network(port: int, timeout: float = 1.0) -> dict[str, Any]:
    return {"type": "network", "paper_mm": 80,
            "options": {"host": "127.0.0.1", "port": port, "timeout": timeout}}  # fmt: skip


def fake_lp(folder: Path, body: str) -> dict[str, str]:
    """An ``lp`` (and nothing else) on PATH: the environment to run with."""
    folder.mkdir(parents=True, exist_ok=True)
    lp = folder / "lp"
    lp.write_text("#!/bin/sh\n" + body)
    lp.chmod(0o755)
    return {"PATH": str(folder)}


def assert_failed_and_kept(office, ticket_id: str, job_id: str, *words: str) -> str:
    """The ticket waits in the queue, its job FAILED with a message naming the fault."""
    with office.read() as repo:
        ticket, job = repo.get_ticket(ticket_id), repo.get_job(job_id)
    assert ticket.state == TicketState.WAITING  # still valid: the desk calls it
    assert job.status == PrintStatus.FAILED and ticket.print_status == PrintStatus.FAILED
    assert job.error and ticket.print_error == job.error
    for word in words:
        assert word in job.error, job.error
    return job.error


def retry_prints_once(office, what: str, printer: dict[str, Any], job: str,
                      env: dict[str, str] | None = None) -> None:  # fmt: skip
    lines = run(what, office.store.root, printer, job=job, env=env)
    assert lines == [{"job": job, "status": "PRINTED", "error": None}], lines
    with office.read() as repo:
        assert not [j for j in repo.open_jobs() if j.id == job]  # done, out of the queue
    recover_and_check(office.store.root, claims=2)  # two claims: the failed try, the retry


# -- the kiosk's receipt printer -----------------------------------------------------------------
@contextmanager
def refused(tmp_path: Path) -> Iterator[dict[str, Any]]:
    yield network(closed_port())


@contextmanager
def connect_timeout(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with SilentPort() as silent:  # its backlog full: connecting never completes
        yield network(silent.port, timeout=0.5)


@contextmanager
def unplugged_mid_receipt(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with printer_process("cut:200", tmp_path / "cut") as port:
        yield network(port)


NETWORK_FAULTS = {
    "refused": (refused, ("tidak menyala", "kiosk")),
    "connect timeout": (connect_timeout, ("tidak menjawab", "0.5")),
    "unplugged mid-receipt": (unplugged_mid_receipt, ("tidak menyala", "kiosk")),
}


@pytest.mark.parametrize("how", list(NETWORK_FAULTS))
def test_a_failing_network_printer_keeps_the_ticket_and_prints_it_once_when_back(
    office, tmp_path, how
):
    fault, words = NETWORK_FAULTS[how]
    with fault(tmp_path) as printer:
        (issued,) = run("ticket", office.store.root, printer)
    assert issued["printed"] is False
    assert_failed_and_kept(office, issued["ticket"], issued["job"], *words)

    with printer_process("ok", tmp_path / "paper") as port:
        retry_prints_once(office, "retry", network(port), issued["job"])
    jobs = sorted((tmp_path / "paper").glob("job-*.bin"))
    assert len(jobs) == 1  # exactly once, on the printer that came back
    assert issued["display"].encode() in jobs[0].read_bytes()


def test_a_hung_printer_that_never_reads_is_a_timeout_not_printed(tmp_path):
    """Regression: a printer that took the connection but not the bytes counted as printed.

    (A receipt small enough to fit the printer's receive buffer is accepted by
    its network stack, which is all a printer without status can tell.)
    """
    with printer_process("deaf", tmp_path / "deaf") as port:
        cfg = PrinterConfig("kiosk", "network", 80, network(port)["options"])
        with pytest.raises(PrinterError) as hung:
            send(cfg, b"\x1b@" + b"receipt line\n" * 1000, name="PJ-0000001")
    assert hung.value.kind == "timeout", hung.value.message("en")


def test_a_printer_unplugged_mid_receipt_is_not_counted_printed(tmp_path):
    """Regression: the reset of a printer that dropped the receipt half read was ignored."""
    with printer_process("cut:200", tmp_path / "cut") as port:
        cfg = PrinterConfig("kiosk", "network", 80, network(port)["options"])
        with pytest.raises(PrinterError) as dropped:
            send(cfg, b"\x1b@" + b"receipt line\n" * 60, name="PJ-0000001")
    assert dropped.value.kind == "offline", dropped.value.message("en")


def _mount(where: Path, options: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    where.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, f"kk-print-{uuid.uuid4().hex[:6]}", str(where)],
        capture_output=True, timeout=20, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"mount -t tmpfs is not permitted here: {done.stderr.decode().strip()}")


@pytest.fixture
def read_only_folder(tmp_path):
    where = tmp_path / "ro"
    _mount(where, "size=64k,ro")
    yield where
    subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=20, check=False)


@pytest.fixture
def full_folder(tmp_path):
    where = tmp_path / "full"
    _mount(where, "size=64k")
    (where / "ballast").write_bytes(b"\0" * (64 * 1024 - 2048))  # a page or so left
    yield where
    subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=20, check=False)


def file_printer(folder: Path) -> dict[str, Any]:
    return {"type": "file", "paper_mm": 80, "options": {"path": str(folder / "kiosk.bin")}}


def test_a_file_printer_whose_folder_is_a_file_fails_clearly_then_prints_once(office, tmp_path):
    blocker = tmp_path / "print"
    blocker.write_text("a file where the print folder should be")
    (issued,) = run("ticket", office.store.root, file_printer(blocker))
    assert_failed_and_kept(office, issued["ticket"], issued["job"], "kiosk", str(blocker))
    blocker.unlink()
    retry_prints_once(office, "retry", file_printer(blocker), issued["job"])
    assert [p.name for p in sorted((blocker / "kiosk").iterdir())] == [
        f"{issued['job']}.bin",
        f"{issued['job']}.png",
    ]


def test_a_file_printer_on_a_read_only_folder_fails_clearly(office, read_only_folder, tmp_path):
    (issued,) = run("ticket", office.store.root, file_printer(read_only_folder))
    assert_failed_and_kept(office, issued["ticket"], issued["job"], "kiosk", "Read-only")
    retry_prints_once(office, "retry", file_printer(tmp_path / "writable"), issued["job"])


def test_a_file_printer_on_a_full_disk_fails_clearly_then_prints_once(office, full_folder):
    (issued,) = run("ticket", office.store.root, file_printer(full_folder))
    assert_failed_and_kept(office, issued["ticket"], issued["job"], "kiosk", "No space")
    (full_folder / "ballast").unlink()
    retry_prints_once(office, "retry", file_printer(full_folder), issued["job"])
    made = sorted(p.name for p in (full_folder / "kiosk").iterdir())
    assert made == [f"{issued['job']}.bin", f"{issued['job']}.png"]  # no half file left


CUPS_RECEIPTS = {"type": "cups", "paper_mm": 80, "options": {"queue": "STRUK"}}


@pytest.mark.parametrize(
    ("how", "lp", "words"),
    [
        ("lp missing", None, ("kiosk", "cups-client")),
        ("lp fails", 'echo "lp: The printer or class does not exist." >&2\nexit 1\n',
         ("STRUK", "does not exist")),
        ("lp hangs", f"exec {SLEEP} 30\n", ("kiosk", "tidak menjawab", "0.5")),
    ],
)  # fmt: skip
def test_a_cups_receipt_queue_failing_keeps_the_ticket_and_prints_once(
    office, tmp_path, how, lp, words
):
    env = fake_lp(tmp_path / "bin", lp) if lp else {"PATH": str(tmp_path / "empty")}
    (issued,) = run("ticket", office.store.root, CUPS_RECEIPTS, env=env)
    assert_failed_and_kept(office, issued["ticket"], issued["job"], *words)
    log = tmp_path / "lp.log"
    script = f'echo "$@" >> {log}\n{CAT} > /dev/null\necho "request id is STRUK-7"\n'
    works = fake_lp(tmp_path / "ok", script)
    retry_prints_once(office, "retry", CUPS_RECEIPTS, issued["job"], env=works)
    assert len(log.read_text().splitlines()) == 1  # lp ran exactly once


# -- the print station's A4 printer --------------------------------------------------------------
@pytest.fixture
def draft_job(office, sessions):
    """A case past step 3: its draft KK waits in the A4 queue."""
    case_id, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    with office.read() as repo:
        (job,) = [j for j in repo.open_jobs() if j.kind == "draft_kk" and j.ref == case_id]
    return job


def spool(folder: Path) -> dict[str, Any]:
    return {"type": "spool", "paper_mm": None, "options": {"path": str(folder)}}


CUPS_A4 = {"type": "cups", "paper_mm": None, "options": {"queue": "KANTOR"}}


@pytest.mark.parametrize("how", ["spool is a file", "lp missing", "lp fails", "lp hangs"])
def test_a_failing_a4_printer_keeps_the_job_and_prints_it_once_when_back(
    office, draft_job, tmp_path, how
):
    env = None
    if how == "spool is a file":
        printer, words = spool(tmp_path / "spool"), ("tidak dapat ditulisi", "spool")
        (tmp_path / "spool").write_text("not a folder")
    elif how == "lp missing":
        printer, words = CUPS_A4, ("kantor", "cups-client")
        env = {"PATH": str(tmp_path / "empty")}
    elif how == "lp hangs":
        printer, words = CUPS_A4, ("KANTOR", "tidak menjawab", "0.5")
        env = fake_lp(tmp_path / "bin", f"exec {SLEEP} 30\n")
    else:
        printer, words = CUPS_A4, ("KANTOR", "menolak", "disabled")
        env = fake_lp(tmp_path / "bin", 'echo "lp: Destination KANTOR is disabled" >&2\nexit 1\n')
    lines = run("docs", office.store.root, printer, env=env)
    assert [(x["job"], x["status"]) for x in lines] == [(draft_job.id, "FAILED")], lines
    with office.read() as repo:
        job, case = repo.get_job(draft_job.id), repo.get_case(draft_job.ref)
    assert job.status == PrintStatus.FAILED and all(w in job.error for w in words), job.error
    assert case.state == CaseState.KASI_REVIEW  # the case goes on regardless

    if how == "spool is a file":
        (tmp_path / "spool").unlink()
        retry_prints_once(office, "docs", printer, draft_job.id)
        assert len(list((tmp_path / "spool").glob("*.pdf"))) == 1
    else:
        log = tmp_path / "lp.log"
        works = fake_lp(tmp_path / "ok", f'echo "$@" >> {log}\necho "request id is KANTOR-3"\n')
        retry_prints_once(office, "docs", CUPS_A4, draft_job.id, env=works)
        assert len(log.read_text().splitlines()) == 1


@pytest.fixture
def full_spool(tmp_path):
    where = tmp_path / "spool-disk"
    _mount(where, "size=4m")
    (where / "ballast").write_bytes(b"\0" * (4 * 1024 * 1024 - 4096))
    yield where
    subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=20, check=False)


def test_a4_spool_on_a_full_disk_fails_clearly_leaves_no_half_pdf_then_prints_once(
    office, draft_job, full_spool
):
    folder = full_spool / "spool"
    lines = run("docs", office.store.root, spool(folder))
    assert [(x["job"], x["status"]) for x in lines] == [(draft_job.id, "FAILED")], lines
    with office.read() as repo:
        error = repo.get_job(draft_job.id).error
    assert "No space left" in error and str(folder) in error, error
    assert not list(folder.iterdir())  # no half-written PDF, no temp file
    (full_spool / "ballast").unlink()
    retry_prints_once(office, "docs", spool(folder), draft_job.id)
    assert [p.suffix for p in folder.iterdir()] == [".pdf"]
