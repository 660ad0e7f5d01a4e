"""The ticket: its number large (printed), or full-screen with "go to the information desk"."""

from __future__ import annotations

from textual.app import ComposeResult

from kiosk.issuing import Issued
from kiosk.screens.base import KioskScreen
from kiosk.widgets import BigButton, BigNumber, Phrase, Say
from shared.i18n import t
from shared.kiosk_info import format_wait


def _service_line(issued: Issued, screen: KioskScreen) -> Phrase:
    cfg = screen.kiosk.office.config
    service = cfg.service(issued.ticket.service)
    kind = cfg.kind(issued.ticket.kind) if issued.ticket.kind else None
    if kind is None:
        return service.text
    return lambda lang: t(
        "kiosk.ticket.service", lang, service=service.text(lang), kind=kind.text(lang)
    )


def _ahead_line(issued: Issued) -> Phrase:
    ahead, wait = issued.ahead, issued.wait
    if not ahead:
        return "kiosk.ticket.ahead_none"
    if wait is None:
        return lambda lang: t("kiosk.ticket.ahead_only", lang, ahead=ahead)
    return lambda lang: t("kiosk.ticket.ahead", lang, ahead=ahead, wait=format_wait(wait, lang))


class TicketScreen(KioskScreen):
    """The printed ticket: number, service, people ahead, estimated wait; home after a while."""

    def __init__(self, issued: Issued) -> None:
        super().__init__(classes="ticket")
        self.issued = issued

    def compose_body(self) -> ComposeResult:
        ticket = self.issued.ticket
        yield Say("kiosk.ticket.title", classes="title")
        if self.issued.again:
            yield Say("kiosk.ticket.already", classes="subtitle")
        yield BigNumber(ticket.display, id="number")
        yield Say(_service_line(self.issued, self), id="ticket-service")
        if ticket.priority:
            group = self.kiosk.office.config.queue.group(ticket.priority)
            yield Say(lambda lang: t("kiosk.ticket.priority", lang, group=group.text(lang)))
        yield Say(_ahead_line(self.issued), id="ticket-ahead")
        yield Say("kiosk.ticket.take_slip", classes="note")

    def nav_buttons(self) -> list[BigButton]:
        return [BigButton("kiosk.nav.home", id="home", variant="primary")]

    def on_mount(self) -> None:
        self.set_timer(self.kiosk.ticket_seconds, self.kiosk.go_home)


class PrintFailedScreen(KioskScreen):
    """The printer failed: the number fills the screen; the ticket stays valid in the queue.

    The citizen has no slip, so the number is drawn as large as the screen
    allows, to be read off (or photographed) and shown at the information desk.
    """

    def __init__(self, issued: Issued) -> None:
        super().__init__(classes="print-failed")
        self.issued = issued

    def compose_body(self) -> ComposeResult:
        yield Say("kiosk.failed.title", classes="title")
        yield BigNumber(self.issued.ticket.display, id="number")
        yield Say("kiosk.failed.desk", id="failed-desk", classes="desk")
        yield Say("kiosk.failed.valid", classes="note")

    def nav_buttons(self) -> list[BigButton]:
        return [BigButton("kiosk.nav.home", id="home", variant="primary")]
