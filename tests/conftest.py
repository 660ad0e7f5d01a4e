"""Shared fixtures: each test owns a temporary store, a manual clock, demo staff."""

from __future__ import annotations

import asyncio
import inspect

import pytest
from helpers import MONDAY_9, SIMULATED_START

import shared.auth
from shared.clock import ManualClock
from shared.config import load_config
from shared.office import Office, Session
from shared.sop import Role
from shared.store.filestore import FileStore

STAFF = {
    "LOKET1": Role.PENGOLAH_DATA,
    "LOKET2": Role.PENGOLAH_DATA,
    "SIAK1": Role.ADMIN_SIAK,
    "SIAK2": Role.ADMIN_SIAK,
    "KASI1": Role.KASI,
    "KABID1": Role.KABID,
    "KADIS": Role.KEPALA_DINAS,
    "SPV1": Role.SUPERVISOR,
}
PIN = "123456"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (the Textual Pilot tests) in a fresh event loop.

    No asyncio plugin needed: each such test gets its own ``asyncio.run``.
    """
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def fleet(tmp_path):
    """Worker processes (``tests/procs/``) started together behind one barrier."""
    from procs.fleet import Fleet

    run = tmp_path / "run"
    run.mkdir()
    f = Fleet(run)
    yield f
    f.kill_leftovers()


@pytest.fixture(autouse=True)
def fast_pin_hashing(monkeypatch):
    """Real scrypt, tiny cost: the tests check logic, not brute-force resistance."""
    monkeypatch.setattr(shared.auth, "SCRYPT_N", 2**4)


@pytest.fixture(scope="session")
def config():
    return load_config(None)


@pytest.fixture
def clock():
    return ManualClock(MONDAY_9)


@pytest.fixture
def store(tmp_path):
    s = FileStore(tmp_path / "store")
    s.initialise()
    return s


@pytest.fixture
def office(store, config, clock):
    o = Office(store, config, clock)
    for sid, role in STAFF.items():
        o.staff.add(sid, sid.title(), role, PIN)
    return o


@pytest.fixture
def sessions():
    return {sid: Session(sid, role, "test") for sid, role in STAFF.items()}


@pytest.fixture(scope="session")
def simulated(tmp_path_factory):
    """An office after a simulated week (15 families a working day, every return loop).

    Shared by the report tests: read it, never change it.
    """
    from datetime import datetime, time

    from shared.simulate import Profile, simulate

    root = tmp_path_factory.mktemp("simulated") / "store"
    store = FileStore(root, durable=False)
    store.initialise()
    clock = ManualClock(datetime.combine(SIMULATED_START, time(0), tzinfo=MONDAY_9.tzinfo))
    office = Office(store, load_config(None), clock)
    profile = Profile(
        kasi_reject_rate=0.2, kabid_reject_rate=0.25, kabid_days=(0, 1), pickup_days=(0, 1)
    )
    simulate(office, start=SIMULATED_START, days=7, per_day=15, seed=3, profile=profile)
    return office
