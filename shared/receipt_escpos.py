"""A receipt as ESC/POS commands, sent through a python-escpos printer object.

Any :class:`escpos.escpos.Escpos` works: a real printer, or
``escpos.printer.Dummy`` to collect the bytes (tests, the file printer, the
CUPS ``lp`` fallback). What goes out, in order:

- ``ESC @`` (reset the printer's text settings);
- each line with its alignment (``ESC a``), weight (``ESC E``) and character
  size (``GS !``: 1 to 8 times font A), then ``LF``;
- QR codes with the printer's native command (``GS ( k``), model 2, error
  correction M, centred, with a blank line above and below (the quiet zone);
- CODE128 barcodes with the native command (``GS k``, function B), centred,
  or as plain text when they do not fit the paper;
- the cut: a feed of six lines, then ``GS V``.

``receipt_bytes`` gives the same as bytes, for printers that are sent a
whole receipt at once.
"""

from __future__ import annotations

from shared.escpos_env import QR_ECLEVEL_M, Dummy, Escpos
from shared.receipt_layout import Line, barcode_module, layout
from shared.receipts import Barcode, Feed, Qr, Receipt

PROFILE = "default"  # python-escpos's generic ESC/POS printer profile


def _line(printer: Escpos, line: Line) -> None:
    printer.set(
        align=line.align,
        bold=line.bold,
        custom_size=True,
        width=line.scale,
        height=line.scale,
    )
    printer.text(line.text + "\n")


def _qr(printer: Escpos, item: Qr) -> None:
    printer.set(align="center", bold=False, custom_size=True, width=1, height=1)
    printer.text("\n")  # quiet zone: a blank line above and below
    printer.qr(item.data, ec=QR_ECLEVEL_M, size=max(1, min(16, item.size)), native=True)
    printer.text("\n")


def _barcode(printer: Escpos, item: Barcode, paper_mm: int) -> None:
    module = barcode_module(item.data, paper_mm)
    printer.set(align="center", bold=False, custom_size=True, width=1, height=1)
    if module is None or not printer.profile.supports("barcodeB") or item.kind != "CODE128":
        printer.text(item.data + "\n")
        return
    # Escpos.barcode() would print "Using hardware barcode renderer" on stdout (a Textual
    # screen's stdout): call the hardware renderer it would choose directly.
    printer._hw_barcode(
        "{B" + item.data,
        "CODE128",
        height=max(1, min(255, item.height)),
        width=module,
        pos="BELOW",
        font="A",
        align_ct=True,
        function_type="B",
    )


def render_escpos(receipt: Receipt, printer: Escpos, *, paper_mm: int) -> None:
    """Send ``receipt`` to ``printer`` as ESC/POS commands, ending with the cut."""
    printer.hw("INIT")
    for laid in layout(receipt, paper_mm):
        if isinstance(laid, Line):
            _line(printer, laid)
        elif isinstance(laid, Qr):
            _qr(printer, laid)
        elif isinstance(laid, Barcode):
            _barcode(printer, laid, paper_mm)
        elif isinstance(laid, Feed):
            printer.set(custom_size=True, width=1, height=1)
            printer.ln(max(1, laid.lines))
    printer.set(align="left", bold=False, custom_size=True, width=1, height=1)
    printer.cut()


def receipt_bytes(receipt: Receipt, *, paper_mm: int, profile: str | None = PROFILE) -> bytes:
    """The ESC/POS bytes of ``receipt`` (rendered into a ``Dummy`` printer)."""
    dummy = Dummy(profile=profile)
    render_escpos(receipt, dummy, paper_mm=paper_mm)
    return dummy.output
