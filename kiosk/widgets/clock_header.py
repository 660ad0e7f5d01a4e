"""The top line of every kiosk screen: the office's name, today's date and the time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.widget import Widget

from kiosk.widgets.text import Phrase, Say
from shared.kiosk_info import format_date


class ClockHeader(Widget):
    """Office name on the left, date and time on the right, ticking every second.

    ``now`` is the office clock (a manual clock in tests), so the time shown is
    office time (WIB) whatever the machine's own time zone.
    """

    DEFAULT_CSS = """
    ClockHeader {
        layout: horizontal;
        height: 3;
        dock: top;
    }
    ClockHeader > Say { width: 1fr; height: 3; content-align: left middle; padding: 0 2; }
    ClockHeader > #header-clock { content-align: right middle; }
    """

    def __init__(self, title: Phrase, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.title = title
        self.now = now

    def compose(self) -> ComposeResult:
        yield Say(self.title, id="header-title")
        yield Say(self._clock(), id="header-clock")

    def on_mount(self) -> None:
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        """Show the time again (called every second)."""
        self.query_one("#header-clock", Say).phrase = self._clock()

    def _clock(self) -> Phrase:
        now = self.now()
        return lambda lang: f"{format_date(now.date(), lang)}   {now:%H:%M:%S}"
