"""The print queue as a table: job, document, case, queued, state in words, note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.reactive import reactive
from textual.widgets import DataTable

from kiosk.widgets.text import app_language
from shared.i18n import t
from shared.model import PrintJob, PrintStatus

COLUMNS: tuple[str, ...] = ("job", "kind", "case", "created", "state", "error")


@dataclass(frozen=True)
class JobRow:
    """One job as the station shows it; ``waiting``: a final KK waiting for its signature."""

    job: PrintJob
    waiting: bool = False

    @property
    def state(self) -> str:
        """The state's catalogue name (``WAITING_SIGNATURE`` for a waiting final KK)."""
        if self.waiting and self.job.status == PrintStatus.PENDING:
            return "WAITING_SIGNATURE"
        return self.job.status.value


def queued_at(job: PrintJob, today: date) -> str:
    """``09:15`` for today, ``20-11 09:15`` for an earlier day."""
    when = job.created_at
    return f"{when:%H:%M}" if when.date() == today else f"{when:%d-%m %H:%M}"


class JobTable(DataTable[str]):
    """The A4 jobs, in the app's language; set ``jobs`` and it is drawn again.

    The cursor stays on the job it was on when the rows change.
    """

    DEFAULT_CSS = """
    JobTable { height: 1fr; }
    """

    jobs: reactive[list[JobRow]] = reactive(list, init=False)

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.today = today

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._redraw, init=True)

    def _redraw(self) -> None:
        self._draw(self.chosen)

    def watch_jobs(self, old: list[JobRow], _new: list[JobRow]) -> None:
        row = self.cursor_row
        self._draw(old[row].job.id if 0 <= row < len(old) else None)

    def _draw(self, chosen: str | None) -> None:
        lang = app_language(self)
        self.clear(columns=True)
        for column in COLUMNS:
            self.add_column(t(f"print_station.column.{column}", lang), key=column)
        for row in self.jobs:
            self.add_row(*self.cells(row, lang), key=row.job.id)
        ids = [row.job.id for row in self.jobs]
        if chosen in ids:
            self.move_cursor(row=ids.index(chosen), animate=False)

    def cells(self, row: JobRow, lang: str) -> tuple[str, ...]:
        """The cells of ``row`` as shown in ``lang``."""
        job = row.job
        return (
            job.id,
            t(f"print_station.kind.{job.kind}", lang),
            job.ref,
            queued_at(job, self.today),
            t(f"print_station.state.{row.state}", lang),
            job.error or "",
        )

    @property
    def chosen(self) -> str | None:
        """The id of the job under the cursor, if any."""
        if not self.jobs or self.cursor_row < 0 or self.cursor_row >= len(self.jobs):
            return None
        return self.jobs[self.cursor_row].job.id

    def row_of(self, job_id: str) -> JobRow | None:
        """The row of ``job_id``."""
        return next((row for row in self.jobs if row.job.id == job_id), None)

    def texts(self) -> list[tuple[str, ...]]:
        """Every row as shown now (for tests)."""
        lang = app_language(self)
        return [self.cells(row, lang) for row in self.jobs]
