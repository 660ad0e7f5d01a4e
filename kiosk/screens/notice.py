"""A message instead of a ticket: closed, quota used up, or a problem; then back home."""

from __future__ import annotations

from textual.app import ComposeResult

from kiosk.screens.base import KioskScreen
from kiosk.widgets import BigButton, Phrase, Say
from shared.errors import DomainError
from shared.kiosk_info import ComeBackLater


class NoticeScreen(KioskScreen):
    """A title and a message in large text, with one button back to the start."""

    def __init__(self, title: Phrase, message: Phrase) -> None:
        super().__init__(classes="notice")
        self.title_phrase = title
        self.message = message

    def compose_body(self) -> ComposeResult:
        yield Say(self.title_phrase, id="notice-title", classes="title")
        yield Say(self.message, id="notice-message", classes="message")

    def nav_buttons(self) -> list[BigButton]:
        return [BigButton("kiosk.nav.home", id="home", variant="primary")]


def notice_for(problem: DomainError | None) -> NoticeScreen:
    """The notice for ``problem`` in the citizen's language (or a polite apology)."""
    title: Phrase = "kiosk.error.title"
    message: Phrase = "kiosk.error.unexpected"
    if problem is not None:
        message = problem.message
        if isinstance(problem, ComeBackLater):
            title = "kiosk.closed.title"
    return NoticeScreen(title, message)
