"""What every counter screen shares: the header, the bottom bar, domain calls off the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Button

from kiosk.host import host_of
from kiosk.widgets import BigButton, ClockHeader, Phrase, Say
from shared.counter_desk import case_job, print_case_job, reprint_job
from shared.errors import DomainError
from shared.i18n import t
from shared.model import PrintJob, PrintStatus
from shared.office import Office, Session

if TYPE_CHECKING:
    from station.app import StationApp

log = logging.getLogger(__name__)


def keys(**buttons: str) -> list[BindingType]:
    """Function keys that press buttons: ``keys(f2="call-next")``."""
    return [Binding(key, f"press('{button}')", show=False) for key, button in buttons.items()]


def problem_phrase(err: DomainError | None) -> Phrase:
    """What to show for a refusal: the domain's own words, or the generic apology."""
    if err is None:
        return "station.unexpected"
    return err.message


def print_now(
    office: Office, case_id: str, kind: str, worker: str
) -> tuple[PrintJob | None, DomainError | None]:
    """Print the ``kind`` receipt an action queued for ``case_id``: (job, refusal).

    Called in the action's worker right after the action: a refusal here is
    reported, not raised, because the action itself is already stored.
    """
    try:
        return print_case_job(office, case_id, kind, worker=worker), None
    except DomainError as err:
        return case_job(office, case_id, kind), err
    except Exception:  # noqa: BLE001 - the action is stored: report, never lose it
        log.exception("printing %s of %s failed", kind, case_id)
        return case_job(office, case_id, kind), DomainError("station.unexpected")


class StationScreen(Screen[None]):
    """A station screen acting for ``session``.

    :meth:`act` runs one store or printer action in a worker thread: while it
    runs the screen is ``busy`` (a second tap is ignored, nothing is done
    twice); its result goes to ``done`` on the UI thread; a
    :class:`~shared.errors.DomainError` is shown in ``#message`` in the app's
    language, anything else as "something went wrong" (and logged), never a
    traceback. ``#back`` closes the screen wherever it appears.
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.busy = False

    @property
    def station(self) -> StationApp:
        """The station app, typed."""
        return cast("StationApp", host_of(self))

    def header(self) -> ClockHeader:
        """The office and this station's counter, in the app's language."""
        office = self.station.office
        office_name, counter = office.config.office.short_name, self.station.counter

        def title(lang: str) -> str:
            if counter is None:
                return f"{office_name} — {t('station.title', lang)}"
            return f"{office_name} — {t('station.counter', lang, counter=counter)}"

        return ClockHeader(title, office.now)

    def compose_message(self) -> ComposeResult:
        """The line where outcomes and refusals appear."""
        yield Say("", id="message", classes="outcome")

    # -- messages ---------------------------------------------------------------------
    def say(self, phrase: Phrase, *, problem: bool = False) -> None:
        """Show ``phrase`` in ``#message`` (red and bold for a problem)."""
        message = self.query_one("#message", Say)
        message.set_class(problem, "-problem")
        message.set_class(not problem and bool(phrase), "-ok")
        message.phrase = phrase

    def refused(self, err: DomainError | None) -> None:
        """Show a refusal (``None``: an unexpected error, already logged)."""
        self.say(problem_phrase(err), problem=True)

    # -- actions ----------------------------------------------------------------------
    def act(self, action: Callable[[], Any], done: Callable[[Any], None]) -> bool:
        """Run ``action`` off the UI thread, then ``done(result)``; False if still busy."""
        if self.busy:
            return False
        self.busy = True
        self._run(action, done)
        return True

    @work(thread=True, group="action", exit_on_error=False)
    def _run(self, action: Callable[[], Any], done: Callable[[Any], None]) -> None:
        try:
            result = action()
        except DomainError as err:
            self.app.call_from_thread(self._finish, lambda e=err: self.refused(e))
        except Exception:  # noqa: BLE001 - a clerk never sees a traceback
            log.exception("station action failed")
            self.app.call_from_thread(self._finish, lambda: self.refused(None))
        else:
            self.app.call_from_thread(self._finish, lambda: done(result))

    def _finish(self, then: Callable[[], None]) -> None:
        self.busy = False
        if self.is_attached:  # not closed meanwhile (an idle log-out)
            then()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        if not self.busy:
            self.dismiss()

    def action_press(self, button: str) -> None:
        """A function key: the same as tapping the button ``#button`` (if it can be tapped)."""
        target = self.button(f"#{button}")
        if target.display and not target.disabled:
            target.press()

    def button(self, selector: str) -> BigButton:
        """One of this screen's buttons."""
        return self.query_one(selector, BigButton)


class ReceiptScreen(StationScreen):
    """A station screen whose action prints a receipt at the counter (steps 2 and 10).

    ``job`` is the receipt's print job once the action is stored. After a
    printer fault ``#reprint-receipt`` prints it again (the action itself is
    never repeated); ``#done`` closes the screen. Subclasses say what to show
    for each outcome (:meth:`print_phrases`).
    """

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.job: PrintJob | None = None

    def print_phrases(self) -> tuple[Phrase, str, Phrase]:
        """(printed, catalogue key of "failed: {error}", nothing to print)."""
        raise NotImplementedError

    def show_print(self, problem: DomainError | None = None) -> None:
        """Say how the receipt's printing went; offer a reprint after a failure."""
        job = self.job
        printed, failed_key, nothing = self.print_phrases()
        failed = problem is not None or (job is not None and job.status != PrintStatus.PRINTED)
        self.button("#reprint-receipt").display = failed and job is not None
        if problem is not None:
            self.say(problem_phrase(problem), problem=True)
        elif job is None:
            self.say(nothing)
        elif job.status == PrintStatus.PRINTED:
            self.say(printed)
        else:
            error = job.error or ""
            self.say(lambda lang: t(failed_key, lang, error=error), problem=True)

    @on(Button.Pressed, "#reprint-receipt")
    def reprint_receipt(self) -> None:
        """Print the receipt again after a printer fault."""
        if self.job is None:
            return
        office, session, job_id = self.station.office, self.session, self.job.id
        worker = self.station.station
        self.say("counter.working")
        self.act(lambda: reprint_job(office, session, job_id, worker=worker), self._reprinted)

    def _reprinted(self, job: PrintJob) -> None:
        self.job = job
        self.show_print()

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        if not self.busy:
            self.dismiss()
