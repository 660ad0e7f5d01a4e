"""Driving the kiosk by taps alone, as a citizen would."""

from __future__ import annotations

from pilot_steps import settle, tap  # noqa: F401 - the tests import them from here
from textual.pilot import Pilot

from kiosk.widgets import BigButton, BigNumber, NumberEntry, Say


async def choose(pilot: Pilot, prefix: str, value: str) -> None:
    """Tap a choice of a :class:`ChoicePager`, turning pages (▼) until it shows."""
    button = pilot.app.screen.query_one(f"#{prefix}-{value}", BigButton)
    for _ in range(10):
        if button.display:
            break
        await tap(pilot, f"#{prefix}-next")
    await tap(pilot, f"#{prefix}-{value}")


async def key_in(pilot: Pilot, digits: str) -> None:
    """Tap the digits on the on-screen keypad."""
    for digit in digits:
        if digit.isdigit():
            hit = await pilot.click(f"#key-{digit}")
            assert hit
    await pilot.pause()


async def apply_until_phone(pilot: Pilot, kind: str, priority: str = "none") -> None:
    """Home → kind → requirements → priority: the phone screen is next."""
    await tap(pilot, "#apply")
    await choose(pilot, "kind", kind)
    await tap(pilot, "#continue")
    await choose(pilot, "prio", priority)


def text(pilot: Pilot, selector: str) -> str:
    """The text a :class:`Say` or :class:`BigButton` shows now."""
    widget = pilot.app.screen.query_one(selector)
    assert isinstance(widget, Say | BigButton)
    return widget.text


def screen_text(pilot: Pilot) -> str:
    """Every text on the current screen, one line each."""
    screen = pilot.app.screen
    return "\n".join(w.text for w in screen.query("Say, BigButton").results() if w.display)


def number_shown(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#number", BigNumber).value)


def entry_value(pilot: Pilot) -> str:
    return pilot.app.screen.query_one(NumberEntry).value
