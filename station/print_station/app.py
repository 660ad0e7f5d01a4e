"""``kk print-station``: the print station's app. This module only wires things.

The screen is :mod:`station.print_station.queue_screen`, its table
:mod:`station.print_station.job_table`; the look is the station's
``station.tcss`` plus ``print_station.tcss``; the printing itself is
:mod:`shared.document_print`.

While the app runs, a thread prints the queue's ready jobs one after the
other (:func:`~shared.document_print.print_pending_documents`), woken every
``interval`` seconds, when staff act, or at once when unpaused; **Jeda**
pauses it. Several print stations may run on one store: each job is
claimed in the store before it is printed, so none is printed twice.

The print station is a back-office PC: it prints with nobody logged in.
Retry, reprint and cancel are recorded under a staff member, so they ask for
a log-in first (the station's :class:`~station.screens.login.LoginScreen`, any
role, with a way back); the session ends after the station's idle time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.timer import Timer

from kiosk.recovery import RecoveringApp
from kiosk.widgets import LanguageSwitch
from shared.document_print import worker_name
from shared.i18n import LANGUAGES
from shared.model import PrintJob
from shared.office import Office, Session
from shared.print_loop import PrintLoop, StopReporting
from station.print_station.login import StaffLogin
from station.print_station.queue_screen import QueueScreen

log = logging.getLogger(__name__)

AfterLogin = Callable[[Session], None]


class PrintStationApp(RecoveringApp):
    """The print station ``station`` over the office's shared store.

    ``auto`` False starts paused (tests print by calling :meth:`print_once`);
    ``interval`` is how often the printing thread looks for ready jobs;
    ``idle_seconds`` ends a staff session left alone (default: ``[station]
    idle_logout_minutes``).
    """

    CSS_PATH = ["../station.tcss", "print_station.tcss"]  # noqa: RUF012 - Textual reads it
    TITLE = "Stasiun Cetak KK"
    ENABLE_COMMAND_PALETTE = False
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", show=False, priority=True),
    ]

    lang: reactive[str] = reactive("id", init=False)
    """The language every label is shown in: "id" (Bahasa Indonesia) or "en"."""

    def __init__(
        self,
        office: Office,
        *,
        station: str = "print-1",
        lang: str | None = None,
        auto: bool = True,
        interval: float = 1.0,
        idle_seconds: float | None = None,
    ) -> None:
        super().__init__()
        self.office = office
        self.station = station
        self.worker = worker_name(station)
        self.auto = auto
        self.interval = interval
        self.set_reactive(
            PrintStationApp.lang, lang if lang in LANGUAGES else office.config.language
        )
        minutes = office.config.station.idle_logout_minutes
        self.idle_seconds = float(idle_seconds or minutes * 60)
        self.session: Session | None = None
        self.staff_name: str | None = None
        self._after_login: AfterLogin | None = None
        self._queue = QueueScreen()
        self._idle: Timer | None = None
        self._printing = PrintLoop(
            office,
            self.worker,
            interval=interval,
            is_on=lambda: self.auto,
            report=self._report,
        )

    def on_mount(self) -> None:
        self.push_screen(self._queue)
        self._idle = self.set_interval(self.idle_seconds, self.logout, name="idle")
        self._printing.start()

    def on_unmount(self) -> None:
        self._printing.stop()

    # -- printing -----------------------------------------------------------------------
    def wake(self) -> None:
        """Look for ready jobs now (after staff acted, or when unpaused)."""
        self._printing.wake()

    def print_once(self) -> list[PrintJob]:
        """Print every ready job now (from any thread); the jobs as they ended."""
        return self._printing.print_once()

    def _report(self, done: list[PrintJob]) -> None:
        """From the printing thread: the jobs a pass finished, to the queue's table."""
        try:
            self.call_from_thread(self._queue.report, done)
        except RuntimeError as stopped:  # the app stopped meanwhile
            raise StopReporting from stopped

    # -- language -----------------------------------------------------------------------
    def on_language_switch_toggled(self, _message: LanguageSwitch.Toggled) -> None:
        self.lang = "en" if self.lang == "id" else "id"

    # -- who is logged in ---------------------------------------------------------------
    def ask_login(self, then: AfterLogin | None) -> None:
        """Open the log-in screen; ``then(session)`` runs after a successful log-in."""
        self._after_login = then
        self.push_screen(StaffLogin())

    def logged_in(self, session: Session, name: str) -> None:
        """Called by the log-in screen: back to the queue, then the action that asked."""
        self.session, self.staff_name = session, name
        if self._idle is not None:
            self._idle.reset()
        if isinstance(self.screen, StaffLogin):
            self.pop_screen()
        self._queue.show_status()
        then, self._after_login = self._after_login, None
        if then is not None:
            then(session)

    def logout(self) -> None:
        """End the staff session (printing goes on)."""
        self.session = self.staff_name = None
        self._after_login = None
        while self.screen is not self._queue and len(self.screen_stack) > 2:
            self.pop_screen()
        self._queue.show_status()

    async def on_event(self, event: events.Event) -> None:
        # Any key or mouse activity restarts the idle countdown of the staff session.
        if isinstance(event, events.InputEvent) and self._idle is not None:
            self._idle.reset()
        await super().on_event(event)

    # -- problems -----------------------------------------------------------------------
    def recovery_base(self) -> QueueScreen:
        return self._queue

    async def recover(self, base_failed: bool) -> None:
        self.logout()
        if base_failed:
            self._queue = QueueScreen()
            await self.switch_screen(self._queue)
        self._queue.say("station.unexpected", problem=True)
