"""Driving the station as a clerk would: type the ID, key in the PIN, tap."""

from __future__ import annotations

from pilot_steps import settle, tap  # noqa: F401 - the tests import them from here
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.widgets import BigButton, Say


async def log_in(pilot: Pilot, staff_id: str, pin: str, *, keypad: bool = False) -> None:
    """Fill in the ID and the PIN (tapped on the keypad if ``keypad``), then tap Masuk."""
    screen = pilot.app.screen
    screen.query_one("#staff-id", Input).value = staff_id
    screen.query_one("#pin", Input).value = ""
    if keypad:
        for digit in pin:
            assert await pilot.click(f"#key-{digit}")
    else:
        screen.query_one("#pin", Input).value = pin
    await pilot.pause()
    await tap(pilot, "#login")


def text(pilot: Pilot, selector: str) -> str:
    """The text a :class:`Say` or :class:`BigButton` shows now."""
    widget = pilot.app.screen.query_one(selector)
    assert isinstance(widget, Say | BigButton)
    return widget.text


def value(pilot: Pilot, selector: str) -> str:
    return pilot.app.screen.query_one(selector, Input).value
