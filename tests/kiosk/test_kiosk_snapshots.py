"""What the main screens look like, at a plain 80x24 terminal and at a kiosk's 120x40.

Deterministic: the office clock is the fixed Monday 09:00 of the test office,
each test owns a fresh store. Update after an intended change with
``pytest tests/kiosk --snapshot-update`` and look at the report.
"""

from __future__ import annotations

import pytest
from helpers import case_in
from kiosk_pilot import apply_until_phone, choose, settle, tap

from shared.sop import CaseState

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, make_kiosk, size):
    assert snap_compare(make_kiosk(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_home_in_english(snap_compare, make_kiosk, size):
    async def run_before(pilot):
        await tap(pilot, "#lang")

    assert snap_compare(make_kiosk(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_kinds(snap_compare, make_kiosk, size):
    async def run_before(pilot):
        await tap(pilot, "#apply")

    assert snap_compare(make_kiosk(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_requirement_checklist(snap_compare, make_kiosk, size):
    async def run_before(pilot):
        await tap(pilot, "#apply")
        await choose(pilot, "kind", "pindah_datang")

    assert snap_compare(make_kiosk(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_phone_keypad(snap_compare, make_kiosk, size):
    async def run_before(pilot):
        await apply_until_phone(pilot, "baru_menikah", priority="lansia")
        await pilot.press(*"0812345")
        await settle(pilot)

    assert snap_compare(make_kiosk(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_ticket(snap_compare, make_kiosk, office, size):
    office.queue.take_ticket("KK", kind="ubah_data")  # one waiting ahead

    async def run_before(pilot):
        await apply_until_phone(pilot, "hilang_rusak")
        await tap(pilot, "#skip")

    assert snap_compare(make_kiosk(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_print_failed(snap_compare, make_kiosk, printer, size):
    printer.ok = False

    async def run_before(pilot):
        await apply_until_phone(pilot, "hilang_rusak")
        await tap(pilot, "#skip")

    assert snap_compare(make_kiosk(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_status_result(snap_compare, make_kiosk, office, sessions, size):
    cid, _ = case_in(office, sessions, CaseState.KABID_REVIEW)
    receipt = office.cases.show(cid).receipt_no

    async def run_before(pilot):
        await tap(pilot, "#pickup")
        await pilot.press(*receipt, "enter")
        await settle(pilot)

    assert snap_compare(make_kiosk(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_closed_notice(snap_compare, make_kiosk, clock, size):
    from datetime import datetime

    from shared.clock import OFFICE_TZ

    clock.set(datetime(2026, 11, 28, 14, 0, tzinfo=OFFICE_TZ))  # a Saturday

    async def run_before(pilot):
        await tap(pilot, "#apply")

    assert snap_compare(make_kiosk(), terminal_size=size, run_before=run_before)
