"""``kk station``: one staff app for every role. This module only wires things.

Screens live in :mod:`station.screens`, the look in ``station.tcss``; the
kiosk's widgets (keypad, big buttons, clock header, language switch) are
reused from :mod:`kiosk.widgets`. The app holds the language (``lang``, the
reactive every label watches), who is logged in, the counter this station
serves, and the idle timer that logs a forgotten session out.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.timer import Timer

from kiosk.recovery import RecoveringApp
from kiosk.widgets import LanguageSwitch
from shared.i18n import LANGUAGES
from shared.office import Office, Session
from shared.sop import Role
from station.screens.backoffice import ROLES as BACK_OFFICE
from station.screens.backoffice import BackOfficeScreen
from station.screens.counter import CounterScreen
from station.screens.login import LoginScreen
from station.screens.supervisor import SupervisorScreen

log = logging.getLogger(__name__)


class StationApp(RecoveringApp):
    """The staff station ``station`` over the office's shared store.

    ``counter`` defaults to ``[station] default_counter``, ``idle_seconds``
    to ``[station] idle_logout_minutes`` (tests pass something small or call
    :meth:`idle_timeout` themselves), ``lang`` to the office's language.
    """

    CSS_PATH = "station.tcss"
    TITLE = "Stasiun Petugas KK"
    ENABLE_COMMAND_PALETTE = False
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", show=False, priority=True),
    ]

    lang: reactive[str] = reactive("id", init=False)
    """The language every label is shown in: "id" (Bahasa Indonesia) or "en"."""

    def __init__(
        self,
        office: Office,
        *,
        station: str = "station-1",
        counter: int | None = None,
        lang: str | None = None,
        idle_seconds: float | None = None,
    ) -> None:
        super().__init__()
        self.office = office
        self.station = station
        self.counter = counter if counter is not None else office.config.station.default_counter
        self.set_reactive(StationApp.lang, lang if lang in LANGUAGES else office.config.language)
        minutes = office.config.station.idle_logout_minutes
        self.idle_seconds = float(idle_seconds or minutes * 60)
        self.session: Session | None = None
        self._idle: Timer | None = None
        self._login = LoginScreen()

    def on_mount(self) -> None:
        self.push_screen(self._login)
        self._idle = self.set_interval(self.idle_seconds, self.idle_timeout, name="idle")

    # -- language ---------------------------------------------------------------------
    def on_language_switch_toggled(self, _message: LanguageSwitch.Toggled) -> None:
        self.lang = "en" if self.lang == "id" else "id"

    # -- who is logged in -------------------------------------------------------------
    def logged_in(self, session: Session, name: str) -> None:
        """Open the home of ``session``'s role: the counter for the Pengolah Data."""
        self.session = session
        if self._idle is not None:
            self._idle.reset()
        if session.role is Role.PENGOLAH_DATA:
            self.push_screen(CounterScreen(session, name))
        elif session.role is Role.SUPERVISOR:
            self.push_screen(SupervisorScreen(session, name))
        elif session.role in BACK_OFFICE:
            self.push_screen(BackOfficeScreen(session, name))
        else:  # a role added to shared.sop without screens here: say so, stay logged out
            self.logout()
            self._login.show("station.no_screens")

    def logout(self) -> None:
        """Back to the log-in screen; every screen above it and the PIN are dropped."""
        self.session = None
        while self.screen is not self._login and len(self.screen_stack) > 2:
            self.pop_screen()
        self._login.clear()

    def idle_timeout(self) -> None:
        """Nobody touched the station for ``idle_seconds``: log out (the PIN is cleared too)."""
        self.logout()

    async def on_event(self, event: events.Event) -> None:
        # Any key or mouse activity, on any screen, restarts the idle countdown.
        if isinstance(event, events.InputEvent) and self._idle is not None:
            self._idle.reset()
        await super().on_event(event)

    # -- problems ---------------------------------------------------------------------
    def recovery_base(self) -> LoginScreen:
        return self._login

    async def recover(self, base_failed: bool) -> None:
        self.logout()
        if base_failed:
            self._login = LoginScreen()
            await self.switch_screen(self._login)
        self._login.show("station.unexpected")
