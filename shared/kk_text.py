"""Text in a box for the KK document: fonts, measuring, wrapping, shrinking, cutting.

:func:`fit` wraps a text into a box: words first, then characters for a
word wider than the box; if it needs more than ``max_lines`` lines the font
steps down (:data:`BODY_SIZES`); at the smallest size the last line is cut
with "…". So a text never crosses its cell, whatever its length. Fonts are
DejaVu Sans (:mod:`shared.fonts`), which has every Indonesian glyph.
"""

from __future__ import annotations

from collections.abc import Sequence

from shared.fonts import Font, Style, load_font

MAX_LINES = 3  # lines a body cell may take before its font shrinks
BODY_SIZES = (29, 26, 23, 21)  # px at 300 dpi; 29 px = 7 pt
LINE = 1.2  # line height / font size
ELLIPSIS = "…"


def line_height(size: int) -> int:
    return round(size * LINE)


def font(size: int, bold: bool = False) -> Font:
    style: Style = "sans-bold" if bold else "sans"
    return load_font(style, size)


def text_width(text: str, size: int, bold: bool = False) -> float:
    return font(size, bold).getlength(text)


def _wrap(text: str, width: float, size: int, bold: bool) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (words, then characters)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while text_width(word, size, bold) > width:  # a word wider than the box
            cut = max(1, _fitting_prefix(word, width, size, bold))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _fitting_prefix(text: str, width: float, size: int, bold: bool) -> int:
    """How many leading characters of ``text`` fit in ``width``."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid], size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def fit(
    text: str,
    width: float,
    *,
    sizes: Sequence[int] = BODY_SIZES,
    max_lines: int = MAX_LINES,
    bold: bool = False,
) -> tuple[int, tuple[str, ...]]:
    """The font size and lines that put ``text`` in a box ``width`` px wide.

    The largest of ``sizes`` that needs at most ``max_lines`` lines; at the
    smallest size, the lines after ``max_lines`` are dropped and the last one
    ends with "…".
    """
    for size in sizes:
        lines = _wrap(text, width, size, bold)
        if len(lines) <= max_lines:
            return size, tuple(lines)
    size = sizes[-1]
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width(last + ELLIPSIS, size, bold) > width:
        last = last[:-1].rstrip()
    kept[-1] = last + ELLIPSIS
    return size, tuple(kept)
