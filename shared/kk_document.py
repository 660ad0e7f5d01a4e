"""The KK itself (and its draft) drawn with Pillow: A4 landscape pages at 300 dpi.

The layout follows the official KK (domain-kk.md): the title ``KARTU
KELUARGA`` and the Nomor KK, the header block (head of family, address,
RT/RW, kelurahan on the left; kecamatan, kabupaten/kota, postcode, province
on the right), the two member tables with their numbered columns, and the
footer: date of issue, the head of family's name, and bottom right the place
and date, the Kepala Dinas's title, the electronic-signature QR code, the
Kepala Dinas's name and NIP (Nomor Induk Pegawai, the civil-servant number).

- Text is drawn with DejaVu Sans (:mod:`shared.fonts`), which has every
  Indonesian glyph; Pillow's default font does not.
- Long values wrap inside their cell, then shrink, then are cut with "…"
  (:func:`shared.kk_layout.fit`): nothing crosses a cell's border.
- Up to 10 members a page (the official form's rows), fewer when wrapped
  rows need the height; a larger family continues on the next page, which
  repeats the title, header block and footer (QR included), each page
  numbered "Halaman 1 dari 2".
- A draft (``draft=True``) carries a large diagonal "KONSEP" watermark (a
  halftone, so it survives the black-and-white PDF), its version and the
  parafs (reviewers' initials) given so far; a draft without a QR payload
  gets a "KONSEP" box where the QR goes.

Pages are greyscale (mode ``"L"``) 3508 x 2480 images; :func:`write_pdf`
stores them losslessly as a PDF and :func:`read_pdf_pages` reads them back
(see :mod:`shared.kk_pdf`). The document is always in Bahasa Indonesia (it
is an Indonesian legal document); its fixed wording is :class:`Wording`,
which a caller may replace where the office's practice differs.
No Textual import: this module runs in the print station and the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw

from shared.config_types import Office
from shared.kk_footer import BLACK, WHITE, Footer, Signer, Wording, qr_image, watermark
from shared.kk_layout import (
    CONTENT_W,
    DPI,
    MARGIN_TOP,
    MARGIN_X,
    PAD_X,
    PAGE_H,
    PAGE_W,
    TABLE_1,
    TABLE_2,
    Cell,
    body_cells,
    header_cells,
    header_height,
    member_row,
    paginate,
)
from shared.kk_pdf import DocumentError, read_pdf_pages, write_pdf
from shared.kk_text import fit, font, line_height, text_width
from shared.model import Case, Paraf

if TYPE_CHECKING:
    from shared.office import Office as OfficeService

__all__ = [
    "DPI",
    "PAGE_H",
    "PAGE_W",
    "DocumentError",
    "Signer",
    "Wording",
    "document_for_case",
    "read_pdf_pages",
    "render_kk",
    "table_pages",
    "write_pdf",
]

TITLE_SIZE, NUMBER_SIZE, HEADER_SIZE = 72, 44, 33
GAP = 24
HEADER_TOP = MARGIN_TOP + line_height(TITLE_SIZE) + line_height(NUMBER_SIZE) + GAP
BLANK = "...................."


def render_kk(
    family: Mapping[str, Any],
    *,
    nomor_kk: str | None,
    office: Office,
    issued_on: date | None,
    draft: bool,
    parafs: Sequence[Paraf] = (),
    qr_payload: str | None = None,
    signer: Signer | None = None,
    draft_version: int | None = None,
    wording: Wording | None = None,
) -> list[Image.Image]:
    """The KK of ``family`` (exchange shape of domain-kk.md) as page images.

    One greyscale (``"L"``) image per page, :data:`PAGE_W` x :data:`PAGE_H`
    px (A4 landscape at 300 dpi, ``info["dpi"]`` set). ``nomor_kk`` ``None``
    prints a blank to fill in (a draft of a new family); ``issued_on``
    ``None`` likewise. ``qr_payload`` is encoded as given (the signing module
    defines it); ``None`` prints no QR, or a "KONSEP" box on a draft.
    ``parafs`` (drafts only) are listed as given: pass those of the current
    draft version. ``signer`` defaults to the office's Kepala Dinas.
    Raises :class:`DocumentError` if the QR payload is too long to print.
    """
    words = wording or Wording()
    signer = signer or Signer(office.kepala_dinas_name, office.kepala_dinas_nip)
    qr = qr_image(qr_payload) if qr_payload is not None else None
    members = list(family.get("anggota") or [])
    header = _header_block(family, members, words)
    footer = Footer(office, signer, issued_on, words, draft, parafs, draft_version, members)
    tables = _table_pages(members, header, footer.top)
    out = []
    for index, cells in enumerate(tables, start=1):
        page = Image.new("L", (PAGE_W, PAGE_H), WHITE)
        draw = ImageDraw.Draw(page)
        _title(draw, words, nomor_kk)
        header.draw(draw, HEADER_TOP)
        _cells(draw, cells)
        footer.draw(draw, page=index, pages=len(tables))
        if draft:
            watermark(page, words.watermark)
        footer.draw_qr(page, draw, qr)
        page.info["dpi"] = (DPI, DPI)
        out.append(page)
    return out


def table_pages(
    family: Mapping[str, Any],
    *,
    office: Office,
    signer: Signer | None = None,
    wording: Wording | None = None,
) -> list[list[Cell]]:
    """The cells of the two member tables on each page of :func:`render_kk`'s output.

    What is drawn, measured: each :class:`~shared.kk_layout.Cell` has its box,
    its wrapped lines and font size, and for body cells the member number
    and field. ``len(table_pages(...))`` is the number of pages.
    """
    words = wording or Wording()
    signer = signer or Signer(office.kepala_dinas_name, office.kepala_dinas_nip)
    members = list(family.get("anggota") or [])
    footer = Footer(office, signer, None, words, False, (), None, members)
    return _table_pages(members, _header_block(family, members, words), footer.top)


def _table_pages(
    members: Sequence[Mapping[str, Any]], header: _HeaderBlock, footer_top: int
) -> list[list[Cell]]:
    rows_1 = [member_row(TABLE_1, m, n) for n, m in enumerate(members, start=1)]
    rows_2 = [member_row(TABLE_2, m, n) for n, m in enumerate(members, start=1)]
    tables_top = HEADER_TOP + header.height + GAP
    heads = header_height(TABLE_1) + GAP + header_height(TABLE_2)
    pages = []
    for page in paginate(rows_1, rows_2, footer_top - GAP - tables_top - heads):
        cells: list[Cell] = []
        y = tables_top
        taken = page.members
        for columns, rows in ((TABLE_1, rows_1), (TABLE_2, rows_2)):
            head, y = header_cells(columns, y)
            numbers = [i + 1 for i in taken]
            body, y = body_cells(columns, [rows[i] for i in taken], numbers, y, page.empty)
            cells += head + body
            y += GAP
        pages.append(cells)
    return pages


def document_for_case(
    office: Office | OfficeService,
    case: Case,
    *,
    draft: bool,
    qr_payload: str | None = None,
    wording: Wording | None = None,
) -> list[Image.Image]:
    """The KK (or its draft) of ``case``: its family, number, issue date and parafs.

    ``office`` is the office identity (``config.office``) or the service
    layer's ``Office`` (its ``config.office`` is used). A draft lists the
    parafs given to the current draft version. Raises :class:`DocumentError`
    if the case has no family record yet.
    """
    identity = office if isinstance(office, Office) else office.config.office
    if not case.family:
        raise DocumentError("document.no_family", case=case.id)
    current = [p for p in case.parafs if p.draft_version == case.draft_version]
    return render_kk(
        case.family,
        nomor_kk=case.nomor_kk or case.family.get("nomor_kk"),
        office=identity,
        issued_on=None if draft else case.issued_on,
        draft=draft,
        parafs=current if draft else (),
        qr_payload=qr_payload,
        draft_version=case.draft_version if draft else None,
        wording=wording,
    )


# -- drawing -----------------------------------------------------------------------------------


def _centred(
    draw: ImageDraw.ImageDraw,
    text: str,
    y: int,
    size: int,
    *,
    bold: bool,
    x0: int = MARGIN_X,
    x1: int = PAGE_W - MARGIN_X,
) -> None:
    width = text_width(text, size, bold)
    draw.text(((x0 + x1 - width) / 2, y), text, fill=BLACK, font=font(size, bold))


def _title(draw: ImageDraw.ImageDraw, words: Wording, nomor_kk: str | None) -> None:
    _centred(draw, words.title, MARGIN_TOP, TITLE_SIZE, bold=True)
    number = words.number.format(nomor_kk=nomor_kk or BLANK)
    _centred(draw, number, MARGIN_TOP + line_height(TITLE_SIZE), NUMBER_SIZE, bold=True)


def _cells(draw: ImageDraw.ImageDraw, cells: Sequence[Cell]) -> None:
    for c in cells:
        draw.rectangle((c.x0, c.y0, c.x1, c.y1), outline=BLACK, width=2)
        f = c.font
        for i, line in enumerate(c.lines):
            y = c.text_top + i * line_height(c.size)
            centred = (c.x0 + c.x1 - f.getlength(line)) / 2
            x = centred if c.align == "center" else c.x0 + PAD_X
            draw.text((x, y), line, fill=BLACK, font=f)


@dataclass
class _HeaderBlock:
    """The header's label/value pairs in two columns, values wrapped to their width."""

    left: list[tuple[str, int, tuple[str, ...]]]
    right: list[tuple[str, int, tuple[str, ...]]]
    label_w: int
    value_w: int
    heights: list[int]

    @property
    def height(self) -> int:
        return sum(self.heights)

    def draw(self, draw: ImageDraw.ImageDraw, top: int) -> None:
        half = CONTENT_W // 2 + 60
        for x, pairs in ((MARGIN_X, self.left), (MARGIN_X + half, self.right)):
            y = top
            for (label, size, lines), h in zip(pairs, self.heights, strict=True):
                draw.text((x, y), label, fill=BLACK, font=font(HEADER_SIZE))
                draw.text((x + self.label_w, y), ":", fill=BLACK, font=font(HEADER_SIZE))
                for i, line in enumerate(lines):
                    draw.text(
                        (x + self.label_w + 30, y + i * line_height(size)),
                        line,
                        fill=BLACK,
                        font=font(size, bold=True),
                    )
                y += h


