"""What every kiosk screen shares: the clock header, a body, the bottom bar, domain calls."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button

from kiosk.host import host_of
from kiosk.widgets import BigButton, ClockHeader, NavBar
from shared.errors import DomainError

if TYPE_CHECKING:
    from kiosk.app import KioskApp

T = TypeVar("T")
log = logging.getLogger(__name__)


class KioskScreen(Screen[None]):
    """A kiosk screen: :class:`ClockHeader` on top, :meth:`compose_body`, a :class:`NavBar`.

    Subclasses fill the body and name their bottom buttons; ``#back`` goes one
    screen back and ``#home`` back to the start, wherever they appear.
    """

    @property
    def kiosk(self) -> KioskApp:
        """The kiosk app, typed."""
        return cast("KioskApp", host_of(self))

    def compose(self) -> ComposeResult:
        office = self.kiosk.office
        name = office.config.office.short_name
        yield ClockHeader(lambda _lang: name, office.now)
        with Vertical(id="body"):
            yield from self.compose_body()
        yield NavBar(*self.nav_buttons())

    def compose_body(self) -> ComposeResult:
        """The screen's own content."""
        yield from ()

    def nav_buttons(self) -> list[BigButton]:
        """The bottom buttons (the language switch is added after them)."""
        return [BigButton("kiosk.nav.back", id="back")]

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#home")
    def _home(self) -> None:
        self.kiosk.go_home()

    def call_domain(
        self,
        work: Callable[[], T],
        then: Callable[[T], Any],
        *,
        on_problem: Callable[[DomainError], Any] | None = None,
    ) -> None:
        """Run ``work`` (store and printer I/O) off the UI thread, then ``then(result)``.

        A :class:`DomainError` goes to ``on_problem`` (default: a notice screen
        in the citizen's language); anything else becomes a polite notice. The
        worker belongs to this screen, so leaving the screen drops the result.
        """

        async def run() -> None:
            try:
                result = await asyncio.to_thread(work)
            except DomainError as problem:
                (on_problem or self.kiosk.show_problem)(problem)
                return
            except Exception:  # noqa: BLE001 - a citizen never sees a traceback
                log.exception("kiosk action failed")
                self.kiosk.show_problem(None)
                return
            then(result)

        self.run_worker(run(), group="domain", exit_on_error=False)
