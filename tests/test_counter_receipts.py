"""The counter's receipts: return slip, pickup receipt, proof of handover (content, bytes)."""

from __future__ import annotations

import pytest
from helpers import case_in

from shared.counter_receipts import (
    grouped_token,
    hours_lines,
    parse_pickup_payload,
    pickup_payload,
    pickup_receipt_for_job,
)
from shared.errors import DomainError
from shared.model import PrintJob
from shared.receipt_escpos import receipt_bytes
from shared.receipt_png import render_png
from shared.receipts import Qr, Receipt, Text, receipt_for_job
from shared.sop import CaseState

NIK = "6171011708900003"
GS_QR, GS_CUT = b"\x1d(k", b"\x1dV"


def whole(receipt: Receipt) -> str:
    return "\n".join(item.text for item in receipt.items if isinstance(item, Text))


def job_of(office, case_id: str, kind: str) -> PrintJob:
    return next(j for j in office.printing.jobs() if j.ref == case_id and j.kind == kind)


def test_hours_group_days_with_the_same_periods(config):
    assert hours_lines(config, "id") == [
        ("Senin-Kamis", "07.30-12.00, 13.00-15.30"),
        ("Jumat", "07.30-11.30, 13.30-15.30"),
    ]
    assert hours_lines(config, "en")[0] == ("Mon-Thu", "07:30-12:00, 13:00-15:30")


def test_payload_and_grouped_token_round_trip():
    payload = pickup_payload("261123-01-0012-4", "gq95-b0fn-cz")
    assert payload == "KKPICKUP|261123-01-0012-4|GQ95B0FNCZ"
    assert parse_pickup_payload(payload) == ("261123-01-0012-4", "GQ95B0FNCZ")
    assert parse_pickup_payload("T-261123-A012") is None
    assert grouped_token("GQ95B0FNCZ") == "GQ95-B0FN-CZ"


# -- return slip ---------------------------------------------------------------------------
def returned(office, sessions, present: list[str]):
    case_id, _ = case_in(office, sessions, CaseState.VERIFYING)
    office.cases.verify(sessions["LOKET1"], case_id, present=present)
    return office.cases.show(case_id), job_of(office, case_id, "return_slip")


def test_return_slip_lists_exactly_the_missing_documents(office, sessions):
    kind = office.config.kinds[0]
    first = kind.requirements[0]
    case, job = returned(office, sessions, present=[first.code])
    body = whole(receipt_for_job(office, job, lang="id"))
    assert "Berkas belum lengkap" in body and kind.text("id") in body
    listed = [line for line in body.splitlines() if line.startswith("- ")]
    assert listed == [f"- {r.text('id')}" for r in kind.requirements[1:] if not r.optional]
    assert first.text("id") not in body
    assert "Senin-Kamis:" in body and "07.30-12.00, 13.00-15.30" in body and "Jumat:" in body
    assert "Silakan datang kembali dengan dokumen lengkap; ambil nomor antrian baru." in body
    assert "Waktu: 23-11-2026 09:00 WIB" in body and "Loket: Loket 1" in body
    assert "NIK" not in body and "Nama" not in body


def test_return_slip_in_english(office, sessions):
    kind = office.config.kinds[0]
    _case, job = returned(office, sessions, present=[])
    body = whole(receipt_for_job(office, job, lang="en"))
    assert "File incomplete" in body and kind.text("en") in body
    assert all(f"- {r.text('en')}" in body for r in kind.requirements if not r.optional)
    assert "take a new queue number" in body and "Mon-Thu:" in body
    assert "Berkas" not in body


# -- pickup receipt ------------------------------------------------------------------------
@pytest.fixture
def registered(office, sessions):
    case_id, token = case_in(office, sessions, CaseState.INPUT)
    return office.cases.show(case_id), token, job_of(office, case_id, "pickup_receipt")


