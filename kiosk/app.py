"""``kk kiosk``: the citizen's touchscreen kiosk. This module only wires things.

Screens live in :mod:`kiosk.screens`, widgets in :mod:`kiosk.widgets`, the
look in ``kiosk.tcss``, the domain in :mod:`shared` (the kiosk's own helpers
in :mod:`shared.kiosk_info`, ticket printing in :mod:`kiosk.issuing`).

Made for touch: Textual receives taps as mouse clicks, every action is a
large button, numbers are typed on an on-screen keypad (a keyboard and a
barcode scanner also work). The app holds the language (``lang``, a
reactive every label watches), the idle timer that brings any screen back
home, and the last line of defence that turns an unexpected error into a
polite message instead of a traceback.

A citizen cannot quit the kiosk: Textual's ctrl+q and ctrl+c bindings are not
inherited. Staff leave with **ctrl+\\** (ctrl+backslash), a hidden key that
asks for a staff ID and PIN first (:class:`~kiosk.screens.staff_exit.StaffExitScreen`).
"""

from __future__ import annotations

import logging
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.timer import Timer

from kiosk.issuing import PrintTicket, default_print_ticket
from kiosk.recovery import RecoveringApp
from kiosk.screens.home import HomeScreen
from kiosk.screens.notice import notice_for
from kiosk.screens.staff_exit import StaffExitScreen
from kiosk.widgets import LanguageSwitch
from shared.errors import DomainError
from shared.i18n import LANGUAGES
from shared.office import Office

log = logging.getLogger(__name__)


class KioskApp(RecoveringApp, inherit_bindings=False):
    """The kiosk of one touchscreen (``station``) over the office's shared store.

    ``print_ticket`` prints a stored job (default: the office's print
    service); tests inject a fake. ``idle_seconds`` defaults to
    ``[kiosk] idle_seconds`` of config.toml, ``lang`` to the office's language.
    """

    CSS_PATH = "kiosk.tcss"
    TITLE = "Kiosk KK"
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    # No ctrl+q / ctrl+c: the hidden ctrl+backslash, then a staff PIN, is the only way out.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+backslash", "staff_exit", show=False, priority=True, system=True),
    ]

    lang: reactive[str] = reactive("id", init=False)
    """The language every label is shown in: "id" (Bahasa Indonesia) or "en"."""

    def __init__(
        self,
        office: Office,
        *,
        station: str = "kiosk-1",
        lang: str | None = None,
        idle_seconds: float | None = None,
        print_ticket: PrintTicket | None = None,
        ticket_seconds: float = 20.0,
    ) -> None:
        super().__init__()
        self.office = office
        self.station = station
        self.default_lang = lang if lang in LANGUAGES else office.config.language
        self.set_reactive(KioskApp.lang, self.default_lang)
        self.idle_seconds = float(idle_seconds or office.config.kiosk.idle_seconds)
        self.ticket_seconds = ticket_seconds
        self.print_ticket: PrintTicket = print_ticket or default_print_ticket
        self._idle: Timer | None = None
        self._home = HomeScreen()

    def on_mount(self) -> None:
        # Home sits on Textual's blank default screen, so it can be replaced (see recover).
        self.push_screen(self._home)
        self._idle = self.set_interval(self.idle_seconds, self.idle_timeout, name="idle")

    # -- language ---------------------------------------------------------------------
    def on_language_switch_toggled(self, _message: LanguageSwitch.Toggled) -> None:
        self.lang = "en" if self.lang == "id" else "id"

    # -- going home -------------------------------------------------------------------
    def go_home(self) -> None:
        """Back to the start screen; every screen above it (and what was typed) is dropped.

        Not while staff are typing their PIN to leave: a ticket's or the idle
        timer's return home must not close the box under their fingers.
        """
        if isinstance(self.screen, StaffExitScreen):
            return
        while self.screen is not self._home and len(self.screen_stack) > 2:
            self.pop_screen()

    def action_staff_exit(self) -> None:
        """Quit, once a staff member's ID and PIN check out."""
        if isinstance(self.screen, StaffExitScreen):
            return

        def done(ok: bool | None) -> None:
            if ok:
                self.exit()

        self.push_screen(StaffExitScreen(self.office, self.lang, self.station), done)

    def idle_timeout(self) -> None:
        """Nobody touched the kiosk for ``idle_seconds``: home, in the office's language."""
        if isinstance(self.screen, StaffExitScreen):
            return
        self.go_home()
        self.lang = self.default_lang

    async def on_event(self, event: events.Event) -> None:
        # Any touch or key, on any screen, restarts the idle countdown.
        if isinstance(event, events.InputEvent) and self._idle is not None:
            self._idle.reset()
        await super().on_event(event)

    # -- problems ---------------------------------------------------------------------
    def show_problem(self, problem: DomainError | None) -> None:
        """A notice with ``problem``'s message in the citizen's language (or a polite apology)."""
        self.push_screen(notice_for(problem))

    def recovery_base(self) -> HomeScreen:
        return self._home

    async def recover(self, base_failed: bool) -> None:
        self.go_home()
        if base_failed:
            self._home = HomeScreen()
            await self.switch_screen(self._home)
        self.show_problem(None)
