"""What the supervisor's overview looks like, at a plain 80x24 terminal and at 120x36.

Deterministic: the office clock is pinned (the test office's manual clock,
Monday 09:20 after the known morning of :mod:`supervisor_scenario`), each test
owns a fresh store. Update after an intended change with
``pytest tests/station/test_supervisor_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from supervisor_pilot import as_supervisor
from supervisor_scenario import busy_morning

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


@pytest.mark.parametrize("size", SIZES)
def test_overview(snap_compare, make_station, office, sessions, clock, size):
    busy_morning(office, sessions, clock)
    assert snap_compare(make_station(), terminal_size=size, run_before=as_supervisor)


def test_overview_in_english(snap_compare, make_station, office, sessions, clock):
    busy_morning(office, sessions, clock)

    async def run_before(pilot):
        from station_pilot import tap

        await as_supervisor(pilot)
        await tap(pilot, "#lang")

    assert snap_compare(make_station(), terminal_size=(120, 36), run_before=run_before)
