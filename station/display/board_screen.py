"""The board: the numbers being served, very large; earlier calls; who waits.

The screen polls the store's change marker for tickets every
:data:`POLL_SECONDS` (a file read, about 15 µs); when it moved, the day's
tickets are read off the UI thread and the board is drawn again. New calls
and recalls blink their counter's panel and go to the app's announcer.
A store that cannot be read leaves the last board on screen, with a small
note, and is tried again.
"""

from __future__ import annotations

import logging
import time
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from kiosk.host import host_of
from kiosk.widgets import ClockHeader, Phrase, Say
from shared.board import Board, CallEvent, board, call_marks, new_calls
from shared.i18n import t
from shared.model import Ticket
from station.display.widgets import CounterPanel, RecentCalls, WaitingCounts

if TYPE_CHECKING:
    from station.display.app import DisplayApp

log = logging.getLogger(__name__)

POLL_SECONDS = 0.25
RETRY_SECONDS = 2.0  # after a failed read, wait this long before the next try


class BoardScreen(Screen[None]):
    """The public board of the office's queue (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: tuple[Any, date] | None = None  # (tickets marker, day) last drawn
        self._loading = False
        self._retry_at = 0.0
        self._failing = False
        self._last_ok: datetime | None = None
        self.board: Board | None = None
        self.events: list[CallEvent] = []
        """Every call and recall this screen announced (for tests and logs)."""

    @property
    def display_app(self) -> DisplayApp:
        """The display app, typed."""
        return cast("DisplayApp", host_of(self))

    def compose(self) -> ComposeResult:
        office = self.display_app.office
        name = office.config.office.short_name
        yield ClockHeader(lambda lang: f"{name} — {t('display.title', lang)}", office.now)
        with Horizontal(id="board"):
            with Vertical(id="serving"):
                for serving in board([], office.config).serving:
                    yield CounterPanel(serving)
            with Vertical(id="side"):
                yield Say("display.recent", classes="side-title")
                yield RecentCalls(id="recent")
                yield Say("display.waiting", classes="side-title")
                yield WaitingCounts(id="waiting")
        yield Say("", id="offline")

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll, name="poll")

    # -- reading the store ------------------------------------------------------------
    def poll(self) -> None:
        """Read the tickets again if they changed (or the day did, or the last read failed)."""
        if self._loading or time.monotonic() < self._retry_at:
            return
        office = self.display_app.office
        try:
            key = (office.store.marker()["changes"].get("tickets"), office.now().date())
        except Exception as error:  # noqa: BLE001 - shown as offline, tried again
            self._failed("the change marker", error)
            return
        if key == self._seen:
            self._last_ok = office.now()  # the board on screen is still the store's
            return
        self._loading = True
        self._load(key)

    @work(thread=True, exit_on_error=False, group="board")
    def _load(self, key: tuple[Any, date]) -> tuple[tuple[Any, date], list[Ticket]]:
        return key, self.display_app.office.queue.today(key[1])

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Back on the screen's own loop: an error in drawing is recovered like any other.
        worker = event.worker
        if worker.group != "board":
            return
        if event.state == WorkerState.SUCCESS and worker.result is not None:
            self._apply(*worker.result)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            error = worker.error if isinstance(worker.error, Exception) else None
            self._failed("the tickets", error)

    def _failed(self, what: str, error: Exception | None) -> None:
        self._loading = False
        self._seen = None
        self._retry_at = time.monotonic() + RETRY_SECONDS
        if not self._failing:
            log.error("the display could not read %s; trying again", what, exc_info=error)
        self._failing = True
        last = self._last_ok
        phrase: Phrase = (
            (lambda lang: t("display.offline", lang, time=f"{last:%H:%M:%S}"))
            if last is not None
            else "display.offline_never"
        )
        note = self.query_one("#offline", Say)
        note.phrase = phrase
        note.display = True

    # -- drawing ----------------------------------------------------------------------
    def _apply(self, key: tuple[Any, date], tickets: list[Ticket]) -> None:
        self._loading = False
        self._seen = key
        if self._failing:
            log.info("the display reads the store again")
        self._failing = False
        self._last_ok = self.display_app.office.now()
        self.query_one("#offline", Say).display = False
        app = self.display_app
        config = app.office.config
        self.show(board(tickets, config, app.lang))
        # The calls seen are the app's, so a board rebuilt after an error announces what it missed.
        seen = app.call_marks
        events = [] if seen is None else new_calls(seen, tickets, config)
        app.call_marks = call_marks(tickets)
        if events:
            self.called(events)

    def show(self, new: Board) -> None:
        """Draw ``new``."""
        self.board = new
        for serving in new.serving:
            self.query_one(f"#counter-{serving.counter}", CounterPanel).show(serving)
        self.query_one(RecentCalls).calls = new.recent
        self.query_one(WaitingCounts).counts = new.waiting

    def called(self, events: list[CallEvent]) -> None:
        """Blink the counters that called and hand the calls to the announcer."""
        self.events.extend(events)
        for event in events:
            for panel in self.query(f"#counter-{event.counter}").results(CounterPanel):
                panel.flash()
        self.display_app.announcer.announce(events)
