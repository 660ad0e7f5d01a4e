"""Live across processes: a call made by another process shows on the board within a second."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from display_pilot import serving, settle
from helpers import MONDAY_9

pytestmark = pytest.mark.slow
PIN = "123456"  # the test office's staff PIN (tests/conftest.py)


async def test_a_call_from_another_process_shows_within_a_second(make_display, office, store):
    office.queue.take_ticket("KK")
    env = {**os.environ, "KK_PIN": PIN, "KK_NOW": MONDAY_9.isoformat()}
    argv = [sys.executable, "-m", "shared.cli.main", "queue", "call-next", "--store"]
    argv += [str(store.root), "--counter", "2", "--staff", "LOKET2", "--json"]
    async with make_display().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert serving(pilot)[2] == ""

        done = subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr.decode()
        called = time.monotonic()
        while not serving(pilot)[2] and time.monotonic() - called < 5:
            await pilot.pause(0.02)  # the board's own poll timer does the work
        shown = time.monotonic() - called

        assert serving(pilot)[2] == "A-001"
        assert shown < 1.0, f"the call took {shown:.2f} s to show"
