"""The KK's electronic signature: keys, canonical form, QR payload, verification."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest
from helpers import case_in, family

from shared.errors import DomainError
from shared.signing import (
    MEMBER_FIELDS,
    Outcome,
    canonical_kk,
    qr_payload,
    sign_kk,
    verify_payload,
)
from shared.signing_keys import (
    PRIVATE_FILE,
    PUBLIC_FILE,
    init_keys,
    keys_folder,
    load_public_keys,
    load_signer,
)
from shared.sop import CaseState

NOMOR = "6171012311260001"
ISSUED = date(2026, 11, 23)
PASS = "rahasia-kantor"


@pytest.fixture
def keys(tmp_path):
    folder = tmp_path / "keys"
    init_keys(folder, PASS)
    return folder


@pytest.fixture
def signer(keys):
    return load_signer(keys, PASS)


@pytest.fixture
def fam():
    f = family()
    f["nomor_kk"] = NOMOR
    return f


@pytest.fixture
def payload(signer, fam):
    return qr_payload(sign_kk(signer, fam, NOMOR, ISSUED), NOMOR, ISSUED)


def _check(payload, keys, **data):
    return verify_payload(payload, load_public_keys(keys), **data)


def test_signed_kk_verifies_with_and_without_its_data(payload, keys, fam):
    alone = _check(payload, keys)
    assert alone.outcome == Outcome.VALID and not alone.data_checked
    assert (alone.nomor_kk, alone.issued_on) == (NOMOR, ISSUED)
    full = _check(payload, keys, family=fam, issued_on=ISSUED)
    assert full.outcome == Outcome.VALID and full.data_checked
    assert full.message("id").startswith("SAH.") and full.message("en").startswith("VALID.")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nama_lengkap", "BUDI SANTOSA"),
        ("nik", "6171011708900004"),
        ("tanggal_lahir", "1990-08-18"),
    ],
)
def test_changed_name_nik_or_birth_date_is_altered(payload, keys, fam, field, value):
    fam["anggota"][0][field] = value
    verdict = _check(payload, keys, family=fam)
    assert verdict.outcome == Outcome.ALTERED and verdict.reason == "verify.reason.data"


@pytest.mark.parametrize("field", MEMBER_FIELDS)
def test_every_printed_member_column_is_covered(fam, field):
    before = canonical_kk(fam, NOMOR, ISSUED)
    fam["anggota"][1][field] = "LAINNYA"
    assert canonical_kk(fam, NOMOR, ISSUED) != before


def test_changed_address_or_member_order_is_altered(payload, keys, fam):
    moved = family() | {"nomor_kk": NOMOR, "rt": "004"}
    assert _check(payload, keys, family=moved).outcome == Outcome.ALTERED
    fam["anggota"].reverse()
    assert _check(payload, keys, family=fam).outcome == Outcome.ALTERED


def test_changed_issue_date_is_altered(payload, keys, fam):
    edited = payload.replace("|20261123|", "|20261124|")
    verdict = _check(edited, keys)
    assert verdict.outcome == Outcome.ALTERED and verdict.reason == "verify.reason.signature"
    other_day = _check(payload, keys, family=fam, issued_on=date(2026, 11, 24))
    assert other_day.outcome == Outcome.ALTERED and other_day.reason == "verify.reason.issued_on"


def test_changed_nomor_kk_is_altered(payload, keys, fam):
    assert _check(payload.replace(NOMOR, "6171012311260002"), keys).outcome == Outcome.ALTERED
    fam["nomor_kk"] = "6171012311260002"
    verdict = _check(payload, keys, family=fam)
    assert verdict.outcome == Outcome.ALTERED and verdict.reason == "verify.reason.nomor_kk"


def test_payload_signed_by_another_key_is_refused(tmp_path, keys, fam):
    init_keys(tmp_path / "other", "another-pass")
    stranger = load_signer(tmp_path / "other", "another-pass")
    theirs = qr_payload(sign_kk(stranger, fam, NOMOR, ISSUED), NOMOR, ISSUED)
    verdict = _check(theirs, keys, family=fam)
    assert verdict.outcome == Outcome.NOT_OURS and verdict.reason == "verify.reason.unknown_key"
    assert "BUKAN" in verdict.message("id") and "NOT OURS" in verdict.message("en")
    # the same signature passed off under our key id: the signature does not verify
    ours = load_signer(keys, PASS).key_id
    forged = theirs.replace(f"|{stranger.key_id}|", f"|{ours}|")
    assert _check(forged, keys).outcome == Outcome.ALTERED


@pytest.mark.parametrize(
    "text",
    [
        "",
        "https://example.org/kk/6171012311260001",
        "KK1|6171012311260001|20261123|abcd",
        "KK2|6171012311260001|20261123|abcd1234|AAAA|AAAA",
        "KK1|617101231126000X|20261123|abcd1234|" + "A" * 43 + "|" + "A" * 86,
        "KK1|6171012311260001|20261332|abcd1234|" + "A" * 43 + "|" + "A" * 86,
        "KK1|6171012311260001|20261123|abcd1234|" + "A" * 43 + "|" + "*" * 86,
    ],
)
def test_anything_not_in_our_format_is_not_ours(keys, text):
    assert _check(text, keys).outcome == Outcome.NOT_OURS


def test_wrong_passphrase_is_a_clear_error_in_both_languages(keys):
    with pytest.raises(DomainError) as err:
        load_signer(keys, "not-the-passphrase")
    assert err.value.key == "signing.wrong_passphrase"
    assert "Kata sandi kunci salah" in err.value.message("id")
    assert "Wrong key passphrase" in err.value.message("en")


def test_missing_or_damaged_key_is_a_clear_error(tmp_path, keys):
    with pytest.raises(DomainError) as err:
        load_signer(tmp_path / "nowhere", PASS)
    assert err.value.key == "signing.no_key" and "kk keys init" in err.value.message("en")
    (keys / PRIVATE_FILE).write_text("-----BEGIN ENCRYPTED PRIVATE KEY-----\nxx\n")
    with pytest.raises(DomainError) as err:
        load_signer(keys, PASS)
    assert err.value.key == "signing.key_damaged"
    with pytest.raises(DomainError) as err:
        load_public_keys(tmp_path / "nowhere")
    assert err.value.key == "signing.no_public_key"


def test_private_key_is_encrypted_and_only_owner_readable(keys):
    private = keys / PRIVATE_FILE
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert private.read_text().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert (keys / PUBLIC_FILE).read_text().startswith("-----BEGIN PUBLIC KEY-----")


def test_short_passphrase_is_refused(tmp_path):
    with pytest.raises(DomainError) as err:
        init_keys(tmp_path / "k", "short")
    assert err.value.key == "signing.passphrase_short"
    assert not (tmp_path / "k" / PRIVATE_FILE).exists()


def test_existing_key_is_kept_unless_forced_and_old_kks_still_verify(keys, payload):
    before = (keys / PRIVATE_FILE).read_bytes()
    with pytest.raises(DomainError) as err:
        init_keys(keys, PASS)
    assert err.value.key == "signing.key_exists"
    assert (keys / PRIVATE_FILE).read_bytes() == before
    new = init_keys(keys, "new-passphrase", force=True)
    assert load_signer(keys, "new-passphrase").key_id == new.key_id
    assert len(load_public_keys(keys)) == 2  # the retired key still verifies old KKs
    assert _check(payload, keys).outcome == Outcome.VALID


def test_keys_live_next_to_the_store_never_inside(tmp_path, monkeypatch):
    monkeypatch.delenv("KK_KEYS", raising=False)
    store = tmp_path / "data" / "store"
    assert keys_folder(None, store) == tmp_path / "data" / "keys"
    monkeypatch.setenv("KK_KEYS", str(tmp_path / "elsewhere"))
    assert keys_folder(None, store) == tmp_path / "elsewhere"
    for inside in (store, store / "keys"):
        with pytest.raises(DomainError) as err:
            keys_folder(inside, store)
        assert err.value.key == "signing.keys_in_store"


def test_payload_is_short_ascii_and_fits_a_small_printed_qr(payload):
    qrcode = pytest.importorskip("qrcode")
    zxingcpp = pytest.importorskip("zxingcpp")
    assert len(payload) < 200 and payload.isascii()
    # a 3 cm code on an A4 page at 300 dpi is about 354 pixels wide
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    qr.box_size = 354 // (qr.modules_count + 8)
    assert qr.box_size >= 5
    image = qr.make_image().get_image().convert("L")
    assert image.width <= 354
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [payload]


def test_canonical_form_is_stable_whatever_the_key_order(fam):
    shuffled = {k: fam[k] for k in reversed(list(fam))}
    shuffled["anggota"] = [{k: m[k] for k in sorted(m, reverse=True)} for m in fam["anggota"]]
    assert canonical_kk(shuffled, NOMOR, ISSUED) == canonical_kk(fam, NOMOR, ISSUED)
    assert canonical_kk(fam | {"catatan": "x"}, NOMOR, ISSUED) == canonical_kk(fam, NOMOR, ISSUED)


def test_not_a_family_or_not_a_nomor_kk_is_refused(signer, fam):
    with pytest.raises(DomainError) as err:
        canonical_kk({"anggota": "x"}, NOMOR, ISSUED)
    assert err.value.key == "signing.bad_family"
    with pytest.raises(DomainError) as err:
        sign_kk(signer, fam, "123", ISSUED)
    assert err.value.key == "signing.bad_nomor_kk"


def test_signature_through_the_workflow_verifies_against_the_store(office, sessions, signer, keys):
    cid, _ = case_in(office, sessions, CaseState.SIGNING)
    case = office.cases.show(cid)
    record = sign_kk(signer, case.family, case.nomor_kk, case.issued_on, now=office.now())
    office.cases.sign(sessions["KADIS"], cid, record)
    stored = office.cases.show(cid)
    assert stored.signature == record and stored.signature["algorithm"] == "Ed25519"
    text = qr_payload(stored.signature, stored.nomor_kk, stored.issued_on)
    verdict = _check(text, keys, family=stored.family, issued_on=stored.issued_on)
    assert verdict.outcome == Outcome.VALID
