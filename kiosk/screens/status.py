"""A case's status for the citizen: the SOP step in plain words, the expected date, masked data."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from kiosk.screens.base import KioskScreen
from kiosk.screens.issuing import pickup_issuing
from kiosk.widgets import BigButton, Phrase, Say
from shared.i18n import t
from shared.kiosk_info import PROGRESS_STEPS, PublicStatus


def progress_line(status: PublicStatus) -> str:
    """``✔2 ─ ✔3 ─ ●4 ─ ○5 ─ ○7 ─ ○8 ─ ○9 ─ ○10``: the SOP steps, done and to come."""
    if status.step is None:
        marks = ["✔" if status.state.value == "HANDED_OVER" else "·"] * len(PROGRESS_STEPS)
    else:
        marks = [
            "✔" if n < status.step else "●" if n == status.step else "○" for n in PROGRESS_STEPS
        ]
    return " ─ ".join(f"{m}{n}" for m, n in zip(marks, PROGRESS_STEPS, strict=True))


class StatusScreen(KioskScreen):
    """Where the case is; from the pickup flow, headed "not ready yet" unless it is ready."""

    def __init__(self, status: PublicStatus, *, pickup: bool = False) -> None:
        super().__init__(classes="status")
        self.status = status
        self.from_pickup = pickup

    def compose_body(self) -> ComposeResult:
        s = self.status
        kind = self.kiosk.office.config.kind(s.kind)
        yield Say("kiosk.status.title", classes="title")
        if self.from_pickup and not s.ready:
            yield Say("kiosk.status.not_ready", id="not-ready", classes="warning")
        yield Say(lambda lang: t("kiosk.status.receipt", lang, receipt=s.receipt))
        yield Say(
            lambda lang: t("kiosk.status.applicant", lang, initials=s.initials, nik=s.masked_nik),
            id="status-applicant",
        )
        yield Say(lambda lang: t("kiosk.status.kind", lang, kind=kind.text(lang)))
        yield Say(self._step_phrase(), id="status-words", classes="state")
        yield Say(lambda _lang: progress_line(s), id="status-progress", classes="progress")
        yield Say(s.when, id="status-when")

    def _step_phrase(self) -> Phrase:
        s = self.status
        if s.step is None:
            return s.words
        return lambda lang: f"{t('kiosk.status.step', lang, step=s.step)}: {s.words(lang)}"

    def nav_buttons(self) -> list[BigButton]:
        buttons = [BigButton("kiosk.nav.back", id="back")]
        if self.status.ready:
            buttons.append(BigButton("kiosk.status.pickup_now", id="pickup-now", variant="success"))
        buttons.append(BigButton("kiosk.nav.home", id="home", variant="primary"))
        return buttons

    @on(BigButton.Pressed, "#pickup-now")
    def _pickup_now(self) -> None:
        self.app.push_screen(pickup_issuing(self.kiosk, self.status.receipt))
