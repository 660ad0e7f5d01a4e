"""A receipt drawn as an image, the way the thermal printer prints it.

For the kiosk's on-screen copy, the documentation, and the file printer (a
``.png`` next to each ``.bin``). The image is the printable width of the
paper at ``dpi`` (thermal printers: 203 dpi, so 384 px for 58 mm and 576 px
for 80 mm), white with black text, laid out by
:func:`shared.receipt_layout.layout` exactly as the printer gets it: the
same line breaks, each character ``12*scale`` x ``24*scale`` dots
(DejaVu Sans Mono stands in for the printer's font A), real QR codes (the
``qrcode`` package, module size as printed) and CODE128 barcodes
(``python-barcode``).
"""

from __future__ import annotations

import qrcode
from PIL import Image, ImageDraw

from shared.fonts import Font, Style, load_font
from shared.receipt_layout import (
    CHAR_DOTS,
    DPI,
    LINE_DOTS,
    LINE_PITCH,
    Laid,
    Line,
    barcode_module,
    layout,
    line_pitch,
    paper_dots,
)
from shared.receipts import Barcode, Feed, Qr, Receipt

WHITE, BLACK = 255, 0
TOP_LINES = 1  # blank lines above the first line
CUT_LINES = 2  # blank lines below the last one, where the paper is cut
STRETCH_FROM = 3  # character scale from which text is stretched to the printer's proportions
GLYPH_HEIGHT = 0.7  # a capital or digit of font A fills about 17 of its 24 dots


class _Canvas:
    """Draws laid-out items top to bottom; ``unit`` = pixels per printer dot."""

    def __init__(self, width: int, unit: float) -> None:
        self.width = width
        self.unit = unit
        self.parts: list[Image.Image] = []

    def blank(self, dots: float) -> None:
        self.parts.append(Image.new("L", (self.width, max(1, round(dots * self.unit))), WHITE))

    def font(self, scale: int, bold: bool) -> Font:
        style: Style = "mono-bold" if bold else "mono"
        probe = load_font(style, 100)
        advance = probe.getlength("0") / 100 or 0.6
        return load_font(style, round(CHAR_DOTS * scale * self.unit / advance, 1))

    def text(self, text: str, scale: int, bold: bool, align: str) -> None:
        height = round(line_pitch(scale) * self.unit)
        part = Image.new("L", (self.width, height), WHITE)
        draw = ImageDraw.Draw(part)
        font = self.font(scale, bold)
        length = draw.textlength(text, font=font)
        x = {"left": 0.0, "center": (self.width - length) / 2, "right": self.width - length}
        draw.text(
            (max(0.0, x.get(align, 0.0)), height / 2), text, fill=BLACK, font=font, anchor="lm"
        )
        if scale >= STRETCH_FROM:
            part = self._stretched(part, round(GLYPH_HEIGHT * LINE_DOTS * scale * self.unit))
        self.parts.append(part)

    def _stretched(self, part: Image.Image, glyphs: int) -> Image.Image:
        """Big text stretched to the printer's tall glyphs (font A cells are 1:2)."""
        box = part.point(lambda v: 255 - v).getbbox()
        if box is None or box[3] - box[1] >= glyphs:
            return part
        ink = part.crop((0, box[1], self.width, box[3])).resize((self.width, glyphs))
        out = Image.new("L", (self.width, max(part.height, glyphs)), WHITE)
        out.paste(ink, (0, (out.height - glyphs) // 2))
        return out

    def qr(self, item: Qr) -> None:
        self.blank(LINE_PITCH)  # quiet zone: a blank line above and below, as printed
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        code.add_data(item.data)
        code.make(fit=True)
        matrix = code.get_matrix()
        module = max(1, round(max(1, min(16, item.size)) * self.unit))
        side = len(matrix) * module
        part = Image.new("L", (self.width, side), WHITE)
        draw = ImageDraw.Draw(part)
        left = (self.width - side) // 2
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    x0, y0 = left + x * module, y * module
                    draw.rectangle((x0, y0, x0 + module - 1, y0 + module - 1), fill=BLACK)
        self.parts.append(part)
        self.blank(LINE_PITCH)

    def barcode(self, item: Barcode, paper_mm: int) -> None:
        module = barcode_module(item.data, paper_mm)
        if module is None or item.kind != "CODE128":
            self.text(item.data, 1, False, "center")
            return
        from barcode import Code128

        bars = "".join(Code128(item.data).build())
        width = round(module * self.unit)
        height = round(item.height * self.unit)
        part = Image.new("L", (self.width, height), WHITE)
        draw = ImageDraw.Draw(part)
        left = (self.width - len(bars) * width) // 2
        for i, bar in enumerate(bars):
            if bar == "1":
                x0 = left + i * width
                draw.rectangle((x0, 0, x0 + width - 1, height - 1), fill=BLACK)
        self.parts.append(part)
        self.text(item.data, 1, False, "center")

    def image(self) -> Image.Image:
        out = Image.new("L", (self.width, sum(p.height for p in self.parts)), WHITE)
        y = 0
        for part in self.parts:
            out.paste(part, (0, y))
            y += part.height
        return out


def _draw(canvas: _Canvas, laid: Laid, paper_mm: int) -> None:
    if isinstance(laid, Line):
        canvas.text(laid.text, laid.scale, laid.bold, laid.align)
    elif isinstance(laid, Qr):
        canvas.qr(laid)
    elif isinstance(laid, Barcode):
        canvas.barcode(laid, paper_mm)
    elif isinstance(laid, Feed):
        canvas.blank(LINE_PITCH * max(1, laid.lines))


def render_png(receipt: Receipt, *, paper_mm: int, dpi: int = DPI) -> Image.Image:
    """``receipt`` as a greyscale image as wide as the paper's printable area at ``dpi``."""
    unit = dpi / DPI
    canvas = _Canvas(round(paper_dots(paper_mm) * unit), unit)
    canvas.blank(LINE_PITCH * TOP_LINES)
    for laid in layout(receipt, paper_mm):
        _draw(canvas, laid, paper_mm)
    canvas.blank(LINE_PITCH * CUT_LINES)
    return canvas.image()
