"""Recovering from an unexpected error instead of showing a traceback.

Shared by the kiosk and the staff station: an error inside a screen or
widget stops that node's message loop; the app drops back to its base
screen (the kiosk's Home, the station's log-in), replacing it if the error
was in the base screen itself, and tells the person something went wrong.
An error in the app's own message loop cannot be recovered and exits as
usual.
"""

from __future__ import annotations

import logging
from typing import Any

from textual.app import App
from textual.screen import Screen

log = logging.getLogger(__name__)


class RecoveringApp(App[None]):
    """An app that recovers from errors in its screens (see the module docstring).

    Subclasses say which screen is the base (:meth:`recovery_base`) and how
    to get back to it (:meth:`recover`).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.recovered_errors: list[BaseException] = []

    def recovery_base(self) -> Screen[Any] | None:
        """The screen the app falls back to."""
        raise NotImplementedError

    async def recover(self, base_failed: bool) -> None:
        """Return to the base screen (a new one if ``base_failed``) and say so."""
        raise NotImplementedError

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an unhandled error (a private hook: see the module docstring)."""
        from textual._context import active_message_pump

        try:
            pump = active_message_pump.get()
        except LookupError:
            pump = None
        if pump is self or not self.is_running:
            super()._handle_exception(error)
            return
        log.error("%s recovered from an unexpected error", type(self).__name__, exc_info=error)
        self.recovered_errors.append(error)
        base = self.recovery_base()
        base_failed = pump is base or getattr(pump, "screen", None) is base
        self.call_later(self.recover, base_failed)
