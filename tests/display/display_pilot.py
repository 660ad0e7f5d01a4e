"""Watching the board as the waiting hall would."""

from __future__ import annotations

from textual.pilot import Pilot

from station.display.board_screen import BoardScreen
from station.display.widgets import CounterPanel


async def settle(pilot: Pilot) -> None:
    """Poll the store now and wait until the board is drawn from what it read."""
    for _ in range(3):
        screen = pilot.app.screen
        if isinstance(screen, BoardScreen):
            screen.poll()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def board_screen(pilot: Pilot) -> BoardScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BoardScreen)
    return screen


def serving(pilot: Pilot) -> dict[int, str]:
    """Counter number -> the ticket its panel shows ("" while it has none)."""
    return {
        int(str(p.id).removeprefix("counter-")): p.ticket
        for p in pilot.app.screen.query(CounterPanel)
    }


def screen_text(pilot: Pilot) -> str:
    """What the terminal shows now, as plain text, one line per row."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)
