"""Staff login: PIN checks, lock-out, disabled accounts; PINs never stored in clear."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.errors import AuthError, DomainError, ValidationError
from shared.sop import Role


def test_right_pin_logs_in(office):
    s = office.staff.login("loket1", "123456", station="counter-1")
    assert s.staff_id == "LOKET1" and s.role == Role.PENGOLAH_DATA


def test_pin_is_stored_only_as_a_salted_hash(office, store):
    raw = (store.root / "staff.json").read_text()
    assert "123456" not in raw and raw.count("scrypt$") == len(office.staff.list())


def test_wrong_pin_five_times_locks_the_account(office, clock):
    limit = office.config.security.pin_max_failures
    for _ in range(limit - 1):
        with pytest.raises(AuthError) as err:
            office.staff.login("LOKET1", "000000")
        assert err.value.key == "auth.failed"
    with pytest.raises(AuthError) as err:
        office.staff.login("LOKET1", "000000")
    assert err.value.key == "auth.locked"
    with pytest.raises(AuthError) as err:  # even the right PIN, while locked
        office.staff.login("LOKET1", "123456")
    assert err.value.key == "auth.locked"
    clock.advance(timedelta(minutes=office.config.security.lockout_minutes + 1))
    assert office.staff.login("LOKET1", "123456").staff_id == "LOKET1"


def test_unknown_id_and_wrong_pin_say_the_same(office):
    with pytest.raises(AuthError) as a:
        office.staff.login("NOBODY", "123456")
    with pytest.raises(AuthError) as b:
        office.staff.login("LOKET1", "654321")
    assert a.value.message() == b.value.message()


def test_disabled_account_cannot_log_in(office):
    office.staff.set_active("KASI1", False)
    with pytest.raises(AuthError) as err:
        office.staff.login("KASI1", "123456")
    assert err.value.key == "auth.disabled"


@pytest.mark.parametrize(
    ("sid", "name", "role", "pin"),
    [
        ("a b", "X", "KASI", "123456"),
        ("OK1", "", "KASI", "123456"),
        ("OK2", "X", "BOSS", "123456"),
        ("OK3", "X", "KASI", "12ab56"),
        ("OK4", "X", "KASI", "12"),
    ],
)
def test_bad_staff_input_is_refused_and_stores_nothing(office, sid, name, role, pin):
    before = len(office.staff.list())
    with pytest.raises(ValidationError):
        office.staff.add(sid, name, role, pin)
    assert len(office.staff.list()) == before


def test_duplicate_staff_id_refused(office):
    with pytest.raises(DomainError):
        office.staff.add("loket1", "Another", "KASI", "123456")


def test_a_supervisor_cannot_disable_their_own_account(office, sessions):
    from shared.errors import NotAllowed

    with pytest.raises(NotAllowed) as err:
        office.staff.set_active("SPV1", False, by=sessions["SPV1"])
    assert "sendiri" in err.value.message("id")
    with office.read() as repo:
        assert repo.get_staff("SPV1").active
    office.staff.set_active("LOKET1", False, by=sessions["SPV1"])  # another account: fine
    with office.read() as repo:
        assert not repo.get_staff("LOKET1").active
