"""What the supervisor's panes share: a table in the app's language, a pane that acts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from textual.containers import Vertical
from textual.widgets import DataTable, Input

from kiosk.widgets.text import Phrase, app_language, render_phrase

if TYPE_CHECKING:
    from shared.office import Office
    from station.screens.supervisor import SupervisorScreen

Row = tuple[str, Sequence[Phrase]]  # (row key, cells)


class PhraseTable(DataTable[str]):
    """A table whose headers are catalogue keys and whose cells are phrases.

    :meth:`show` sets the rows; switching the language draws the table again,
    keeping the highlighted row.
    """

    DEFAULT_CSS = """
    PhraseTable { height: auto; max-height: 100%; }
    """

    def __init__(
        self, columns: Sequence[str], *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.columns_keys = tuple(columns)
        self._rows: list[Row] = []

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._draw, init=True)

    def show(self, rows: Sequence[Row]) -> None:
        """Replace every row."""
        self._rows = list(rows)
        self._draw()

    def _draw(self) -> None:
        lang = app_language(self)
        row = self.cursor_row
        self.clear(columns=True)
        for key in self.columns_keys:
            self.add_column(render_phrase(key, lang), key=key)
        for key, cells in self._rows:
            self.add_row(*(render_phrase(c, lang) for c in cells), key=key)
        if self._rows:
            self.move_cursor(row=min(row, len(self._rows) - 1))

    def texts(self) -> list[tuple[str, ...]]:
        """Every row as shown now (for tests)."""
        lang = app_language(self)
        return [tuple(render_phrase(c, lang) for c in cells) for _, cells in self._rows]

    def keys(self) -> list[str]:
        """Every row's key, in order."""
        return [key for key, _ in self._rows]

    @property
    def chosen(self) -> str | None:
        """The key of the highlighted row, if any."""
        if not self._rows or self.cursor_row < 0:
            return None
        return self._rows[min(self.cursor_row, len(self._rows) - 1)][0]


class Pane(Vertical):
    """One tab of the supervisor's screen: acts through the screen (off the UI thread)."""

    @property
    def supervisor(self) -> SupervisorScreen:
        return cast("SupervisorScreen", self.screen)

    @property
    def office(self) -> Office:
        return self.supervisor.station.office

    def act(self, action: Callable[[], Any], done: Callable[[Any], None]) -> bool:
        """Run ``action`` in a worker; ``done(result)`` after; refusals in the screen's message."""
        return self.supervisor.act(action, done)

    def say(self, phrase: Phrase, *, problem: bool = False) -> None:
        self.supervisor.say(phrase, problem=problem)

    def loaded(self) -> None:
        """The tab was opened: read what it shows (panes override)."""


def placeholders(pane: Pane, **inputs: str) -> None:
    """Label the inputs ``#id`` with catalogue keys, again whenever the language changes."""

    def relabel() -> None:
        lang = app_language(pane)
        for selector, key in inputs.items():
            pane.query_one(f"#{selector.replace('_', '-')}", Input).placeholder = render_phrase(
                key, lang
            )

    pane.watch(pane.app, "lang", relabel, init=True)
