"""A number typed on the keypad (or scanned), shown large above it."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from kiosk.widgets.keypad import Keypad
from kiosk.widgets.text import Phrase, Say


class NumberEntry(Widget):
    """The digits typed so far, and the :class:`Keypad` that types them.

    ``value`` holds the bare digits; ``grouping`` formats them for reading
    (``2611230100124`` → ``261123-01-0012-4``). Posts :class:`Changed` on every
    change and :class:`Submitted` on Enter. Digits beyond ``max_length`` are
    dropped, so a scanned code that carries more than the number keeps only
    its leading digits.
    """

    DEFAULT_CSS = """
    NumberEntry {
        layout: horizontal;
        height: auto;
    }
    """

    value: reactive[str] = reactive("")

    class Changed(Message):
        """The digits changed."""

        def __init__(self, entry: NumberEntry, value: str) -> None:
            self.entry = entry
            self.value = value
            super().__init__()

    class Submitted(Message):
        """Enter was pressed (or a scan ended)."""

        def __init__(self, entry: NumberEntry, value: str) -> None:
            self.entry = entry
            self.value = value
            super().__init__()

    def __init__(
        self,
        *,
        max_length: int,
        grouping: Callable[[str], str] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.max_length = max_length
        self.grouping = grouping or (lambda digits: digits)

    def compose(self) -> ComposeResult:
        with Vertical(classes="entry-side"):
            yield Say(self._shown(self.value), classes="entry-display -empty")
            yield Say("", classes="entry-error")
        yield Keypad()

    def _shown(self, value: str) -> Phrase:
        if not value:
            return "kiosk.keypad.empty"
        shown = self.grouping(value)
        return lambda _lang: shown

    def watch_value(self, value: str) -> None:
        if not self.is_mounted:
            return
        display = self.query_one(".entry-display", Say)
        display.set_class(not value, "-empty")
        display.phrase = self._shown(value)
        self.post_message(self.Changed(self, value))

    def show_error(self, phrase: Phrase) -> None:
        """Show a problem with the number under it (cleared by the next key)."""
        self.query_one(".entry-error", Say).phrase = phrase

    def clear(self) -> None:
        """Forget every digit."""
        self.value = ""

    @on(Keypad.DigitPressed)
    def _digit(self, event: Keypad.DigitPressed) -> None:
        event.stop()
        self.show_error("")
        if len(self.value) < self.max_length:
            self.value += event.digit

    @on(Keypad.Backspace)
    def _backspace(self, event: Keypad.Backspace) -> None:
        event.stop()
        self.show_error("")
        self.value = self.value[:-1]

    @on(Keypad.Cleared)
    def _cleared(self, event: Keypad.Cleared) -> None:
        event.stop()
        self.show_error("")
        self.value = ""

    @on(Keypad.Done)
    def _done(self, event: Keypad.Done) -> None:
        event.stop()
        self.post_message(self.Submitted(self, self.value))
