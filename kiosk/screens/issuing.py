"""Taking and printing a ticket (off the UI thread), then the ticket or the failure screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import LoadingIndicator

from kiosk.issuing import Issued, TicketRequest, application_ticket, issue, pickup
from kiosk.screens.base import KioskScreen
from kiosk.screens.ticket import PrintFailedScreen, TicketScreen
from kiosk.widgets import BigButton, Say

if TYPE_CHECKING:
    from kiosk.app import KioskApp


class IssuingScreen(KioskScreen):
    """ "Printing your number…" while ``work`` stores and prints the ticket.

    Then replaced by the :class:`TicketScreen` (printed) or the
    :class:`PrintFailedScreen` (not printed: the number full-screen); a
    refusal (closed, quota) becomes a notice and no ticket exists.
    """

    def __init__(self, work: Callable[[], Issued]) -> None:
        super().__init__(classes="issuing")
        self.work = work

    def compose_body(self) -> ComposeResult:
        yield Say("kiosk.issuing.wait", classes="title")
        yield LoadingIndicator()

    def nav_buttons(self) -> list[BigButton]:
        return []

    def on_mount(self) -> None:
        self.call_domain(self.work, self._issued)

    def _issued(self, issued: Issued) -> None:
        screen = TicketScreen(issued) if issued.printed else PrintFailedScreen(issued)
        self.app.switch_screen(screen)


def application_issuing(kiosk: KioskApp, request: TicketRequest) -> IssuingScreen:
    """The screen that takes and prints an application ticket for ``request``."""
    office, station, lang = kiosk.office, kiosk.station, kiosk.lang
    take = application_ticket(office, request, station)
    return IssuingScreen(lambda: issue(office, take, kiosk.print_ticket, worker=station, lang=lang))


def pickup_issuing(kiosk: KioskApp, receipt: str) -> IssuingScreen:
    """The screen that takes and prints a pickup ticket for the case behind ``receipt``."""
    office, station, lang = kiosk.office, kiosk.station, kiosk.lang
    return IssuingScreen(
        lambda: pickup(office, receipt, kiosk.print_ticket, worker=station, lang=lang)
    )
