"""Step 10 at the pickup counter: the pickup receipt checked, the KK handed over.

A USB scanner reads the receipt's QR and types ``KKPICKUP|<receipt>|<TOKEN>``
followed by Enter into the receipt field; without a scanner the clerk types
the receipt number and the code printed under the QR. The receipt must
locate a case ready for pickup and its token must match
(:func:`shared.counter_desk.locate_pickup`, which records every refusal);
then the applicant's name and full NIK are shown to compare with the KTP-el,
and "Serahkan" hands the KK over (:meth:`shared.workflow.CaseFlow.handover`,
which checks the token again) and prints the proof of handover.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input

from kiosk.widgets import BigButton, NavBar, Phrase, Say
from shared.counter_desk import locate_pickup, read_pickup_input
from shared.errors import DomainError
from shared.i18n import t
from shared.model import Case, PrintJob, Ticket
from shared.office import Session
from station.screens.base import ReceiptScreen, keys, print_now

HANDOVER_PRINT = "handover_proof"


class PickupScreen(ReceiptScreen):
    """The handover for the pickup ticket ``ticket`` (its case is linked: ``ticket.case_id``)."""

    BINDINGS: ClassVar[list[BindingType]] = keys(
        f5="handover", f7="reprint-receipt", f8="done", escape="back"
    )

    def __init__(self, session: Session, ticket: Ticket) -> None:
        super().__init__(session)
        self.ticket = ticket
        self.case: Case | None = None
        self.token = ""
        self.handed_over = False
        self._checked: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        shown = self.ticket.display
        yield self.header()
        with Horizontal(id="body", classes="pickup"):
            with Vertical(id="scan"):
                yield Say(
                    lambda lang: t("counter.pickup.title", lang, ticket=shown), classes="title"
                )
                yield Say("counter.pickup.receipt", classes="label")
                yield Input(id="receipt", max_length=64, compact=True)
                yield Say("counter.pickup.token", classes="label")
                yield Input(id="token", max_length=64, compact=True)
                yield BigButton("counter.pickup.check", id="check", variant="primary")
            with Vertical(id="applicant"):
                yield Say("counter.pickup.compare", classes="subtitle")
                yield Say("", id="applicant-name", classes="applicant-line")
                yield Say("", id="applicant-nik", classes="applicant-line")
                yield Say("", id="applicant-case")
                yield from self.compose_message()
        yield NavBar(
            BigButton("counter.pickup.handover", id="handover", variant="success"),
            BigButton("counter.back", id="back"),
            BigButton("counter.reprint_receipt", id="reprint-receipt", variant="warning"),
            BigButton("counter.done", id="done", variant="primary"),
        )

    def on_mount(self) -> None:
        for selector in ("#handover", "#reprint-receipt", "#done"):
            self.button(selector).display = selector == "#handover"
        self.button("#handover").disabled = True
        self.query_one("#receipt", Input).focus()

    # -- the receipt --------------------------------------------------------------------
    @on(Input.Submitted, "#receipt")
    def _receipt_entered(self, event: Input.Submitted) -> None:
        if read_pickup_input(event.value) is not None:
            self.check()  # a scan (or number and code typed together)
        else:
            self.query_one("#token", Input).focus()

    @on(Input.Changed, "#receipt")
    @on(Input.Changed, "#token")
    def _changed(self) -> None:
        # A receipt shown stays only while the fields still say what was checked.
        if self.case is not None and not self.handed_over and self._typed() != self._checked:
            self._forget()

    def _typed(self) -> tuple[str, str]:
        receipt = self.query_one("#receipt", Input).value.strip()
        return receipt, self.query_one("#token", Input).value.strip()

    @on(Input.Submitted, "#token")
    @on(Button.Pressed, "#check")
    def check(self) -> None:
        """Locate the case behind the receipt and check its token (refusals are recorded)."""
        for text in self._typed():  # a scan lands in whichever field has the focus
            scanned = read_pickup_input(text)
            if scanned is not None:
                self.query_one("#receipt", Input).value = scanned[0]
                self.query_one("#token", Input).value = scanned[1]
                break
        receipt, token = self._checked = self._typed()
        if not receipt or not token:
            self.say("counter.pickup.missing", problem=True)
            return
        office, session, expected = self.station.office, self.session, self.ticket.case_id
        self._forget()
        self.act(
            lambda: (locate_pickup(office, session, receipt, token, expected_case=expected), token),
            self._located,
        )

    def _forget(self) -> None:
        self.case, self.token = None, ""
        self.button("#handover").disabled = True
        for selector in ("#applicant-name", "#applicant-nik", "#applicant-case"):
            self.query_one(selector, Say).phrase = ""

    def refused(self, err: DomainError | None) -> None:
        super().refused(err)
        if not self.handed_over:
            self._forget()

    def _located(self, found: tuple[Case, str]) -> None:
        case, self.token = found
        self.case = case
        name, nik = case.applicant_name or "-", case.applicant_nik or "-"
        self.query_one("#applicant-name", Say).phrase = lambda lang: t(
            "counter.pickup.name", lang, name=name
        )
        self.query_one("#applicant-nik", Say).phrase = lambda lang: t(
            "counter.pickup.nik", lang, nik=nik
        )
        self.query_one("#applicant-case", Say).phrase = lambda lang: t(
            "counter.pickup.case", lang, case=case.id, register=case.register_no or "-"
        )
        self.button("#handover").disabled = False
        self.say("counter.pickup.located")

    # -- handing over -------------------------------------------------------------------
    @on(Button.Pressed, "#handover")
    def handover(self) -> None:
        """Hand the KK over (the domain checks the token again) and print the proof."""
        if self.case is None:
            return
        office, session, case_id, token = (
            self.station.office,
            self.session,
            self.case.id,
            self.token,
        )
        worker = self.station.station

        def run() -> tuple[Case, PrintJob | None, DomainError | None]:
            case = office.cases.handover(session, case_id, token)
            return (case, *print_now(office, case.id, HANDOVER_PRINT, worker))

        self.say("counter.working")
        self.act(run, self._handed_over)

    def _handed_over(self, result: tuple[Case, PrintJob | None, DomainError | None]) -> None:
        self.case, self.job, problem = result
        self.handed_over = True
        for selector in ("#receipt", "#token"):
            self.query_one(selector, Input).disabled = True
        for selector in ("#check", "#handover", "#back"):
            self.button(selector).display = False
        self.button("#done").display = True
        self.show_print(problem)

    def print_phrases(self) -> tuple[Phrase, str, Phrase]:
        done = "counter.pickup.handed_over"
        return done, "counter.print.handover_proof.failed", done
