"""Driving the supervisor's screen: log in as SPV1, open a tab, read a table."""

from __future__ import annotations

from station_pilot import log_in, settle
from textual.pilot import Pilot
from textual.widgets import Input

from station.screens.supervisor import SupervisorScreen
from station.screens.supervisor_widgets import PhraseTable

PIN = "123456"


async def as_supervisor(pilot: Pilot, tab: str | None = None) -> SupervisorScreen:
    """Log in as the supervisor (SPV1) and open ``tab``."""
    await log_in(pilot, "SPV1", PIN)
    screen = pilot.app.screen
    assert isinstance(screen, SupervisorScreen)
    if tab is not None:
        screen.open_tab(tab)
        await settle(pilot)
    return screen


def rows(pilot: Pilot, selector: str) -> list[tuple[str, ...]]:
    """The rows of a supervisor table as shown now."""
    return pilot.app.screen.query_one(selector, PhraseTable).texts()


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    """Put ``text`` into the input ``selector`` (as if typed)."""
    pilot.app.screen.query_one(selector, Input).value = text
    await pilot.pause()
