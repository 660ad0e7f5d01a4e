"""Printing stored receipt jobs: claim, build the receipt, print, record the outcome.

The business action (a ticket, a verified file) and its print job are stored
first, in one transaction, by the desk that performs the action. This module
comes after: :func:`print_job` claims one job, builds its receipt from the
records as stored (:func:`shared.receipts.receipt_for_job`), sends it to the
job's printer (:mod:`shared.printers`) and records the outcome with
:meth:`shared.printing.PrintDesk.finish`, which also stores it on the ticket.
A printer fault never raises: the job comes back FAILED with the printer's
message, the ticket stays valid in the queue, and staff can reprint it.

The kiosk calls :func:`print_job` from a worker thread right after taking a
ticket; counters (and later the print station) call :func:`print_pending`.
Both are safe to call from any thread or process: every read and write goes
through the store's lock, and nothing is kept between calls.

Only thermal receipts are handled here: jobs for the A4 printer (draft KK,
final KK, reports) and jobs of a kind without a registered receipt builder
(:data:`shared.receipts.JOB_RECEIPTS`) are left alone, untouched.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from shared.errors import DomainError, NotFound, WrongState
from shared.model import PrintJob, PrintStatus
from shared.printers import PrinterError, print_receipt
from shared.receipts import has_receipt, receipt_for_job

if TYPE_CHECKING:
    from shared.config import PrinterConfig
    from shared.office import Office

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)  # a PRINTING claim older than this is taken over


def receipt_printer(office: Office, job: PrintJob) -> PrinterConfig | None:
    """The thermal printer of ``job``, or ``None`` if this module does not print it."""
    cfg = office.config.printers.get(job.printer)
    if cfg is None or not cfg.is_receipt or not has_receipt(job.kind):
        return None
    return cfg


def print_job(office: Office, job_id: str, *, worker: str, lang: str | None = None) -> PrintJob:
    """Print the job ``job_id`` now and return it, PRINTED or FAILED.

    ``worker`` names the station printing (it owns the claim); ``lang`` is
    the language of the receipt (the office's language when ``None``). The
    error stored with a failed job is in the office's language: staff read it.
    A job that is not a thermal receipt is returned as it is, untouched.
    Raises :class:`~shared.errors.NotFound` for an unknown job and
    :class:`~shared.errors.WrongState` for one already printed, cancelled or
    being printed by another live worker, never for a printer fault.
    """
    with office.read() as repo:
        job = repo.get_job(job_id)
    cfg = receipt_printer(office, job)
    if cfg is None:
        return job
    job = office.printing.claim_job(job.id, worker, lease=LEASE)
    ok, error = _print(office, job, cfg, lang)
    return office.printing.finish(job.id, ok=ok, error=error, worker=worker)


def _print(
    office: Office, job: PrintJob, cfg: PrinterConfig, lang: str | None
) -> tuple[bool, str | None]:
    """Build and send the receipt of a claimed job: (printed, error message)."""
    staff_lang = office.config.language
    try:
        receipt = receipt_for_job(office, job, lang=lang)
        print_receipt(cfg, receipt, name=job.id)
    except DomainError as refused:  # a PrinterError, or the record is gone
        log.info("print job %s on %s failed: %s", job.id, cfg.name, refused.message("en"))
        return False, refused.message(staff_lang)
    except Exception as exc:  # noqa: BLE001 - a bug must not leave the job claimed
        log.exception("print job %s on %s: unexpected error", job.id, cfg.name)
        detail = f"{type(exc).__name__}: {exc}"[:120]
        return False, PrinterError("error", printer=cfg.name, detail=detail).message(staff_lang)
    return True, None


def print_pending(office: Office, printers: set[str], *, worker: str) -> list[PrintJob]:
    """Print every pending receipt job of ``printers``, oldest first; the jobs as finished.

    Failed jobs wait for a retry or a reprint (:meth:`PrintDesk.retry`); they are
    not printed again here. After a failure on a printer, its remaining jobs
    stay pending until the next call (one offline printer costs one timeout).
    Jobs another worker takes meanwhile are skipped.
    """
    now = office.now()
    failed: set[str] = set()
    done: list[PrintJob] = []
    for job in office.printing.jobs(printers):
        stale = job.status == PrintStatus.PRINTING and (
            job.claimed_at is None or now - job.claimed_at > LEASE
        )
        if job.printer in failed or not (job.status == PrintStatus.PENDING or stale):
            continue
        if receipt_printer(office, job) is None:
            continue
        try:
            finished = print_job(office, job.id, worker=worker)
        except (WrongState, NotFound):
            continue  # another station claimed or finished it first
        done.append(finished)
        if finished.status == PrintStatus.FAILED:
            failed.add(job.printer)
    return done
