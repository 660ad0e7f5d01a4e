"""The KK's two member tables laid out on A4 landscape at 300 dpi: cells, wrapping, pages.

Used by :mod:`shared.kk_document`, which draws what this module measures.
Everything here is geometry in pixels at :data:`DPI`; nothing is drawn.

- Each value is fitted to its cell by :func:`shared.kk_text.fit` (wrapped,
  then shrunk, then cut with "…"): it never crosses the cell's border.
- :data:`TABLE_1` / :data:`TABLE_2` are the columns of the official layout
  (domain-kk.md), with the column numbers printed under the headings.
- :func:`paginate` splits the members over pages: at most
  :data:`ROWS_PER_PAGE` (the official form's 10 rows) a page, fewer when
  wrapped rows need the height. Below the members, empty rows complete the
  table to 10 rows where the height allows, as on the printed form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.fonts import Font
from shared.kk_text import BODY_SIZES, fit, font, line_height

DPI = 300
PAGE_W, PAGE_H = 3508, 2480  # A4 landscape, 297 x 210 mm
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 142, 95, 80  # 12 mm, 8 mm, 7 mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
ROWS_PER_PAGE = 10  # the official form's member rows per table
HEAD_SIZE = 26
PAD_X, PAD_Y = 10, 7


def mm(value: float) -> int:
    """Millimetres as pixels at :data:`DPI`."""
    return round(value * DPI / 25.4)


@dataclass(frozen=True)
class Column:
    """One column: its heading, the member field it shows, its share of the width."""

    heading: str
    field: str | None  # None: the row number
    weight: int
    number: str = ""  # the column number printed under the heading, "(1)"
    group: str | None = None  # a heading spanning this column and its group neighbours
    align: str = "left"


TABLE_1: tuple[Column, ...] = (
    Column("No", None, 70, "(1)", align="center"),
    Column("Nama Lengkap", "nama_lengkap", 680, "(2)"),
    Column("NIK", "nik", 340, "(3)", align="center"),
    Column("Jenis Kelamin", "jenis_kelamin", 230, "(4)"),
    Column("Tempat Lahir", "tempat_lahir", 300, "(5)"),
    Column("Tanggal Lahir", "tanggal_lahir", 215, "(6)", align="center"),
    Column("Agama", "agama", 280, "(7)"),
    Column("Pendidikan", "pendidikan", 380, "(8)"),
    Column("Jenis Pekerjaan", "jenis_pekerjaan", 470, "(9)"),
    Column("Golongan Darah", "golongan_darah", 170, "(10)", align="center"),
)

TABLE_2: tuple[Column, ...] = (
    Column("No", None, 70, align="center"),
    Column("Status Perkawinan", "status_perkawinan", 380, "(11)"),
    Column("Tanggal Perkawinan", "tanggal_perkawinan", 260, "(12)", align="center"),
    Column("Status Hubungan Dalam Keluarga", "status_hubungan", 390, "(13)"),
    Column("Kewarganegaraan", "kewarganegaraan", 290, "(14)", align="center"),
    Column("No. Paspor", "no_paspor", 330, "(15)", "Dokumen Imigrasi"),
    Column("No. KITAS/KITAP", "no_kitas_kitap", 330, "(16)", "Dokumen Imigrasi"),
    Column("Ayah", "nama_ayah", 600, "(17)", "Nama Orang Tua"),
    Column("Ibu", "nama_ibu", 600, "(18)", "Nama Orang Tua"),
)


@dataclass(frozen=True)
class Cell:
    """A box on the page and the lines of text in it (already wrapped to fit)."""

    x0: int
    y0: int
    x1: int
    y1: int
    lines: tuple[str, ...]
    size: int
    bold: bool = False
    align: str = "left"
    field: str | None = None  # the member field shown, for body cells
    member: int | None = None  # 1-based member number, for body cells
    middle: bool = False  # centred vertically (headings); body text starts at the top

    @property
    def text_top(self) -> int:
        """The y of the first line's top."""
        if not self.middle:
            return self.y0 + PAD_Y
        return (self.y0 + self.y1 - len(self.lines) * line_height(self.size)) // 2

    @property
    def font(self) -> Font:
        return font(self.size, self.bold)


def widths(columns: Sequence[Column], total: int = CONTENT_W) -> list[int]:
    """Column widths in px, in proportion to their weights, summing to ``total``."""
    scale = total / sum(c.weight for c in columns)
    edges = [round(sum(c.weight for c in columns[:i]) * scale) for i in range(len(columns) + 1)]
    return [b - a for a, b in zip(edges, edges[1:], strict=False)]


def shown_value(member: Mapping[str, Any], field: str | None, number: int) -> str:
    """A member's field as printed: dates ``DD-MM-YYYY``, empty optionals ``-``."""
    if field is None:
        return str(number)
    value = member.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return "-"
    if field.startswith("tanggal_"):
        return format_date(value)
    return str(value)


def format_date(value: str | date) -> str:
    """An ISO date (or a ``date``) as the KK prints it: ``17-08-1990``."""
    try:
        d = value if isinstance(value, date) else date.fromisoformat(value)
    except ValueError:
        return str(value)
    return f"{d:%d-%m-%Y}"


