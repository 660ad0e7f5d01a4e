"""The print queue: jobs stored with the action that needs them, printed later.

A station (kiosk, counter, print station) claims the jobs of the printers it
owns; the claim is one locked transaction, so two print stations never take
the same job. A job that fails stays queued with its error and is retried or
reprinted; a claim whose worker died is taken over after ``lease``.
Secrets a document carries until printed (the pickup token) are removed from
the job once it is done.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from shared.errors import WrongState
from shared.model import PrintJob, PrintStatus, Ticket

if TYPE_CHECKING:
    from shared.office import Office, Session

SECRET_PARAMS = ("token",)
TICKET_JOBS = ("queue_ticket", "pickup_ticket")


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

    def retry(self, job_id: str, session: Session | None = None) -> PrintJob:
        """Put a failed job back in the queue."""
        return self._set(
            job_id,
            session,
            PrintStatus.PENDING,
            "print.retry",
            {PrintStatus.FAILED, PrintStatus.PRINTING},
        )

    def cancel(self, job_id: str, session: Session | None = None) -> PrintJob:
        """Drop a job that should not be printed (it leaves the queue, recorded)."""
        return self._set(
            job_id,
            session,
            PrintStatus.CANCELLED,
            "print.cancel",
            {PrintStatus.PENDING, PrintStatus.FAILED, PrintStatus.PRINTING},
        )

    def _set(
        self,
        job_id: str,
        session: Session | None,
        status: PrintStatus,
        action: str,
        allowed: set[PrintStatus],
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
                station=session.station if session else None,
                to_state=status.value,
            )
        return job
