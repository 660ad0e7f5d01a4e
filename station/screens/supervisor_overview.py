"""The supervisor's live overview: today's queue, the counters, open cases per SOP step.

The screen reads :func:`shared.supervision.overview` off the UI thread
whenever the store's tickets or cases change (and once a minute, as ages
grow); this pane only lays it out.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from kiosk.widgets import Say
from shared.i18n import t
from shared.supervision import Overview, duration_words
from station.screens.supervisor_widgets import Pane, PhraseTable, Row
from station.widgets.work_list import waiting_since

CASES_SHOWN = 200  # rows of the open-case table; the rest are counted

SERVICE_COLUMNS = ("service", "waiting", "called", "served", "no_show", "wait")
STEP_COLUMNS = ("step", "standard", "count", "late", "oldest")
CASE_COLUMNS = ("case", "step", "name", "age", "due", "mark")


def _columns(names: tuple[str, ...]) -> list[str]:
    return [f"supervisor.overview.column.{c}" for c in names]


class OverviewPane(Pane):
    """The numbers of the day on two lines, then three tables (queue, steps, open cases).

    Selecting an open case (Enter or a tap on its row) opens its timeline.
    """

    def compose(self) -> ComposeResult:
        yield Say("supervisor.overview.loading", id="ov-summary")
        yield Say("", id="ov-counters")
        with VerticalScroll(id="ov-tables"):
            yield Say("supervisor.overview.services", classes="subtitle")
            yield PhraseTable(_columns(SERVICE_COLUMNS), id="ov-services")
            yield Say("supervisor.overview.steps", classes="subtitle")
            yield PhraseTable(_columns(STEP_COLUMNS), id="ov-steps")
            yield Say("supervisor.overview.cases", classes="subtitle")
            yield PhraseTable(_columns(CASE_COLUMNS), id="ov-cases")
            yield Say("", id="ov-more")

    @on(DataTable.RowSelected, "#ov-cases")
    def _open_case(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.supervisor.show_case(event.row_key.value)

    def show(self, ov: Overview) -> None:
        """Lay ``ov`` out."""
        self.query_one("#ov-summary", Say).phrase = lambda lang: t(
            "supervisor.overview.summary",
            lang,
            waiting=ov.waiting,
            served=ov.served,
            wait=duration_words(ov.wait_median, lang),
            open=ov.counters_open,
            counters=len(ov.counters),
            cases=len(ov.cases),
            late=ov.late,
        )
        self.query_one("#ov-counters", Say).phrase = lambda lang: t(
            "supervisor.overview.counters",
            lang,
            list=", ".join(_counter(c, lang) for c in ov.counters),
        )
        self.query_one("#ov-services", PhraseTable).show(
            [
                (
                    s.service,
                    (
                        lambda lang, n=s.name, c=s.service: n.get(lang) or n.get("id") or c,
                        str(s.waiting),
                        str(s.called),
                        str(s.served),
                        str(s.no_show),
                        lambda lang, w=s.wait_median: duration_words(w, lang),
                    ),
                )
                for s in ov.services
            ]
        )
        self.query_one("#ov-steps", PhraseTable).show(
            [
                (
                    str(s.step),
                    (
                        str(s.step),
                        s.standard,
                        str(s.count),
                        str(s.late),
                        lambda lang, m=s.oldest_minutes: duration_words(m, lang),
                    ),
                )
                for s in ov.steps
            ]
        )
        today = ov.now.date()
        rows: list[Row] = []
        for c in ov.cases[:CASES_SHOWN]:
            due = waiting_since(c.due.isoformat(), today) if c.due else "-"
            rows.append(
                (
                    c.id,
                    (
                        c.id,
                        str(c.step),
                        c.name or "-",
                        lambda lang, m=c.age_minutes: duration_words(m, lang),
                        due,
                        "supervisor.late_mark" if c.late else "",
                    ),
                )
            )
        self.query_one("#ov-cases", PhraseTable).show(rows)
        more = len(ov.cases) - CASES_SHOWN
        self.query_one("#ov-more", Say).phrase = (
            (lambda lang: t("supervisor.overview.more", lang, count=more)) if more > 0 else ""
        )


def _counter(c, lang: str) -> str:  # noqa: ANN001 - shared.supervision.CounterNow
    name = t("station.counter", lang, counter=c.number)
    if c.serving:
        return t("supervisor.overview.counter_serving", lang, name=name, ticket=c.serving)
    key = "counter_open" if c.open else "counter_closed"
    return t(f"supervisor.overview.{key}", lang, name=name)
