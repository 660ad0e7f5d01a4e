"""The staff ID field of a log-in, which hands what follows Enter to the PIN field."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input


class StaffIdInput(Input):
    """A staff ID; after Enter, the keys typed are the PIN's.

    Staff type ID, Enter, PIN, Enter in one go. Textual moves the focus to
    the PIN field only after the keys already typed have reached this field,
    so a quick typist's PIN would land here, in clear text on the screen (on
    the kiosk, in front of the queue). So from Enter until this field is
    focused again, printable keys, Backspace and Enter go to the field
    ``pin`` (a selector on the same screen).
    """

    def __init__(self, *, pin: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pin_selector = pin
        self._passing = False

    def _pin(self) -> Input:
        return self.screen.query_one(self.pin_selector, Input)

    async def _on_key(self, event: events.Key) -> None:
        if self._passing:
            pin = self._pin()
            if event.is_printable and event.character:
                pin.insert_text_at_cursor(event.character)
            elif event.key == "backspace":
                pin.action_delete_left()
            elif event.key == "enter":
                await pin.action_submit()
            else:
                await super()._on_key(event)
                return
            event.stop()
            event.prevent_default()
            return
        if event.key == "enter":
            self._passing = True
        await super()._on_key(event)

    def _on_focus(self, event: events.Focus) -> None:
        self._passing = False
        super()._on_focus(event)
