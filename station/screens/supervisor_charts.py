"""Charts of the day and the month in the terminal, drawn by plotext (textual-plotext).

Today: tickets taken and called per hour. This month: tickets, files
accepted, KKs signed and handed over per day. Read when the tab opens and
once a minute while it is shown (the month's figures read every case of the
month: not on every store change).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual_plotext import PlotextPlot

from kiosk.widgets.text import app_language
from shared.i18n import t
from shared.supervision_report import Charts, charts
from station.screens.supervisor_widgets import Pane

MONTH_SERIES = ("tickets", "accepted", "signed", "handed_over")


class ChartsPane(Pane):
    """The day's chart beside the month's (one above the other on a narrow terminal)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: Charts | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="charts"):
            yield PlotextPlot(id="chart-day")
            yield PlotextPlot(id="chart-month")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._draw)

    def loaded(self) -> None:
        self.act(lambda: charts(self.office), self.show)

    def show(self, data: Charts) -> None:
        """Draw ``data``."""
        self.data = data
        self._draw()

    def _draw(self) -> None:
        if self.data is None:
            return
        lang = app_language(self)
        day = self.query_one("#chart-day", PlotextPlot)
        plt = day.plt
        plt.clear_figure()
        hours = [f"{r['hour']:02d}" for r in self.data.per_hour] or ["-"]
        taken = [r["taken"] for r in self.data.per_hour] or [0]
        called = [r["called"] for r in self.data.per_hour] or [0]
        plt.multiple_bar(
            hours,
            [taken, called],
            labels=[t("supervisor.charts.taken", lang), t("supervisor.charts.called", lang)],
        )
        plt.title(t("supervisor.charts.day", lang))
        plt.xlabel(t("supervisor.charts.hour", lang))
        day.refresh()
        month = self.query_one("#chart-month", PlotextPlot)
        plt = month.plt
        plt.clear_figure()
        rows = self.data.per_day
        days = [r["day"][8:10] for r in rows] or ["-"]
        plt.multiple_bar(
            days,
            [[r[series] for r in rows] or [0] for series in MONTH_SERIES],
            labels=[t(f"supervisor.charts.{series}", lang) for series in MONTH_SERIES],
        )
        plt.title(t("supervisor.charts.month", lang))
        plt.xlabel(t("supervisor.charts.date", lang))
        month.refresh()
