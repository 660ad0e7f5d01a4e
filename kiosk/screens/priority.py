"""New application, third step: a priority group (lansia, disabilitas, ibu hamil), or none."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult

from kiosk.issuing import TicketRequest
from kiosk.screens.base import KioskScreen
from kiosk.screens.phone import PhoneScreen
from kiosk.widgets import ChoicePager, Phrase, Say
from shared.i18n import t

NONE = "none"


class PriorityScreen(KioskScreen):
    """The configured priority groups, the rule by which they are called, and "no"."""

    def __init__(self, request: TicketRequest) -> None:
        super().__init__(classes="priority")
        self.request = request

    def compose_body(self) -> ComposeResult:
        rules = self.kiosk.office.config.queue
        yield Say("kiosk.prio.title", classes="title")
        every = rules.priority_every
        rule = (
            "kiosk.prio.rule_first"
            if rules.priority_rule == "first"
            else "kiosk.prio.rule_interleave"
        )
        yield Say(
            lambda lang: f"{t(rule, lang, every=every)} {t('kiosk.prio.proof', lang)}",
            id="prio-rule",
            classes="subtitle",
        )
        choices: list[tuple[str, Phrase]] = [(g.code, g.text) for g in rules.priority_groups]
        choices.append((NONE, "kiosk.prio.none"))
        yield ChoicePager(choices, prefix="prio", id="prio-choices")

    @on(ChoicePager.Chosen)
    def _chosen(self, event: ChoicePager.Chosen) -> None:
        priority = None if event.value == NONE else event.value
        self.app.push_screen(PhoneScreen(replace(self.request, priority=priority)))
