"""Steps 7 and 8 in the station: the final print, the Kepala Dinas's signature; the whole loop."""

from __future__ import annotations

import pytest
from backoffice_pilot import (
    SIZE,
    desk,
    enter_family,
    open_case,
    queue_ids,
    set_value,
    station,
)
from helpers import case_in, family
from station_pilot import settle, tap, text

from shared.signing import qr_payload, verify_payload
from shared.signing_keys import init_keys, load_public_keys
from shared.sop import CaseState
from station.screens.backoffice import BackOfficeScreen
from station.screens.input_form import InputScreen
from station.screens.review import ReviewScreen
from station.widgets.family_view import MemberTable

PASSPHRASE = "kunci kepala dinas"


@pytest.fixture
def keys(tmp_path, monkeypatch):
    """The Kepala Dinas's key pair in a folder of the test, found through $KK_KEYS."""
    folder = tmp_path / "keys"
    init_keys(folder, PASSPHRASE)
    monkeypatch.setenv("KK_KEYS", str(folder))
    return folder


def assert_signed(office, keys, case_id: str) -> None:
    """The case is signed and its QR payload verifies against the stored family."""
    case = office.cases.show(case_id)
    assert case.state == CaseState.REGISTER and case.signed_by == "KADIS"
    payload = qr_payload(case.signature, case.nomor_kk, case.issued_on)
    verdict = verify_payload(payload, load_public_keys(keys), family=case.family)
    assert verdict.valid and verdict.data_checked, verdict


async def test_the_operator_prints_the_kk_for_the_kepala_dinas(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.FINAL_PRINT)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "SIAK1")
        await open_case(pilot, case_id)
        assert isinstance(app.screen, ReviewScreen)
        assert "Kabid1" in text(pilot, "#parafs") and "Kasi1" in text(pilot, "#parafs")
        await tap(pilot, "#final-print")
        case = office.cases.show(case_id)
        assert case.state == CaseState.SIGNING and case.printed_by == "SIAK1"
        assert case.issued_on == office.now().date()


async def test_the_kepala_dinas_signs_one_kk_after_seeing_it(office, sessions, keys):
    case_id, _ = case_in(office, sessions, CaseState.SIGNING)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "KADIS")
        await open_case(pilot, case_id)
        assert isinstance(app.screen, ReviewScreen)
        assert len(app.screen.query_one(MemberTable).texts()) == 3
        await tap(pilot, "#sign")
        await set_value(pilot, "#answer", "bukan kata sandinya")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)  # refused, said why, nothing signed
        assert text(pilot, "#message").startswith("Kata sandi kunci salah: kunci ")
        assert office.cases.show(case_id).state == CaseState.SIGNING
        await pilot.press("f5")  # the step's own action, as in the list
        await settle(pilot)
        await set_value(pilot, "#answer", PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BackOfficeScreen)
        assert_signed(office, keys, case_id)


async def test_the_kepala_dinas_signs_a_batch_with_one_passphrase(office, sessions, keys):
    ids = [case_in(office, sessions, CaseState.SIGNING)[0] for _ in range(3)]
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "KADIS")
        assert sorted(queue_ids(pilot)) == sorted(ids)
        await tap(pilot, "#all")
        await tap(pilot, "#batch")
        assert "3 KK" in text(pilot, ".dialog-title")
        await set_value(pilot, "#answer", PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert text(pilot, "#message") == "3 berkas selesai."
        for case_id in ids:
            assert_signed(office, keys, case_id)
        assert queue_ids(pilot) == []


async def switch(pilot, staff_id: str) -> BackOfficeScreen:
    """Log out and in again as ``staff_id``."""
    pilot.app.logout()
    await settle(pilot)
    return await desk(pilot, staff_id)


async def test_the_whole_loop_through_both_returns_ends_in_a_valid_signed_kk(
    office, sessions, keys
):
    case_id, _ = case_in(office, sessions, CaseState.INPUT)
    wrong = family()
    wrong["anggota"][1]["nama_ibu"] = "FATIMA"
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        # step 3: the draft, with the wife's mother misspelt
        await desk(pilot, "SIAK1")
        await open_case(pilot, case_id)
        await enter_family(pilot, wrong)
        await tap(pilot, "#save")
        # step 4: the Kasi sends it back
        await switch(pilot, "KASI1")
        await open_case(pilot, case_id)
        await tap(pilot, "#reject")
        await set_value(pilot, "#answer", "Nama ibu istri: FATIMAH")
        await pilot.press("enter")
        await settle(pilot)
        assert office.cases.show(case_id).state == CaseState.INPUT
        # step 3 again: on top with the note, corrected
        await switch(pilot, "SIAK1")
        assert queue_ids(pilot)[0] == case_id
        await open_case(pilot, case_id)
        assert isinstance(app.screen, InputScreen)
        assert text(pilot, "#returned-note") == "Dikembalikan: Nama ibu istri: FATIMAH"
        app.screen.query_one(MemberTable).move_cursor(row=1)
        await tap(pilot, "#edit")
        await set_value(pilot, "#m-nama_ibu", "FATIMAH")
        await pilot.press("f5")
        await settle(pilot)
        await tap(pilot, "#save")
        assert office.cases.show(case_id).draft_version == 2
        # step 4: the Kasi sees what changed, initials it
        await switch(pilot, "KASI1")
        await open_case(pilot, case_id)
        assert text(pilot, "#changes") == "Anggota ke-2, Nama Ibu: FATIMA → FATIMAH"
        await tap(pilot, "#approve")
        await tap(pilot, "#yes")
        # step 5: the Kabid sends it back to the Kasi
        await switch(pilot, "KABID1")
        await open_case(pilot, case_id)
        await tap(pilot, "#reject")
        await set_value(pilot, "#answer", "Cek ulang tanggal perkawinan")
        await pilot.press("enter")
        await settle(pilot)
        assert office.cases.show(case_id).state == CaseState.KASI_REVIEW
        # step 4 again: on the Kasi's list with the Kabid's note; initialled again
        await switch(pilot, "KASI1")
        assert queue_ids(pilot) == [case_id]
        await open_case(pilot, case_id)
        assert text(pilot, "#returned-note") == "Dikembalikan: Cek ulang tanggal perkawinan"
        await tap(pilot, "#approve")
        await tap(pilot, "#yes")
        # step 5: the Kabid initials (the batch button, on the row under the cursor)
        await switch(pilot, "KABID1")
        await tap(pilot, "#batch")
        await tap(pilot, "#yes")
        assert office.cases.show(case_id).state == CaseState.FINAL_PRINT
        # step 7: the final print
        await switch(pilot, "SIAK1")
        await tap(pilot, "#batch")
        await tap(pilot, "#yes")
        assert office.cases.show(case_id).state == CaseState.SIGNING
        # step 8: the Kepala Dinas signs
        await switch(pilot, "KADIS")
        await open_case(pilot, case_id)
        await tap(pilot, "#sign")
        await set_value(pilot, "#answer", PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
    case = office.cases.show(case_id)
    assert case.family["anggota"][1]["nama_ibu"] == "FATIMAH"
    actions = [h.action for h in case.history]
    assert actions[actions.index("input") :] == [
        "input",
        "kasi_reject",
        "input",
        "kasi_approve",
        "kabid_reject",
        "kasi_approve",
        "kabid_approve",
        "final_print",
        "sign",
    ]
    assert [p.staff_id for p in case.parafs] == ["KASI1", "KASI1", "KABID1"]
    assert_signed(office, keys, case_id)
