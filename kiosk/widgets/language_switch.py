"""The always-visible switch between Bahasa Indonesia and English."""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widgets import Button

from kiosk.widgets.big_button import BigButton


class LanguageSwitch(BigButton):
    """Names the language it switches to; a tap posts :class:`Toggled` for the app."""

    class Toggled(Message):
        """The citizen asked for the other language."""

    def __init__(self) -> None:
        super().__init__("kiosk.lang_switch", id="lang", classes="lang-switch")

    @on(Button.Pressed)
    def _toggle(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Toggled())
