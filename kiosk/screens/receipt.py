"""Pickup and status: the pickup receipt number, scanned or typed on the keypad."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult

from kiosk.screens.base import KioskScreen
from kiosk.screens.issuing import pickup_issuing
from kiosk.screens.status import StatusScreen
from kiosk.widgets import BigButton, NumberEntry, Say
from shared.errors import DomainError
from shared.kiosk_info import RECEIPT_DIGITS, PublicStatus, group_receipt, public_status

Mode = Literal["pickup", "status"]


class ReceiptScreen(KioskScreen):
    """The receipt number; then a pickup ticket (KK ready) or the case's status.

    ``mode`` "pickup": a READY case gets a pickup-queue ticket, any other
    shows its status with "not ready yet"; "status": always the status. A
    wrong number is explained under the digits, which stay for correcting.
    """

    def __init__(self, mode: Mode, *, scanned: str | None = None) -> None:
        super().__init__(classes=f"receipt receipt-{mode} keypad-screen")
        self.mode = mode
        self._scanned = scanned  # a receipt number scanned on the start screen: looked up now

    def compose_body(self) -> ComposeResult:
        yield Say(f"kiosk.receipt.{self.mode}_title", classes="title")
        yield Say("kiosk.receipt.hint", classes="subtitle")
        yield NumberEntry(max_length=RECEIPT_DIGITS, grouping=group_receipt, id="receipt-entry")

    def nav_buttons(self) -> list[BigButton]:
        return [
            BigButton("kiosk.nav.back", id="back"),
            BigButton(f"kiosk.receipt.{self.mode}_go", id="go", variant="primary"),
        ]

    def on_mount(self) -> None:
        if self._scanned:
            self.query_one(NumberEntry).value = self._scanned
            self._look_up(self._scanned)

    @on(BigButton.Pressed, "#go")
    def _go(self) -> None:
        self._look_up(self.query_one(NumberEntry).value)

    @on(NumberEntry.Submitted)
    def _submitted(self, event: NumberEntry.Submitted) -> None:
        self._look_up(event.value)

    def _look_up(self, digits: str) -> None:
        office = self.kiosk.office
        self.call_domain(lambda: public_status(office, digits), self._found, on_problem=self._wrong)

    def _wrong(self, problem: DomainError) -> None:
        self.query_one(NumberEntry).show_error(problem.message)

    def _found(self, status: PublicStatus) -> None:
        if self.mode == "pickup" and status.ready:
            self.app.push_screen(pickup_issuing(self.kiosk, status.receipt))
        else:
            self.app.push_screen(StatusScreen(status, pickup=self.mode == "pickup"))
