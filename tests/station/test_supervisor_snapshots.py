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


async def overview_settled(pilot):
    from pilot_steps import settle

    for _ in range(3):
        await pilot.pause(0.1)
        await settle(pilot)


async def overview(pilot):
    """Log in as the supervisor, then let the tables finish sizing their columns.

    A table widens a column for its new rows when the app is next idle; on a
    loaded machine a shot taken at once caught the headers still narrow.
    """
    await as_supervisor(pilot)
    await overview_settled(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_overview(snap_compare, make_station, office, sessions, clock, size):
    busy_morning(office, sessions, clock)
    assert snap_compare(make_station(), terminal_size=size, run_before=overview)


def test_overview_in_english(snap_compare, make_station, office, sessions, clock):
    busy_morning(office, sessions, clock)

    async def run_before(pilot):
        from station_pilot import tap

        await overview(pilot)
        await tap(pilot, "#lang")
        await overview_settled(pilot)

    assert snap_compare(make_station(), terminal_size=(120, 36), run_before=run_before)
