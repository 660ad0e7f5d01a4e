"""The bottom row of every kiosk screen: its actions, and the language switch."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget

from kiosk.widgets.big_button import BigButton
from kiosk.widgets.language_switch import LanguageSwitch


class NavBar(Widget):
    """Big buttons side by side at the bottom, the language switch always last."""

    DEFAULT_CSS = """
    NavBar {
        layout: horizontal;
        dock: bottom;
        height: 5;
    }
    NavBar > BigButton { margin: 0 1 0 0; }
    NavBar > LanguageSwitch { width: 22; margin: 0; }
    """

    def __init__(self, *buttons: BigButton) -> None:
        super().__init__()
        self.buttons = buttons

    def compose(self) -> ComposeResult:
        yield from self.buttons
        yield LanguageSwitch()
