"""The back office's home: the queue of one role, and the way into each case.

One screen for the four back-office roles of the SOP; what it offers comes
from the role:

- Administrator SIAK: step 3 (input: :class:`~station.screens.input_form.InputScreen`)
  and step 7 (final print, one by one or the ticked ones at once);
- Kasi: step 4 (review: :class:`~station.screens.review.ReviewScreen`);
- Kabid: step 5 (review), and the paraf of the ticked drafts with one
  confirmation for the whole selection;
- Kepala Dinas: step 8, one KK (seen whole first) or the ticked ones, after
  the signing key's passphrase (asked each time, never stored).

The queue (:class:`~station.widgets.case_queue.CaseQueue`) is read off the UI
thread and again whenever the store's cases change; returned drafts come
first with the reviewer's note, then the oldest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button

from kiosk.widgets import BigButton, ClockHeader, NavBar, Phrase, Say
from shared.backoffice import Outcome, approve_many, print_many, sign_many, staff_names
from shared.i18n import t
from shared.model import Case
from shared.office import Session
from shared.sop import CaseState, Role
from station.screens.ask import AskDialog, Confirm
from station.screens.base import StationScreen, keys
from station.widgets.case_queue import CaseQueue, queue_order

log = logging.getLogger(__name__)
_UNSEEN = object()

ROLES = (Role.ADMIN_SIAK, Role.KASI, Role.KABID, Role.KEPALA_DINAS)
# The batch each role may run on the ticked cases, and the state they must be in.
BATCH = {
    Role.ADMIN_SIAK: ("backoffice.batch.print", CaseState.FINAL_PRINT),
    Role.KABID: ("backoffice.batch.approve", CaseState.KABID_REVIEW),
    Role.KEPALA_DINAS: ("backoffice.batch.sign", CaseState.SIGNING),
}


class BackOfficeScreen(StationScreen):
    """The work list of a back-office role, with the buttons its steps need."""

    DEFAULT_CSS = """
    BackOfficeScreen #body { layout: horizontal; }
    BackOfficeScreen #queue { width: 1fr; }
    BackOfficeScreen #queue > Say { height: auto; }
    BackOfficeScreen #bo-actions { width: 24; height: auto; padding-left: 1; }
    BackOfficeScreen #row-detail { color: $warning; max-height: 4; }
    BackOfficeScreen #bo-actions > BigButton { height: 3; min-height: 3; margin-bottom: 1; }
    BackOfficeScreen.-tall #bo-actions > BigButton { height: 5; min-height: 5; }
    BackOfficeScreen #work-count { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *keys(f2="open", f3="toggle", f4="all", f5="batch"),
        ("space", "press('toggle')", ""),
    ]

    def __init__(self, session: Session, name: str) -> None:
        super().__init__(session)
        self.staff_name = name
        self._seen: Any = _UNSEEN

    @property
    def role(self) -> Role:
        return self.session.role

    def compose(self) -> ComposeResult:
        office = self.station.office
        yield ClockHeader(f"backoffice.desk.{self.role.value}", office.now)
        name, role = self.staff_name, self.role.value
        kinds = {kind.code: kind for kind in office.config.kinds}
        with Horizontal(id="body"):
            with Vertical(id="queue"):
                yield Say(
                    lambda lang: t(
                        "station.home.greeting", lang, name=name, role=t(f"role.{role}", lang)
                    ),
                    id="who",
                    classes="title",
                )
                yield Say("", id="work-count")
                yield CaseQueue(office.now().date(), kinds, id="cases")
                yield Say("", id="row-detail")
                yield from self.compose_message()
            with Vertical(id="bo-actions"):
                yield BigButton(f"backoffice.open.{role}", id="open", variant="primary")
                if self.role in BATCH:
                    yield BigButton("backoffice.batch.toggle", id="toggle")
                    yield BigButton("backoffice.batch.all", id="all")
                    yield BigButton(BATCH[self.role][0], id="batch", variant="success")
        yield NavBar(BigButton("station.home.logout", id="logout", variant="error"))

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(2, self.poll)
        self.query_one(CaseQueue).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def action_press(self, button: str) -> None:
        if self.query(f"#{button}"):
            super().action_press(button)

    # -- the queue -----------------------------------------------------------------------
    def poll(self) -> None:
        """Read the queue again when the store's cases changed."""
        seen = self.station.office.store.marker()["changes"].get("cases")
        if seen != self._seen:
            self._seen = seen
            self._load()

    def refresh_list(self) -> None:
        """Read the queue again now."""
        self._seen = _UNSEEN
        self.poll()

    @work(thread=True, exclusive=True, group="case-queue", exit_on_error=False)
    def _load(self) -> None:
        try:
            rows = self.station.office.cases.work_list(self.role)
        except Exception:  # noqa: BLE001 - try again on the next poll
            log.exception("back-office queue could not be read")
            self._seen = _UNSEEN
            return
        self.app.call_from_thread(self._show, queue_order(rows))

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.query_one(CaseQueue).cases = rows
        count = len(rows)
        phrase: Phrase = (
            (lambda lang: t("station.home.waiting", lang, count=count))
            if count
            else "station.home.empty"
        )
        self.query_one("#work-count", Say).phrase = phrase
        self._highlighted()

    @on(CaseQueue.RowHighlighted)
    def _highlighted(self) -> None:
        """Under the table, the whole line of the case under the cursor (narrow screens cut it)."""
        table = self.query_one(CaseQueue)
        row = table.current_row()
        if row is None:
            self.query_one("#row-detail", Say).phrase = ""
            return

        def detail(lang: str) -> str:
            return " · ".join(cell for cell in table.cells(row, lang)[1:] if cell.strip())

        self.query_one("#row-detail", Say).phrase = detail

    # -- one case ------------------------------------------------------------------------
    @on(Button.Pressed, "#open")
    @on(CaseQueue.RowSelected)
    def open_case(self) -> None:
        """Open the case under the cursor: the input form (step 3) or the case's desk."""
        case_id = self.query_one(CaseQueue).current_id()
        if case_id is None:
            self.say("backoffice.none_chosen", problem=True)
            return
        office = self.station.office

        def read() -> tuple[Case, dict[str, str]]:
            case = office.cases.show(case_id)
            return case, staff_names(office, case)

        self.act(read, self._open)

    def _open(self, found: tuple[Case, dict[str, str]]) -> None:
        from station.screens.input_form import InputScreen
        from station.screens.review import ReviewScreen

        case, names = found
        screen: StationScreen
        if case.state == CaseState.INPUT:
            screen = InputScreen(self.session, case)
        else:
            screen = ReviewScreen(self.session, case, names)
        self.app.push_screen(screen, self._back_from_case)

    def _back_from_case(self, result: Phrase | None) -> None:
        self.say(result or "")
        self.refresh_list()

    # -- batches -------------------------------------------------------------------------
    @on(Button.Pressed, "#toggle")
    def toggle(self) -> None:
        """Tick or untick the case under the cursor."""
        self.query_one(CaseQueue).toggle()

    @on(Button.Pressed, "#all")
    def choose_all(self) -> None:
        """Tick every case (or none, when all are ticked)."""
        self.query_one(CaseQueue).choose_all()

    @on(Button.Pressed, "#batch")
    def _batch_pressed(self) -> None:  # not "batch": that is Textual's own context manager
        """Confirm once for the ticked cases (else the one under the cursor), then act."""
        _, state = BATCH[self.role]
        table = self.query_one(CaseQueue)
        states = {row["id"]: row["state"] for row in table.cases}
        chosen = [cid for cid in table.selection() if states.get(cid) == state.value]
        if not chosen:
            self.say("backoffice.none_chosen", problem=True)
            return
        count, listed = len(chosen), ", ".join(chosen)
        key = f"backoffice.batch.confirm.{self.role.value}"
        question: Phrase = lambda lang: t(key, lang, count=count, cases=listed)  # noqa: E731
        if self.role == Role.KEPALA_DINAS:
            dialog = AskDialog(
                lambda lang: t("backoffice.sign.passphrase", lang, count=count, cases=listed),
                yes="backoffice.sign.button",
                empty="backoffice.sign.passphrase_empty",
                password=True,
            )
            self.app.push_screen(dialog, lambda phrase: self._run_batch(chosen, phrase))
            return
        yes = BATCH[self.role][0]
        self.app.push_screen(
            Confirm(question, yes=yes), lambda ok: self._run_batch(chosen, "" if ok else None)
        )

    def _run_batch(self, chosen: list[str], answer: str | None) -> None:
        if answer is None:
            return
        office, session = self.station.office, self.session
        run: Callable[[], list[Outcome]]
        if self.role == Role.KEPALA_DINAS:
            run = lambda: sign_many(office, session, chosen, answer)  # noqa: E731
        elif self.role == Role.KABID:
            run = lambda: approve_many(office, session, chosen)  # noqa: E731
        else:
            run = lambda: print_many(office, session, chosen)  # noqa: E731
        self.say("counter.working")
        self.act(run, self._batch_done)

    def _batch_done(self, outcomes: list[Outcome]) -> None:
        done = [o.case_id for o in outcomes if o.ok]
        failed = [o for o in outcomes if not o.ok]
        table = self.query_one(CaseQueue)
        table.chosen -= set(done)

        def summary(lang: str) -> str:
            lines = [t("backoffice.batch.done", lang, count=len(done))]
            lines += [f"{o.case_id}: {o.error.message(lang)}" for o in failed if o.error]
            return "\n".join(lines)

        self.say(summary, problem=bool(failed))
        self.refresh_list()

    @on(Button.Pressed, "#logout")
    def _logout(self) -> None:
        self.station.logout()
