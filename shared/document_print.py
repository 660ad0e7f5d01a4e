"""Printing the A4 jobs of the print queue: draft KKs, final KKs and reports.

The workflow stores a ``draft_kk`` job at step 3 (``params["version"]``: the
draft version it was queued for) and a ``final_kk`` job at step 7, on the
office's A4 printer (``[documents] printer``). This module prints them, as
:mod:`shared.print_service` prints the thermal receipts (which it leaves to
that module): :func:`print_document_job` claims one job
(:meth:`~shared.printing.PrintDesk.claim_job`, exclusive under the store's
lock, so two print stations never print one job twice), renders the document
from the records as stored *now*, sends it, and records the outcome with
:meth:`~shared.printing.PrintDesk.finish`.

Where the document goes (``[printers.<name>]``) is :mod:`shared.document_output`:
a PDF in the spool folder (``type = "spool"``, the default install), or
``lp -d QUEUE`` (``type = "cups"`` without ``paper_mm``).

What is printed, decided at print time from the stored case:

- ``draft_kk``: the draft ("KONSEP") of the case's current draft version with
  the parafs given to it so far. A job queued for an older version (the
  draft was entered again since) is cancelled, with the reason: the newer
  version has its own job.
- ``final_kk``: the KK with the Kepala Dinas's electronic signature as a QR
  code. Step 7 queues the job before step 8 signs, and a KK printed without
  the QR would have to be printed again, so the job **waits** in the queue
  while the case is unsigned at step 8 (:func:`waiting_for_signature`) and
  prints by itself once the signature is stored. A case that went past
  step 8 with no signature record (an office still signing by hand) prints
  without a QR; ``force=True`` prints an unsigned KK now, without a QR.
- ``report``: a PDF another module has written; ``params["pdf"]`` is its
  path, ``params["title"]`` its title.
- a job of a cancelled case is cancelled with that reason.

A failure never raises: the job comes back FAILED with the message (in the
office's language) and waits for a retry, a reprint or a cancel by staff.
No Textual here: the print station, ``kk print-station --once`` and the
tests call these functions.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.document_output import (
    DocumentPrintError,
    deliver_file,
    deliver_pages,
    file_name,
    job_title,
)
from shared.errors import DomainError, NotFound, WrongState
from shared.model import Case, PrintJob, PrintStatus
from shared.sop import CaseState

if TYPE_CHECKING:
    from shared.config import PrinterConfig
    from shared.office import Office

log = logging.getLogger(__name__)
__all__ = [
    "DocumentPrintError",
    "document_queue",
    "file_name",
    "finished_since",
    "job_title",
    "print_document_job",
    "print_pending_documents",
    "render_job",
    "waiting_jobs",
    "worker_name",
]

DOCUMENT_KINDS = ("draft_kk", "final_kk", "report")
LEASE = timedelta(minutes=2)  # a PRINTING claim older than this is taken over
DEAD_STATES = (CaseState.CANCELLED, CaseState.RETURNED)
END = 1 << 62  # an offset past the end of any log: only its size comes back


class _Cancel(Exception):
    """The job must not be printed (``note``: a catalogue key and its parameters)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class _Wait(Exception):
    """The job waits (a final KK not yet signed)."""


def document_printer(office: Office, job: PrintJob) -> PrinterConfig | None:
    """The A4 printer of ``job``, or ``None`` if this module does not print it."""
    cfg = office.config.printers.get(job.printer)
    if cfg is None or cfg.is_receipt or job.kind not in DOCUMENT_KINDS:
        return None
    return cfg


def document_printers(office: Office) -> set[str]:
    """The names of the configured A4 printers."""
    return {name for name, cfg in office.config.printers.items() if not cfg.is_receipt}


