"""The back office's domain reads: the previous KK, what changed between drafts, batches."""

from __future__ import annotations

import pytest
from helpers import case_in, family

from shared.backoffice import (
    approve_many,
    blank_family,
    family_changes,
    family_problems,
    find_previous_kk,
    member_problems,
    previous_kk_family,
    sign_many,
)
from shared.errors import DomainError, NotFound
from shared.signing import qr_payload, verify_payload
from shared.signing_keys import init_keys, load_public_keys
from shared.sop import CaseState

PASS = "kunci rahasia kadis"


def test_a_redrafted_case_keeps_the_family_last_reviewed(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    first = office.cases.show(case_id).family
    assert office.cases.show(case_id).previous_family is None
    office.cases.review(sessions["KASI1"], case_id, approve=False, note="Nama ibu salah")
    changed = family()
    changed["anggota"][0]["nama_ibu"] = "SITI AMINA"
    case = office.cases.input_family(sessions["SIAK1"], case_id, changed)
    assert case.previous_family == first
    assert office.cases.show(case_id).previous_family == first  # stored
    (change,) = family_changes(case.previous_family, case.family)
    assert (change.kind, change.member, change.field) == ("field", 1, "nama_ibu")
    assert (change.old, change.new) == ("SITI AMINAH", "SITI AMINA")


def test_changes_name_added_removed_and_corrected_members():
    before, after = family(), family()
    after["alamat"] = "JL. TANJUNGPURA NO. 1"
    after["anggota"][2]["nik"] = "6171011007180002"  # a corrected NIK: same row, same person
    del after["anggota"][1]
    newborn = dict(family()["anggota"][2], nik="6171010101250001", nama_lengkap="SARI")
    after["anggota"].append(newborn)
    words = {(c.kind, c.field, c.member, c.name) for c in family_changes(before, after)}
    assert ("field", "alamat", None, "") in words
    assert ("removed", None, None, "RINA WATI") in words
    assert ("added", None, 3, "SARI") in words
    assert family_changes(None, after) == []


def test_a_blank_family_lists_what_it_lacks_and_a_member_only_its_own():
    errors, _ = family_problems(blank_family(), office_today())
    assert {e.field for e in errors} >= {"alamat", "rt", "rw", "kelurahan", "anggota"}
    child = dict(family()["anggota"][2], tanggal_lahir="2099-01-01")
    mine = member_problems(family(), 3, child, office_today())
    assert {(e.member, e.field) for e in mine} >= {(3, "tanggal_lahir")}
    assert all(e.member == 3 for e in mine)


def office_today():
    from helpers import MONDAY_9

    return MONDAY_9.date()


def test_the_previous_kk_is_found_by_its_number_in_the_archive(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.HANDED_OVER)
    nomor = office.cases.show(case_id).nomor_kk
    assert find_previous_kk(office, nomor).id == case_id
    loaded = previous_kk_family(office, f" {nomor} ")
    assert loaded["nomor_kk"] == nomor and len(loaded["anggota"]) == 3
    with pytest.raises(NotFound) as missing:
        find_previous_kk(office, "6171010101010009")
    assert "6171010101010009" in missing.value.message("en")
    with pytest.raises(DomainError):
        find_previous_kk(office, "12345")


def test_a_batch_reports_each_case(office, sessions):
    ok, _ = case_in(office, sessions, CaseState.KABID_REVIEW)
    early, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    outcomes = approve_many(office, sessions["KABID1"], [ok, early])
    assert [o.ok for o in outcomes] == [True, False]
    assert office.cases.show(ok).state == CaseState.FINAL_PRINT
    assert office.cases.show(early).state == CaseState.KASI_REVIEW


def test_signing_a_batch_checks_the_passphrase_first(office, sessions, tmp_path, monkeypatch):
    monkeypatch.setenv("KK_KEYS", str(tmp_path / "keys"))
    init_keys(tmp_path / "keys", PASS)
    one, _ = case_in(office, sessions, CaseState.SIGNING)
    two, _ = case_in(office, sessions, CaseState.SIGNING)
    with pytest.raises(DomainError):
        sign_many(office, sessions["KADIS"], [one, two], "salah sekali")
    assert office.cases.show(one).state == CaseState.SIGNING
    outcomes = sign_many(office, sessions["KADIS"], [one, two], PASS)
    assert all(o.ok for o in outcomes)
    for case_id in (one, two):
        case = office.cases.show(case_id)
        payload = qr_payload(case.signature, case.nomor_kk, case.issued_on)
        keys = load_public_keys(tmp_path / "keys")
        assert verify_payload(payload, keys, family=case.family).valid
