"""The audit log: filter by case, staff and dates; check the hash chain.

Reads :func:`shared.supervision.audit_query` (only the day files of the
range) and :func:`shared.audit.verify_chain`, whose result is said in words:
intact, or the first event that was changed, removed or reordered.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input

from kiosk.widgets import BigButton, Say
from shared.audit import ChainReport, verify_chain
from shared.errors import DomainError
from shared.i18n import catalogue, t
from shared.supervision import AuditPage, action_words, audit_query, chain_message
from station.screens.supervisor_widgets import Pane, PhraseTable, Row, placeholders

COLUMNS = ("at", "seq", "action", "what", "who", "note")


class AuditPane(Pane):
    """Four filters, Cari and Periksa rantai, the chain's verdict, the events newest first.

    Selecting an event about a case opens the case's timeline.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown = False
        self._cases: dict[str, str] = {}  # row key (the event's number) -> its case

    def compose(self) -> ComposeResult:
        with Horizontal(classes="spv-form"):
            yield Input(id="au-case", max_length=20, compact=True)
            yield Input(id="au-staff", max_length=32, compact=True)
            yield Input(id="au-from", max_length=10, compact=True)
            yield Input(id="au-to", max_length=10, compact=True)
        with Horizontal(classes="spv-buttons"):
            yield BigButton("supervisor.audit.search", id="au-search", classes="small")
            yield BigButton("supervisor.audit.check", id="au-check", classes="small")
        yield Say("", id="au-chain")
        yield Say("", id="au-summary")
        yield PhraseTable([f"supervisor.audit.column.{c}" for c in COLUMNS], id="au-table")

    def on_mount(self) -> None:
        placeholders(
            self,
            au_case="supervisor.audit.case",
            au_staff="supervisor.audit.staff",
            au_from="supervisor.audit.from",
            au_to="supervisor.audit.to",
        )

    def loaded(self) -> None:
        self.query_one("#au-case", Input).focus()
        if not self.shown:
            self.search()

    @on(Input.Submitted)
    @on(Button.Pressed, "#au-search")
    def search(self) -> None:
        """Read the events the filters ask for."""
        try:
            day_from = _day(self._value("#au-from"))
            day_to = _day(self._value("#au-to"))
        except DomainError as err:
            self.say(err.message, problem=True)
            return
        case, staff = self._value("#au-case") or None, self._value("#au-staff") or None
        self.say("")
        self.act(
            lambda: audit_query(
                self.office, case=case, staff=staff, day_from=day_from, day_to=day_to
            ),
            self.show,
        )

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def show(self, page: AuditPage) -> None:
        """Lay ``page`` out."""
        self.shown = True
        count, start, end = len(page.events), page.day_from, page.day_to
        key = "supervisor.audit.more" if page.more else "supervisor.audit.found"
        self.query_one("#au-summary", Say).phrase = lambda lang: t(
            key, lang, count=count, start=start.isoformat(), end=end.isoformat()
        )
        self.query_one("#au-table", PhraseTable).show([_row(e) for e in page.events])
        self._cases = {
            str(e.get("seq")): str(e["entity_id"]) for e in page.events if e.get("entity") == "case"
        }

    @on(DataTable.RowSelected, "#au-table")
    def _open_case(self, event: DataTable.RowSelected) -> None:
        case = self._cases.get(str(event.row_key.value))
        if case:
            self.supervisor.show_case(case)

    @on(Button.Pressed, "#au-check")
    def check(self) -> None:
        """Walk the whole audit chain (off the UI thread) and say the result."""
        chain = self.query_one("#au-chain", Say)
        chain.set_class(False, "-problem")
        chain.phrase = "supervisor.audit.checking"
        self.act(lambda: verify_chain(self.office.store), self.show_chain)

    def show_chain(self, report: ChainReport) -> None:
        chain = self.query_one("#au-chain", Say)
        chain.set_class(not report.ok, "-problem")
        chain.set_class(report.ok, "-ok")
        chain.phrase = lambda lang: chain_message(report, lang)


def _day(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError("supervisor.audit.bad_day", value=text) from None


def _row(event: dict[str, Any]) -> Row:
    at = str(event.get("at", ""))
    what = str(event.get("entity_id") or "-")
    who = event.get("staff_id") or event.get("station") or "-"
    note, to = event.get("note") or "", event.get("to_state")

    def about(lang: str) -> str:
        if not to:
            return note
        state = t(f"state.{to}", lang) if f"state.{to}" in catalogue() else to
        return f"→ {state} {note}".strip()

    action = event.get("action")
    return (
        str(event.get("seq")),
        (
            f"{at[:10]} {at[11:16]}",
            str(event.get("seq")),
            lambda lang: action_words(action, lang),
            what,
            str(who),
            about,
        ),
    )
