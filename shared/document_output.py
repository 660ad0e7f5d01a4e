"""Where an A4 document goes: a PDF in the spool folder, or a CUPS queue through ``lp``.

- ``type = "spool"``: the PDF is written into the folder ``path`` as
  ``<job id>_<case id>_<kind>.pdf`` through a temporary file renamed into
  place, so the folder never holds half a PDF, and a job printed again after
  a crash replaces its own file;
- ``type = "cups"`` (no ``paper_mm``): the PDF is written to a temporary
  folder and handed to ``lp -d QUEUE -t TITLE -o media=A4``. A missing
  ``lp``, a queue CUPS refuses, or an ``lp`` that does not answer within
  :data:`LP_TIMEOUT` is a :class:`DocumentPrintError` saying so in both
  languages (``shared/messages/print_station.toml``).

What to print, and when, is :mod:`shared.document_print`'s business.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.errors import DomainError
from shared.model import PrintJob

if TYPE_CHECKING:
    from shared.config import PrinterConfig

log = logging.getLogger(__name__)

LP_TIMEOUT = 30.0  # seconds ``lp`` has to accept a document


class DocumentPrintError(DomainError):
    """The A4 printer did not take the document; the message says why and what to do."""

    key = "print_station.error"


def file_name(job: PrintJob) -> str:
    """The spool file of ``job``: ``PJ-0000012_KK-261123-A001_draft_kk.pdf``."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in job.ref)
    return f"{job.id}_{safe}_{job.kind}.pdf"


def job_title(job: PrintJob) -> str:
    """The title CUPS shows for ``job``."""
    if job.kind == "report":
        return str(job.params.get("title") or f"{job.id} laporan")
    what = {"draft_kk": "konsep KK", "final_kk": "KK"}.get(job.kind, job.kind)
    version = job.params.get("version")
    suffix = f" v{version}" if job.kind == "draft_kk" and version else ""
    return f"{job.ref} {what}{suffix} ({job.id})"


def deliver_pages(cfg: PrinterConfig, pages: Sequence[Any], job: PrintJob) -> None:
    """Write ``pages`` as the PDF of ``job`` into the spool folder, or print them with ``lp``."""
    from shared.kk_document import write_pdf

    if cfg.type == "spool":
        write_pdf(pages, _spool_folder(cfg) / file_name(job))
        return
    with tempfile.TemporaryDirectory(prefix="kk-print-") as tmp:
        path = write_pdf(pages, Path(tmp) / file_name(job))
        send_to_cups(cfg, path, title=job_title(job))


def _spool_folder(cfg: PrinterConfig) -> Path:
    """The spool folder of ``cfg``, created if missing."""
    from shared.store.files import ensure_dir

    folder = Path(cfg.options["path"])
    try:
        ensure_dir(folder)
        if not folder.is_dir():
            raise NotADirectoryError(20, "not a folder", str(folder))
    except OSError as exc:
        raise DocumentPrintError(
            "print_station.spool_unwritable", folder=str(folder), reason=exc.strerror or str(exc)
        ) from exc
    return folder


def deliver_file(cfg: PrinterConfig, source: Path, job: PrintJob) -> None:
    """A ready PDF to the spool (copied, then renamed) or to CUPS."""
    if cfg.type != "spool":
        send_to_cups(cfg, source, title=job_title(job))
        return
    folder = _spool_folder(cfg)
    target = folder / file_name(job)
    tmp = folder / f".{target.name}.tmp"
    try:
        from shared.store.files import create_private

        with source.open("rb") as src, create_private(tmp) as dst:  # owner-only, as written
            shutil.copyfileobj(src, dst)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DocumentPrintError(
            "print_station.spool_unwritable", folder=str(folder), reason=str(exc)
        ) from exc


def send_to_cups(cfg: PrinterConfig, path: Path, *, title: str) -> str:
    """``lp -d QUEUE -t TITLE FILE``: CUPS's request id (``KANTOR-12``), or an error."""
    queue = str(cfg.options["queue"])
    command = ["lp", "-d", queue, "-t", title, "-o", "media=A4", "--", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=LP_TIMEOUT, check=False)
    except FileNotFoundError:
        raise DocumentPrintError("print_station.lp_missing", printer=cfg.name) from None
    except subprocess.TimeoutExpired:
        raise DocumentPrintError(
            "print_station.lp_timeout", queue=queue, seconds=f"{LP_TIMEOUT:g}"
        ) from None
    out = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        raise DocumentPrintError(
            "print_station.lp_refused", queue=queue, detail=(lines or ["?"])[0][:200]
        )
    request = out.split()[3] if out.startswith("request id is") and len(out.split()) > 3 else out
    log.info("sent %s to CUPS queue %s: %s", path.name, queue, request)
    return request


def printer_state(cfg: PrinterConfig) -> tuple[bool, str, dict[str, str]]:
    """Whether the A4 printer can take documents now: (ready, message key, its parameters).

    A spool folder is ready when it is (or can be made) a writable folder; a
    CUPS queue when ``lpstat -p QUEUE`` names it enabled. What CUPS says
    otherwise (disabled, unknown queue, no scheduler) comes back as the detail.
    """
    if cfg.type == "spool":
        try:
            folder = _spool_folder(cfg)
        except DocumentPrintError as err:
            return False, err.key, {k: str(v) for k, v in err.params.items()}
        if not os.access(folder, os.W_OK):
            return False, "print_station.spool_unwritable", {
                "folder": str(folder), "reason": "read-only"
            }  # fmt: skip
        return True, "print_station.printer_ready", {}
    queue = str(cfg.options["queue"])
    try:
        done = subprocess.run(
            ["lpstat", "-p", queue],
            capture_output=True,
            timeout=5,
            check=False,
            text=True,
            env={**os.environ, "LC_ALL": "C"},  # CUPS's words in English: "disabled"
        )
    except FileNotFoundError:
        return False, "print_station.lp_missing", {"printer": cfg.name}
    except subprocess.TimeoutExpired:
        return False, "print_station.lp_timeout", {"queue": queue, "seconds": "5"}
    said = (done.stdout or done.stderr).strip().splitlines()
    detail = said[0].strip().rstrip(" -") if said else "?"
    if done.returncode == 0 and " disabled" not in detail:
        return True, "print_station.printer_ready", {}
    return False, "print_station.printer_not_ready", {"queue": queue, "detail": detail[:160]}
