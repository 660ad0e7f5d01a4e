"""Receipts: the builders' content in both languages, line breaks, ESC/POS bytes, PNG renders."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from helpers import MONDAY_9, application_service

import shared.fonts
from shared.escpos_env import Dummy
from shared.model import Case, Ticket
from shared.receipt_escpos import render_escpos
from shared.receipt_layout import Line, columns, layout
from shared.receipt_png import render_png
from shared.receipts import (
    Barcode,
    Qr,
    Receipt,
    Text,
    pickup_ticket_receipt,
    queue_ticket_receipt,
    receipt_for_job,
)
from shared.sop import CaseState

TAKEN = MONDAY_9 + timedelta(minutes=5)
NIK = "6171011708900003"
GS_QR, GS_CUT, GS_BARCODE = b"\x1d(k", b"\x1dV", b"\x1dk"


def ticket(**changes) -> Ticket:
    base = dict(
        id="T-261123-A012",
        day=TAKEN.date(),
        service="KK",
        number=12,
        display="A-012",
        taken_at=TAKEN,
        kind="baru_menikah",
    )
    return Ticket(**{**base, **changes})


def pickup_case() -> Case:
    return Case(
        id="KK-261020-A007",
        ticket_id="T-261020-A007",
        ticket_display="A-007",
        service="KK",
        kind="pisah_kk",
        state=CaseState.READY,
        created_at=TAKEN,
        submitted_at=TAKEN,
        state_since=TAKEN,
        receipt_no="261020-01-0007-5",
        applicant_name="BUDI SANTOSO",
        applicant_nik=NIK,
    )


def queue_receipt(config, lang="id", **kw) -> Receipt:
    args = dict(ahead=4, wait=timedelta(minutes=23), lang=lang, printed_at=TAKEN)
    return queue_ticket_receipt(config, kw.pop("ticket", ticket()), **{**args, **kw})


def pickup_receipt(config, lang="id") -> Receipt:
    t = ticket(id="T-261123-B003", service="AMBIL", number=3, display="B-003", kind=None)
    return pickup_ticket_receipt(
        config,
        t,
        ahead=2,
        wait=timedelta(minutes=8),
        lang=lang,
        printed_at=TAKEN,
        case=pickup_case(),
    )


def texts(receipt: Receipt) -> list[str]:
    return [item.text for item in receipt.items if isinstance(item, Text)]


def whole(receipt: Receipt) -> str:
    return "\n".join(texts(receipt))


def escpos_output(receipt: Receipt, paper_mm: int = 80) -> bytes:
    printer = Dummy(profile="TM-T20II")
    render_escpos(receipt, printer, paper_mm=paper_mm)
    return printer.output


# -- content ---------------------------------------------------------------------------
def test_queue_ticket_says_office_service_number_people_ahead_wait_and_time(config):
    receipt = queue_receipt(config)
    body = whole(receipt)
    number = next(i for i in receipt.items if isinstance(i, Text) and i.text == "A-012")
    assert number.size == "huge" and number.bold
    assert "DISDUKCAPIL KOTA PONTIANAK" in body and "Permohonan KK" in body
    assert "KK baru karena menikah" in body
    assert "Antrian di depan Anda: 4 orang" in body
    assert "Perkiraan tunggu: 25 menit" in body  # 23 minutes, rounded up to 5
    assert "23-11-2026 09:05 WIB" in body
    assert "UU No. 27 Tahun 2022" in body and "tidak dipungut biaya" in body
    assert Qr("T-261123-A012") in receipt.items
    assert receipt.title == "Tiket antrian A-012"


def test_queue_ticket_in_english(config):
    body = whole(queue_receipt(config, "en", wait=timedelta(minutes=61)))
    assert "QUEUE NUMBER" in body and "KK application" in body
    assert "People ahead of you: 4" in body and "Estimated wait: 1 h 5 min" in body
    assert "Law No. 27 of 2022" in body and "Antrian" not in body


def test_every_receipt_text_comes_from_the_catalogue(config):
    for receipt in (queue_receipt(config), queue_receipt(config, "en"), pickup_receipt(config)):
        assert not any(text.startswith("receipt.") for text in texts(receipt))


def test_nobody_ahead_and_a_priority_ticket(config):
    receipt = queue_receipt(config, ticket=ticket(priority="lansia"), ahead=0, wait=timedelta(0))
    body = whole(receipt)
    assert "Tidak ada antrian di depan Anda." in body and "Perkiraan" not in body
    assert "Antrian prioritas: Lansia (60 tahun ke atas)" in body


def test_a_reprint_shows_when_it_was_printed(config):
    body = whole(queue_receipt(config, printed_at=TAKEN + timedelta(minutes=30)))
    assert "Diambil: 23-11-2026 09:05 WIB" in body and "Dicetak: 23-11-2026 09:35 WIB" in body


def test_pickup_ticket_shows_masked_nik_and_receipt_number_never_a_name(config):
    receipt = pickup_receipt(config)
    body = whole(receipt)
    assert "NOMOR ANTRIAN PENGAMBILAN KK" in body and "B-003" in body
    assert "6171**********03" in body and "261020-01-0007-5" in body
    assert NIK not in body and "BUDI" not in body and "SANTOSO" not in body
    out = escpos_output(receipt)
    assert NIK.encode() not in out and b"BUDI" not in out
    assert "Applicant's NIK: 6171**********03" in whole(pickup_receipt(config, "en"))


# -- layout -----------------------------------------------------------------------------
@pytest.mark.parametrize(("paper_mm", "width"), [(58, 32), (80, 48)])
def test_lines_are_wrapped_to_the_paper_width(config, paper_mm, width):
    assert columns(paper_mm) == width
    lines = [laid for laid in layout(queue_receipt(config), paper_mm) if isinstance(laid, Line)]
    assert all(len(line.text) * line.scale <= width for line in lines)
    privacy = [line.text for line in lines if line.scale == 1]
    assert max(len(text) for text in privacy) > width - 8  # lines are filled, not chopped short
    joined = " ".join(privacy)
    assert "Data pribadi Anda dilindungi UU No. 27 Tahun 2022" in joined  # words kept whole


@pytest.mark.parametrize(("paper_mm", "scale"), [(58, 6), (80, 8)])
def test_the_number_is_as_large_as_the_paper_allows(config, paper_mm, scale):
    lines = [laid for laid in layout(queue_receipt(config), paper_mm) if isinstance(laid, Line)]
    number = next(line for line in lines if line.text == "A-012")
    assert number.scale == scale


def test_long_huge_text_falls_back_to_large_wrapped_lines():
    receipt = Receipt((Text("X" * 40, size="huge"),), "t")
    lines = layout(receipt, 58)
    assert [(line.scale, len(line.text)) for line in lines] == [(2, 16), (2, 16), (2, 8)]


# -- ESC/POS bytes ----------------------------------------------------------------------
@pytest.mark.parametrize("paper_mm", [58, 80])
def test_escpos_bytes_hold_the_number_the_qr_command_and_the_cut(config, paper_mm):
    out = escpos_output(queue_receipt(config), paper_mm)
    assert out.startswith(b"\x1b@")  # ESC @: reset
    scale = 6 if paper_mm == 58 else 8
    size = bytes([(scale - 1) << 4 | (scale - 1)])
    assert b"\x1d!" + size + b"\x1bE\x01\x1ba\x01" in out  # GS ! n, bold, centred
    assert out.index(b"\x1d!" + size) < out.index(b"A-012\n")
    qr = out.index(GS_QR)
    assert out[qr:].startswith(b"\x1d(k\x04\x001A2\x00")  # model 2
    assert b"\x1d(k\x03\x001E1" in out  # error correction M
    assert b"\x1d(k\x10\x001P0T-261123-A012" in out  # the ticket id stored in the symbol
    assert b"\x1d(k\x03\x001Q0" in out  # print the symbol
    assert out.endswith(b"\x1bd\x06" + GS_CUT + b"\x00")  # feed 6 lines, full cut
    assert out.index(b"A-012\n") < qr < out.rindex(GS_CUT)


def test_escpos_barcode_uses_the_native_command_or_falls_back_to_text():
    out = escpos_output(Receipt((Barcode("261020010007"),), "t"), 58)
    assert GS_BARCODE + b"I" in out and b"{B261020010007" in out
    long = "1" * 40
    out = escpos_output(Receipt((Barcode(long),), "t"), 58)
    assert GS_BARCODE not in out and long.encode() + b"\n" in out


# -- PNG renders ------------------------------------------------------------------------
@pytest.mark.parametrize(("paper_mm", "width"), [(58, 384), (80, 576)])
def test_png_is_as_wide_as_the_printable_area(config, paper_mm, width):
    for receipt in (queue_receipt(config), pickup_receipt(config)):
        image = render_png(receipt, paper_mm=paper_mm)
        assert image.width == width and image.height > width
        assert image.getpixel((0, 0)) == 255  # white paper
        assert image.getextrema() == (0, 255)  # black ink


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_png_number_is_really_big(paper_mm):
    image = render_png(
        Receipt((Text("A-012", size="huge", bold=True, align="center"),), "t"), paper_mm=paper_mm
    )
    left, top, right, bottom = image.point(lambda v: 255 - v).getbbox()
    assert bottom - top >= 100  # at least 12 mm tall on paper
    assert right - left >= 0.6 * image.width


def test_png_qr_has_the_modules_of_the_ticket_id():
    import qrcode

    image = render_png(Receipt((Qr("T-261123-A012", size=8),), "t"), paper_mm=58)
    left, top, right, bottom = image.point(lambda v: 255 - v).getbbox()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data("T-261123-A012")
    code.make(fit=True)
    matrix = code.get_matrix()
    assert right - left == bottom - top == len(matrix) * 8  # 8 px modules: 21 mm on paper
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            assert (image.getpixel((left + x * 8 + 4, top + y * 8 + 4)) == 0) == dark


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_png_qr_decodes_when_a_decoder_is_installed(config, paper_mm):
    zxingcpp = pytest.importorskip("zxingcpp")
    image = render_png(queue_receipt(config), paper_mm=paper_mm)
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["T-261123-A012"]


def test_png_without_any_truetype_font_still_renders_and_warns_once(monkeypatch, caplog, config):
    monkeypatch.delenv("KK_FONTS", raising=False)
    monkeypatch.setattr(shared.fonts, "DEBIAN_DIR", shared.fonts.Path("/nonexistent"))
    monkeypatch.setattr(shared.fonts, "_matplotlib_dir", lambda: None)
    monkeypatch.setattr(shared.fonts, "_per_thread", shared.fonts.threading.local())
    for fn in (shared.fonts.font_path, shared.fonts._warn_once):
        fn.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="shared.fonts"):
            assert shared.fonts.font_path("mono") is None
            image = render_png(queue_receipt(config), paper_mm=58)
            render_png(queue_receipt(config), paper_mm=80)
        assert image.width == 384
        warnings = [r for r in caplog.records if "No TrueType font" in r.getMessage()]
        assert len(warnings) == 1
    finally:
        for fn in (shared.fonts.font_path, shared.fonts._warn_once):
            fn.cache_clear()


def test_configured_font_is_used_first(monkeypatch, tmp_path):
    font = shared.fonts.font_path("sans")
    if font is None:
        pytest.skip("no TrueType font on this machine")
    mine = tmp_path / "mine.ttf"
    mine.write_bytes(font.read_bytes())
    monkeypatch.setenv("KK_FONTS", str(mine))
    shared.fonts.font_path.cache_clear()
    try:
        assert shared.fonts.font_path("mono-bold") == mine
    finally:
        shared.fonts.font_path.cache_clear()


# -- from a stored job ------------------------------------------------------------------
def test_receipt_for_a_stored_ticket_counts_the_people_ahead(office, clock):
    service = application_service(office)
    for _ in range(3):
        office.queue.take_ticket(service)
        clock.advance(minutes=1)
    last = office.queue.take_ticket(service)
    job = office.printing.jobs()[-1]
    receipt = receipt_for_job(office, job, lang="en")
    body = whole(receipt)
    assert last.display in texts(receipt)
    assert "People ahead of you: 3" in body
    assert "Estimated wait: 15 minutes" in body  # 3 x 10 min (step 2) / 2 counters
