"""Printing through a real CUPS server: a cups-pdf queue, ``lp``, the PDF it writes.

Needs the ``cups`` and ``printer-driver-cups-pdf`` packages (``.ci/run``
installs them when it can). The test starts ``cupsd`` itself when no
scheduler runs and it may (root), creates a throw-away cups-pdf queue, and
removes both afterwards; without CUPS it skips.
"""

from __future__ import annotations

import dataclasses
import os
import pwd
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import case_in

from shared.config import PrinterConfig
from shared.document_print import print_pending_documents
from shared.model import PrintStatus
from shared.office import Office
from shared.signing import sign_kk, verify_payload
from shared.signing_keys import init_keys, load_public_keys
from shared.signing_qr import qr_texts
from shared.sop import CaseState

pytestmark = [pytest.mark.cups, pytest.mark.slow]

CUPSD = "/usr/sbin/cupsd"
PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
WAIT = 60.0  # seconds for the scheduler to start, or a PDF to appear


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)


def _scheduler_running() -> bool:
    return _run("lpstat", "-r").stdout.strip() == "scheduler is running"


def _until(check, what: str, timeout: float = WAIT):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"{what} within {timeout:g} s")


def cups_pdf_folder() -> Path:
    """Where cups-pdf writes a job of this user (``Out`` in cups-pdf.conf, ``${HOME}``)."""
    home = pwd.getpwuid(os.getuid()).pw_dir
    out = "${HOME}/PDF"
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text().splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    return Path(out.replace("${HOME}", home))


@pytest.fixture(scope="module")
def cups_queue() -> Iterator[str]:
    """A cups-pdf queue on a running scheduler (started here if need be), removed after."""
    if not all(shutil.which(c) for c in ("lp", "lpstat", "lpadmin")):
        pytest.skip("CUPS is not installed (apt-get install cups printer-driver-cups-pdf)")
    started: subprocess.Popen[bytes] | None = None
    if not _scheduler_running():
        if not Path(CUPSD).exists() or os.geteuid() != 0:
            pytest.skip("no CUPS scheduler running, and this user cannot start cupsd")
        started = subprocess.Popen(
            [CUPSD, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + WAIT
        while not _scheduler_running():
            if started.poll() is not None or time.monotonic() > deadline:
                _stop(started)
                pytest.skip("cupsd did not start")
            time.sleep(0.1)
    queue = f"KK_TEST_{os.getpid()}"
    made = _run("lpadmin", "-p", queue, "-E", "-v", "cups-pdf:/", "-m", PPD)
    if made.returncode != 0:
        _stop(started)
        pytest.skip(f"cannot create a cups-pdf queue: {made.stderr.strip()}")
    try:
        yield queue
    finally:
        _run("lpadmin", "-x", queue)
        _stop(started)


def _stop(cupsd: subprocess.Popen[bytes] | None) -> None:
    """Stop the cupsd this test started (by its pid), never anyone else's."""
    if cupsd is None or cupsd.poll() is not None:
        return
    cupsd.terminate()
    try:
        cupsd.wait(timeout=20)
    except subprocess.TimeoutExpired:
        cupsd.kill()
        cupsd.wait(timeout=10)


@pytest.fixture
def cups_office(office: Office, cups_queue: str) -> Office:
    cfg = PrinterConfig("kantor", "cups", None, {"queue": cups_queue})
    config = dataclasses.replace(office.config, printers={**office.config.printers, "kantor": cfg})
    return Office(office.store, config, office.clock)


def _printed_pdf(folder: Path, job_id: str) -> Path:
    """The PDF cups-pdf wrote for ``job_id`` (its title holds the id), once complete."""

    def complete() -> Path | None:
        for path in folder.glob(f"*{job_id}*.pdf") if folder.exists() else ():
            data = path.read_bytes()
            if data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]:
                return path
        return None

    return _until(complete, f"cups-pdf wrote no PDF for {job_id} in {folder}")


def test_draft_kk_job_prints_through_a_real_cups_pdf_queue(cups_office, sessions):
    case_in(cups_office, sessions, CaseState.KASI_REVIEW)
    (job,) = [j for j in cups_office.printing.jobs() if j.kind == "draft_kk"]
    (done,) = print_pending_documents(cups_office, worker="print-cups")
    assert done.id == job.id and done.status == PrintStatus.PRINTED, done.error
    pdf = _printed_pdf(cups_pdf_folder(), job.id)
    try:
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    finally:
        pdf.unlink()


@pytest.mark.skipif(shutil.which("gs") is None, reason="ghostscript renders the CUPS output")
def test_signed_kk_through_cups_still_carries_a_verifying_qr(cups_office, sessions, tmp_path):
    folder = tmp_path / "keys"
    signer = init_keys(folder, "rahasia-kantor")
    cid, _ = case_in(cups_office, sessions, CaseState.SIGNING)
    case = cups_office.cases.show(cid)
    signature = sign_kk(signer, case.family, case.nomor_kk, case.issued_on)
    cups_office.cases.sign(sessions["KADIS"], cid, signature)
    done = print_pending_documents(cups_office, worker="print-cups")
    final = next(j for j in done if j.kind == "final_kk")
    assert final.status == PrintStatus.PRINTED, final.error
    pdfs = [_printed_pdf(cups_pdf_folder(), j.id) for j in done]
    try:
        png = tmp_path / "page.png"
        final_pdf = pdfs[[j.id for j in done].index(final.id)]
        gs = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pnggray", "-r200"]
        subprocess.run([*gs, f"-sOutputFile={png}", str(final_pdf)], check=True, timeout=60)
        from PIL import Image

        (text,) = qr_texts(Image.open(png))
        verdict = verify_payload(
            text, load_public_keys(folder), family=case.family, issued_on=case.issued_on
        )
        assert verdict.valid
    finally:
        for pdf in pdfs:
            pdf.unlink(missing_ok=True)
