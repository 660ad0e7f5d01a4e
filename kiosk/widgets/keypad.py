"""An on-screen numeric keypad that also takes a physical keyboard and a barcode scanner."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button

from kiosk.widgets.big_button import BigButton
from kiosk.widgets.text import Phrase

# Key order: phone-like in a 3-wide grid (1 2 3 / ... / 0 ⌫ C), two rows of five
# and the editing keys on short screens (see kiosk.tcss).
KEYS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "backspace", "clear")
# A key ignores a second tap within this time (Textual's press effect; its 0.2 s default
# would swallow a quick "00"), which still absorbs a touchscreen's bounce.
KEY_EFFECT_SECONDS = 0.08
# Characters a scanner or a person may type between digits; taken and ignored.
SEPARATORS = frozenset(" -/.")


def _same_in_every_language(text: str) -> Phrase:
    return lambda _lang: text


class Keypad(Widget, can_focus=True):
    """Digit keys, delete and clear, each at least five rows high.

    Taps and key presses post the same messages, so the owner does not care
    where a digit came from: :class:`DigitPressed`, :class:`Backspace`,
    :class:`Cleared`, and :class:`Done` for Enter (a barcode scanner ends
    every scan with Enter). The keypad holds focus so a scanner's fast typing
    arrives here; its buttons never take it.
    """

    DEFAULT_CSS = """
    Keypad {
        layout: grid;
        grid-size: 3;
        grid-gutter: 1 1;
        grid-rows: 5;
        height: auto;
        width: 1fr;
    }
    """

    class DigitPressed(Message):
        """A digit was tapped or typed."""

        def __init__(self, digit: str) -> None:
            self.digit = digit
            super().__init__()

    class Backspace(Message):
        """Delete the last digit."""

    class Cleared(Message):
        """Delete every digit."""

    class Done(Message):
        """Enter: the number is complete (a scanner sends this after a scan)."""

    def compose(self) -> ComposeResult:
        for key in KEYS:
            if key in ("backspace", "clear"):
                button = BigButton(f"kiosk.keypad.{key}", id=f"key-{key}", classes="edit")
            else:
                button = BigButton(_same_in_every_language(key), id=f"key-{key}", classes="digit")
            button.active_effect_duration = KEY_EFFECT_SECONDS
            yield button

    @on(Button.Pressed)
    def _tapped(self, event: Button.Pressed) -> None:
        event.stop()
        key = (event.button.id or "").removeprefix("key-")
        if key == "backspace":
            self.post_message(self.Backspace())
        elif key == "clear":
            self.post_message(self.Cleared())
        elif key.isdigit():
            self.post_message(self.DigitPressed(key))

    def on_key(self, event: events.Key) -> None:
        char = event.character or ""
        if len(char) == 1 and char.isdigit():
            self.post_message(self.DigitPressed(char))
        elif event.key == "backspace":
            self.post_message(self.Backspace())
        elif event.key in ("escape", "delete"):
            self.post_message(self.Cleared())
        elif event.key == "enter":
            self.post_message(self.Done())
        elif char not in SEPARATORS:
            return
        event.stop()
        event.prevent_default()
