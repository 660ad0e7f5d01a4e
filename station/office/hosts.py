"""The hosts of ``kk office``'s modes: what each mode's screens ask of "their app".

Run alone, a kiosk screen asks the :class:`~kiosk.app.KioskApp` for the
office, its station name, ``go_home``...; a counter screen asks the
:class:`~station.app.StationApp` for the session, the counter, ``logout``...
In the office app one host per mode answers instead (the screens find it
with :func:`kiosk.host.host_of`). A host acts on its own mode only: its
screens are on the app's stack while the mode is on screen, so a host whose
mode is in the background (an idle log-out, say) does the work when its mode
comes back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from kiosk.issuing import PrintTicket, default_print_ticket
from kiosk.screens.home import HomeScreen
from kiosk.screens.notice import notice_for
from shared.announce import Announcer, Announces
from shared.board import CallMark
from shared.document_print import worker_name
from shared.errors import DomainError
from shared.i18n import t
from shared.model import PrintJob
from shared.office import Office, Session
from shared.print_loop import PrintLoop, StopReporting
from shared.sop import Role
from station.display.app import silent
from station.display.board_screen import BoardScreen
from station.print_station.login import StaffLogin
from station.print_station.queue_screen import QueueScreen
from station.screens.backoffice import ROLES as BACK_OFFICE
from station.screens.backoffice import BackOfficeScreen
from station.screens.counter import CounterScreen
from station.screens.login import LoginScreen
from station.screens.supervisor import SupervisorScreen

if TYPE_CHECKING:
    from station.office.app import OfficeApp

log = logging.getLogger(__name__)


class Host:
    """One mode of the office app: its base screen, its look, and what its screens need."""

    look = "station"

    def __init__(self, app: OfficeApp, mode: str, station: str) -> None:
        self.app = app
        self.mode = mode
        self.station = station
        self.base: Screen[Any] | None = None

    # -- what every screen asks ----------------------------------------------------------
    @property
    def office(self) -> Office:
        return self.app.office

    @property
    def lang(self) -> str:
        return self.app.lang

    @lang.setter
    def lang(self, value: str) -> None:
        self.app.lang = value

    # -- the mode -------------------------------------------------------------------------
    @property
    def current(self) -> bool:
        """Is this mode on screen?"""
        return self.app.current_mode == self.mode

    def new_base(self) -> Screen[Any]:
        """A new base screen for this mode."""
        raise NotImplementedError

    def base_screen(self) -> Screen[Any]:
        """Textual's factory for the mode's base screen (tagged with this host)."""
        self.base = self.app.tag(self.new_base(), self)
        return self.base

    def to_base(self) -> None:
        """Drop every screen above the base (this mode must be on screen)."""
        while self.app.screen is not self.base and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def entered(self) -> None:
        """The mode is on screen again: catch up with what happened meanwhile."""

    def idle(self) -> None:
        """Nobody touched the office PC for the mode's idle time."""

    async def recover(self, base_failed: bool) -> None:
        """After an unexpected error: back to the base (a new one if it failed)."""
        self.to_base()
        if base_failed:
            await self.app.switch_screen(self.app.tag(self.new_base(), self))
            self.base = self.app.screen


class KioskHost(Host):
    """The citizen's kiosk (:class:`~kiosk.app.KioskApp`'s part)."""

    look = "kiosk"

    def __init__(
        self,
        app: OfficeApp,
        *,
        default_lang: str,
        idle_seconds: float,
        print_ticket: PrintTicket | None = None,
        ticket_seconds: float = 20.0,
    ) -> None:
        super().__init__(app, "kiosk", "office-kiosk")
        self.default_lang = default_lang
        self.idle_seconds = idle_seconds
        self.ticket_seconds = ticket_seconds
        self.print_ticket: PrintTicket = print_ticket or default_print_ticket

    def new_base(self) -> Screen[Any]:
        return HomeScreen()

    def go_home(self) -> None:
        """Back to the start screen, unless staff are typing their PIN to leave."""
        from station.office.app import StaffExitScreen

        if self.current and not isinstance(self.app.screen, StaffExitScreen):
            self.to_base()

    def show_problem(self, problem: DomainError | None) -> None:
        if self.current:
            self.app.push_screen(notice_for(problem))

    def entered(self) -> None:
        """A fresh kiosk for the next citizen: the start screen, the office's language."""
        self.to_base()
        self.lang = self.default_lang

    def idle(self) -> None:
        if self.current:
            self.go_home()
            if not self.app.staff_exit_open():
                self.lang = self.default_lang

    async def recover(self, base_failed: bool) -> None:
        await super().recover(base_failed)
        self.show_problem(None)


