"""Big choice buttons, as many per page as fit the screen, paged with ▲ / ▼."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button

from kiosk.widgets.big_button import BigButton
from kiosk.widgets.text import Phrase, Say
from shared.i18n import t

ROW = 6  # a five-row button and one row of gutter
TWO_COLUMNS_FROM = 70  # cells of width


class ChoicePager(Widget):
    """One choice per :class:`BigButton`; a tap posts :class:`Chosen` with its value.

    A touchscreen cannot be relied on to scroll, so choices that do not fit
    are split into pages; the ▲ / ▼ buttons on the right turn them. Each choice
    button has the id ``{prefix}-{value}``.
    """

    DEFAULT_CSS = """
    ChoicePager { layout: horizontal; height: 1fr; }
    ChoicePager > .choices {
        grid-size: 2;
        grid-gutter: 1 2;
        grid-rows: 5;
        height: 1fr;
    }
    ChoicePager > .pages { width: 20; height: 1fr; margin-left: 2; }
    ChoicePager > .pages > Say { height: 1fr; content-align: center middle; text-align: center; }
    """

    page: reactive[int] = reactive(0, init=False)
    per_page: reactive[int] = reactive(0, init=False)

    class Chosen(Message):
        """A choice was tapped."""

        def __init__(self, pager: ChoicePager, value: str) -> None:
            self.pager = pager
            self.value = value
            super().__init__()

    def __init__(
        self, choices: Sequence[tuple[str, Phrase]], *, prefix: str, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.choices = list(choices)
        self.prefix = prefix

    def compose(self) -> ComposeResult:
        with Grid(classes="choices"):
            for value, phrase in self.choices:
                yield BigButton(phrase, id=f"{self.prefix}-{value}", classes="choice")
        with Vertical(classes="pages"):
            yield BigButton("kiosk.nav.prev", id=f"{self.prefix}-prev")
            yield Say(self._page_label(), classes="page-label")
            yield BigButton("kiosk.nav.next", id=f"{self.prefix}-next")

    @property
    def pages(self) -> int:
        """How many pages the choices take at the current size."""
        if not self.per_page:
            return 1
        return max(1, -(-len(self.choices) // self.per_page))

    def on_resize(self, event: events.Resize) -> None:
        columns = 2 if event.size.width >= TWO_COLUMNS_FROM else 1
        self.query_one(".choices", Grid).styles.grid_size_columns = columns
        rows = max(1, (event.size.height + 1) // ROW)
        self.per_page = rows * columns
        self.page = min(self.page, self.pages - 1)
        self._show_page()

    def watch_page(self) -> None:
        self._show_page()

    def _show_page(self) -> None:
        per_page = self.per_page or len(self.choices)
        start = self.page * per_page
        for i, button in enumerate(self.query(".choice").results(BigButton)):
            button.display = start <= i < start + per_page
        self.query_one(".pages").display = self.pages > 1
        self.query_one(f"#{self.prefix}-prev", BigButton).disabled = self.page == 0
        self.query_one(f"#{self.prefix}-next", BigButton).disabled = self.page >= self.pages - 1
        self.query_one(".page-label", Say).phrase = self._page_label()

    def _page_label(self) -> Phrase:
        page, pages = self.page + 1, self.pages
        return lambda lang: t("kiosk.nav.page", lang, page=page, pages=pages)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = (event.button.id or "").removeprefix(f"{self.prefix}-")
        if name == "prev":
            self.page = max(0, self.page - 1)
        elif name == "next":
            self.page = min(self.pages - 1, self.page + 1)
        else:
            self.post_message(self.Chosen(self, name))
