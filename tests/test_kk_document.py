"""The KK document: pages, wrapping, QR, draft watermark, PDF round trip."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageDraw, ImageFont

from shared.clock import OFFICE_TZ
from shared.config import load_config
from shared.errors import DomainError
from shared.fake import fake_family
from shared.family import validate_family
from shared.kk_document import (
    PAGE_H,
    PAGE_W,
    DocumentError,
    document_for_case,
    read_pdf_pages,
    render_kk,
    table_pages,
    write_pdf,
)
from shared.kk_footer import Wording
from shared.kk_layout import PAD_X, PAD_Y, ROWS_PER_PAGE, TABLE_1
from shared.kk_samples import LONG_NAMES, long_names_family
from shared.kk_text import fit, font, line_height
from shared.model import Case, Paraf
from shared.sop import CaseState, Role

TODAY = date(2026, 11, 23)
NOMOR = "6171012311260001"
PAYLOAD = (  # the shape of shared.signing.qr_payload, about 170 characters
    "KK1|6171012311260001|20261123|1a2b3c4d|q9Xc4fJr7pQZL0sT1nUvH5aWdYe6oKgIgX2MEUCIQDx3k9|"
    "Vtqyw8bq2mXc4fJr7pQZL0sT1nUvH5aWdYe6oKgIgX2MEUCIQDx3k9Vtqyw8bq2mXc4fJr7pQZL0sT1nUvH5aWdYe6oKg"
)
OFFICE = load_config(None).office


def render(family, *, draft=False, payload=PAYLOAD, **kw):
    return render_kk(
        family,
        nomor_kk=NOMOR,
        office=OFFICE,
        issued_on=None if draft else TODAY,
        draft=draft,
        qr_payload=payload,
        **kw,
    )


def qr_texts(page: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(page.convert("L"))]


def darkness(page: Image.Image, box) -> float:
    """Share of black-ish pixels in ``box``."""
    hist = page.convert("L").crop(box).histogram()
    return sum(hist[:128]) / max(1, sum(hist))


@pytest.fixture(scope="module")
def twelve():
    return long_names_family(12, 12, today=TODAY)


@pytest.fixture(scope="module")
def twelve_pages(twelve):
    return render(twelve)


def test_samples_are_valid_families():
    for size in (1, 4, 12):
        family = long_names_family(size, size, today=TODAY)
        assert len(validate_family(family, today=TODAY).anggota) == size


@pytest.mark.parametrize("size", [1, 4])
def test_small_family_fits_one_a4_landscape_page(size):
    pages = render(long_names_family(size, size, today=TODAY))
    assert len(pages) == 1
    assert pages[0].size == (PAGE_W, PAGE_H) == (3508, 2480)
    assert pages[0].mode == "L"
    assert pages[0].info["dpi"] == (300, 300)


def test_ten_ordinary_members_fit_one_page_eleven_do_not():
    ten = fake_family(random.Random(5), today=TODAY, members=ROWS_PER_PAGE)
    eleven = fake_family(random.Random(5), today=TODAY, members=ROWS_PER_PAGE + 1)
    assert len(table_pages(ten, office=OFFICE)) == 1
    assert len(table_pages(eleven, office=OFFICE)) == 2


def test_twelve_members_with_long_names_continue_on_more_pages(twelve, twelve_pages):
    cells = table_pages(twelve, office=OFFICE)
    assert len(twelve_pages) == len(cells) >= 2
    shown = [
        [c.member for c in page if c.field == "nama_lengkap" and c.member is not None]
        for page in cells
    ]
    assert sorted(n for page in shown for n in page) == list(range(1, 13))
    assert all(1 <= len(page) <= ROWS_PER_PAGE for page in shown)
    # the same members on the same page in both tables
    for page in cells:
        first = [c.member for c in page if c.field == "nik" and c.member]
        second = [c.member for c in page if c.field == "status_perkawinan" and c.member]
        assert first == second


def test_long_names_wrap_and_never_cross_their_cell(twelve):
    longest = [c for page in table_pages(twelve, office=OFFICE) for c in page if c.member == 1]
    name = next(c for c in longest if c.field == "nama_lengkap")
    assert len(name.lines) >= 2
    assert " ".join(name.lines) == twelve["anggota"][0]["nama_lengkap"]  # wrapped, not cut
    for page in table_pages(twelve, office=OFFICE):
        for c in page:
            for line in c.lines:
                assert c.font.getlength(line) <= c.x1 - c.x0 - 2 * PAD_X, (c.field, line)
            assert len(c.lines) * line_height(c.size) <= c.y1 - c.y0 - 2 * PAD_Y + 1


def test_no_ink_in_the_padding_of_name_cells(twelve, twelve_pages):
    """Measured on the image: the text of a long name stops before its cell's border."""
    for page, cells in zip(twelve_pages, table_pages(twelve, office=OFFICE), strict=True):
        for c in cells:
            if c.field not in ("nama_lengkap", "nama_ayah", "nama_ibu") or not c.lines:
                continue
            for x0, x1 in ((c.x0 + 3, c.x0 + PAD_X - 3), (c.x1 - PAD_X + 3, c.x1 - 3)):
                strip = page.crop((x0, c.y0 + 3, x1, c.y1 - 3))
                assert strip.getextrema()[0] > 128, (c.member, c.field)


