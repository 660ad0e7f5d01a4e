"""The supervisor's home in ``kk station``: five tabs and the month's report.

- **Ikhtisar**: the live overview (:mod:`station.screens.supervisor_overview`),
  read again off the UI thread when the store's tickets or cases change
  (the change marker, polled like the role home does) and once a minute;
- **Riwayat berkas**: a case's timeline (:mod:`station.screens.supervisor_timeline`);
- **Grafik**: the day and the month in plotext charts (:mod:`station.screens.supervisor_charts`);
- **Petugas**: staff accounts (:mod:`station.screens.supervisor_staff`);
- **Audit**: the audit log and the chain check (:mod:`station.screens.supervisor_audit`).

The bottom bar: log out, write this month's report (CSV tables and a PDF,
in ``reports/`` beside the store), the language switch. F1-F5 open the tabs.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Input, TabbedContent, TabPane

from kiosk.widgets import BigButton, ClockHeader, NavBar
from kiosk.widgets.text import app_language
from shared.i18n import t
from shared.office import Session
from shared.supervision import Overview, overview
from shared.supervision_report import ReportFiles, write_month_report
from station.screens.base import StationScreen
from station.screens.supervisor_audit import AuditPane
from station.screens.supervisor_charts import ChartsPane
from station.screens.supervisor_overview import OverviewPane
from station.screens.supervisor_staff import StaffPane
from station.screens.supervisor_timeline import TimelinePane
from station.screens.supervisor_widgets import Pane

log = logging.getLogger(__name__)
TABS = ("overview", "timeline", "charts", "staff", "audit")
POLL_SECONDS = 2
_UNSEEN = object()


class SupervisorScreen(StationScreen):
    """The supervisor's tabs over the office's store, acting as ``session``."""

    CSS_PATH = "supervisor.tcss"
    DEFAULT_CLASSES = "supervisor"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(f"f{i}", f"open_tab('{name}')", show=False) for i, name in enumerate(TABS, 1)
    ]

    def __init__(self, session: Session, name: str) -> None:
        super().__init__(session)
        self.staff_name = name
        self._seen: Any = _UNSEEN

    def compose(self) -> ComposeResult:
        office, who = self.station.office, self.staff_name
        yield ClockHeader(lambda lang: f"{t('supervisor.title', lang)} — {who}", office.now)
        with TabbedContent(id="spv-tabs"):
            with TabPane("", id="tab-overview"):
                yield OverviewPane(id="overview")
            with TabPane("", id="tab-timeline"):
                yield TimelinePane(id="timeline")
            with TabPane("", id="tab-charts"):
                yield ChartsPane(id="charts-pane")
            with TabPane("", id="tab-staff"):
                yield StaffPane(id="staff")
            with TabPane("", id="tab-audit"):
                yield AuditPane(id="audit")
        yield from self.compose_message()
        yield NavBar(
            BigButton("station.home.logout", id="logout", variant="error"),
            BigButton("supervisor.report", id="report"),
        )

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._label_tabs, init=True)
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll)

    def _label_tabs(self) -> None:
        lang = app_language(self)
        tabs = self.query_one("#spv-tabs", TabbedContent)
        for name in TABS:
            tabs.get_tab(f"tab-{name}").label = t(f"supervisor.tab.{name}", lang)

    # -- tabs ---------------------------------------------------------------------------
    def action_open_tab(self, name: str) -> None:
        """F1-F5: the tabs in order."""
        self.open_tab(name)

    def open_tab(self, name: str) -> None:
        """Show the tab ``name`` (one of :data:`TABS`)."""
        self.query_one("#spv-tabs", TabbedContent).active = f"tab-{name}"

    def show_case(self, case_id: str) -> None:
        """Open the timeline of ``case_id``."""
        self.open_tab("timeline")
        pane = self.query_one(TimelinePane)
        pane.query_one("#tl-case", Input).value = case_id
        pane.look_up(case_id)

    @on(TabbedContent.TabActivated, "#spv-tabs")
    def _activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.query_one(Pane)
        self.say("")
        pane.loaded()

    # -- the live overview --------------------------------------------------------------
    def poll(self) -> None:
        """Read the overview again when tickets, cases or staff changed, or a minute passed.

        The staff table follows staff changes; the charts, once a minute.
        """
        office = self.station.office
        changes = office.store.marker().get("changes", {})
        seen = (
            changes.get("tickets"),
            changes.get("cases"),
            changes.get("staff"),
            office.now().replace(second=0, microsecond=0),
        )
        if seen == self._seen:
            return
        before, self._seen = self._seen, seen
        self._load()
        if before is _UNSEEN:
            return
        active = self.query_one("#spv-tabs", TabbedContent).active
        if active == "tab-staff" and seen[2] != before[2]:
            self.query_one(StaffPane).loaded()
        elif active == "tab-charts" and seen[3] != before[3]:
            self.query_one(ChartsPane).loaded()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _load(self) -> None:
        try:
            data = overview(self.station.office)
        except Exception:  # noqa: BLE001 - try again on the next poll
            log.exception("supervisor overview could not be read")
            self._seen = _UNSEEN
            return
        self.app.call_from_thread(self._show, data)

    def _show(self, data: Overview) -> None:
        if self.is_attached:  # not logged out meanwhile
            self.query_one(OverviewPane).show(data)

    # -- the bottom bar -----------------------------------------------------------------
    @on(Button.Pressed, "#logout")
    def _logout(self) -> None:
        self.station.logout()

    @on(Button.Pressed, "#report")
    def _report(self) -> None:
        lang = self.station.lang
        if self.act(lambda: write_month_report(self.station.office, lang=lang), self._written):
            self.say("supervisor.report_writing")

    def _written(self, files: ReportFiles) -> None:
        self.say(
            lambda lang: t(
                "supervisor.report_written",
                lang,
                period=files.period,
                folder=str(files.folder),
                count=len(files.csv),
            )
        )
