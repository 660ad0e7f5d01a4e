"""Step 9: the signed KKs waiting at the counter, each entered in the buku agenda.

The clerk stamps the KK and archives its file, ticks both, and registers it
(:meth:`shared.workflow.CaseFlow.register`, which refuses without both): it
gets the next agenda number of the year, and the KK is ready for pickup.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox

from kiosk.widgets import BigButton, NavBar, Say
from shared.counter_desk import registers_waiting
from shared.i18n import t
from shared.model import Case
from shared.office import Session
from station.screens.base import StationScreen, keys
from station.widgets import WorkList


class RegisterScreen(StationScreen):
    """The step-9 pile: pick a signed KK (the first is selected) and register it."""

    BINDINGS: ClassVar[list[BindingType]] = keys(f5="register", escape="back")

    def __init__(self, session: Session) -> None:
        super().__init__(session)

    def compose(self) -> ComposeResult:
        yield self.header()
        with Vertical(id="body", classes="register"):
            yield Say("counter.register.title", classes="title")
            yield Say("counter.register.hint", id="register-hint")
            yield WorkList(self.station.office.now().date(), id="register-list")
            with Horizontal(id="register-confirm"):
                yield Checkbox(t("counter.register.stamped", self.app_lang), id="stamped")
                yield Checkbox(t("counter.register.archived", self.app_lang), id="archived")
            yield from self.compose_message()
        yield NavBar(
            BigButton("counter.register.do", id="register", variant="success"),
            BigButton("counter.back", id="back"),
        )

    def on_mount(self) -> None:
        self.button("#register").disabled = True
        self._rows = 0
        self._seen: object = None
        self.watch(self.app, "lang", self._relabel, init=False)
        self.poll()
        self.set_interval(2, self.poll)

    def poll(self) -> None:
        """Read the pile again when the store changed (a KK signed meanwhile)."""
        seen = self.station.office.store.marker().get("gen")
        if seen != self._seen:
            self._seen = seen
            self._load()

    @work(thread=True, exclusive=True, group="register-list", exit_on_error=False)
    def _load(self) -> None:
        try:
            rows = registers_waiting(self.station.office)
        except Exception:  # noqa: BLE001 - shown as "nothing waiting"; the clerk can reopen
            rows = []
        self.app.call_from_thread(self._show, rows)

    @property
    def app_lang(self) -> str:
        return str(getattr(self.app, "lang", "id"))

    def _relabel(self) -> None:
        for name in ("stamped", "archived"):
            self.query_one(f"#{name}", Checkbox).label = t(
                f"counter.register.{name}", self.app_lang
            )

    def confirmed(self) -> tuple[bool, bool]:
        """(stamped, archived) as ticked."""
        return self.query_one("#stamped", Checkbox).value, self.query_one(
            "#archived", Checkbox
        ).value

    @on(Checkbox.Changed)
    def _ticked(self) -> None:
        self._enable()

    def _enable(self) -> None:
        self.button("#register").disabled = not (self._rows and all(self.confirmed()))

    def _show(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one(WorkList)
        table.cases = rows
        self._rows = len(rows)
        self._enable()
        count = len(rows)
        self.query_one("#register-hint", Say).phrase = (
            (lambda lang: t("counter.register.waiting", lang, count=count))
            if rows
            else "counter.register.empty"
        )
        if rows:
            table.focus()

    def selected(self) -> str | None:
        """The case id of the row under the cursor."""
        table = self.query_one(WorkList)
        rows = table.cases
        if not rows:
            return None
        return str(rows[min(max(table.cursor_row, 0), len(rows) - 1)]["id"])

    @on(Button.Pressed, "#register")
    def register(self) -> None:
        """Enter the selected KK in the buku agenda: stamped, archived, ready for pickup."""
        case_id = self.selected()
        if case_id is None:
            return
        office, session = self.station.office, self.session
        stamped, archived = self.confirmed()
        self.act(
            lambda: office.cases.register(session, case_id, stamped=stamped, archived=archived),
            self._registered,
        )

    def _registered(self, case: Case) -> None:
        for name in ("stamped", "archived"):  # the next KK is stamped and archived anew
            self.query_one(f"#{name}", Checkbox).value = False
        self.say(
            lambda lang: t(
                "counter.register.done",
                lang,
                case=case.id,
                agenda=case.agenda_no,
                name=case.applicant_name or "-",
            )
        )
        self._load()
