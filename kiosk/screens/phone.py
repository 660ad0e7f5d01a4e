"""New application, last step: an optional mobile number, then the ticket."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult

from kiosk.issuing import TicketRequest
from kiosk.screens.base import KioskScreen
from kiosk.screens.issuing import application_issuing
from kiosk.widgets import BigButton, NumberEntry, Say

PHONE_MAX = 13


def group_phone(digits: str) -> str:
    """``081234567890`` → ``0812-3456-7890`` for reading back."""
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def phone_ok(digits: str) -> bool:
    """An Indonesian mobile number: 08…, 10 to 13 digits."""
    return digits.startswith("08") and 10 <= len(digits) <= PHONE_MAX


class PhoneScreen(KioskScreen):
    """The keypad for a mobile number; "Lewati" (skip) or "Ambil Nomor Antrian"."""

    def __init__(self, request: TicketRequest) -> None:
        super().__init__(classes="phone keypad-screen")
        self.request = request

    def compose_body(self) -> ComposeResult:
        yield Say("kiosk.phone.title", classes="title")
        yield Say("kiosk.phone.hint", classes="subtitle")
        yield NumberEntry(max_length=PHONE_MAX, grouping=group_phone, id="phone-entry")

    def nav_buttons(self) -> list[BigButton]:
        return [
            BigButton("kiosk.nav.back", id="back"),
            BigButton("kiosk.phone.skip", id="skip"),
            BigButton("kiosk.phone.take", id="take", variant="primary"),
        ]

    @on(BigButton.Pressed, "#skip")
    def _skip(self) -> None:
        self._issue(None)

    @on(BigButton.Pressed, "#take")
    def _take(self) -> None:
        self._submit(self.query_one(NumberEntry).value)

    @on(NumberEntry.Submitted)
    def _submitted(self, event: NumberEntry.Submitted) -> None:
        self._submit(event.value)

    def _submit(self, digits: str) -> None:
        if digits and not phone_ok(digits):
            self.query_one(NumberEntry).show_error("kiosk.phone.invalid")
            return
        self._issue(digits or None)

    def _issue(self, phone: str | None) -> None:
        request = replace(self.request, phone=phone)
        self.app.push_screen(application_issuing(self.kiosk, request))
