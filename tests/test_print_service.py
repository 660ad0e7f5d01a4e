"""Printing stored jobs: a ticket is never lost, every outcome is stored with the ticket."""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta

import pytest
from helpers import application_service, case_in, counter_for

from shared.config import PrinterConfig
from shared.errors import NotFound, WrongState
from shared.fake_printer import FakeNetworkPrinter, closed_port
from shared.model import PrintJob, PrintStatus, TicketState
from shared.office import Office
from shared.print_service import print_job, print_pending
from shared.queue_info import count_ahead, estimated_wait, waiting_ahead
from shared.sop import CaseState


@pytest.fixture
def with_printers(office, tmp_path):
    """An :class:`Office` on the same store whose printers write under ``tmp_path``."""

    def make(**printers: PrinterConfig) -> Office:
        table = {
            name: PrinterConfig(name, "file", cfg.paper_mm, {"path": tmp_path / f"{name}.bin"})
            if cfg.is_receipt
            else cfg
            for name, cfg in office.config.printers.items()
        }
        table.update({name: dataclasses.replace(cfg, name=name) for name, cfg in printers.items()})
        config = dataclasses.replace(office.config, printers=table)
        return Office(office.store, config, office.clock)

    return make


def offline() -> PrinterConfig:
    """A network printer nobody listens for: connection refused."""
    return PrinterConfig(
        "", "network", 80, {"host": "127.0.0.1", "port": closed_port(), "timeout": 2.0}
    )


def stored(office: Office, ticket_id: str):
    with office.read() as repo:
        return repo.get_ticket(ticket_id)


def test_a_printed_ticket_is_stored_as_printed(with_printers, tmp_path):
    office = with_printers()
    ticket = office.queue.take_ticket(application_service(office))
    job = print_job(office, ticket.print_job, worker="kiosk-1")
    assert job.status == PrintStatus.PRINTED and job.attempts == 1 and job.error is None
    after = stored(office, ticket.id)
    assert after.print_status == PrintStatus.PRINTED and after.state == TicketState.WAITING
    assert (tmp_path / "kiosk" / f"{job.id}.bin").read_bytes().count(b"A-001") == 1
    assert (tmp_path / "kiosk" / f"{job.id}.png").exists()
    assert office.printing.jobs() == []


def test_an_offline_printer_leaves_a_waiting_ticket_with_a_failed_print(with_printers, sessions):
    office = with_printers(kiosk=offline())
    ticket = office.queue.take_ticket(application_service(office))
    job = print_job(office, ticket.print_job, worker="kiosk-1")  # no exception
    assert job.status == PrintStatus.FAILED
    assert job.error == "Printer struk kiosk tidak menyala atau tidak terhubung."
    after = stored(office, ticket.id)
    assert after.state == TicketState.WAITING  # still valid in the queue
    assert after.print_status == PrintStatus.FAILED and after.print_error == job.error
    counter = counter_for(office, application_service(office))
    called = office.queue.call_next(sessions["LOKET1"], counter)
    assert called is not None and called.id == ticket.id  # served like any other ticket


def test_a_failed_ticket_prints_once_the_printer_is_back(with_printers):
    office = with_printers(kiosk=offline())
    ticket = office.queue.take_ticket(application_service(office))
    failed = print_job(office, ticket.print_job, worker="kiosk-1")
    assert failed.status == PrintStatus.FAILED
    with FakeNetworkPrinter() as printer:
        back = with_printers(kiosk=printer.config())
        back.printing.retry(failed.id)  # staff: reprint
        job = print_job(back, failed.id, worker="loket-1")
        assert printer.wait_for(1)
    assert job.status == PrintStatus.PRINTED and job.attempts == 2
    assert b"A-001" in printer.jobs[0] and printer.jobs[0].endswith(b"\x1dV\x00")
    assert stored(back, ticket.id).print_status == PrintStatus.PRINTED
    assert stored(back, ticket.id).print_error is None


def test_a_failed_job_can_be_printed_again_directly(with_printers):
    office = with_printers(kiosk=offline())
    ticket = office.queue.take_ticket(application_service(office))
    print_job(office, ticket.print_job, worker="kiosk-1")
    again = print_job(with_printers(), ticket.print_job, worker="loket-1")
    assert again.status == PrintStatus.PRINTED and again.attempts == 2


def test_a_network_printer_receives_the_ticket(with_printers):
    with FakeNetworkPrinter() as printer:
        office = with_printers(kiosk=printer.config(paper_mm=58))
        ticket = office.queue.take_ticket(application_service(office), kind="baru_menikah")
        job = print_job(office, ticket.print_job, worker="kiosk-1", lang="en")
        assert printer.wait_for(1)
    assert job.status == PrintStatus.PRINTED
    data = printer.jobs[0]
    assert b"A-001" in data and b"QUEUE NUMBER" in data and ticket.id.encode() in data


def test_a_pickup_ticket_prints_the_masked_nik_only(with_printers, sessions, tmp_path):
    office = with_printers()
    case_id, _ = case_in(office, sessions, CaseState.READY)
    case = office.cases.show(case_id)
    ticket = office.queue.take_pickup_ticket(case.receipt_no)
    job = print_job(office, ticket.print_job, worker="kiosk-1")
    assert job.kind == "pickup_ticket" and job.status == PrintStatus.PRINTED
    data = (tmp_path / "kiosk" / f"{job.id}.bin").read_bytes()
    assert b"6171**********03" in data and case.receipt_no.encode() in data
    assert case.applicant_nik.encode() not in data and b"BUDI" not in data


