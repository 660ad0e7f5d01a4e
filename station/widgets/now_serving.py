"""The number a counter is serving, in block letters, with what the clerk needs to know of it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from kiosk.widgets import BigNumber, Phrase, Say
from shared.config import Config
from shared.counter_desk import CounterView
from shared.i18n import t
from shared.model import PrintStatus, Ticket


def kind_text(config: Config, code: str | None, lang: str) -> str:
    """The name of the application kind ``code`` in ``lang`` (the code if config lost it)."""
    if not code:
        return ""
    try:
        return config.kind(code).text(lang)
    except KeyError:
        return code


def ticket_label(config: Config, ticket: Ticket) -> Phrase:
    """One line for a waiting ticket: ``A-012  09:15  KK baru karena menikah  (prioritas)``."""

    def label(lang: str) -> str:
        text = f"{ticket.display}  {ticket.taken_at:%H:%M}"
        if ticket.kind:
            text += f"  {kind_text(config, ticket.kind, lang)}"
        if ticket.priority:
            text += f"  ({t('counter.priority', lang)})"
        return text

    return label


def ticket_info(config: Config, ticket: Ticket | None) -> Phrase:
    """Under the number: when it was called, the kind, priority, recalls, a failed print."""
    if ticket is None:
        return "counter.none_called"

    def info(lang: str) -> str:
        parts = [t("counter.called_at", lang, time=f"{ticket.called_at:%H:%M}")]
        if ticket.kind:
            parts.append(kind_text(config, ticket.kind, lang))
        if ticket.priority:
            parts.append(t("counter.priority", lang))
        if ticket.recalls:
            parts.append(t("counter.recalls", lang, count=ticket.recalls))
        if ticket.print_status == PrintStatus.FAILED:
            parts.append(t("counter.print_failed_short", lang))
        return " · ".join(parts)

    return info


class NowServing(Vertical):
    """ "Sedang dilayani": the called ticket large (``#current``), its details, the queue length."""

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config

    def compose(self) -> ComposeResult:
        yield Say("counter.now", classes="subtitle")
        yield BigNumber("", id="current")
        yield Say("counter.none_called", id="current-info")
        yield Say("", id="waiting")

    def show(self, view: CounterView | None) -> None:
        """Show the counter as read (``None``: not read yet, or unusable)."""
        active = view.active if view else None
        self.query_one("#current", BigNumber).value = active.display if active else ""
        self.query_one("#current-info", Say).phrase = ticket_info(self.config, active)
        waiting = len(view.waiting) if view else 0
        self.query_one("#waiting", Say).phrase = lambda lang: t(
            "counter.waiting", lang, count=waiting
        )
