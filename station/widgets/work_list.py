"""A role's queue of open cases: id, SOP step, state in words, waiting since."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from textual.reactive import reactive
from textual.widgets import DataTable

from kiosk.widgets.text import app_language
from shared.i18n import t

COLUMNS: tuple[str, ...] = ("case", "step", "state", "since")


def waiting_since(iso: str, today: date) -> str:
    """``09:15`` for today, ``20-11 09:15`` for an earlier day."""
    when = datetime.fromisoformat(iso)
    return f"{when:%H:%M}" if when.date() == today else f"{when:%d-%m %H:%M}"


class WorkList(DataTable[str]):
    """The cases waiting for one role (rows of ``CaseFlow.work_list``), in the app's language.

    ``cases`` is reactive: set it and the table is drawn again; switching the
    language draws it again too. ``today`` tells which times need a date.
    """

    DEFAULT_CSS = """
    WorkList { height: 1fr; }
    """

    cases: reactive[list[dict[str, Any]]] = reactive(list, init=False)

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.today = today

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._draw, init=True)

    def watch_cases(self) -> None:
        self._draw()

    def _draw(self) -> None:
        lang = app_language(self)
        self.clear(columns=True)
        for column in COLUMNS:
            self.add_column(t(f"station.home.column.{column}", lang), key=column)
        for row in self.cases:
            self.add_row(*self.cells(row, lang), key=str(row["id"]))

    def cells(self, row: dict[str, Any], lang: str) -> tuple[str, str, str, str]:
        """The four cells of ``row`` as shown in ``lang``."""
        return (
            str(row["id"]),
            t("station.home.step", lang, step=row.get("step")),
            t(f"state.{row['state']}", lang),
            waiting_since(str(row["state_since"]), self.today),
        )

    def texts(self) -> list[tuple[str, ...]]:
        """Every row as shown now (for tests)."""
        lang = app_language(self)
        return [self.cells(row, lang) for row in self.cases]
