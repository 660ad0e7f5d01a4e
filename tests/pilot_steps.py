"""The two steps every Textual test takes: let the app settle, and tap what a finger would."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait until taps, workers (store, printer, login) and the screens they open are done."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def tap(pilot: Pilot, selector: str) -> None:
    """Tap ``selector`` on the current screen; it must really be under the finger."""
    hit = await pilot.click(selector)
    assert hit, f"{selector} is covered or off screen"
    await settle(pilot)
