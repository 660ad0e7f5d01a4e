"""What the board looks like at a plain 80x24 terminal and on a hall screen (160x45).

Deterministic: the office clock is the fixed Monday 09:00 of the test office,
each test owns a fresh store, the calls are made before the board starts (so
no panel is blinking). Update after an intended change with
``pytest tests/display --snapshot-update`` and look at the report.
"""

from __future__ import annotations

import pytest
from display_pilot import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


def busy_morning(office, sessions, clock):
    """Twelve applications and two pickups taken; A-012 at Loket 2, A-011 at Loket 1."""
    for _ in range(12):
        office.queue.take_ticket("KK", phone="081234567890")
    office.queue.take_ticket("AMBIL")
    office.queue.take_ticket("AMBIL")
    for n in range(10):
        counter = 1 + n % 2
        office.queue.call_next(sessions[f"LOKET{counter}"], counter)
        clock.advance(minutes=4)
        office.queue.skip(sessions[f"LOKET{counter}"], counter)
    office.queue.call_next(sessions["LOKET1"], 1)
    clock.advance(minutes=1)
    office.queue.call_next(sessions["LOKET2"], 2)


@pytest.mark.parametrize("size", SIZES)
def test_board_before_any_call(snap_compare, make_display, office, size):
    office.queue.take_ticket("KK")
    assert snap_compare(make_display(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_board_on_a_busy_morning(snap_compare, make_display, office, sessions, clock, size):
    busy_morning(office, sessions, clock)
    assert snap_compare(make_display(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_board_in_english(snap_compare, make_display, office, sessions, clock, size):
    busy_morning(office, sessions, clock)
    assert snap_compare(make_display(lang="en"), terminal_size=size, run_before=settle)
