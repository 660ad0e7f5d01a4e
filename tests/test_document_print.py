"""The A4 print queue: draft and final KKs rendered from the store, spooled or sent to CUPS."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import case_in

from shared.config import PrinterConfig
from shared.document_print import (
    file_name,
    print_document_job,
    print_pending_documents,
    waiting_jobs,
)
from shared.errors import NotFound, WrongState
from shared.kk_document import read_pdf_pages
from shared.model import PrintJob, PrintStatus
from shared.office import Office
from shared.signing import sign_kk, verify_payload
from shared.signing_keys import init_keys, load_public_keys
from shared.signing_qr import qr_texts
from shared.sop import CaseState

WORKER = "print-1"


def with_printer(office: Office, cfg: PrinterConfig) -> Office:
    """``office`` with its A4 printer ``kantor`` replaced by ``cfg``."""
    config = dataclasses.replace(office.config, printers={**office.config.printers, "kantor": cfg})
    return Office(office.store, config, office.clock)


@pytest.fixture
def spool(tmp_path) -> Path:
    return tmp_path / "spool"


@pytest.fixture
def desk(office, spool) -> Office:
    """The office printing its A4 documents into ``spool``."""
    return with_printer(office, PrinterConfig("kantor", "spool", None, {"path": spool}))


def kk_jobs(office: Office, kind: str | None = None) -> list[PrintJob]:
    jobs = [j for j in office.printing.jobs() if j.kind in ("draft_kk", "final_kk")]
    return [j for j in jobs if kind is None or j.kind == kind]


def done_jobs(office: Office) -> list[PrintJob]:
    with office.read() as repo:
        return repo.done_jobs(office.now().strftime("%Y-%m"))[0]


def test_draft_is_spooled_as_a_pdf_whose_pages_read_back(desk, sessions, spool):
    cid, _ = case_in(desk, sessions, CaseState.KASI_REVIEW)
    (job,) = kk_jobs(desk, "draft_kk")
    done = print_document_job(desk, job.id, worker=WORKER)
    assert done.status == PrintStatus.PRINTED and done.error is None
    pdf = spool / file_name(job)
    assert pdf.name == f"{job.id}_{cid}_draft_kk.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = read_pdf_pages(pdf)
    assert len(pages) == 1 and pages[0].size == (3508, 2480)
    assert [p.name for p in spool.iterdir()] == [pdf.name]  # no temporary file left
    assert kk_jobs(desk) == []


def test_second_claim_of_a_printed_job_is_refused(desk, sessions):
    case_in(desk, sessions, CaseState.KASI_REVIEW)
    (job,) = kk_jobs(desk, "draft_kk")
    print_document_job(desk, job.id, worker=WORKER)
    with pytest.raises((WrongState, NotFound)):  # printed jobs leave the queue
        print_document_job(desk, job.id, worker="print-2")


def test_superseded_draft_is_cancelled_with_its_reason(desk, sessions, spool):
    cid, _ = case_in(desk, sessions, CaseState.KASI_REVIEW)
    desk.cases.review(sessions["KASI1"], cid, approve=False, note="NIK anak salah")
    from helpers import family

    desk.cases.input_family(sessions["SIAK1"], cid, family())
    old, new = kk_jobs(desk, "draft_kk")
    done = print_pending_documents(desk, worker=WORKER)
    assert [(j.id, j.status) for j in done] == [
        (old.id, PrintStatus.CANCELLED),
        (new.id, PrintStatus.PRINTED),
    ]
    assert "versi 1" in (done[0].error or "") and "versi 2" in (done[0].error or "")
    assert [p.name for p in spool.iterdir()] == [file_name(new)]


@pytest.fixture
def keys(tmp_path):
    folder = tmp_path / "keys"
    return folder, init_keys(folder, "rahasia-kantor")


def test_final_kk_waits_for_the_signature_then_carries_a_verifying_qr(desk, sessions, spool, keys):
    folder, signer = keys
    cid, _ = case_in(desk, sessions, CaseState.SIGNING)
    print_pending_documents(desk, worker=WORKER)  # the draft
    (final,) = kk_jobs(desk, "final_kk")
    assert waiting_jobs(desk, [final]) == {final.id}
    assert print_pending_documents(desk, worker=WORKER) == []
    assert print_document_job(desk, final.id, worker=WORKER).status == PrintStatus.PENDING

    case = desk.cases.show(cid)
    signature = sign_kk(signer, case.family, case.nomor_kk, case.issued_on)
    desk.cases.sign(sessions["KADIS"], cid, signature)
    (done,) = print_pending_documents(desk, worker=WORKER)
    assert done.id == final.id and done.status == PrintStatus.PRINTED

    (page,) = read_pdf_pages(spool / file_name(final))
    (text,) = qr_texts(page)
    case = desk.cases.show(cid)
    verdict = verify_payload(
        text, load_public_keys(folder), family=case.family, issued_on=case.issued_on
    )
    assert verdict.valid and verdict.nomor_kk == case.nomor_kk


def test_unsigned_final_kk_can_be_forced_out_without_a_qr(desk, sessions, spool):
    case_in(desk, sessions, CaseState.SIGNING)
    (final,) = kk_jobs(desk, "final_kk")
    done = print_document_job(desk, final.id, worker=WORKER, force=True)
    assert done.status == PrintStatus.PRINTED
    (page,) = read_pdf_pages(spool / file_name(final))
    assert qr_texts(page) == []


def test_missing_lp_fails_the_job_with_a_clear_message_and_it_can_be_retried(
    desk, sessions, spool, monkeypatch
):
    cups = with_printer(desk, PrinterConfig("kantor", "cups", None, {"queue": "KANTOR"}))
    monkeypatch.setenv("PATH", str(spool))  # no lp anywhere
    case_in(cups, sessions, CaseState.KASI_REVIEW)
    (job,) = kk_jobs(cups, "draft_kk")
    (failed,) = print_pending_documents(cups, worker=WORKER)
    assert failed.status == PrintStatus.FAILED
    assert "lp" in (failed.error or "") and "cups-client" in (failed.error or "")
    assert print_pending_documents(cups, worker=WORKER) == []  # not retried by itself
    cups.printing.retry(job.id, sessions["SIAK1"])
    # the printer is switched to the spool meanwhile: the retried job prints
    (done,) = print_pending_documents(desk, worker=WORKER)
    assert done.id == job.id and done.status == PrintStatus.PRINTED and done.attempts == 2


def test_refused_queue_names_the_queue_and_cups_words(desk, sessions, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_lp = bin_dir / "lp"
    fake_lp.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    fake_lp.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    cups = with_printer(desk, PrinterConfig("kantor", "cups", None, {"queue": "NOPE"}))
    case_in(cups, sessions, CaseState.KASI_REVIEW)
    (failed,) = print_pending_documents(cups, worker=WORKER)
    assert failed.status == PrintStatus.FAILED
    assert (
        failed.error
        == "Antrian CUPS NOPE menolak dokumen: lp: The printer or class does not exist."
    )


def test_lp_gets_the_queue_title_and_a_pdf(desk, sessions, tmp_path, monkeypatch):
    bin_dir, seen = tmp_path / "bin", tmp_path / "seen"
    bin_dir.mkdir()
    fake_lp = bin_dir / "lp"
    fake_lp.write_text(
        f'#!/bin/sh\necho "$@" > {seen}.args\neval last=\\${{$#}}\ncp "$last" {seen}.pdf\n'
        "echo 'request id is KANTOR-7 (1 file(s))'\n"
    )
    fake_lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    cups = with_printer(desk, PrinterConfig("kantor", "cups", None, {"queue": "KANTOR"}))
    cid, _ = case_in(cups, sessions, CaseState.KASI_REVIEW)
    (done,) = print_pending_documents(cups, worker=WORKER)
    assert done.status == PrintStatus.PRINTED
    args = Path(f"{seen}.args").read_text()
    assert args.startswith(f"-d KANTOR -t {cid} konsep KK v1 ({done.id}) -o media=A4 -- ")
    assert read_pdf_pages(Path(f"{seen}.pdf"))


def test_cancel_and_reprint_are_recorded(desk, sessions, spool):
    case_in(desk, sessions, CaseState.KASI_REVIEW)
    (job,) = kk_jobs(desk, "draft_kk")
    desk.printing.cancel(job.id, sessions["SIAK1"])
    assert print_pending_documents(desk, worker=WORKER) == []
    assert not spool.exists() or not list(spool.iterdir())
    again = desk.printing.reprint(job.id, sessions["SIAK1"])
    assert again.id != job.id and again.params["reprint_of"] == job.id
    (done,) = print_pending_documents(desk, worker=WORKER)
    assert done.id == again.id and done.status == PrintStatus.PRINTED
    with pytest.raises(WrongState):  # a job still queued is retried, not reprinted
        case_in(desk, sessions, CaseState.KASI_REVIEW)
        (queued,) = kk_jobs(desk, "draft_kk")
        desk.printing.reprint(queued.id, sessions["SIAK1"])
    actions = [e["action"] for e in _audit(desk) if e["entity"] == "print"]
    assert actions[-3:] == ["print.cancel", "print.reprint", "print.done"]


def test_stale_claim_of_a_dead_station_is_taken_over(desk, sessions, clock, spool):
    case_in(desk, sessions, CaseState.KASI_REVIEW)
    (job,) = kk_jobs(desk, "draft_kk")
    desk.printing.claim_job(job.id, "print-dead")  # the station died right after claiming
    assert print_pending_documents(desk, worker=WORKER) == []
    clock.advance(timedelta(minutes=3))
    (done,) = print_pending_documents(desk, worker=WORKER)
    assert done.status == PrintStatus.PRINTED and done.claimed_by == WORKER


def test_cancelled_case_drops_its_job(desk, sessions, spool):
    cid, _ = case_in(desk, sessions, CaseState.KASI_REVIEW)
    desk.cases.cancel(sessions["SPV1"], cid, "ditarik pemohon")
    (done,) = print_pending_documents(desk, worker=WORKER)
    assert done.status == PrintStatus.CANCELLED and cid in (done.error or "")
    assert done_jobs(desk)[-1].id == done.id


def test_receipt_jobs_are_left_alone(desk, sessions):
    case_in(desk, sessions, CaseState.INPUT)  # a pickup receipt queued at the counter
    receipts = [j for j in desk.printing.jobs() if j.kind == "pickup_receipt"]
    assert receipts and print_pending_documents(desk, worker=WORKER) == []
    assert print_document_job(desk, receipts[0].id, worker=WORKER).status == PrintStatus.PENDING


def _audit(office: Office) -> list[dict]:
    with office.read() as repo:
        return list(repo.audit_events_of_day(office.now().date()))


def _report_job(office: Office, pdf: Path) -> PrintJob:
    with office.write() as repo:
        return repo.add_job(
            PrintJob(
                id="", kind="report", printer="kantor", ref="2026-11",
                created_at=office.now(), params={"pdf": str(pdf), "title": "Laporan 2026-11"},
            )
        )  # fmt: skip


def test_report_pdf_is_copied_into_the_spool(desk, spool, tmp_path):
    source = tmp_path / "laporan.pdf"
    source.write_bytes(b"%PDF-1.4 a report\n%%EOF\n")
    job = _report_job(desk, source)
    (done,) = print_pending_documents(desk, worker=WORKER)
    assert done.id == job.id and done.status == PrintStatus.PRINTED
    assert (spool / f"{job.id}_2026-11_report.pdf").read_bytes() == source.read_bytes()

    gone = _report_job(desk, tmp_path / "hilang.pdf")
    (failed,) = print_pending_documents(desk, worker=WORKER)
    assert failed.id == gone.id and failed.status == PrintStatus.FAILED
    assert "hilang.pdf" in (failed.error or "")


def test_spool_that_cannot_be_made_fails_the_job_and_holds_the_rest(desk, sessions, spool):
    case_in(desk, sessions, CaseState.KASI_REVIEW)
    case_in(desk, sessions, CaseState.KASI_REVIEW)
    spool.write_text("a file where the folder should be")
    done = print_pending_documents(desk, worker=WORKER)
    assert len(done) == 1 and done[0].status == PrintStatus.FAILED
    assert "tidak dapat ditulisi" in (done[0].error or "")
    assert [j.status for j in kk_jobs(desk)] == [PrintStatus.FAILED, PrintStatus.PENDING]


def test_printer_state_says_what_cups_says(tmp_path, monkeypatch):
    from shared.document_output import printer_state

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lpstat = bin_dir / "lpstat"
    lpstat.write_text('#!/bin/sh\necho "printer $2 disabled since Mon 23 Nov 2026 -"\n')
    lpstat.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    cfg = PrinterConfig("kantor", "cups", None, {"queue": "KANTOR"})
    ready, key, params = printer_state(cfg)
    assert not ready and key == "print_station.printer_not_ready"
    assert params["detail"].startswith("printer KANTOR disabled")
    lpstat.write_text('#!/bin/sh\necho "printer $2 is idle.  enabled since Mon"\n')
    assert printer_state(cfg)[0]
    lpstat.unlink()
    assert printer_state(cfg)[:2] == (False, "print_station.lp_missing")
    spool = PrinterConfig("kantor", "spool", None, {"path": tmp_path / "spool"})
    assert printer_state(spool)[0] and (tmp_path / "spool").is_dir()
