"""The demo office of ``kk office`` / ``kk init --demo``: cases at every step, all in the past."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from shared.clock import ManualClock
from shared.demo import set_up_demo
from shared.office import Office
from shared.store.filestore import FileStore


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 23, 8, 5),  # Monday, minutes after opening
        datetime(2026, 11, 23, 15, 0),  # Monday afternoon
        datetime(2026, 11, 21, 10, 0),  # Saturday: closed
        datetime(2026, 11, 24, 6, 0),  # Tuesday, before opening
    ],
)
def test_no_demo_time_is_later_than_now(tmp_path, config, now):
    clock = ManualClock(now)
    store = FileStore(tmp_path / "store")
    office = Office(store, config, clock)
    created = store.initialise()
    _rows, cases = set_up_demo(office, created=created)
    assert len(cases) >= 5
    now = clock.now()
    times: list[datetime] = []
    with office.read() as repo:
        for day in range(14):
            for event in repo.audit_events_of_day(now.date() - timedelta(days=day)):
                times.append(datetime.fromisoformat(event["at"]))
        tickets = [t for d in range(14) for t in repo.tickets_of_day(now.date() - timedelta(d))]
    assert times and all(at <= now for at in times)
    assert all(t.taken_at <= now for t in tickets)
    assert date.fromisoformat(str(min(times).date())) >= now.date() - timedelta(days=7)
