"""The staff station's log-in screen, with a way back to the queue."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Button

from kiosk.widgets import BigButton, NavBar
from station.screens.login import LoginScreen


class StaffLogin(LoginScreen):
    """:class:`LoginScreen` over the print queue: **Kembali** (or Escape) returns to it."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "back", "")]

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, NavBar):
                yield NavBar(BigButton("counter.back", id="back"))
            else:
                yield widget

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Back to the queue without logging in."""
        self.app.pop_screen()
