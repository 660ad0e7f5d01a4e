"""The display board's widgets: a counter with its ticket, the earlier calls, who waits."""

from __future__ import annotations

from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from kiosk.widgets import BigNumber, Say
from kiosk.widgets.big_number import GLYPH_HEIGHT, pixels
from kiosk.widgets.text import app_language
from shared.board import RecentCall, Serving, Waiting
from shared.i18n import t

FLASH_TIMES = 8  # half-second blinks of a panel whose counter just called
FLASH_SECONDS = 0.5
COMPACT_BELOW = 5  # panel rows under which the counter's big number is left out


class TicketNumber(BigNumber):
    """A ticket number in block letters; as plain bold text where the blocks would not fit."""

    def render(self) -> RenderResult:
        size = self.content_region.size
        grid = pixels(self.value) if self.value else [[]]
        if size.width < len(grid[0]) or 2 * size.height < GLYPH_HEIGHT:
            return Content(self.value)
        return super().render()


class CounterPanel(Vertical):
    """One counter: its name on a bar, the ticket it serves below, very large.

    :meth:`flash` blinks the panel for a few seconds after a call or recall.
    """

    DEFAULT_CSS = """
    CounterPanel { height: 1fr; }
    CounterPanel > .counter-name { height: 1; padding: 0 1; }
    CounterPanel > .panel-body { height: 1fr; }
    CounterPanel .ticket { width: 4fr; height: 1fr; }
    CounterPanel .idle { width: 4fr; height: 1fr; content-align: center middle; display: none; }
    CounterPanel.-idle .ticket { display: none; }
    CounterPanel.-idle .idle { display: block; }
    CounterPanel .counter-side { width: 1fr; min-width: 7; height: 1fr; }
    CounterPanel .counter-label { width: 1fr; height: 1; content-align: center bottom; }
    CounterPanel .counter-number { height: 1fr; }
    CounterPanel.-compact .counter-side { display: none; }
    """

    def __init__(self, serving: Serving) -> None:
        super().__init__(id=f"counter-{serving.counter}", classes="-idle")
        self.serving = serving
        self._flash: Timer | None = None
        self._blinks = 0

    def compose(self) -> ComposeResult:
        number, name = self.serving.counter, self.serving.counter_name
        yield Say(lambda _lang: name, classes="counter-name")
        with Horizontal(classes="panel-body"):
            yield TicketNumber("", id=f"ticket-{number}", classes="ticket")
            yield Say("display.idle", classes="idle")
            with Vertical(classes="counter-side"):
                yield Say("display.counter", classes="counter-label")
                yield TicketNumber(str(number), classes="counter-number")

    def on_resize(self) -> None:
        # Too low for the counter's number in block letters: the name on the bar says it.
        self.set_class(self.size.height < COMPACT_BELOW, "-compact")

    @property
    def ticket(self) -> str:
        """The ticket number shown ("" while the counter has none)."""
        return self.query_one(".ticket", TicketNumber).value

    def show(self, serving: Serving) -> None:
        """Show ``serving``'s ticket (or that the counter waits for a call)."""
        self.serving = serving
        self.query_one(".ticket", TicketNumber).value = serving.ticket or ""
        self.set_class(serving.ticket is None, "-idle")

    def flash(self) -> None:
        """Blink for a few seconds: a new call (or a recall) at this counter."""
        self._blinks = FLASH_TIMES
        self.add_class("-flash")
        if self._flash is None:
            self._flash = self.set_interval(FLASH_SECONDS, self._blink)

    @property
    def flashing(self) -> bool:
        """Whether the panel is blinking for a call now."""
        return self._flash is not None

    def _blink(self) -> None:
        self._blinks -= 1
        if self._blinks <= 0:
            self.remove_class("-flash")
            if self._flash is not None:
                self._flash.stop()
                self._flash = None
            return
        self.toggle_class("-flash")


class RecentCalls(Widget):
    """The earlier calls, newest first: "A-011  → Loket 1"."""

    DEFAULT_CSS = """
    RecentCalls { height: auto; }
    """

    calls: reactive[tuple[RecentCall, ...]] = reactive(tuple, layout=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._redraw, init=False)

    def _redraw(self) -> None:
        self.refresh(layout=True)

    def render(self) -> RenderResult:
        if not self.calls:
            return Content(t("display.no_calls", app_language(self)))
        return Content("\n".join(f"{c.ticket:<7} → {c.counter_name}" for c in self.calls))


class WaitingCounts(Widget):
    """How many wait per service: the service's name, the count at the right edge."""

    DEFAULT_CSS = """
    WaitingCounts { height: auto; }
    """

    counts: reactive[tuple[Waiting, ...]] = reactive(tuple, layout=True)

    def render(self) -> RenderResult:
        width = max(self.content_region.width, 10)
        lang = app_language(self)
        lines = []
        for w in self.counts:
            count = t("display.waiting_count", lang, count=w.count)
            name = w.name[: max(1, width - len(count) - 1)]
            lines.append(f"{name}{' ' * (width - len(name) - len(count))}{count}")
        return Content("\n".join(lines))
