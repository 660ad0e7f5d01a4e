"""Shared fixtures: each test owns a temporary store, a manual clock, demo staff."""

from __future__ import annotations

import pytest
from helpers import MONDAY_9

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