def test_jobs_that_are_not_receipts_are_left_alone(with_printers, sessions):
    office = with_printers()
    case_id, _ = case_in(office, sessions, CaseState.KASI_REVIEW)  # a draft KK job (A4)
    jobs = office.printing.jobs()
    a4 = [j for j in jobs if not office.config.printers[j.printer].is_receipt]
    assert a4
    for job in a4:
        assert print_job(office, job.id, worker="station") == job
    assert [j for j in office.printing.jobs() if j in a4] == a4


def test_the_counters_pickup_receipt_prints_with_its_code(with_printers, sessions):
    office = with_printers()
    case_id, token = case_in(office, sessions, CaseState.INPUT)
    slip = next(j for j in office.printing.jobs() if j.kind == "pickup_receipt")
    job = print_job(office, slip.id, worker="counter-1")
    assert job.status == PrintStatus.PRINTED
    assert "token" not in job.params  # scrubbed once printed


def test_print_pending_prints_each_pending_receipt_once(with_printers):
    office = with_printers()
    service = application_service(office)
    tickets = [office.queue.take_ticket(service) for _ in range(3)]
    done = print_pending(office, {office.config.kiosk.printer}, worker="station")
    assert [j.ref for j in done] == [t.id for t in tickets]
    assert all(j.status == PrintStatus.PRINTED for j in done)
    assert print_pending(office, {office.config.kiosk.printer}, worker="station") == []


def test_print_pending_stops_on_a_printer_after_its_first_failure(with_printers):
    office = with_printers(kiosk=offline())
    service = application_service(office)
    for _ in range(3):
        office.queue.take_ticket(service)
    done = print_pending(office, {"kiosk"}, worker="station")
    assert [j.status for j in done] == [PrintStatus.FAILED]
    statuses = sorted(j.status.value for j in office.printing.jobs({"kiosk"}))
    assert statuses == ["FAILED", "PENDING", "PENDING"]


def test_claim_job_refuses_a_job_another_worker_is_printing(office, clock):
    ticket = office.queue.take_ticket(application_service(office))
    job = office.printing.claim_job(ticket.print_job, "kiosk-1")
    assert job.status == PrintStatus.PRINTING and job.claimed_by == "kiosk-1"
    with pytest.raises(WrongState):
        office.printing.claim_job(job.id, "station")
    clock.advance(timedelta(minutes=3))  # kiosk-1 died holding it
    taken = office.printing.claim_job(job.id, "station")
    assert taken.claimed_by == "station" and taken.attempts == 2
    office.printing.finish(job.id, ok=True, worker="station")
    with pytest.raises(NotFound):  # printed: it has left the open queue
        office.printing.claim_job(job.id, "station")


def test_printing_from_worker_threads_while_tickets_are_taken(with_printers):
    office = with_printers()
    service = application_service(office)
    results: list[PrintJob] = []
    errors: list[BaseException] = []

    def kiosk() -> None:
        try:
            for _ in range(5):
                ticket = office.queue.take_ticket(service)
                worker = threading.Thread(
                    target=lambda job=ticket.print_job: results.append(
                        print_job(office, job, worker="k")
                    )
                )
                worker.start()
                worker.join()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=kiosk) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 10
    assert all(j.status == PrintStatus.PRINTED for j in results)
    assert sorted(t.display for t in office.queue.today()) == [f"A-{n:03d}" for n in range(1, 11)]


# -- people ahead and the estimated wait ------------------------------------------------------
def test_people_ahead_follow_the_priority_rule(office, clock):
    service = application_service(office)
    regular = [office.queue.take_ticket(service) for _ in range(2)]
    clock.advance(minutes=1)
    prio = office.queue.take_ticket(service, priority="lansia")
    last = office.queue.take_ticket(service)
    assert [waiting_ahead(office, t) for t in (*regular, prio, last)] == [1, 2, 0, 3]
    interleave = dataclasses.replace(
        office.config,
        queue=dataclasses.replace(
            office.config.queue, priority_rule="interleave", priority_every=3
        ),
    )
    tickets = office.queue.today()
    assert count_ahead(last, tickets, interleave.queue) == 3  # 2 regular + the priority one
    assert count_ahead(regular[0], tickets, interleave.queue) == 1
    assert count_ahead(prio, tickets, interleave.queue) == 0


def test_wait_uses_todays_service_times_once_three_were_served(office, clock, sessions):
    service = application_service(office)
    counter = counter_for(office, service)
    assert estimated_wait(office, office.queue.take_ticket(service)) == timedelta(0)
    for minutes in (4, 6, 8):
        office.queue.take_ticket(service)
        called = office.queue.call_next(sessions["LOKET1"], counter)
        clock.advance(minutes=minutes)
        office.cases.verify(sessions["LOKET1"], called.case_id, present=[])  # return slip: done
    waiting = [office.queue.take_ticket(service) for _ in range(4)]
    counters = sum(1 for c in office.config.counters if service in c.services)
    # 4 ahead x the median 6 minutes, shared by the counters serving the service
    assert estimated_wait(office, waiting[-1]) == timedelta(minutes=6) * 4 / counters
