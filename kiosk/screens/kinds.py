"""New application, first step: the kinds of application from config.toml, in plain words."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult

from kiosk.issuing import TicketRequest
from kiosk.screens.base import KioskScreen
from kiosk.screens.requirements import RequirementsScreen
from kiosk.widgets import ChoicePager, Say


class KindsScreen(KioskScreen):
    """One big button per application kind ("KK baru karena menikah", ...)."""

    def __init__(self, request: TicketRequest) -> None:
        super().__init__(classes="kinds")
        self.request = request

    def compose_body(self) -> ComposeResult:
        yield Say("kiosk.kinds.title", classes="title")
        kinds = self.kiosk.office.config.kinds
        yield ChoicePager([(k.code, k.text) for k in kinds], prefix="kind", id="kind-choices")

    @on(ChoicePager.Chosen)
    def _chosen(self, event: ChoicePager.Chosen) -> None:
        self.app.push_screen(RequirementsScreen(replace(self.request, kind=event.value)))
