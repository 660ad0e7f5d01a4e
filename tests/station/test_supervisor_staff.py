"""Staff management at the supervisor's station: add, disable, reset PIN, change role."""

from __future__ import annotations

from station_pilot import log_in, tap, text
from supervisor_pilot import as_supervisor, rows, type_into
from textual.widgets import Select

from shared.sop import Role
from station.screens.supervisor_widgets import PhraseTable


async def pick(pilot, staff_id: str) -> None:
    """Highlight ``staff_id``'s row in the staff table."""
    table = pilot.app.screen.query_one("#staff-table", PhraseTable)
    table.move_cursor(row=table.keys().index(staff_id))
    await pilot.pause()


async def choose_role(pilot, role: Role) -> None:
    pilot.app.screen.query_one("#staff-role", Select).value = role.value
    await pilot.pause()


async def test_add_a_staff_member_who_can_then_log_in(make_station, office):
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "staff")
        assert ("KASI1", "Kasi1", "Kasi Identitas Penduduk", "aktif") in rows(pilot, "#staff-table")
        await type_into(pilot, "#staff-id", "siak3")
        assert app.screen.query_one("#staff-id").value == "SIAK3"
        await type_into(pilot, "#staff-name", "Fransiska  Lusi")
        await type_into(pilot, "#staff-pin", "246810")
        await tap(pilot, "#staff-add")
        assert text(pilot, "#message") == "Pilih peran dulu."
        await choose_role(pilot, Role.ADMIN_SIAK)
        await tap(pilot, "#staff-add")
        assert text(pilot, "#message") == "Petugas SIAK3 ditambahkan."
        assert app.screen.query_one("#staff-id").value == ""
        assert ("SIAK3", "Fransiska Lusi", "Administrator SIAK", "aktif") in rows(
            pilot, "#staff-table"
        )
        assert app.screen.query_one("#staff-pin").value == ""  # the PIN is not left on screen
        await tap(pilot, "#logout")
        await log_in(pilot, "SIAK3", "246810")
        assert app.session is not None and app.session.role is Role.ADMIN_SIAK


async def test_a_duplicate_id_and_a_short_pin_are_refused_in_words(make_station, office):
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "staff")
        await type_into(pilot, "#staff-id", "KASI1")
        await type_into(pilot, "#staff-name", "Orang Lain")
        await choose_role(pilot, Role.KASI)
        await type_into(pilot, "#staff-pin", "246810")
        await tap(pilot, "#staff-add")
        assert text(pilot, "#message") == "ID petugas KASI1 sudah dipakai."
        await type_into(pilot, "#staff-id", "KASI2")
        await type_into(pilot, "#staff-pin", "12")
        await tap(pilot, "#staff-add")
        assert text(pilot, "#message") == "PIN: PIN harus angka, minimal 6 digit."
        await tap(pilot, "#lang")
        assert text(pilot, "#message") == "PIN: The PIN must be digits, at least 6 long."
    assert "KASI2" not in {s.id for s in office.staff.list()}


async def test_disable_and_enable_an_account(make_station, office):
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "staff")
        await pick(pilot, "LOKET2")
        await tap(pilot, "#staff-toggle")
        assert text(pilot, "#message") == "Akun LOKET2 dinonaktifkan."
        assert ("LOKET2", "Loket2", "Pengolah Data Identitas Penduduk", "nonaktif") in rows(
            pilot, "#staff-table"
        )
        assert not next(s for s in office.staff.list() if s.id == "LOKET2").active
        await tap(pilot, "#staff-toggle")  # the same row is still highlighted
        assert text(pilot, "#message") == "Akun LOKET2 diaktifkan."
        await pick(pilot, "SPV1")
        await tap(pilot, "#staff-toggle")
        assert text(pilot, "#message") == "Anda tidak dapat menonaktifkan akun Anda sendiri."
    assert all(s.active for s in office.staff.list())


async def test_reset_a_pin_and_the_old_one_stops_working(make_station, office):
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "staff")
        await pick(pilot, "KABID1")
        await type_into(pilot, "#staff-pin", "1234")
        await tap(pilot, "#staff-reset")
        assert text(pilot, "#message") == "PIN: PIN harus angka, minimal 6 digit."
        await type_into(pilot, "#staff-pin", "975310")
        await tap(pilot, "#staff-reset")
        assert text(pilot, "#message") == "PIN KABID1 diganti."
        await tap(pilot, "#logout")
        await log_in(pilot, "KABID1", "123456")
        assert text(pilot, "#login-error") == "ID atau PIN salah."
        await log_in(pilot, "KABID1", "975310")
        assert app.session is not None and app.session.staff_id == "KABID1"


async def test_change_a_role_but_not_ones_own(make_station, office):
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "staff")
        await pick(pilot, "SIAK2")
        await tap(pilot, "#staff-set-role")
        assert text(pilot, "#message") == "Pilih peran dulu."
        await choose_role(pilot, Role.KASI)
        await tap(pilot, "#staff-set-role")
        assert text(pilot, "#message") == "Peran SIAK2 sekarang Kasi Identitas Penduduk."
        assert ("SIAK2", "Siak2", "Kasi Identitas Penduduk", "aktif") in rows(pilot, "#staff-table")
        await pick(pilot, "SPV1")
        await tap(pilot, "#staff-set-role")
        assert text(pilot, "#message") == (
            "Anda tidak dapat mengubah peran akun Anda sendiri (SPV1)."
        )
    roles = {s.id: s.role for s in office.staff.list()}
    assert roles["SIAK2"] is Role.KASI and roles["SPV1"] is Role.SUPERVISOR
