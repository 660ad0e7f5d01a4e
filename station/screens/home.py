"""The home of a staff member's role: who is logged in, the counter, "Pekerjaan Anda".

A placeholder until the per-role screens arrive: every role sees its own
queue (``CaseFlow.work_list(role)``), read off the UI thread and read again
when the store's cases change.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button

from kiosk.widgets import BigButton, ClockHeader, NavBar, Phrase, Say
from shared.i18n import t
from shared.office import Session
from shared.sop import Role
from station.widgets import WorkList

if TYPE_CHECKING:
    from station.app import StationApp

log = logging.getLogger(__name__)
_UNSEEN = object()  # no change marker read yet (or the last read failed)


class RoleHomeScreen(Screen[None]):
    """Name and role in words, the counter (Pengolah Data only), the role's work list."""

    def __init__(self, session: Session, name: str) -> None:
        super().__init__()
        self.session = session
        self.staff_name = name
        self._seen: Any = _UNSEEN

    @property
    def station(self) -> StationApp:
        """The station app, typed."""
        return cast("StationApp", self.app)

    @property
    def counter(self) -> int | None:
        """The counter shown in the header: only the front-counter clerk works at one."""
        if self.session.role is Role.PENGOLAH_DATA:
            return self.station.counter
        return None

    def header_title(self) -> Phrase:
        """Office, station title, and the counter for a Pengolah Data."""
        office_name = self.station.office.config.office.short_name
        counter = self.counter

        def title(lang: str) -> str:
            text = f"{office_name} — {t('station.title', lang)}"
            if counter is not None:
                text += f" — {t('station.counter', lang, counter=counter)}"
            return text

        return title

    def compose(self) -> ComposeResult:
        office = self.station.office
        role = self.session.role.value
        name = self.staff_name
        yield ClockHeader(self.header_title(), office.now)
        with Vertical(id="body"):
            yield Say(
                lambda lang: t(
                    "station.home.greeting", lang, name=name, role=t(f"role.{role}", lang)
                ),
                id="who",
                classes="title",
            )
            yield Say("station.home.work_title", classes="subtitle")
            yield Say("", id="work-count")
            yield WorkList(office.now().date(), id="work-list")
        yield NavBar(BigButton("station.home.logout", id="logout", variant="error"))

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(2, self.poll)

    def poll(self) -> None:
        """Read the work list again when the store's cases changed."""
        seen = self.station.office.store.marker()["changes"].get("cases")
        if seen != self._seen:
            self._seen = seen
            self._load()

    @work(thread=True, exclusive=True, group="work-list", exit_on_error=False)
    def _load(self) -> None:
        try:
            rows = self.station.office.cases.work_list(self.session.role)
        except Exception:  # noqa: BLE001 - try again on the next poll
            log.exception("work list could not be read")
            self._seen = _UNSEEN
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.query_one(WorkList).cases = rows
        count = len(rows)
        phrase: Phrase = (
            (lambda lang: t("station.home.waiting", lang, count=count))
            if count
            else "station.home.empty"
        )
        self.query_one("#work-count", Say).phrase = phrase

    @on(Button.Pressed, "#logout")
    def _logout(self) -> None:
        self.station.logout()