class StationHost(Host):
    """A staff station for some roles (:class:`~station.app.StationApp`'s part).

    The office has three: the counter (Pengolah Data), the back office
    (Admin SIAK, Kasi, Kabid, Kepala Dinas) and the supervisor, each with its
    own log-in, so a one-PC office can follow a case from desk to desk.
    """

    HOMES: dict[Role, Callable[[Session, str], Screen[Any]]] = {
        Role.PENGOLAH_DATA: CounterScreen,
        Role.SUPERVISOR: SupervisorScreen,
        **dict.fromkeys(BACK_OFFICE, BackOfficeScreen),
    }

    def __init__(self, app: OfficeApp, mode: str, roles: frozenset[Role]) -> None:
        super().__init__(app, mode, f"office-{mode}")
        self.roles = roles
        self.session: Session | None = None
        self._logged_out_away = False

    @property
    def counter(self) -> int | None:
        return self.app.counter

    def new_base(self) -> Screen[Any]:
        return LoginScreen()

    def logged_in(self, session: Session, name: str) -> None:
        """The role's home, if this mode is where the role works."""
        if session.role not in self.roles:
            self.logout()
            elsewhere = self.app.mode_of(session.role)

            def wrong(lang: str) -> str:
                where = t(f"office.mode.{elsewhere}", lang) if elsewhere else "-"
                return t(
                    "office.wrong_mode", lang, role=t(f"role.{session.role}", lang), mode=where
                )

            self._login().show(wrong)
            return
        self.session = session
        self.app.push_screen(self.HOMES[session.role](session, name))

    def logout(self) -> None:
        """Back to the log-in (now, or when the mode is next on screen)."""
        self.session = None
        if self.base is None:
            return  # the mode was never opened
        if self.current:
            self.to_base()
            self._login().clear()
        else:
            self._logged_out_away = True

    def _login(self) -> LoginScreen:
        assert isinstance(self.base, LoginScreen)
        return self.base

    def entered(self) -> None:
        if self._logged_out_away:
            self._logged_out_away = False
            self.to_base()
            self._login().clear()

    def idle(self) -> None:
        if self.session is not None:
            self.logout()

    async def recover(self, base_failed: bool) -> None:
        self.logout()
        await super().recover(base_failed)
        self._login().show("station.unexpected")


class PrintHost(Host):
    """The print station (:class:`~station.print_station.app.PrintStationApp`'s part).

    Its printing thread runs as long as the office app does, whatever mode is
    on screen: the A4 printer never waits for someone to open this mode.
    """

    look = "print"

    def __init__(self, app: OfficeApp, *, auto: bool = True, interval: float = 3.0) -> None:
        super().__init__(app, "print", "office-print")
        self.worker = worker_name(self.station)
        self.auto = auto
        self.session: Session | None = None
        self.staff_name: str | None = None
        self._after_login: Callable[[Session], None] | None = None
        self.loop = PrintLoop(
            app.office, self.worker, interval=interval, is_on=lambda: self.auto, report=self._report
        )

    def new_base(self) -> Screen[Any]:
        return QueueScreen()

    def _queue(self) -> QueueScreen | None:
        return self.base if isinstance(self.base, QueueScreen) else None

    def _report(self, done: list[PrintJob]) -> None:
        queue = self._queue()
        if queue is None:
            return  # the mode was never opened: nothing shows the queue
        try:
            self.app.call_from_thread(queue.report, done)
        except RuntimeError as stopped:  # the app stopped meanwhile
            raise StopReporting from stopped

    def wake(self) -> None:
        self.loop.wake()

    def print_once(self) -> list[PrintJob]:
        return self.loop.print_once()

    def ask_login(self, then: Callable[[Session], None] | None) -> None:
        self._after_login = then
        self.app.push_screen(StaffLogin())

    def logged_in(self, session: Session, name: str) -> None:
        self.session, self.staff_name = session, name
        if isinstance(self.app.screen, StaffLogin):
            self.app.pop_screen()
        queue = self._queue()
        if queue is not None:
            queue.show_status()
        then, self._after_login = self._after_login, None
        if then is not None:
            then(session)

    def logout(self) -> None:
        self.session = self.staff_name = None
        self._after_login = None
        if self.current:
            self.to_base()
        queue = self._queue()
        if queue is not None and queue.is_mounted:
            queue.show_status()

    def entered(self) -> None:
        if self.session is None:
            self.to_base()

    def idle(self) -> None:
        if self.session is not None:
            self.logout()

    async def recover(self, base_failed: bool) -> None:
        self.logout()
        await super().recover(base_failed)
        queue = self._queue()
        if queue is not None:
            queue.say("station.unexpected", problem=True)


class DisplayHost(Host):
    """The queue display (:class:`~station.display.app.DisplayApp`'s part)."""

    look = "display"

    def __init__(self, app: OfficeApp, *, announcer: Announces | None, sound: bool) -> None:
        super().__init__(app, "display", "office-display")
        settings = app.office.config.display if sound else silent(app.office.config.display)
        self.announcer: Announces = announcer or Announcer(settings)
        self.call_marks: dict[str, CallMark] | None = None

    def new_base(self) -> Screen[Any]:
        return BoardScreen()

    @property
    def board_screen(self) -> BoardScreen | None:
        return self.base if isinstance(self.base, BoardScreen) else None

    def close(self) -> None:
        self.announcer.close()
