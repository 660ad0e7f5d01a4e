"""The KK's footer, QR code and draft watermark (used by :mod:`shared.kk_document`).

The footer is anchored to the bottom of the page: on the left the date of
issue, the page number, on a draft its version and parafs, and the
signature note; in the middle the head of family; on the right the place and
date, the signer's title, the QR code, the signer's name and NIP.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import qrcode
from PIL import Image, ImageChops, ImageDraw

from shared.config_types import Office
from shared.i18n import t
from shared.kk_layout import MARGIN_BOTTOM, MARGIN_X, PAGE_H, PAGE_W, format_date
from shared.kk_pdf import DocumentError
from shared.kk_text import fit, font
from shared.kk_text import line_height as lh
from shared.model import Paraf

WHITE, BLACK = 255, 0
QR_MAX = 320  # px (27 mm): the QR with its quiet zone fits in this square
QR_MIN_MODULE = 3  # px (0.25 mm): smaller modules do not print reliably
QR_MAX_MODULE = 10
STROKE = 6  # px, the watermark's outline
FOOTER_SIZE, SMALL_SIZE = 30, 24
RIGHT_W, MIDDLE_W = 1000, 900
MIDDLE_X0 = 1300
BLANK = "...................."


@dataclass(frozen=True)
class Signer:
    """Who signs: the Kepala Dinas by default, or an acting head (Plt.) with its own NIP."""

    name: str
    nip: str
    title: str | None = None  # default: Wording.signer_title for the office


@dataclass(frozen=True)
class Wording:
    """The KK's fixed texts (Bahasa Indonesia), as templates.

    The exact footer wording of the e-KK is not settled (domain-kk.md marks
    it uncertain), so it is data: pass another ``Wording`` to change it.
    Placeholders: ``{nomor_kk}``, ``{date}``, ``{place}``, ``{office}``
    (the office's name in capitals), ``{nip}``, ``{page}``, ``{pages}``,
    ``{version}``.
    """

    title: str = "KARTU KELUARGA"
    number: str = "No. {nomor_kk}"
    issued: str = "Dikeluarkan Tanggal : {date}"
    place_date: str = "{place}, {date}"
    signer_title: str = "KEPALA {office}"
    nip: str = "NIP. {nip}"
    head: str = "KEPALA KELUARGA"
    page: str = "Halaman {page} dari {pages}"
    note: str = (
        "Dokumen ini ditandatangani secara elektronik. Keasliannya dapat diperiksa "
        "dengan memindai kode QR."
    )
    watermark: str = "KONSEP"
    draft: str = "KONSEP KK - versi {version}"
    draft_qr: tuple[str, ...] = ("KONSEP", "belum", "ditandatangani")
    parafs: str = "Paraf konsep:"
    no_parafs: str = "Paraf konsep: belum ada"
    header_labels: Mapping[str, str] = field(
        default_factory=lambda: {
            "head": "Nama Kepala Keluarga",
            "alamat": "Alamat",
            "rt_rw": "RT/RW",
            "kelurahan": "Desa/Kelurahan",
            "kecamatan": "Kecamatan",
            "kabupaten_kota": "Kabupaten/Kota",
            "kode_pos": "Kode Pos",
            "provinsi": "Provinsi",
        }
    )


def _fitted(
    text: str, width: int, size: int, *, bold: bool = False, lines: int = 1
) -> tuple[int, tuple[str, ...]]:
    return fit(text, width, sizes=(size, size - 3, size - 6), max_lines=lines, bold=bold)


class Footer:
    """The footer of every page; ``top`` is where it starts (the tables end above it)."""

    def __init__(
        self,
        office: Office,
        signer: Signer,
        issued_on: date | None,
        words: Wording,
        draft: bool,
        parafs: Sequence[Paraf],
        draft_version: int | None,
        members: Sequence[Mapping[str, Any]],
    ) -> None:
        self.office, self.words, self.draft = office, words, draft
        self.parafs, self.draft_version = parafs, draft_version
        when = format_date(issued_on) if issued_on else BLANK
        title = signer.title or words.signer_title.format(office=office.name.upper())
        self.right: list[tuple[int, tuple[str, ...], bool] | int] = [
            (
                *_fitted(
                    words.place_date.format(place=office.place_of_issue, date=when),
                    RIGHT_W,
                    FOOTER_SIZE,
                ),
                False,
            ),
            (*_fitted(title, RIGHT_W, FOOTER_SIZE, bold=True, lines=3), True),
            QR_MAX,
            (*_fitted(signer.name, RIGHT_W, FOOTER_SIZE, bold=True, lines=2), True),
            (*_fitted(words.nip.format(nip=signer.nip), RIGHT_W, FOOTER_SIZE), False),
        ]
        height = sum(p if isinstance(p, int) else len(p[1]) * lh(p[0]) for p in self.right)
        self.top = PAGE_H - MARGIN_BOTTOM - height
        self.issued = words.issued.format(date=when)
        head = next((m for m in members if m.get("status_hubungan") == "KEPALA KELUARGA"), {})
        self.head_name = _fitted(
            head.get("nama_lengkap") or BLANK, MIDDLE_W, FOOTER_SIZE, bold=True, lines=2
        )
        self.qr_box = (PAGE_W - MARGIN_X - RIGHT_W // 2 - QR_MAX // 2, 0)

    def draw(self, draw: ImageDraw.ImageDraw, *, page: int, pages: int) -> None:
        """Everything but the QR code (drawn last, over the watermark)."""
        y = self.top
        x0 = PAGE_W - MARGIN_X - RIGHT_W
        for part in self.right:
            if isinstance(part, int):
                self.qr_box = (x0 + RIGHT_W // 2 - QR_MAX // 2, y)
                y += part
                continue
            size, lines, bold = part
            for line in lines:
                _centre(draw, line, x0, x0 + RIGHT_W, y, size, bold)
                y += lh(size)
        name_y = self.qr_box[1] + QR_MAX
        _centre(
            draw,
            self.words.head,
            MIDDLE_X0,
            MIDDLE_X0 + MIDDLE_W,
            self.top + lh(FOOTER_SIZE),
            FOOTER_SIZE,
            True,
        )
        size, lines = self.head_name
        for i, line in enumerate(lines):
            _centre(draw, line, MIDDLE_X0, MIDDLE_X0 + MIDDLE_W, name_y + i * lh(size), size, True)
        self._left(draw, page, pages)

    def _left(self, draw: ImageDraw.ImageDraw, page: int, pages: int) -> None:
        width = MIDDLE_X0 - MARGIN_X - 60
        y = self.top
        texts = [
            (self.issued, FOOTER_SIZE),
            (self.words.page.format(page=page, pages=pages), SMALL_SIZE),
        ]
        if self.draft:
            texts.append((self.words.draft.format(version=self.draft_version or "-"), SMALL_SIZE))
            texts.append((self.words.parafs if self.parafs else self.words.no_parafs, SMALL_SIZE))
            texts += [(_paraf_line(p, self.office), SMALL_SIZE) for p in self.parafs]
        for text, size in texts:
            fitted_size, lines = _fitted(text, width, size)
            draw.text((MARGIN_X, y), lines[0], fill=BLACK, font=font(fitted_size))
            y += lh(size) + (12 if size == FOOTER_SIZE else 0)
        if self.draft:  # a draft is not signed: no signature note
            return
        size, lines = fit(self.words.note, width, sizes=(SMALL_SIZE - 2,), max_lines=3)
        y = PAGE_H - MARGIN_BOTTOM - len(lines) * lh(size)
        for line in lines:
            draw.text((MARGIN_X, y), line, fill=BLACK, font=font(size))
            y += lh(size)

    def draw_qr(self, page: Image.Image, draw: ImageDraw.ImageDraw, qr: Image.Image | None) -> None:
        """The QR centred in its square (white around it), or a "KONSEP" box on a draft."""
        x, y = self.qr_box
        draw.rectangle((x, y, x + QR_MAX - 1, y + QR_MAX - 1), fill=WHITE)
        if qr is not None:
            page.paste(qr, (x + (QR_MAX - qr.width) // 2, y + (QR_MAX - qr.height) // 2))
        elif self.draft:
            inset = 30
            draw.rectangle(
                (x + inset, y + inset, x + QR_MAX - inset, y + QR_MAX - inset),
                outline=BLACK,
                width=4,
            )
            lines = self.words.draft_qr
            top = y + (QR_MAX - len(lines) * lh(SMALL_SIZE)) // 2
            for i, line in enumerate(lines):
                _centre(draw, line, x, x + QR_MAX, top + i * lh(SMALL_SIZE), SMALL_SIZE, i == 0)


def _centre(
    draw: ImageDraw.ImageDraw, text: str, x0: int, x1: int, y: int, size: int, bold: bool
) -> None:
    f = font(size, bold)
    draw.text(((x0 + x1 - f.getlength(text)) / 2, y), text, fill=BLACK, font=f)


def _paraf_line(p: Paraf, office: Office) -> str:
    at = p.at.astimezone(office.timezone) if p.at.tzinfo else p.at
    return f"- {t(f'role.{p.role}', 'id')} ({p.staff_id}), {at:%d-%m-%Y %H:%M}"


def qr_image(payload: str) -> Image.Image:
    """``payload`` as a QR code (error correction M, 4-module quiet zone) at most
    :data:`QR_MAX` px square, modules a whole number of pixels."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    side = len(matrix)
    module = min(QR_MAX_MODULE, QR_MAX // side)
    if module < QR_MIN_MODULE:
        raise DocumentError("document.qr_too_long", length=len(payload))
    raw = bytes(BLACK if dark else WHITE for row in matrix for dark in row)
    small = Image.frombytes("L", (side, side), raw)
    return small.resize((side * module, side * module), Image.Resampling.NEAREST)


@cache
def _halftone() -> Image.Image:
    """A page-sized mask of 2x2-pixel dots every 5 pixels (a 16 % grey when printed)."""
    on = (bytes([255] * 2 + [0] * 3) * (PAGE_W // 5 + 1))[:PAGE_W]
    off = bytes(PAGE_W)
    return Image.frombytes(
        "L", (PAGE_W, PAGE_H), b"".join(on if y % 5 < 2 else off for y in range(PAGE_H))
    )


@cache
def _watermark_mask(text: str) -> Image.Image:
    size = 560
    f = font(size, True)
    left, top, right, bottom = (int(v) for v in f.getbbox(text, stroke_width=STROKE))
    fill = Image.new("L", (right - left + 40, bottom - top + 40), 0)
    ring = fill.copy()
    ImageDraw.Draw(fill).text((20 - left, 20 - top), text, fill=255, font=f)
    ImageDraw.Draw(ring).text(
        (20 - left, 20 - top), text, fill=0, font=f, stroke_width=STROKE, stroke_fill=255
    )
    angle = 33  # about the page's diagonal
    fill = fill.rotate(angle, expand=True, resample=Image.Resampling.BILINEAR)
    ring = ring.rotate(angle, expand=True, resample=Image.Resampling.BILINEAR)
    page_fill = Image.new("L", (PAGE_W, PAGE_H), 0)
    page_ring = page_fill.copy()
    at = ((PAGE_W - fill.width) // 2, (PAGE_H - fill.height) // 2)
    page_fill.paste(fill, at)
    page_ring.paste(ring, at)
    dotted = ImageChops.multiply(page_fill.point(lambda v: 255 if v >= 128 else 0), _halftone())
    return ImageChops.lighter(dotted, page_ring.point(lambda v: 255 if v >= 128 else 0))


def watermark(page: Image.Image, text: str) -> None:
    """Stamp ``text`` large and diagonal across ``page``: a solid outline, halftone inside."""
    page.paste(BLACK, (0, 0, PAGE_W, PAGE_H), _watermark_mask(text))