def test_text_too_long_for_three_lines_shrinks_then_is_cut():
    width = 300
    size, lines = fit("ABCDEFGHIJ " * 40, width)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font(size).getlength(line) <= width for line in lines)
    size, lines = fit("X" * 200, width)  # one word wider than the box: broken by characters
    assert all(font(size).getlength(line) <= width for line in lines)


def test_font_draws_every_character_of_indonesian_names():
    f = font(29)
    assert isinstance(f, ImageFont.FreeTypeFont)  # not Pillow's bitmap default

    def glyph(ch: str) -> bytes:
        image = Image.new("L", (60, 60), 0)
        ImageDraw.Draw(image).text((10, 5), ch, font=f, fill=255)
        return image.tobytes()

    tofu = glyph("\U000f0000")  # a private-use code point: the font's missing-glyph box
    blank = glyph(" ")
    text = "".join(LONG_NAMES) + "ÉÈÜÖÑé0123456789()/,.'-:…"
    for ch in sorted(set(text) - {" "}):
        assert glyph(ch) not in (tofu, blank), ch


def test_qr_decodes_from_every_rendered_page(twelve_pages):
    for page in twelve_pages:
        assert qr_texts(page) == [PAYLOAD]


def test_pdf_round_trip_is_lossless_and_qr_decodes(tmp_path, twelve_pages):
    path = write_pdf(twelve_pages, tmp_path / "kk.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and b"/CCITTFaxDecode" in data
    assert b"841.92" in data  # A4 landscape width in points: 3508 px at 300 dpi
    back = read_pdf_pages(path)
    assert len(back) == len(twelve_pages)
    for page, read in zip(twelve_pages, back, strict=True):
        assert read.size == page.size
        ink = page.point(lambda v: 255 if v >= 160 else 0).convert("L")
        assert ImageChops.difference(ink, read.convert("L")).getbbox() is None
        assert qr_texts(read) == [PAYLOAD]
    assert not list(tmp_path.glob(".*.tmp"))


def test_pdf_without_libtiff_is_high_quality_jpeg_and_still_decodes(tmp_path, monkeypatch):
    import shared.kk_pdf

    monkeypatch.setattr(shared.kk_pdf.features, "check", lambda name: False)
    pages = render(long_names_family(4, 4, today=TODAY))
    path = write_pdf(pages, tmp_path / "kk.pdf")
    assert b"/DCTDecode" in path.read_bytes()
    (read,) = read_pdf_pages(path)
    assert read.mode == "L" and qr_texts(read) == [PAYLOAD]


def test_draft_carries_the_watermark_and_no_qr(tmp_path):
    family = long_names_family(4, 4, today=TODAY)
    (final,) = render(family)
    (draft,) = render(family, draft=True, payload=None)
    centre = (PAGE_W // 2 - 500, 700, PAGE_W // 2 + 500, 1700)
    assert darkness(draft, centre) > darkness(final, centre) + 0.05
    assert qr_texts(draft) == []
    (read,) = read_pdf_pages(write_pdf([draft], tmp_path / "draft.pdf"))
    assert darkness(read, centre) > darkness(final, centre) + 0.05  # the halftone survives


def test_draft_lists_its_parafs():
    family = long_names_family(1, 1, today=TODAY)
    at = datetime(2026, 11, 23, 10, 42, tzinfo=OFFICE_TZ)
    plain = render(family, draft=True, payload=None, draft_version=2)[0]
    marked = render(
        family,
        draft=True,
        payload=None,
        draft_version=2,
        parafs=[Paraf(Role.KASI, "KASI1", at, 2), Paraf(Role.KABID, "KABID1", at, 2)],
    )[0]
    footer = (0, 1900, 1300, PAGE_H)
    assert darkness(marked, footer) > darkness(plain, footer)


def test_qr_payload_too_long_is_a_domain_error():
    with pytest.raises(DocumentError) as info:
        render(long_names_family(1, 1, today=TODAY), payload="X" * 2000)
    assert isinstance(info.value, DomainError)
    assert "2000" in info.value.message("en")


def test_wording_is_a_template():
    family = long_names_family(1, 1, today=TODAY)
    (default,) = render(family)
    (other,) = render(family, wording=Wording(title="KARTU KELUARGA (SALINAN)"))
    title = (0, 0, PAGE_W, 180)
    assert darkness(other, title) > darkness(default, title)


def test_read_pdf_pages_refuses_other_files_with_a_clear_error(tmp_path):
    cases = {
        "missing.pdf": None,
        "text.pdf": b"hello",
        "vector.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n%%EOF\n",
        "flate.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Resources << /XObject << /image 4 0 R >> >> >>\nendobj\n"
        b"4 0 obj\n<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /Filter /FlateDecode"
        b" /Length 3 >>\nstream\nabc\nendstream\nendobj\n%%EOF\n",
    }
    for name, content in cases.items():
        if content is not None:
            (tmp_path / name).write_bytes(content)
        with pytest.raises(DocumentError) as info:
            read_pdf_pages(tmp_path / name)
        assert name in info.value.message("en")
    good = write_pdf(render(long_names_family(1, 1, today=TODAY)), tmp_path / "good.pdf")
    (tmp_path / "cut.pdf").write_bytes(good.read_bytes()[:20000])
    with pytest.raises(DocumentError):
        read_pdf_pages(tmp_path / "cut.pdf")


def test_document_for_case_uses_the_case_and_current_parafs():
    family = long_names_family(4, 4, today=TODAY)
    at = datetime(2026, 11, 23, 10, 0, tzinfo=OFFICE_TZ)
    case = Case(
        id="KK-261123-A001", ticket_id="T-261123-A001", ticket_display="A-001",
        service="KK", kind="baru_menikah", state=CaseState.KABID_REVIEW, created_at=at,
        submitted_at=at, state_since=at, family=family, nomor_kk=NOMOR, draft_version=2,
        parafs=[Paraf(Role.KASI, "KASI1", at, 1), Paraf(Role.KASI, "KASI1", at, 2)],
        issued_on=TODAY,
    )  # fmt: skip
    draft = document_for_case(OFFICE, case, draft=True)
    assert len(draft) == 1 and qr_texts(draft[0]) == []
    (final,) = document_for_case(OFFICE, case, draft=False, qr_payload=PAYLOAD)
    assert qr_texts(final) == [PAYLOAD]
    with pytest.raises(DocumentError):
        document_for_case(OFFICE, Case(**{**case.__dict__, "family": None}), draft=True)


def test_table_columns_follow_the_official_order():
    assert [c.heading for c in TABLE_1] == [
        "No", "Nama Lengkap", "NIK", "Jenis Kelamin", "Tempat Lahir", "Tanggal Lahir",
        "Agama", "Pendidikan", "Jenis Pekerjaan", "Golongan Darah",
    ]  # fmt: skip


def test_unwritable_pdf_is_a_domain_error(tmp_path):
    pages = render(long_names_family(1, 1, today=TODAY))
    with pytest.raises(DocumentError) as info:
        write_pdf(pages, tmp_path / "no-such-folder" / "kk.pdf")
    assert "no-such-folder" in info.value.message("en")
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(DocumentError):  # not NotADirectoryError from the clean-up
        write_pdf(pages, tmp_path / "a-file" / "kk.pdf")
    with pytest.raises(DocumentError):
        write_pdf([], tmp_path / "kk.pdf")


def test_incomplete_record_still_renders_with_blanks():
    """A draft of a half-entered family: missing fields print as "-", nothing raises."""
    family = {"anggota": [{"nama_lengkap": "BUDI", "tanggal_lahir": "1990-13-45", "nik": 123}]}
    pages = render_kk(family, nomor_kk=None, office=OFFICE, issued_on=None, draft=True, parafs=())
    assert len(pages) == 1
    cells = table_pages(family, office=OFFICE)[0]
    shown = {c.field: c.lines for c in cells if c.member == 1}
    assert shown["tanggal_lahir"] == ("1990-13-45",)
    assert shown["nik"] == ("123",)
    assert shown["agama"] == ("-",)
    assert len(render_kk({}, nomor_kk=None, office=OFFICE, issued_on=None, draft=True)) == 1


def test_document_for_case_accepts_the_service_office(office):
    case = Case(
        id="KK-261123-A002", ticket_id="T-261123-A002", ticket_display="A-002",
        service="KK", kind="baru_menikah", state=CaseState.KASI_REVIEW,
        created_at=datetime(2026, 11, 23, 9, 0, tzinfo=OFFICE_TZ),
        submitted_at=datetime(2026, 11, 23, 9, 0, tzinfo=OFFICE_TZ),
        state_since=datetime(2026, 11, 23, 9, 0, tzinfo=OFFICE_TZ),
        family=fake_family(random.Random(2), today=TODAY, members=3), draft_version=1,
    )  # fmt: skip
    assert len(document_for_case(office, case, draft=True)) == 1


def test_qr_of_a_signing_payload_survives_a_coarse_blurred_scan(twelve_pages):
    """A phone sees the printed QR at far less than 300 dpi: 150 dpi, slightly blurred."""
    from PIL import ImageFilter

    page = twelve_pages[0]
    scan = page.resize((PAGE_W // 2, PAGE_H // 2), Image.Resampling.BILINEAR)
    scan = scan.filter(ImageFilter.GaussianBlur(1))
    assert qr_texts(scan) == [PAYLOAD]