def waiting_for_signature(job: PrintJob, case: Case | None) -> bool:
    """A final KK whose case is still unsigned at step 8: it waits in the queue."""
    return (
        job.kind == "final_kk"
        and case is not None
        and case.state in (CaseState.FINAL_PRINT, CaseState.SIGNING)
        and not case.signed_by
    )


def waiting_jobs(office: Office, jobs: list[PrintJob]) -> set[str]:
    """The ids of ``jobs`` that wait for the Kepala Dinas's signature (one read)."""
    out: set[str] = set()
    with office.read() as repo:
        for job in jobs:
            if job.kind != "final_kk" or job.status != PrintStatus.PENDING:
                continue
            try:
                case = repo.get_case(job.ref)
            except NotFound:
                continue
            if waiting_for_signature(job, case):
                out.add(job.id)
    return out


# -- one job ------------------------------------------------------------------------------------
def print_document_job(
    office: Office, job_id: str, *, worker: str, force: bool = False
) -> PrintJob:
    """Print the A4 job ``job_id`` now and return it: PRINTED, FAILED, CANCELLED or waiting.

    ``worker`` names the station printing (it owns the claim). A final KK
    waiting for its signature is returned untouched, still PENDING, unless
    ``force``. A job of another kind (a receipt) is returned untouched too.
    Raises :class:`~shared.errors.NotFound` for an unknown job and
    :class:`~shared.errors.WrongState` for one already printed, cancelled or
    being printed by another live station, never for a printer fault.
    """
    return _attempt(office, job_id, worker, force)[0]


def _attempt(office: Office, job_id: str, worker: str, force: bool) -> tuple[PrintJob, bool]:
    """:func:`print_document_job`, and whether a failure was the printer's (not the record's)."""
    with office.read() as repo:
        job = repo.get_job(job_id)
        case = _case_or_none(repo, job)
    cfg = document_printer(office, job)
    if cfg is None or (not force and waiting_for_signature(job, case)):
        return job, False
    job = office.printing.claim_job(job.id, worker, lease=LEASE)
    lang = office.config.language
    try:
        _print(office, job, cfg, force=force)
    except _Wait:  # the case changed between the look and the claim: back in line
        return office.printing.retry(job.id, station=worker), False
    except _Cancel as why:
        from shared.i18n import t

        note = t(why.key, lang, **why.params)
        log.info("print job %s cancelled: %s", job.id, note)
        return office.printing.cancel(job.id, note=note, station=worker), False
    except DomainError as failed:
        log.info("print job %s on %s failed: %s", job.id, cfg.name, failed.message("en"))
        fault = isinstance(failed, DocumentPrintError) or failed.key == "document.pdf_unwritable"
        finished = office.printing.finish(
            job.id, ok=False, error=failed.message(lang), worker=worker
        )
        return finished, fault
    except Exception as exc:  # noqa: BLE001 - a bug must not leave the job claimed
        log.exception("print job %s on %s: unexpected error", job.id, cfg.name)
        detail = f"{type(exc).__name__}: {exc}"[:120]
        error = DocumentPrintError("print_station.unexpected", printer=cfg.name, detail=detail)
        finished = office.printing.finish(
            job.id, ok=False, error=error.message(lang), worker=worker
        )
        return finished, False
    return office.printing.finish(job.id, ok=True, worker=worker), False


def _case_or_none(repo: Any, job: PrintJob) -> Case | None:
    if job.kind not in ("draft_kk", "final_kk"):
        return None
    try:
        case: Case = repo.get_case(job.ref)
    except NotFound:
        return None
    return case


def _print(office: Office, job: PrintJob, cfg: PrinterConfig, *, force: bool) -> None:
    """Render the claimed ``job`` and send it to ``cfg``."""
    if job.kind == "report":
        source = Path(str(job.params.get("pdf") or ""))
        if not source.is_file():
            raise DocumentPrintError("print_station.report_missing", path=str(source))
        deliver_file(cfg, source, job)
        return
    pages = render_job(office, job, force=force)
    deliver_pages(cfg, pages, job)