@dataclass(frozen=True)
class Row:
    """One member's row in one table, wrapped: its cells' size and lines, and its height."""

    texts: tuple[tuple[int, tuple[str, ...]], ...]
    height: int


EMPTY_ROW_HEIGHT = line_height(BODY_SIZES[0]) + 2 * PAD_Y


def member_row(columns: Sequence[Column], member: Mapping[str, Any], number: int) -> Row:
    """``member`` wrapped into ``columns``; the row is as tall as its tallest cell."""
    texts = []
    for column, width in zip(columns, widths(columns), strict=True):
        texts.append(fit(shown_value(member, column.field, number), width - 2 * PAD_X))
    tallest = max(len(lines) * line_height(size) for size, lines in texts)
    return Row(tuple(texts), max(EMPTY_ROW_HEIGHT, tallest + 2 * PAD_Y))


def body_cells(
    columns: Sequence[Column], rows: Sequence[Row], numbers: Sequence[int], top: int, empty: int
) -> tuple[list[Cell], int]:
    """The cells of ``rows``, then of ``empty`` empty rows, from ``top``.

    Returns the cells and the y just below the table.
    """
    ws = widths(columns)
    cells: list[Cell] = []
    y = top
    for index in range(len(rows) + empty):
        row = rows[index] if index < len(rows) else None
        height = row.height if row else EMPTY_ROW_HEIGHT
        x = MARGIN_X
        for i, (column, w) in enumerate(zip(columns, ws, strict=True)):
            size, lines = row.texts[i] if row else (BODY_SIZES[0], ())
            member = numbers[index] if row else None
            box = (x, y, x + w, y + height)
            cells.append(Cell(*box, lines, size, False, column.align, column.field, member))
            x += w
        y += height
    return cells, y


def header_cells(columns: Sequence[Column], top: int) -> tuple[list[Cell], int]:
    """The heading cells of a table (group headings spanning their columns) from ``top``.

    Returns the cells and the y where the body starts (below the column numbers).
    """
    ws = widths(columns)
    grouped = any(c.group for c in columns)
    fitted = [
        fit(c.heading, w - 2 * PAD_X, sizes=(HEAD_SIZE,), bold=True)
        for c, w in zip(columns, ws, strict=True)
    ]
    tier = max(len(lines) for _, lines in fitted) * line_height(HEAD_SIZE) + 2 * PAD_Y
    group_h = line_height(HEAD_SIZE) + 2 * PAD_Y if grouped else 0
    number_h = line_height(HEAD_SIZE - 4) + 2 * PAD_Y
    cells: list[Cell] = []
    x = MARGIN_X
    i = 0
    while i < len(columns):
        column = columns[i]
        if column.group is None:
            size, lines = fitted[i]
            cells.append(
                Cell(
                    x,
                    top,
                    x + ws[i],
                    top + group_h + tier,
                    lines,
                    size,
                    True,
                    "center",
                    middle=True,
                )
            )
            x += ws[i]
            i += 1
            continue
        j = i
        while j < len(columns) and columns[j].group == column.group:
            j += 1
        span = sum(ws[i:j])
        cells.append(
            Cell(
                x,
                top,
                x + span,
                top + group_h,
                (column.group,),
                HEAD_SIZE,
                True,
                "center",
                middle=True,
            )
        )
        for k in range(i, j):
            size, lines = fitted[k]
            cells.append(
                Cell(
                    x,
                    top + group_h,
                    x + ws[k],
                    top + group_h + tier,
                    lines,
                    size,
                    True,
                    "center",
                    middle=True,
                )
            )
            x += ws[k]
        i = j
    y = top + group_h + tier
    x = MARGIN_X
    for column, w in zip(columns, ws, strict=True):
        cells.append(
            Cell(
                x,
                y,
                x + w,
                y + number_h,
                (column.number,),
                HEAD_SIZE - 4,
                False,
                "center",
                middle=True,
            )
        )
        x += w
    return cells, y + number_h


def header_height(columns: Sequence[Column]) -> int:
    """How tall the heading of a table is (headings and column numbers)."""
    return header_cells(columns, 0)[1]


@dataclass(frozen=True)
class PageRows:
    """The members (0-based indexes) on one page, and the empty rows drawn below them."""

    members: range
    empty: int


def paginate(rows_1: Sequence[Row], rows_2: Sequence[Row], budget: int) -> list[PageRows]:
    """Members per page such that both tables' rows of a page fit in ``budget`` px.

    At most :data:`ROWS_PER_PAGE` members a page, and always at least one.
    Below them, empty rows complete each table to :data:`ROWS_PER_PAGE` rows
    as far as the height left allows (the printed form's blank rows).
    """
    pages: list[PageRows] = []
    start = 0
    while start < len(rows_1) or not pages:
        end, used = start, 0
        while end < len(rows_1) and end - start < ROWS_PER_PAGE:
            more = rows_1[end].height + rows_2[end].height
            if used + more > budget and end > start:
                break
            used += more
            end += 1
        room = max(0, budget - used) // (2 * EMPTY_ROW_HEIGHT)
        pages.append(PageRows(range(start, end), min(ROWS_PER_PAGE - (end - start), room)))
        start = end
    return pages
