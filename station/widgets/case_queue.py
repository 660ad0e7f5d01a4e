"""The back office's queue of cases: returned drafts first with the reviewer's note, then oldest.

Rows are the open-case summaries of :meth:`shared.workflow.CaseFlow.work_list`
(never whole families, so the Kabid's list of thousands stays quick). A
first column ticks the rows chosen for a batch (the Kabid's paraf, the final
print, the Kepala Dinas's signature).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.reactive import reactive
from textual.widgets import DataTable

from kiosk.widgets.text import app_language
from shared.i18n import t
from shared.sop import CaseState
from station.widgets.work_list import waiting_since

# Column keys and widths: what a clerk needs first comes first (the table scrolls sideways).
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("pick", 1),
    ("case", 14),
    ("step", 3),
    ("since", 11),
    ("name", 22),
    ("note", 34),
    ("kind", None),
)
RETURNED_STATES = {CaseState.INPUT.value, CaseState.KASI_REVIEW.value}


def returned(row: dict[str, Any]) -> bool:
    """A draft sent back by a reviewer (it carries the reviewer's note)."""
    return bool(row.get("rejections")) and row.get("state") in RETURNED_STATES


def queue_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Returned drafts on top, then oldest first."""
    return sorted(rows, key=lambda r: (not returned(r), r["state_since"], r["id"]))


class CaseQueue(DataTable[str]):
    """The cases waiting for one back-office role, in the app's language.

    ``cases`` is reactive; ``chosen`` holds the ids ticked for a batch (kept
    across re-reads while the case is still listed).
    """

    DEFAULT_CSS = """
    CaseQueue { height: 1fr; }
    """

    cases: reactive[list[dict[str, Any]]] = reactive(list, init=False)

    def __init__(self, today: date, kinds: dict[str, Any], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.today = today
        self.kinds = kinds
        self.chosen: set[str] = set()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._draw, init=True)

    def watch_cases(self) -> None:
        listed = {row["id"] for row in self.cases}
        self.chosen &= listed
        self._draw()

    def _draw(self) -> None:
        lang = app_language(self)
        current = self.current_id()
        self.clear(columns=True)
        for column, width in COLUMNS:
            self.add_column(t(f"backoffice.column.{column}", lang), key=column, width=width)
        for row in self.cases:
            self.add_row(*self.cells(row, lang), key=str(row["id"]))
        if current is not None and current in {r["id"] for r in self.cases}:
            self.move_cursor(row=self.get_row_index(current))

    def cells(self, row: dict[str, Any], lang: str) -> tuple[str, ...]:
        """The cells of ``row`` as shown in ``lang``."""
        kind = self.kinds.get(row.get("kind") or "")
        note = ""
        if returned(row) and row.get("last_note"):
            note = t("backoffice.returned_note", lang, note=row["last_note"])
        return (
            "✓" if row["id"] in self.chosen else " ",
            str(row["id"]),
            str(row.get("step") or "-"),
            waiting_since(str(row["state_since"]), self.today),
            str(row.get("head_name") or row.get("applicant_name") or "-"),
            note,
            kind.text(lang) if kind is not None else str(row.get("kind") or "-"),
        )

    def current_id(self) -> str | None:
        """The case under the cursor, if any."""
        if not self.cases or self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None
        return str(key.value) if key.value is not None else None

    def current_row(self) -> dict[str, Any] | None:
        """The summary row under the cursor."""
        wanted = self.current_id()
        return next((r for r in self.cases if r["id"] == wanted), None)

    def toggle(self, case_id: str | None = None) -> None:
        """Tick or untick ``case_id`` (default: the row under the cursor)."""
        case_id = case_id or self.current_id()
        if case_id is None:
            return
        self.chosen ^= {case_id}
        self.update_cell(case_id, "pick", "✓" if case_id in self.chosen else " ")

    def choose_all(self) -> None:
        """Tick every row, or untick them all when all are ticked."""
        every = {row["id"] for row in self.cases}
        self.chosen = set() if every <= self.chosen else every
        self._draw()

    def selection(self) -> list[str]:
        """The ticked cases in list order, else the one under the cursor."""
        if self.chosen:
            return [row["id"] for row in self.cases if row["id"] in self.chosen]
        current = self.current_id()
        return [current] if current else []

    def texts(self) -> list[tuple[str, ...]]:
        """Every row as shown now (for tests)."""
        lang = app_language(self)
        return [self.cells(row, lang) for row in self.cases]
