"""The print station's screen: the A4 queue in words, printing by itself, staff actions."""

from __future__ import annotations

from pathlib import Path

from helpers import case_in
from print_pilot import choose, log_in, rows, state_of, tap, until, with_printer

from shared.config import PrinterConfig
from shared.document_print import file_name
from shared.model import PrintStatus
from shared.sop import CaseState
from station.print_station.login import StaffLogin
from station.print_station.queue_screen import QueueScreen
from station.screens.dialogs import ConfirmDialog

SIZE = (120, 30)


def jobs_of(office, kind):  # noqa: ANN001, ANN201
    return [j for j in office.printing.jobs() if j.kind == kind]


def audit(office) -> list[dict]:  # noqa: ANN001
    with office.read() as repo:
        return [e for e in repo.audit_events_of_day(office.now().date()) if e["entity"] == "print"]


async def test_drafts_print_by_themselves_and_an_unsigned_kk_waits(make_app, desk, sessions, spool):
    case_in(desk, sessions, CaseState.KASI_REVIEW)
    case_in(desk, sessions, CaseState.SIGNING)
    drafts = jobs_of(desk, "draft_kk")
    (final,) = jobs_of(desk, "final_kk")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(
            pilot,
            lambda: all(state_of(pilot, j.id) == "Tercetak" for j in drafts),
            "both drafts printed",
        )
        await until(
            pilot,
            lambda: state_of(pilot, final.id) == "Menunggu tanda tangan Kadis",
            "the unsigned KK waiting",
        )
        row = rows(pilot)[final.id]
        assert row[1:3] == ("KK", final.ref)
        assert rows(pilot)[drafts[0].id][1] == "Konsep KK"
        assert "2 tercetak sejak dibuka" in pilot.app.screen.query_one("#status").text
    assert sorted(p.name for p in spool.iterdir()) == sorted(file_name(j) for j in drafts)


async def test_failed_job_shows_why_and_retry_after_log_in_prints_it(
    make_app, desk, sessions, tmp_path, monkeypatch
):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))  # no lp on this machine yet
    cups = with_printer(desk, PrinterConfig("kantor", "cups", None, {"queue": "KANTOR"}))
    case_in(cups, sessions, CaseState.KASI_REVIEW)
    (job,) = jobs_of(cups, "draft_kk")
    app = make_app(office=cups)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: state_of(pilot, job.id) == "Gagal", "the job failed")
        assert "cups-client" in rows(pilot)[job.id][5]
        assert "cups-client" in pilot.app.screen.query_one("#message").text

        fake_lp = bin_dir / "lp"  # CUPS installed meanwhile
        fake_lp.write_text("#!/bin/sh\necho 'request id is KANTOR-1 (1 file(s))'\n")
        fake_lp.chmod(0o755)
        await choose(pilot, job.id)
        await pilot.press("f3")
        assert isinstance(pilot.app.screen, StaffLogin)
        await log_in(pilot, "SIAK1", "123456")
        await until(pilot, lambda: isinstance(pilot.app.screen, QueueScreen), "back to the queue")
        await until(pilot, lambda: state_of(pilot, job.id) == "Tercetak", "printed on retry")
        assert "Dewi" not in pilot.app.screen.query_one("#status").text
        assert "Siak1" in pilot.app.screen.query_one("#status").text  # the fixture's name
    retry = next(e for e in audit(cups) if e["action"] == "print.retry")
    assert (retry["staff_id"], retry["station"]) == ("SIAK1", "print-1")


async def test_cancel_asks_first_then_drops_the_job(make_app, desk, sessions, spool):
    case_in(desk, sessions, CaseState.KASI_REVIEW)
    (job,) = jobs_of(desk, "draft_kk")
    app = make_app(auto=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: state_of(pilot, job.id) == "Menunggu", "the job listed")
        await tap(pilot, "#staff")
        await log_in(pilot, "KASI1", "123456")
        await until(pilot, lambda: isinstance(pilot.app.screen, QueueScreen), "logged in")
        await choose(pilot, job.id)
        await tap(pilot, "#cancel")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "the question")
        assert job.id in pilot.app.screen.query_one(".dialog-title").text
        await tap(pilot, "#yes")
        await until(pilot, lambda: state_of(pilot, job.id) == "Dibatalkan", "cancelled")
        await tap(pilot, "#cancel")  # cancelling it again is refused in words
        assert "Dibatalkan" in pilot.app.screen.query_one("#message").text
    assert jobs_of(desk, "draft_kk") == [] and not list(spool.iterdir())
    cancel = next(e for e in audit(desk) if e["action"] == "print.cancel")
    assert (cancel["staff_id"], cancel["station"]) == ("KASI1", "print-1")


async def test_reprint_queues_a_new_job_that_prints(make_app, desk, sessions, spool):
    case_in(desk, sessions, CaseState.KASI_REVIEW)
    (job,) = jobs_of(desk, "draft_kk")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: state_of(pilot, job.id) == "Tercetak", "printed")
        await tap(pilot, "#staff")
        await log_in(pilot, "SIAK1", "123456")
        await until(pilot, lambda: isinstance(pilot.app.screen, QueueScreen), "logged in")
        await choose(pilot, job.id)
        await tap(pilot, "#reprint")
        await until(pilot, lambda: len(rows(pilot)) == 2, "the reprint listed")
        (new,) = [i for i in rows(pilot) if i != job.id]
        await until(pilot, lambda: state_of(pilot, new) == "Tercetak", "the reprint printed")
    assert len(list(Path(spool).iterdir())) == 2


async def test_pause_holds_the_queue_until_resumed(make_app, desk, sessions):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        assert "JEDA" in pilot.app.screen.query_one("#status").text
        assert pilot.app.screen.query_one("#toggle").text == "Lanjutkan"
        case_in(desk, sessions, CaseState.KASI_REVIEW)
        (job,) = jobs_of(desk, "draft_kk")
        await until(pilot, lambda: state_of(pilot, job.id) == "Menunggu", "listed, waiting")
        await pilot.pause(0.3)  # several print intervals: nothing prints while paused
        assert jobs_of(desk, "draft_kk")[0].status == PrintStatus.PENDING
        await pilot.press("f2")
        await until(pilot, lambda: state_of(pilot, job.id) == "Tercetak", "printed on resume")


async def test_log_in_can_be_left_and_staff_actions_need_a_chosen_job(make_app):
    app = make_app(auto=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        assert "Pilih satu pekerjaan" in pilot.app.screen.query_one("#message").text
        await tap(pilot, "#staff")
        assert isinstance(pilot.app.screen, StaffLogin)
        await tap(pilot, "#back")
        assert isinstance(pilot.app.screen, QueueScreen) and pilot.app.session is None


async def test_english_labels(make_app, desk, sessions):
    case_in(desk, sessions, CaseState.KASI_REVIEW)
    (job,) = jobs_of(desk, "draft_kk")
    app = make_app(auto=False, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: state_of(pilot, job.id) == "Waiting", "listed in English")
        assert rows(pilot)[job.id][1] == "Draft KK"
        assert "PAUSED" in pilot.app.screen.query_one("#status").text


async def test_a_printer_that_cannot_print_says_so_above_the_queue(make_app, spool):
    spool.write_text("a file where the folder should be")
    app = make_app(auto=False)
    async with app.run_test(size=SIZE) as pilot:
        line = pilot.app.screen.query_one("#printer")
        await until(pilot, lambda: line.has_class("-problem"), "the printer shown not ready")
        assert "tidak dapat ditulisi" in line.text and str(spool) in line.text
