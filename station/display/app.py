"""``kk display``: the public display board. This module only wires things.

The board lives in :mod:`station.display.board_screen`, its widgets in
:mod:`station.display.widgets`, the look in ``display.tcss``; what it shows
is computed in :mod:`shared.board`, the chime and the voice are
:mod:`shared.announce`. The board takes no input: it hangs in the waiting
hall. Staff stop it with **ctrl+\\** (ctrl+backslash, as on the kiosk) or
ctrl+q.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.reactive import reactive

from kiosk.recovery import RecoveringApp
from shared.announce import Announcer, Announces
from shared.board import CallMark
from shared.config import DisplayConfig
from shared.i18n import LANGUAGES
from shared.office import Office
from station.display.board_screen import BoardScreen

log = logging.getLogger(__name__)


def silent(settings: DisplayConfig) -> DisplayConfig:
    """``settings`` without a sound (``kk display --no-sound``): calls are only logged."""
    return DisplayConfig(settings.recent_calls, chime=False, voice="", player="")


class DisplayApp(RecoveringApp, inherit_bindings=False):
    """The board of ``office``'s queue in ``lang`` (default: the office's language).

    ``announcer`` plays the calls (default: chime and espeak-ng as
    ``[display]`` says, or nothing when ``sound`` is False); tests pass a recorder.
    """

    CSS_PATH = "display.tcss"
    TITLE = "Papan Antrian KK"
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+backslash", "quit", show=False, priority=True, system=True),
        Binding("ctrl+q", "quit", show=False, priority=True, system=True),
    ]

    lang: reactive[str] = reactive("id", init=False)
    """The language every label is shown in: "id" (Bahasa Indonesia) or "en"."""

    def __init__(
        self,
        office: Office,
        *,
        lang: str | None = None,
        sound: bool = True,
        announcer: Announces | None = None,
    ) -> None:
        super().__init__()
        self.office = office
        self.set_reactive(DisplayApp.lang, lang if lang in LANGUAGES else office.config.language)
        settings = office.config.display if sound else silent(office.config.display)
        self.announcer: Announces = announcer or Announcer(settings)
        self.call_marks: dict[str, CallMark] | None = None
        """What the board saw of each call (None until its first look: nothing to announce)."""
        self._board = BoardScreen()

    def on_mount(self) -> None:
        self.push_screen(self._board)

    def on_unmount(self) -> None:
        self.announcer.close()

    @property
    def board_screen(self) -> BoardScreen:
        """The board now on screen."""
        return self._board

    # -- problems ---------------------------------------------------------------------
    def recovery_base(self) -> BoardScreen:
        return self._board

    async def recover(self, base_failed: bool) -> None:
        if base_failed:
            self._board = BoardScreen()
            await self.switch_screen(self._board)