def render_job(office: Office, job: PrintJob, *, force: bool = False) -> list[Any]:
    """The pages of a KK job as the stored case says now (see the module docstring)."""
    from shared.kk_document import document_for_case

    with office.read() as repo:
        case: Case = repo.get_case(job.ref)
    if case.state in DEAD_STATES:
        raise _Cancel("print_station.case_closed", case=case.id)
    if job.kind == "draft_kk":
        version = int(job.params.get("version") or case.draft_version)
        if version != case.draft_version:
            raise _Cancel(
                "print_station.draft_superseded", version=version, current=case.draft_version
            )
        return document_for_case(office, case, draft=True)
    if waiting_for_signature(job, case) and not force:
        raise _Wait
    payload = None
    if case.signature and case.nomor_kk and case.issued_on:
        from shared.signing import qr_payload

        payload = qr_payload(case.signature, case.nomor_kk, case.issued_on)
    return document_for_case(office, case, draft=False, qr_payload=payload)


# -- the queue ----------------------------------------------------------------------------------
def print_pending_documents(
    office: Office, *, worker: str, retry_failed: bool = False
) -> list[PrintJob]:
    """Print every ready A4 job, oldest first; the jobs as they ended.

    Ready: pending (a final KK waiting for its signature excepted), or
    PRINTING with its lease expired (the station that claimed it died). A
    FAILED job waits for staff (:meth:`~shared.printing.PrintDesk.retry`)
    unless ``retry_failed``. After a printer refuses a job its other jobs
    wait for the next call (an offline printer costs one timeout, not one per
    job). Jobs another station takes meanwhile are skipped.
    """
    printers = document_printers(office)
    if not printers:
        return []
    jobs = office.printing.jobs(printers)
    waiting = waiting_jobs(office, jobs)
    now = office.now()
    refused: set[str] = set()
    done: list[PrintJob] = []
    for job in jobs:
        stale = job.status == PrintStatus.PRINTING and (
            job.claimed_at is None or now - job.claimed_at > LEASE
        )
        ready = (job.status == PrintStatus.PENDING and job.id not in waiting) or (
            retry_failed and job.status == PrintStatus.FAILED
        )
        if job.printer in refused or not (ready or stale):
            continue
        if document_printer(office, job) is None:
            continue
        try:
            finished, fault = _attempt(office, job.id, worker, False)
        except (WrongState, NotFound):
            continue  # another station claimed or finished it first
        if finished.status == PrintStatus.PENDING:
            continue  # it turned out to wait for its signature
        done.append(finished)
        if fault:
            refused.add(job.printer)
    return done


def document_queue(office: Office) -> tuple[list[PrintJob], set[str]]:
    """The A4 jobs not yet done, oldest first, and the ids of those waiting for a signature."""
    jobs = [j for j in office.printing.jobs(document_printers(office)) if j.kind in DOCUMENT_KINDS]
    return jobs, waiting_jobs(office, jobs)


def finished_since(
    office: Office, mark: tuple[str, int] | None
) -> tuple[list[PrintJob], tuple[str, int]]:
    """A4 jobs finished (printed or cancelled) since ``mark``, and the mark to pass next time.

    ``mark`` is (month, offset in that month's log of finished jobs); ``None``
    starts at the end of the log (nothing returned): a station shows what
    finished while it was open. A new month starts its log from the top.
    """
    month = office.now().strftime("%Y-%m")
    offset = 0 if mark is not None and mark[0] != month else mark[1] if mark else END
    with office.read() as repo:
        jobs, end = repo.done_jobs(month, offset)
    printers = document_printers(office)
    return [j for j in jobs if j.printer in printers and j.kind in DOCUMENT_KINDS], (month, end)


def worker_name(station: str) -> str:
    """The claim owner for a station process: its name and pid (two processes never share one)."""
    return f"{station}#{os.getpid()}"
