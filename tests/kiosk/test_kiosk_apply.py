"""New application by taps alone: every kind, priority, phone, closed hours, quota, printing."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from kiosk_pilot import (
    apply_until_phone,
    choose,
    key_in,
    number_shown,
    screen_text,
    settle,
    tap,
    text,
)

from kiosk.screens.home import HomeScreen
from kiosk.screens.notice import NoticeScreen
from kiosk.screens.phone import PhoneScreen
from kiosk.screens.ticket import PrintFailedScreen, TicketScreen
from shared.clock import OFFICE_TZ
from shared.config import PrinterConfig, load_config
from shared.fake_printer import closed_port
from shared.model import PrintStatus, TicketState
from shared.office import Office

KINDS = [k.code for k in load_config(None).kinds]


def stored_tickets(office: Office, day=None):
    return office.queue.today(day)


@pytest.mark.parametrize("kind", KINDS)
async def test_a_ticket_for_each_kind_by_taps_alone(make_kiosk, office, printer, kind):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await apply_until_phone(pilot, kind)
        assert isinstance(app.screen, PhoneScreen)
        await tap(pilot, "#skip")
        assert isinstance(app.screen, TicketScreen)
        assert number_shown(pilot) == "A-001"
        label = office.config.kind(kind).text("id")
        assert label in text(pilot, "#ticket-service")
    (ticket,) = stored_tickets(office)
    assert (ticket.kind, ticket.priority, ticket.phone) == (kind, None, None)
    assert ticket.print_status == PrintStatus.PRINTED
    assert printer.calls == [(ticket.print_job, "kiosk-1", "id")]


async def test_the_kinds_page_through_on_a_small_screen(make_kiosk, office):
    app = make_kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#apply")
        last = office.config.kinds[-1].code
        assert not app.screen.query_one(f"#kind-{last}").display
        await apply_until_phone_from_kinds(pilot, last)
        await tap(pilot, "#skip")
        assert number_shown(pilot) == "A-001"
    assert stored_tickets(office)[0].kind == last


async def apply_until_phone_from_kinds(pilot, kind):
    await choose(pilot, "kind", kind)
    await tap(pilot, "#continue")
    await choose(pilot, "prio", "none")


async def test_the_checklist_names_every_requirement_and_marks_optional_ones(make_kiosk, office):
    app = make_kiosk()
    kind = office.config.kind("pindah_datang")
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#apply")
        await choose(pilot, "kind", kind.code)
        shown = screen_text(pilot)
    for req in kind.requirements:
        assert req.text("id") in shown
    optional = [r for r in kind.requirements if r.optional]
    assert optional and f"{optional[0].text('id')} (bila diperlukan)" in shown


async def test_priority_and_phone_typed_on_the_keypad(make_kiosk, office):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await apply_until_phone(pilot, "baru_menikah", priority="lansia")
        await key_in(pilot, "0812")
        await tap(pilot, "#key-backspace")
        await key_in(pilot, "23456789")
        assert text(pilot, ".entry-display") == "0812-3456-789"
        await tap(pilot, "#take")
        assert isinstance(app.screen, TicketScreen)
        assert "Lansia" in screen_text(pilot)
    (ticket,) = stored_tickets(office)
    assert (ticket.priority, ticket.phone) == ("lansia", "08123456789")


async def test_the_priority_screen_states_the_configured_rule(make_kiosk, office):
    rules = dataclasses.replace(office.config.queue, priority_rule="interleave", priority_every=4)
    other = Office(office.store, dataclasses.replace(office.config, queue=rules), office.clock)
    app = make_kiosk(other)
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#apply")
        await choose(pilot, "kind", "hilang_rusak")
        await tap(pilot, "#continue")
        assert "setiap 4 antrian biasa" in text(pilot, "#prio-rule")


async def test_a_wrong_phone_number_is_explained_and_no_ticket_taken(make_kiosk, office):
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await apply_until_phone(pilot, "hilang_rusak")
        await key_in(pilot, "12345")
        await tap(pilot, "#take")
        assert isinstance(app.screen, PhoneScreen)
        assert "diawali 08" in text(pilot, ".entry-error")
    assert stored_tickets(office) == []


async def test_outside_opening_hours_it_says_when_to_come_back(make_kiosk, office, clock):
    clock.set(datetime(2026, 11, 29, 10, 0, tzinfo=OFFICE_TZ))  # a Sunday
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Buka kembali Senin, 30 November 2026 pukul 07.30" in text(pilot, "#open-state")
        await tap(pilot, "#apply")
        assert isinstance(app.screen, NoticeScreen)
        assert "datang kembali Senin, 30 November 2026 pukul 07.30" in text(
            pilot, "#notice-message"
        )
        await tap(pilot, "#lang")
        assert "come back Monday, 30 November 2026 at 07:30" in text(pilot, "#notice-message")
        await tap(pilot, "#home")
        assert isinstance(app.screen, HomeScreen)
    assert stored_tickets(office) == []


def _with_quota(office: Office, quota: int) -> Office:
    services = tuple(
        dataclasses.replace(s, daily_quota=quota) if s.kind == "application" else s
        for s in office.config.services
    )
    return Office(office.store, dataclasses.replace(office.config, services=services), office.clock)


async def test_past_the_daily_quota_it_says_to_come_back_the_next_working_day(make_kiosk, office):
    small = _with_quota(office, 2)
    for _ in range(2):
        small.queue.take_ticket("KK", kind="hilang_rusak")
    app = make_kiosk(small)
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#apply")
        assert isinstance(app.screen, NoticeScreen)
        message = text(pilot, "#notice-message")
        assert "Kuota antrian hari ini (2 nomor) sudah habis" in message
        assert "Selasa, 24 November 2026 pukul 07.30" in message
    assert len(stored_tickets(office)) == 2


async def test_the_quota_running_out_while_choosing_gives_the_notice_not_a_ticket(
    make_kiosk, office
):
    small = _with_quota(office, 1)
    app = make_kiosk(small)
    async with app.run_test(size=(120, 40)) as pilot:
        await apply_until_phone(pilot, "ubah_data")
        small.queue.take_ticket("KK", kind="hilang_rusak")  # another kiosk was quicker
        await tap(pilot, "#skip")
        assert isinstance(app.screen, NoticeScreen)
        assert "Kuota antrian hari ini (1 nomor)" in text(pilot, "#notice-message")
    assert len(stored_tickets(office)) == 1


async def test_a_failed_print_shows_the_number_full_screen_and_keeps_the_ticket(
    make_kiosk, office, printer
):
    printer.ok = False
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await apply_until_phone(pilot, "hilang_rusak")
        await tap(pilot, "#skip")
        assert isinstance(app.screen, PrintFailedScreen)
        assert number_shown(pilot) == "A-001"
        assert "meja informasi" in text(pilot, "#failed-desk")
    (ticket,) = stored_tickets(office)
    assert ticket.state == TicketState.WAITING
    assert ticket.print_status == PrintStatus.FAILED


async def test_a_print_function_that_crashes_still_leaves_a_valid_ticket(make_kiosk, office):
    def broken(office, job_id, *, worker, lang=None):
        raise OSError("USB cable pulled")

    app = make_kiosk(print_ticket=broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await apply_until_phone(pilot, "hilang_rusak")
        await tap(pilot, "#skip")
        assert isinstance(app.screen, PrintFailedScreen)
        assert number_shown(pilot) == "A-001"
    (ticket,) = stored_tickets(office)
    assert ticket.state == TicketState.WAITING
    assert app.recovered_errors == []


async def test_the_real_print_service_prints_the_ticket_in_the_citizens_language(
    make_kiosk, office_printing_to, tmp_path
):
    office = office_printing_to(None)
    app = make_kiosk(office, print_ticket=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#lang")
        await apply_until_phone(pilot, "baru_menikah")
        await tap(pilot, "#skip")
        assert isinstance(app.screen, TicketScreen)
    (ticket,) = stored_tickets(office)
    assert ticket.print_status == PrintStatus.PRINTED
    printed = b"".join(p.read_bytes() for p in (tmp_path / "kiosk").glob("*.bin"))
    assert b"A-001" in printed and b"QUEUE NUMBER" in printed


async def test_the_real_print_service_with_the_printer_offline(make_kiosk, office_printing_to):
    offline = PrinterConfig(
        "", "network", 80, {"host": "127.0.0.1", "port": closed_port(), "timeout": 2.0}
    )
    office = office_printing_to(offline)
    app = make_kiosk(office, print_ticket=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await apply_until_phone(pilot, "hilang_rusak")
        await tap(pilot, "#skip")
        assert isinstance(app.screen, PrintFailedScreen)
        await settle(pilot)
    (ticket,) = stored_tickets(office)
    assert ticket.state == TicketState.WAITING
    assert ticket.print_status == PrintStatus.FAILED
