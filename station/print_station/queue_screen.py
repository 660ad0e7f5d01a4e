"""The print station's one screen: the A4 queue, its state, and what staff can do to a job.

The table shows the jobs not yet done (waiting, waiting for the Kepala
Dinas's signature, printing, failed with the printer's message) and those
finished while the station has been open. It is read again when the store's
``print`` or ``cases`` marker moves (a new job, a job done, a case signed).
Buttons act on the job under the cursor: retry a failed job, reprint a
printed one (a new job; a failed one is simply retried), cancel one still
queued (after a question). They are recorded under the staff member logged
in; without one the log-in screen opens first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button

from kiosk.host import host_of
from kiosk.widgets import BigButton, ClockHeader, NavBar, Phrase, Say
from shared.document_output import printer_state
from shared.document_print import document_queue, finished_since
from shared.errors import DomainError
from shared.i18n import t
from shared.model import PrintJob, PrintStatus
from station.print_station.job_table import JobRow, JobTable
from station.screens.dialogs import ConfirmDialog

if TYPE_CHECKING:
    from shared.office import Session
    from station.print_station.app import PrintStationApp

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0
PRINTER_SECONDS = 5.0  # how often the printer's own state is asked
RECENT = 50  # finished jobs kept in the table
_UNSEEN: Any = object()


class QueueScreen(Screen[None]):
    """The A4 print queue of the office (see the module docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "press('toggle')", show=False),
        Binding("f3", "press('retry')", show=False),
        Binding("f4", "press('reprint')", show=False),
        Binding("f5", "press('cancel')", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._seen: Any = _UNSEEN
        self._mark: tuple[str, int] | None = None
        self._open: list[JobRow] = []
        self._recent: list[PrintJob] = []
        self.printed = 0

    @property
    def station(self) -> PrintStationApp:
        """The print station app, typed."""
        return cast("PrintStationApp", host_of(self))

    def compose(self) -> ComposeResult:
        office = self.station.office
        name, station = office.config.office.short_name, self.station.station
        yield ClockHeader(
            lambda lang: f"{name} — {t('print_station.title', lang)} — {station}", office.now
        )
        with Vertical(id="body"):
            yield Say(self._printer_phrase(), id="printer")
            yield Say("", id="status")
            yield JobTable(office.now().date(), id="jobs")
            yield Say("", id="message")
        yield NavBar(
            BigButton("print_station.ui.pause", id="toggle"),
            BigButton("print_station.ui.retry", id="retry"),
            BigButton("print_station.ui.reprint", id="reprint"),
            BigButton("print_station.ui.cancel", id="cancel", variant="warning"),
            BigButton("print_station.ui.login", id="staff"),
        )

    def on_mount(self) -> None:
        self.query_one(JobTable).focus()
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll, name="poll")
        self.check_printer()
        self.set_interval(PRINTER_SECONDS, self.check_printer, name="printer")
        self.show_status()

    def _printer_phrase(self, state: tuple[bool, str, dict[str, str]] | None = None) -> Phrase:
        config = self.station.office.config
        cfg = config.printers[config.document_printer]

        def phrase(lang: str) -> str:
            if cfg.type == "spool":
                where = t("print_station.ui.where_spool", lang, path=cfg.options["path"])
            else:
                where = t("print_station.ui.where_cups", lang, queue=cfg.options.get("queue"))
            text = t("print_station.ui.printer", lang, printer=cfg.name, where=where)
            return f"{text}: {t(state[1], lang, **state[2])}" if state else text

        return phrase

    @work(thread=True, exclusive=True, group="printer", exit_on_error=False)
    def check_printer(self) -> None:
        """Ask the A4 printer (spool folder or CUPS queue) whether it can print now."""
        config = self.station.office.config
        state = printer_state(config.printers[config.document_printer])
        self.app.call_from_thread(self._show_printer, state)

    def _show_printer(self, state: tuple[bool, str, dict[str, str]]) -> None:
        line = self.query_one("#printer", Say)
        line.set_class(not state[0], "-problem")
        line.phrase = self._printer_phrase(state)

    # -- reading the queue ------------------------------------------------------------
    def poll(self) -> None:
        """Read the queue again when the store's print jobs or cases changed."""
        changes = self.station.office.store.marker()["changes"]
        seen = (changes.get("print"), changes.get("cases"))
        if seen != self._seen:
            self._seen = seen
            self._load()

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def _load(self) -> None:
        office = self.station.office
        try:
            jobs, waiting = document_queue(office)
            finished, mark = finished_since(office, self._mark)
        except Exception:  # noqa: BLE001 - try again on the next poll
            log.exception("the print queue could not be read")
            self._seen = _UNSEEN
            self.app.call_from_thread(self.say, "print_station.ui.store_problem", problem=True)
            return
        self.app.call_from_thread(self._show, jobs, waiting, finished, mark)

    def _show(
        self,
        jobs: list[PrintJob],
        waiting: set[str],
        finished: list[PrintJob],
        mark: tuple[str, int],
    ) -> None:
        self._mark = mark
        self._open = [JobRow(job, job.id in waiting) for job in jobs]
        self.printed += sum(1 for job in finished if job.status == PrintStatus.PRINTED)
        open_ids = {job.id for job in jobs}
        kept = [job for job in self._recent + finished if job.id not in open_ids]
        self._recent = kept[-RECENT:]
        table = self.query_one(JobTable)
        table.jobs = self._open + [JobRow(job) for job in reversed(self._recent)]
        self.show_status()

    def show_status(self) -> None:
        """The line above the table: automatic printing, counts, who is logged in."""
        auto = self.station.auto
        pending = sum(1 for r in self._open if r.job.status != PrintStatus.FAILED)
        failed = len(self._open) - pending
        printed, who = self.printed, self.station.staff_name

        def phrase(lang: str) -> str:
            parts = [
                t("print_station.ui.auto_on" if auto else "print_station.ui.auto_off", lang),
                t("print_station.ui.counts", lang, pending=pending, failed=failed, printed=printed),
            ]
            if who:
                parts.append(t("print_station.ui.logged_in", lang, name=who))
            return "   ".join(parts)

        self.query_one("#status", Say).phrase = phrase
        toggle = self.query_one("#toggle", BigButton)
        toggle.phrase = "print_station.ui.pause" if auto else "print_station.ui.resume"
        login = self.query_one("#staff", BigButton)
        login.phrase = "print_station.ui.logout" if who else "print_station.ui.login"

    # -- messages ---------------------------------------------------------------------
    def say(self, phrase: Phrase, *, problem: bool = False) -> None:
        """Show ``phrase`` under the table (red and bold for a problem)."""
        message = self.query_one("#message", Say)
        message.set_class(problem, "-problem")
        message.set_class(not problem and bool(phrase), "-ok")
        message.phrase = phrase

    def report(self, jobs: list[PrintJob]) -> None:
        """What the printing thread just finished (the last job's outcome is shown)."""
        if not jobs:
            return
        job = jobs[-1]
        if job.status == PrintStatus.FAILED:
            self.say(
                lambda lang: t("print_station.ui.failed", lang, job=job.id, error=job.error),
                problem=True,
            )
        elif job.status == PrintStatus.PRINTED:
            self.say(lambda lang: t("print_station.ui.printed", lang, job=job.id))
        else:
            self.say(
                lambda lang: (
                    t("print_station.ui.cancelled", lang, job=job.id)
                    + (f" {job.error}" if job.error else "")
                )
            )

    # -- buttons ----------------------------------------------------------------------
    def action_press(self, button: str) -> None:
        """A function key: the same as tapping ``#button``."""
        target = self.query_one(f"#{button}", BigButton)
        if target.display and not target.disabled:
            target.press()

    @on(Button.Pressed, "#toggle")
    def _toggle(self) -> None:
        self.station.auto = not self.station.auto
        self.show_status()

    @on(Button.Pressed, "#staff")
    def _login(self) -> None:
        if self.station.session is None:
            self.station.ask_login(None)
        else:
            self.station.logout()

    @on(Button.Pressed, "#retry")
    def _retry(self) -> None:
        self._with_job(self._do_retry)

    @on(Button.Pressed, "#reprint")
    def _reprint(self) -> None:
        self._with_job(self._do_reprint)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self._with_job(self._ask_cancel)

    def _with_job(self, then: Callable[[JobRow, Session], None]) -> None:
        """Run ``then`` on the chosen job, for the logged-in staff member (log in first)."""
        table = self.query_one(JobTable)
        chosen = table.chosen
        row = table.row_of(chosen) if chosen else None
        if row is None:
            self.say("print_station.ui.no_job", problem=True)
            return
        session = self.station.session
        if session is None:
            self.say("print_station.ui.need_login")
            self.station.ask_login(lambda s: then(row, s))
            return
        then(row, session)

    def _do_retry(self, row: JobRow, session: Session) -> None:
        job_id = row.job.id
        self._act(
            lambda: self.station.office.printing.retry(job_id, session),
            lambda job: lambda lang: t("print_station.ui.retried", lang, job=job.id),
        )

    def _do_reprint(self, row: JobRow, session: Session) -> None:
        job_id, printing = row.job.id, self.station.office.printing
        if row.job.status in (PrintStatus.FAILED, PrintStatus.PRINTING):
            self._do_retry(row, session)
            return
        self._act(
            lambda: printing.reprint(job_id, session),
            lambda job: lambda lang: t("print_station.ui.reprinted", lang, job=job_id, new=job.id),
        )

    def _ask_cancel(self, row: JobRow, session: Session) -> None:
        job = row.job
        if job.status in (PrintStatus.PRINTED, PrintStatus.CANCELLED):
            state = f"print_station.state.{job.status.value}"
            self.say(
                lambda lang: t("print.wrong_state", lang, job=job.id, status=t(state, lang)),
                problem=True,
            )
            return

        def question(lang: str) -> str:
            kind = t(f"print_station.kind.{job.kind}", lang)
            return t("print_station.ui.cancel_confirm", lang, job=job.id, kind=kind, case=job.ref)

        def answered(yes: bool | None) -> None:
            if yes:
                self._act(
                    lambda: self.station.office.printing.cancel(job.id, session),
                    lambda done: lambda lang: t("print_station.ui.cancelled", lang, job=done.id),
                )

        self.app.push_screen(ConfirmDialog(question, yes="print_station.ui.cancel_yes"), answered)

    def _act(self, action: Callable[[], PrintJob], said: Callable[[PrintJob], Phrase]) -> None:
        """Run a PrintDesk action off the UI thread; its outcome or refusal in ``#message``."""
        self._run(action, said)

    @work(thread=True, group="action", exit_on_error=False)
    def _run(self, action: Callable[[], PrintJob], said: Callable[[PrintJob], Phrase]) -> None:
        try:
            job = action()
        except DomainError as err:
            self.app.call_from_thread(self.say, err.message, problem=True)
            return
        except Exception:  # noqa: BLE001 - staff never see a traceback
            log.exception("print station action failed")
            self.app.call_from_thread(self.say, "station.unexpected", problem=True)
            return
        self.app.call_from_thread(self.say, said(job))
        self.app.call_from_thread(self.station.wake)