def test_pickup_receipt_carries_number_qr_token_name_and_masked_nik(office, registered):
    case, token, job = registered
    receipt = receipt_for_job(office, job, lang="id")
    body = whole(receipt)
    number = next(i for i in receipt.items if isinstance(i, Text) and i.text == case.receipt_no)
    assert number.size == "large" and number.bold
    assert Qr(f"KKPICKUP|{case.receipt_no}|{token}", size=6) in receipt.items
    assert grouped_token(token) in body
    assert case.register_no in body and f"Nama pemohon: {case.applicant_name}" in body
    assert "6171**********03" in body and NIK not in body
    assert f"{case.expected_ready:%d-%m-%Y}" in body
    assert "Jam pengambilan:" in body and "Senin-Kamis:" in body
    assert "Simpan tanda bukti ini; KK hanya diserahkan kepada pembawa tanda bukti ini." in body
    assert not any(line.startswith("counter_receipt.") for line in body.splitlines())


def test_pickup_receipt_in_english(office, registered):
    _case, _token, job = registered
    body = whole(receipt_for_job(office, job, lang="en"))
    assert "KK PICKUP RECEIPT" in body and "Applicant: BUDI SANTOSO" in body
    assert "NIK: 6171**********03" in body and "Pickup hours:" in body
    assert "handed over only to the bearer of this receipt" in body


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_pickup_receipt_bytes_hold_the_token_in_the_qr_and_never_the_nik(
    office, registered, paper_mm
):
    case, token, job = registered
    out = receipt_bytes(receipt_for_job(office, job), paper_mm=paper_mm)
    payload = f"KKPICKUP|{case.receipt_no}|{token}".encode()
    qr = out.index(GS_QR)
    assert b"1P0" + payload in out[qr:]  # stored in the symbol
    assert b"\x1d(k\x03\x001Q0" in out  # and printed
    assert grouped_token(token).encode() in out
    assert NIK.encode() not in out and b"6171**********03" in out
    assert out.endswith(GS_CUT + b"\x00")


def test_a_pickup_receipt_without_its_token_is_refused(office, registered):
    _case, _token, job = registered
    job.params.pop("token")
    with pytest.raises(DomainError) as err:
        pickup_receipt_for_job(office, job, "id")
    assert "tanda bukti baru" in err.value.message("id")
    assert "new receipt" in err.value.message("en")


def test_a_printed_pickup_receipt_cannot_be_reprinted(office, registered):
    _case, _token, job = registered
    claimed = office.printing.claim({job.printer}, "test")
    assert claimed is not None and claimed.id == job.id
    stored = office.printing.finish(claimed.id, ok=True, worker="test")
    assert "token" not in stored.params
    with pytest.raises(DomainError):
        receipt_for_job(office, stored)


# -- proof of handover ---------------------------------------------------------------------
@pytest.fixture
def handed_over(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.HANDED_OVER)
    return office.cases.show(case_id), job_of(office, case_id, "handover_proof")


def test_handover_proof_says_who_received_what(office, handed_over):
    case, job = handed_over
    body = whole(receipt_for_job(office, job, lang="id"))
    assert "BUKTI PENYERAHAN KK" in body and "KK telah diterima oleh pemohon" in body
    assert case.id in body and case.register_no in body and case.agenda_no in body
    assert f"Nomor KK: {case.nomor_kk[:4]}**********{case.nomor_kk[-2:]}" in body
    assert case.nomor_kk not in body and NIK not in body
    assert "BUDI SANTOSO" in body and "Petugas: LOKET1" in body and "WIB" in body
    en = whole(receipt_for_job(office, job, lang="en"))
    assert "The KK was received by the applicant" in en and "Clerk: LOKET1" in en


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_counter_receipts_bytes_and_png(office, sessions, handed_over, paper_mm):
    case, job = handed_over
    _slip_case, slip = returned(office, sessions, present=[])
    for stored in (job, slip):
        receipt = receipt_for_job(office, stored)
        out = receipt_bytes(receipt, paper_mm=paper_mm)
        assert out.startswith(b"\x1b@") and out.endswith(GS_CUT + b"\x00")
        assert NIK.encode() not in out and case.nomor_kk.encode() not in out
        image = render_png(receipt, paper_mm=paper_mm)
        assert image.width == {58: 384, 80: 576}[paper_mm] and image.getextrema() == (0, 255)
    missing = office.config.kinds[0].requirements[0].text("id").split()[0]
    slip_bytes = receipt_bytes(receipt_for_job(office, slip), paper_mm=paper_mm)
    assert missing.encode() in slip_bytes and GS_QR not in slip_bytes
