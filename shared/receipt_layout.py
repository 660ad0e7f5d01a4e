"""How a receipt goes on paper: widths, line breaks and character sizes.

Both renderers (:mod:`shared.receipt_escpos`, :mod:`shared.receipt_png`) draw
the output of :func:`layout`, so a line breaks at the same word on paper and
on screen.

Thermal printers print at 203 dpi; their font A is 12 x 24 dots, so 58 mm
paper (384 printable dots) holds 32 characters a line and 80 mm paper (576
dots) 48. "large" text is double width and height (16 or 24 characters a
line); "huge" text (the ticket number) is as large as the paper allows, up
to 8 times (96 x 192 dots a character).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from shared.receipts import Align, Barcode, Feed, Qr, Receipt, Rule, Text

PAPER_DOTS = {58: 384, 80: 576}  # printable width at 203 dpi
DPI = 203
CHAR_DOTS = 12  # font A: 12 x 24 dots
LINE_DOTS = 24
LINE_PITCH = 34  # the printers' default line spacing, 1/6 inch (ESC 2)
MAX_SCALE = 8  # ESC/POS character size: 1 to 8 times
HUGE_MIN_SCALE = 3  # "huge" text that would be smaller than this wraps as "large"


@dataclass(frozen=True)
class Line:
    """One printed line of text: each character ``12*scale`` x ``24*scale`` dots."""

    text: str
    scale: int
    bold: bool
    align: Align


Laid = Line | Qr | Barcode | Feed


def line_pitch(scale: int) -> int:
    """Dots from one line of ``scale`` to the next (never less than the character height)."""
    return max(LINE_DOTS * scale, LINE_PITCH)


def paper_dots(paper_mm: int) -> int:
    """Printable width in dots of ``paper_mm`` paper (58 or 80)."""
    try:
        return PAPER_DOTS[paper_mm]
    except KeyError:
        raise ValueError(f"paper_mm must be one of {sorted(PAPER_DOTS)}, not {paper_mm}") from None


def columns(paper_mm: int) -> int:
    """Characters of normal text on one line: 32 on 58 mm, 48 on 80 mm."""
    return paper_dots(paper_mm) // CHAR_DOTS


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` characters, at spaces if possible.

    Newlines in ``text`` are kept; an empty paragraph gives an empty line.
    """
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(
            textwrap.wrap(paragraph, max(1, width), break_long_words=True, break_on_hyphens=False)
            or [""]
        )
    return out


def huge_scale(text: str, paper_mm: int) -> int:
    """The largest character scale (1-8) at which ``text`` fits on one line."""
    return max(1, min(MAX_SCALE, columns(paper_mm) // max(1, len(text))))


def text_lines(item: Text, paper_mm: int) -> list[Line]:
    """The printed lines of one :class:`Text` on ``paper_mm`` paper."""
    text = item.text.strip()
    if item.size == "huge" and "\n" not in text:
        scale = huge_scale(text, paper_mm)
        if scale >= HUGE_MIN_SCALE:
            return [Line(text, scale, item.bold, item.align)]
    scale = 1 if item.size == "normal" else 2
    width = columns(paper_mm) // scale
    return [Line(chunk, scale, item.bold, item.align) for chunk in wrap(text, width)]


def barcode_module(data: str, paper_mm: int) -> int | None:
    """The widest CODE128 module (2-6 dots) at which ``data`` fits the paper; ``None`` if
    it does not fit even at 2 (the renderers then print the data as text)."""
    modules = 11 * (len(data) + 3) + 2  # start, data, check digit, stop (13 modules)
    for width in range(6, 1, -1):
        if modules * width <= paper_dots(paper_mm):
            return width
    return None


def layout(receipt: Receipt, paper_mm: int) -> list[Laid]:
    """The receipt as the renderers draw it.

    Text is broken into :class:`Line` objects; a :class:`Rule` becomes a line
    of dashes (what the printer prints); QR codes, barcodes and feeds stay.
    """
    cols = columns(paper_mm)
    out: list[Laid] = []
    for item in receipt.items:
        if isinstance(item, Text):
            out.extend(text_lines(item, paper_mm))
        elif isinstance(item, Rule):
            out.append(Line("-" * cols, 1, False, "left"))
        else:
            out.append(item)
    return out
