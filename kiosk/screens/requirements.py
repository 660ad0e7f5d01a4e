"""New application, second step: the documents to bring for the chosen kind."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kiosk.issuing import TicketRequest
from kiosk.screens.base import KioskScreen
from kiosk.screens.phone import PhoneScreen
from kiosk.screens.priority import PriorityScreen
from kiosk.widgets import BigButton, Say
from shared.config import Requirement
from shared.i18n import t


def _item(number: int, req: Requirement):  # noqa: ANN202 - a Phrase
    def text(lang: str) -> str:
        optional = f" {t('kiosk.req.optional', lang)}" if req.optional else ""
        return f"{number}. {req.text(lang)}{optional}"

    return text


class RequirementsScreen(KioskScreen):
    """The requirement checklist ("bring these"); optional ones marked as such."""

    def __init__(self, request: TicketRequest) -> None:
        super().__init__(classes="requirements")
        self.request = request

    def compose_body(self) -> ComposeResult:
        kind = self.kiosk.office.config.kind(self.request.kind or "")
        yield Say("kiosk.req.title", classes="title")
        yield Say(lambda lang: t("kiosk.req.for", lang, kind=kind.text(lang)), classes="subtitle")
        with VerticalScroll(id="checklist"):
            for number, req in enumerate(kind.requirements, 1):
                yield Say(
                    _item(number, req),
                    classes="requirement" + (" -optional" if req.optional else ""),
                )
        yield Say("kiosk.req.note", classes="note")

    def nav_buttons(self) -> list[BigButton]:
        return [
            BigButton("kiosk.nav.back", id="back"),
            BigButton("kiosk.nav.continue", id="continue", variant="primary"),
        ]

    @on(BigButton.Pressed, "#continue")
    def _continue(self) -> None:
        if self.kiosk.office.config.queue.priority_groups:
            self.app.push_screen(PriorityScreen(self.request))
        else:
            self.app.push_screen(PhoneScreen(self.request))
