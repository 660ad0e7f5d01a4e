"""PIN guessing is locked out, audited, and counted in the store (so across processes).

``[security]`` of config.toml: ``pin_max_failures`` wrong PINs in a row lock
the account for ``lockout_minutes``; while locked even the right PIN is
refused, without being checked. Each refusal is an audit event.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

import shared.auth
from shared.errors import AuthError

REPO = Path(__file__).resolve().parents[2]

PIN = "123456"  # the fixtures' staff PIN (tests/conftest.py)
WRONG = "999999"


def auth_events(office) -> list[tuple[str, str, str | None]]:
    with office.read() as repo:
        events = list(repo.audit_events_of_day(office.now().date()))
    return [(e["action"], e["entity_id"], e["note"]) for e in events if e["action"][:5] == "auth."]


def attempt(office, pin: str, staff: str = "LOKET1") -> str:
    try:
        office.staff.login(staff, pin, station="loket-1")
    except AuthError as err:
        return err.key
    return "ok"


def test_wrong_pins_lock_the_account_for_a_while_audited(office, clock):
    sec = office.config.security
    tries = [attempt(office, WRONG) for _ in range(sec.pin_max_failures)]
    assert tries == ["auth.failed"] * (sec.pin_max_failures - 1) + ["auth.locked"]
    assert attempt(office, PIN) == "auth.locked"  # the right PIN, refused while locked
    assert attempt(office, "SALAH") == "auth.locked"
    clock.advance(timedelta(minutes=sec.lockout_minutes - 1))
    assert attempt(office, PIN) == "auth.locked"
    clock.advance(timedelta(minutes=1, seconds=1))
    assert attempt(office, PIN) == "ok"
    actions = [a for a, _, _ in auth_events(office)]
    assert actions == (
        ["auth.failed"] * (sec.pin_max_failures - 1)
        + ["auth.locked"]
        + ["auth.refused"] * 3
        + ["auth.login"]
    )


def test_no_pin_is_checked_while_locked(office, monkeypatch):
    for _ in range(office.config.security.pin_max_failures):
        attempt(office, WRONG)
    checked = []
    monkeypatch.setattr("shared.staff.check_pin", lambda *a: checked.append(a) or True)
    assert attempt(office, PIN) == "auth.locked"
    assert checked == []


def test_the_lock_is_per_account(office):
    for _ in range(office.config.security.pin_max_failures):
        attempt(office, WRONG)
    assert attempt(office, PIN, "LOKET2") == "ok"


def test_a_right_pin_resets_the_count(office):
    sec = office.config.security
    for _ in range(sec.pin_max_failures - 1):
        attempt(office, WRONG)
    assert attempt(office, PIN) == "ok"
    for _ in range(sec.pin_max_failures - 1):
        assert attempt(office, WRONG) == "auth.failed"


def test_an_unknown_id_looks_like_a_wrong_pin_and_costs_a_pin_check(office, monkeypatch):
    checked = []
    real = shared.auth.check_pin
    monkeypatch.setattr("shared.staff.check_pin", lambda *a: checked.append(a) or real(*a))
    assert attempt(office, WRONG, "NOBODY") == attempt(office, WRONG, "LOKET1") == "auth.failed"
    assert len(checked) == 2  # the unknown ID's PIN was checked too (against a decoy)
    events = auth_events(office)
    assert events[0] == ("auth.failed", "NOBODY", "unknown id")
    assert attempt(office, WRONG, "x y;<z>") == "auth.failed"
    assert auth_events(office)[-1] == ("auth.failed", "?", "unknown id")  # no junk in the trail


def test_setting_a_new_pin_unlocks(office):
    for _ in range(office.config.security.pin_max_failures):
        attempt(office, WRONG)
    office.staff.set_pin("LOKET1", "246810")
    assert attempt(office, "246810") == "ok"


# -- across processes -------------------------------------------------------------------
GUESSER = """
import json, sys
sys.path.insert(0, {repo!r})
from datetime import datetime
from shared.clock import ManualClock
from shared.config import load_config
from shared.errors import AuthError
from shared.office import Office
from shared.store.filestore import FileStore
clock = ManualClock(datetime.fromisoformat({at!r}))
office = Office(FileStore({store!r}), load_config(None), clock)
out = []
for pin in {pins!r}:
    try:
        office.staff.login("LOKET1", pin, station="proc")
        out.append("ok")
    except AuthError as err:
        out.append(err.key)
print(json.dumps(out))
"""


def guess_in_a_process(office, pins: list[str]) -> subprocess.Popen:
    code = GUESSER.format(
        repo=str(REPO), store=str(office.store.root), at=office.now().isoformat(), pins=pins
    )
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def results(proc: subprocess.Popen) -> list[str]:
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    return json.loads(out)


def test_failures_in_two_processes_add_up(office):
    n = office.config.security.pin_max_failures
    first = results(guess_in_a_process(office, [WRONG] * (n - 2)))
    second = results(guess_in_a_process(office, [WRONG, WRONG, PIN]))
    assert first == ["auth.failed"] * (n - 2)
    assert second == ["auth.failed", "auth.locked", "auth.locked"]
    assert attempt(office, PIN) == "auth.locked"  # and this process sees the lock


@pytest.mark.slow
def test_two_processes_guessing_at_once_get_no_more_than_the_limit(office):
    """Each login is one transaction under the store's lock: no guess slips past the count."""
    n = office.config.security.pin_max_failures
    procs = [guess_in_a_process(office, [WRONG] * n + [PIN]) for _ in range(2)]
    outcomes = [r for p in procs for r in results(p)]
    assert outcomes.count("ok") == 0
    assert outcomes.count("auth.failed") == n - 1
    actions = [a for a, _, _ in auth_events(office)]
    assert actions.count("auth.failed") == n - 1 and actions.count("auth.locked") == 1
    assert actions.count("auth.refused") == len(outcomes) - n


def test_an_unknown_id_is_checked_outside_the_stores_lock(office, monkeypatch):
    """Guessing IDs must not hold the lock every kiosk and station waits for."""
    from shared.store.filestore import FileStore

    held = []

    def check(pin, stored):  # noqa: ANN001, ANN202
        other = FileStore(office.store.root, lock_timeout=0.5)  # another opener of the store
        try:
            with other.snapshot():
                held.append(False)
        except Exception:  # noqa: BLE001 - store.busy: the lock is held
            held.append(True)
        return False

    monkeypatch.setattr("shared.staff.check_pin", check)
    assert attempt(office, WRONG, "NOBODY") == "auth.failed"
    assert held == [False]