def _header_block(
    family: Mapping[str, Any], members: Sequence[Mapping[str, Any]], words: Wording
) -> _HeaderBlock:
    head = next((m for m in members if m.get("status_hubungan") == "KEPALA KELUARGA"), None)
    rt, rw = family.get("rt") or "-", family.get("rw") or "-"
    values = {
        "head": (head or {}).get("nama_lengkap") or "-",
        "alamat": family.get("alamat") or "-",
        "rt_rw": f"{rt}/{rw}",
        **{k: family.get(k) or "-" for k in ("kelurahan", "kecamatan", "kabupaten_kota")},
        **{k: family.get(k) or "-" for k in ("kode_pos", "provinsi")},
    }
    labels = words.header_labels
    label_w = round(max(text_width(labels[k], HEADER_SIZE) for k in values)) + 20
    value_w = CONTENT_W // 2 - 60 - label_w - 40
    sizes = (HEADER_SIZE, HEADER_SIZE - 4, HEADER_SIZE - 8)

    def pair(key: str) -> tuple[str, int, tuple[str, ...]]:
        size, lines = fit(str(values[key]), value_w, sizes=sizes, max_lines=2, bold=True)
        return labels[key], size, lines

    left = [pair(k) for k in ("head", "alamat", "rt_rw", "kelurahan")]
    right = [pair(k) for k in ("kecamatan", "kabupaten_kota", "kode_pos", "provinsi")]
    heights = [
        max(len(a[2]) * line_height(a[1]), len(b[2]) * line_height(b[1])) + 8
        for a, b in zip(left, right, strict=True)
    ]
    return _HeaderBlock(left, right, label_w, value_w, heights)
