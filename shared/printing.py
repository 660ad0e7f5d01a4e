"""The print queue: jobs stored with the action that needs them, printed later.

A station (kiosk, counter, print station) claims the jobs of the printers it
owns; the claim is one locked transaction, so two print stations never take
the same job. A job that fails stays queued with its error and is retried or
reprinted; a claim whose worker died is taken over after ``lease``.
Secrets a document carries until printed (the pickup token) are removed from
the job once it is done.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from shared.errors import NotFound, WrongState
from shared.model import PrintJob, PrintStatus, Ticket
from shared.sop import Role

if TYPE_CHECKING:
    from shared.office import Office, Session
    from shared.store.repo import Repo

SECRET_PARAMS = ("token",)
TICKET_JOBS = ("queue_ticket", "pickup_ticket")
REPRINT_MONTHS = 3  # a finished job is looked up this many months back for a reprint
# A final KK reprinted is another signed original: only step 7's role and the supervisor.
SIGNED_JOBS = ("final_kk",)
SIGNED_REPRINT_ROLES = (Role.ADMIN_SIAK, Role.SUPERVISOR)


class PrintDesk:
    """Claiming, finishing, retrying and cancelling print jobs."""

    def __init__(self, office: Office) -> None:
        self.office = office

    def jobs(self, printers: set[str] | None = None) -> list[PrintJob]:
        """Jobs not yet done (pending, printing, failed), oldest first."""
        with self.office.read() as repo:
            return repo.open_jobs(printers)

    def claim(
        self,
        printers: set[str],
        worker: str,
        *,
        lease: timedelta = timedelta(minutes=2),
        retry_failed: bool = False,
    ) -> PrintJob | None:
        """Take the oldest job for one of ``printers``; ``None`` if there is none."""
        now = self.office.now()
        with self.office.write() as repo:
            for job in repo.open_jobs(printers):
                stale = job.status == PrintStatus.PRINTING and (
                    job.claimed_at is None or now - job.claimed_at > lease
                )
                ready = job.status == PrintStatus.PENDING or (
                    retry_failed and job.status == PrintStatus.FAILED
                )
                if not (ready or stale):
                    continue
                job.status = PrintStatus.PRINTING
                job.claimed_by = worker
                job.claimed_at = now
                job.attempts += 1
                repo.put_job(job)
                return job
        return None

    def claim_job(
        self, job_id: str, worker: str, *, lease: timedelta = timedelta(minutes=2)
    ) -> PrintJob:
        """Take one particular job: pending, failed, or printing with its lease expired.

        Anything else (printed, cancelled, or being printed by a live worker) is
        refused with :class:`WrongState`.
        """
        now = self.office.now()
        with self.office.write() as repo:
            job = repo.get_job(job_id)
            stale = job.status == PrintStatus.PRINTING and (
                job.claimed_at is None or now - job.claimed_at > lease
            )
            if not (job.status in (PrintStatus.PENDING, PrintStatus.FAILED) or stale):
                raise WrongState("print.wrong_state", job=job.id, status=job.status.value)
            job.status = PrintStatus.PRINTING
            job.claimed_by = worker
            job.claimed_at = now
            job.attempts += 1
            repo.put_job(job)
        return job

    def finish(
        self, job_id: str, *, ok: bool, error: str | None = None, worker: str | None = None
    ) -> PrintJob:
        """Record the outcome of a print; the ticket it printed learns it too."""
        now = self.office.now()
        with self.office.write() as repo:
            job = repo.get_job(job_id)
            if job.status != PrintStatus.PRINTING or (worker and job.claimed_by != worker):
                raise WrongState("print.not_claimed", job=job.id)
            job.status = PrintStatus.PRINTED if ok else PrintStatus.FAILED
            job.error = None if ok else (error or "?")
            job.done_at = now if ok else None
            if ok:
                for key in SECRET_PARAMS:
                    job.params.pop(key, None)
            repo.put_job(job)
            if job.kind in TICKET_JOBS:
                ticket: Ticket = repo.get_ticket(job.ref)
                ticket.print_status = job.status
                ticket.print_error = job.error
                repo.put_ticket(ticket)
            repo.audit(
                at=now,
                action="print.done" if ok else "print.failed",
                entity="print",
                entity_id=job.id,
                station=worker,
                to_state=job.status.value,
                data={"kind": job.kind, "ref": job.ref, "printer": job.printer},
            )
        return job

    def retry(
        self, job_id: str, session: Session | None = None, *, station: str | None = None
    ) -> PrintJob:
        """Put a failed job back in the queue (``station``: where, without a session)."""
        return self._set(
            job_id,
            session,
            PrintStatus.PENDING,
            "print.retry",
            {PrintStatus.FAILED, PrintStatus.PRINTING},
            station=station,
        )

    def cancel(
        self,
        job_id: str,
        session: Session | None = None,
        *,
        note: str | None = None,
        station: str | None = None,
    ) -> PrintJob:
        """Drop a job that should not be printed (it leaves the queue, recorded).

        ``note`` says why (kept on the job and in the audit event).
        """
        return self._set(
            job_id,
            session,
            PrintStatus.CANCELLED,
            "print.cancel",
            {PrintStatus.PENDING, PrintStatus.FAILED, PrintStatus.PRINTING},
            note=note,
            station=station,
        )

    def reprint(
        self, job_id: str, session: Session | None = None, *, station: str | None = None
    ) -> PrintJob:
        """Queue a new print of a finished (printed or cancelled) job: the new job.

        The new job has the same kind, printer, document and parameters, and
        ``params["reprint_of"]`` names the old one. A job still in the queue is
        refused: retry it instead. A final KK (another signed original) is
        reprinted only by the Admin SIAK or a supervisor.
        """
        now = self.office.now()
        with self.office.write() as repo:
            staff = self.office.acting(repo, session) if session else None
            try:
                open_job = repo.get_job(job_id)
            except NotFound:
                open_job = None
            if open_job is not None:
                raise WrongState("print.wrong_state", job=open_job.id, status=open_job.status.value)
            old = _finished_job(repo, job_id, now)
            if session is not None and old.kind in SIGNED_JOBS:  # a second original KK
                self.office.acting(repo, session, *SIGNED_REPRINT_ROLES)
            params = {k: v for k, v in old.params.items() if k not in SECRET_PARAMS}
            params["reprint_of"] = old.id
            job = repo.add_job(
                PrintJob(
                    id="",
                    kind=old.kind,
                    printer=old.printer,
                    ref=old.ref,
                    created_at=now,
                    params=params,
                )
            )
            repo.audit(
                at=now,
                action="print.reprint",
                entity="print",
                entity_id=job.id,
                staff_id=staff.id if staff else None,
                role=staff.role if staff else None,
                station=session.station if session else station,
                to_state=job.status.value,
                data={"kind": job.kind, "ref": job.ref, "reprint_of": old.id},
            )
        return job

    def _set(
        self,
        job_id: str,
        session: Session | None,
        status: PrintStatus,
        action: str,
        allowed: set[PrintStatus],
        *,
        note: str | None = None,
        station: str | None = None,
    ) -> PrintJob:
        now = self.office.now()
        with self.office.write() as repo:
            staff = self.office.acting(repo, session) if session else None
            job = repo.get_job(job_id)
            if job.status not in allowed:
                raise WrongState("print.wrong_state", job=job.id, status=job.status.value)
            job.status = status
            if status == PrintStatus.CANCELLED:
                job.done_at = now
                job.error = note or job.error
                for key in SECRET_PARAMS:
                    job.params.pop(key, None)
            repo.put_job(job)
            repo.audit(
                at=now,
                action=action,
                entity="print",
                entity_id=job.id,
                staff_id=staff.id if staff else None,
                role=staff.role if staff else None,
                station=session.station if session else station,
                to_state=status.value,
                note=note,
            )
        return job


def _finished_job(repo: Repo, job_id: str, now: datetime) -> PrintJob:
    """A printed or cancelled job, from the done logs of this month and the two before."""
    key = job_id.strip().upper()
    month = now.replace(day=1)
    for _ in range(REPRINT_MONTHS):
        jobs, _end = repo.done_jobs(f"{month:%Y-%m}")
        for job in reversed(jobs):
            if job.id == key:
                return job
        month = (month - timedelta(days=1)).replace(day=1)
    raise NotFound("print.not_found", job=job_id)
