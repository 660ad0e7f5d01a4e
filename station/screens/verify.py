"""Step 2 at the counter: check the called applicant's file against its requirements.

The kind of application (changeable) and its checklist from config.toml,
the applicant's name, NIK and an optional phone number. "Lengkap" registers
the file (buku register) and prints the pickup receipt; "Tidak lengkap"
returns it with a slip listing exactly what is missing. Both are one call of
:meth:`shared.workflow.CaseFlow.verify`; the receipt job it queued is then
printed at once on the counter's printer, and reprinted from here if the
printer failed (the case is stored either way).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select

from kiosk.widgets import BigButton, NavBar, Phrase, Say
from kiosk.widgets.text import app_language
from shared.errors import DomainError
from shared.i18n import t
from shared.kiosk_info import format_date
from shared.model import Case, PrintJob
from shared.office import Session
from station.screens.base import ReceiptScreen, keys, print_now
from station.widgets import RequirementList

FORM_BUTTONS = ("#complete", "#incomplete", "#back")


class VerifyScreen(ReceiptScreen):
    """The file check of ``case`` (called, VERIFYING); dismissed when the clerk is done."""

    BINDINGS: ClassVar[list[BindingType]] = keys(
        f5="complete", f6="incomplete", f7="reprint-receipt", f8="done", escape="back"
    )

    def __init__(self, session: Session, case: Case) -> None:
        super().__init__(session)
        self.case = case

    def compose(self) -> ComposeResult:
        office = self.station.office
        kinds = {k.code: k for k in office.config.kinds}
        kind = kinds.get(self.case.kind, office.config.kinds[0])  # a kind since removed
        shown = self.case.ticket_display
        yield self.header()
        with Horizontal(id="body", classes="verify"):
            with VerticalScroll(id="file"):
                yield Say(
                    lambda lang: t("counter.verify.title", lang, ticket=shown), classes="title"
                )
                yield Say("counter.verify.kind", classes="label")
                yield Select(
                    [(k.text(app_language(self)), k.code) for k in office.config.kinds],
                    value=kind.code,
                    allow_blank=False,
                    compact=True,
                    id="kind",
                )
                yield Say("counter.verify.requirements", classes="label")
                yield RequirementList(kind, id="requirements")
            with Vertical(id="applicant"):
                yield Say("counter.verify.name", classes="label")
                yield Input(id="name", max_length=80, compact=True)
                yield Say("counter.verify.nik", classes="label")
                yield Input(id="nik", max_length=16, restrict=r"[0-9]*", compact=True)
                yield Say("counter.verify.phone", classes="label")
                yield Input(
                    self.case.phone or "",
                    id="phone",
                    max_length=16,
                    restrict=r"[0-9+]*",
                    compact=True,
                )
                yield Say("", id="result")
                yield from self.compose_message()
        yield NavBar(
            BigButton("counter.verify.complete", id="complete", variant="success"),
            BigButton("counter.verify.incomplete", id="incomplete", variant="warning"),
            BigButton("counter.back", id="back"),
            BigButton("counter.reprint_receipt", id="reprint-receipt", variant="warning"),
            BigButton("counter.done", id="done", variant="primary"),
        )

    def on_mount(self) -> None:
        for selector in ("#reprint-receipt", "#done"):
            self.button(selector).display = False
        self.watch(self.app, "lang", self._relabel_kinds, init=False)
        self.query_one("#name", Input).focus()

    def _relabel_kinds(self) -> None:
        select = self.query_one("#kind", Select)
        value = select.value
        lang = app_language(self)
        select.set_options([(k.text(lang), k.code) for k in self.station.office.config.kinds])
        select.value = value

    @on(Input.Submitted, "#name")
    @on(Input.Submitted, "#nik")
    def _next_field(self, event: Input.Submitted) -> None:
        following = {"name": "#nik", "nik": "#phone"}[event.input.id or "name"]
        self.query_one(following, Input).focus()

    @on(Select.Changed, "#kind")
    async def _kind_changed(self, event: Select.Changed) -> None:
        requirements = self.query_one(RequirementList)
        if isinstance(event.value, str) and event.value != requirements.kind.code:
            await requirements.show_kind(self.station.office.config.kind(event.value))

    # -- deciding -----------------------------------------------------------------------
    @on(Button.Pressed, "#complete")
    def complete(self) -> None:
        """Every required document is here: register the file."""
        missing = self.query_one(RequirementList).missing_required()
        if missing:
            self.say("counter.verify.not_all_ticked", problem=True)
            return
        self._verify()

    @on(Button.Pressed, "#incomplete")
    def incomplete(self) -> None:
        """Something is missing: return the file with a slip."""
        if not self.query_one(RequirementList).missing_required():
            self.say("counter.verify.all_ticked", problem=True)
            return
        self._verify()

    def _verify(self) -> None:
        office, session, case_id = self.station.office, self.session, self.case.id
        kind = self.query_one(RequirementList).kind.code
        present = self.query_one(RequirementList).present()
        name = self.query_one("#name", Input).value
        nik = self.query_one("#nik", Input).value
        phone = self.query_one("#phone", Input).value.strip() or None
        worker = self.station.station

        def run() -> tuple[Case, PrintJob | None, DomainError | None]:
            case, token = office.cases.verify(
                session,
                case_id,
                present=present,
                kind=kind,
                applicant_name=name,
                applicant_nik=nik,
                phone=phone,
            )
            receipt = "pickup_receipt" if token else "return_slip"
            return (case, *print_now(office, case.id, receipt, worker))

        self.say("counter.working")
        self.act(run, self._verified)

    def _verified(self, result: tuple[Case, PrintJob | None, DomainError | None]) -> None:
        self.case, self.job, problem = result
        self.query_one(RequirementList).set_disabled(True)
        for selector in ("#kind", "#name", "#nik", "#phone"):
            self.query_one(selector).disabled = True
        for selector in FORM_BUTTONS:
            self.button(selector).display = False
        self.button("#done").display = True
        self.query_one("#result", Say).phrase = self._outcome()
        self.show_print(problem)

    def _outcome(self) -> Phrase:
        case, config = self.case, self.station.office.config
        if case.missing:
            kind = config.kind(case.kind)
            missing = [kind.requirement(code) for code in case.missing]
            return lambda lang: "\n".join(
                [t("counter.verify.returned", lang)]
                + [f"- {requirement.text(lang)}" for requirement in missing]
            )

        def registered(lang: str) -> str:
            ready = format_date(case.expected_ready, lang) if case.expected_ready else "-"
            return t(
                "counter.verify.registered",
                lang,
                register=case.register_no,
                receipt=case.receipt_no,
                ready=ready,
            )

        return registered

    def print_phrases(self) -> tuple[Phrase, str, Phrase]:
        what = "return_slip" if self.case.missing else "pickup_receipt"
        return f"counter.print.{what}.printed", f"counter.print.{what}.failed", "counter.print.none"
