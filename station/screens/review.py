"""One case on the back office's desk: the application beside the draft, and the step's decision.

Left, the application: its kind, the applicant, the requirements ticked at
the counter (step 2), the parafs given (who, when, which draft version), the
history with every return's note, and for a draft entered again after a
return, what changed since the draft last reviewed
(:func:`shared.backoffice.family_changes` on ``Case.previous_family``).
Right (below, on a narrow terminal), the draft: the KK header and every
column of every member.

The decision depends on where the case waits:

- steps 4 and 5 (Kasi, Kabid): "Paraf" (approve, confirmed once) or
  "Kembalikan" with a required note, which sends the case back as the SOP
  says (Kasi → SIAK operator, Kabid → Kasi);
- step 7 (SIAK operator): "Cetak KK", the final print;
- step 8 (Kepala Dinas): "Tanda tangani", with the signing key's passphrase.

Each is one workflow action in a worker thread; the screen closes with a
phrase saying what was done, or stays with the refusal shown.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button

from kiosk.widgets import BigButton, ClockHeader, NavBar, Phrase, Say
from shared.backoffice import Change, family_changes, sign_many
from shared.i18n import catalogue, t
from shared.model import Case
from shared.office import Session
from shared.sop import CaseState
from station.screens.ask import AskDialog, Confirm
from station.screens.base import StationScreen, keys
from station.widgets.family_view import MemberTable, header_text

TITLES = {
    CaseState.KASI_REVIEW: "backoffice.review.title",
    CaseState.KABID_REVIEW: "backoffice.review.title",
    CaseState.FINAL_PRINT: "backoffice.print.title",
    CaseState.SIGNING: "backoffice.sign.title",
}


def change_line(change: Change, lang: str) -> str:
    """One difference between two drafts, in words."""
    if change.kind == "added":
        return t("backoffice.change.added", lang, member=change.member, name=change.name)
    if change.kind == "removed":
        return t("backoffice.change.removed", lang, name=change.name)
    field = t(f"field.{change.field}", lang)
    where = t("where.member_field", lang, member=change.member, field=field)
    return t(
        "backoffice.change.field",
        lang,
        where=where if change.member else field,
        old=change.old or "-",
        new=change.new or "-",
    )


def action_words(action: str, lang: str) -> str:
    """A history entry's action in words (its code when the catalogue has none)."""
    key = f"backoffice.action.{action}"
    return t(key, lang) if key in catalogue() else action


class ReviewScreen(StationScreen):
    """``case`` with its draft, and the decision of the step it waits at."""

    DEFAULT_CSS = """
    ReviewScreen #review { height: 1fr; padding: 0 2; }
    ReviewScreen #panes { height: auto; layout: vertical; }
    ReviewScreen.-wide #panes { layout: horizontal; }
    ReviewScreen #application { height: auto; }
    ReviewScreen.-wide #application { width: 2fr; padding-left: 2; }
    ReviewScreen #draft { height: auto; }
    ReviewScreen.-wide #draft { width: 3fr; }
    ReviewScreen Say { height: auto; }
    ReviewScreen #changes { color: $warning; }
    ReviewScreen #returned-note { color: $warning; text-style: bold; }
    ReviewScreen #message { padding: 0 2; margin: 0; }
    """
    # F5 is the step's own action for every role, as in the work list (paraf, print, sign).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "primary", show=False),
        *keys(f6="reject", escape="back"),
    ]

    def action_primary(self) -> None:
        """F5: the one action this role takes here (the others' buttons are not shown)."""
        for name in ("approve", "final-print", "sign"):
            found = self.query(f"#{name}").results(BigButton)
            for button in found:
                if button.display and not button.disabled:
                    button.press()
                    return

    def __init__(self, session: Session, case: Case, names: dict[str, str]) -> None:
        super().__init__(session)
        self.case = case
        self.names = names

    def compose(self) -> ComposeResult:
        office = self.station.office
        title = TITLES.get(self.case.state, "backoffice.review.title")
        yield ClockHeader(title, office.now)
        with VerticalScroll(id="review"):
            yield Say(self._case_line(), classes="title")
            if self.case.rejections and self.case.last_note:
                note = self.case.last_note
                yield Say(
                    lambda lang: t("backoffice.returned_note", lang, note=note),
                    id="returned-note",
                )
            yield Say("backoffice.review.changes_title", classes="subtitle")
            yield Say(self._changes(), id="changes")
            with Horizontal(id="panes"):
                with Vertical(id="draft"):
                    yield Say(self._draft_title(), classes="subtitle")
                    yield Say(lambda lang: header_text(self.case.family, lang), id="kk-header")
                    yield MemberTable(id="members")
                with Vertical(id="application"):
                    yield Say("backoffice.review.requirements", classes="subtitle")
                    yield Say(self._requirements(), id="requirements")
                    yield Say("backoffice.review.parafs", classes="subtitle")
                    yield Say(self._parafs(), id="parafs")
                    yield Say("backoffice.review.history", classes="subtitle")
                    yield Say(self._history(), id="history")
        yield from self.compose_message()
        yield NavBar(*self._buttons(), BigButton("counter.back", id="back"))

    def _buttons(self) -> list[BigButton]:
        state = self.case.state
        if state in (CaseState.KASI_REVIEW, CaseState.KABID_REVIEW):
            return [
                BigButton("backoffice.review.approve", id="approve", variant="success"),
                BigButton("backoffice.review.reject", id="reject", variant="warning"),
            ]
        if state == CaseState.FINAL_PRINT:
            return [BigButton("backoffice.print.button", id="final-print", variant="success")]
        if state == CaseState.SIGNING:
            return [BigButton("backoffice.sign.button", id="sign", variant="success")]
        return []

    def on_mount(self) -> None:
        self.query_one(MemberTable).members = list((self.case.family or {}).get("anggota") or [])

    def action_press(self, button: str) -> None:
        if self.query(f"#{button}"):
            super().action_press(button)

    # -- what is shown -------------------------------------------------------------------
    def _case_line(self) -> Phrase:
        case, config = self.case, self.station.office.config
        try:
            kind: Any = config.kind(case.kind).text
        except KeyError:
            kind = lambda _lang: case.kind  # noqa: E731
        return lambda lang: t(
            "backoffice.input.case",
            lang,
            case=case.id,
            kind=kind(lang),
            applicant=case.applicant_name or "-",
        )

    def _requirements(self) -> Phrase:
        case, config = self.case, self.station.office.config
        try:
            kind = config.kind(case.kind)
        except KeyError:
            return lambda _lang: ", ".join(
                f"{c} {'✓' if v else '✗'}" for c, v in case.requirements.items()
            )

        def lines(lang: str) -> str:
            out = []
            for code, present in case.requirements.items():
                try:
                    label = kind.requirement(code).text(lang)
                except KeyError:
                    label = code
                out.append(f"{'✓' if present else '✗'} {label}")
            return "\n".join(out) or "-"

        return lines

    def _changes(self) -> Phrase:
        changes = family_changes(self.case.previous_family, self.case.family)
        if not self.case.previous_family:
            return "backoffice.review.first_draft"
        if not changes:
            return "backoffice.review.no_changes"
        return lambda lang: "\n".join(change_line(c, lang) for c in changes)

    def _parafs(self) -> Phrase:
        case, names = self.case, self.names
        if not case.parafs:
            return "backoffice.review.no_parafs"
        return lambda lang: "\n".join(
            t(
                "backoffice.review.paraf",
                lang,
                role=t(f"role.{p.role.value}", lang),
                name=names.get(p.staff_id, p.staff_id),
                at=f"{p.at:%d-%m-%Y %H:%M}",
                version=p.draft_version,
            )
            for p in case.parafs
        )

    def _history(self) -> Phrase:
        case, names = self.case, self.names

        def lines(lang: str) -> str:
            out = []
            for h in case.history[-8:]:
                who = names.get(h.staff_id or "", h.staff_id or "-")
                line = f"{h.at:%d-%m %H:%M} {action_words(h.action, lang)} ({who})"
                if h.note:
                    line += f": {h.note}"
                out.append(line)
            return "\n".join(out)

        return lines

    def _draft_title(self) -> Phrase:
        version = self.case.draft_version
        return lambda lang: t("backoffice.review.draft", lang, version=version)

    # -- deciding --------------------------------------------------------------------------
    @on(Button.Pressed, "#approve")
    def approve(self) -> None:
        """Confirm, then paraf the draft (the reviewer and the time are recorded)."""
        case_id = self.case.id
        question: Phrase = lambda lang: t("backoffice.review.approve_confirm", lang, case=case_id)  # noqa: E731
        self.app.push_screen(Confirm(question, yes="backoffice.review.approve"), self._approve)

    def _approve(self, yes: bool | None) -> None:
        if not yes:
            return
        office, session, case_id = self.station.office, self.session, self.case.id
        self.act(lambda: office.cases.review(session, case_id, approve=True), self._decided)

    @on(Button.Pressed, "#reject")
    def reject(self) -> None:
        """Ask the note (required), then send the draft back as the SOP says."""
        dialog = AskDialog(
            "backoffice.review.reject_question",
            yes="backoffice.review.reject",
            empty="backoffice.review.note_required",
        )
        self.app.push_screen(dialog, self._reject)

    def _reject(self, note: str | None) -> None:
        if not note:
            return
        office, session, case_id = self.station.office, self.session, self.case.id
        self.act(
            lambda: office.cases.review(session, case_id, approve=False, note=note), self._decided
        )

    @on(Button.Pressed, "#final-print")
    def final_print(self) -> None:
        """Print the KK (step 7) and pass it to the Kepala Dinas."""
        office, session, case_id = self.station.office, self.session, self.case.id
        self.act(lambda: office.cases.final_print(session, case_id), self._decided)

    @on(Button.Pressed, "#sign")
    def sign(self) -> None:
        """Ask the key's passphrase, then sign (step 8)."""
        case_id = self.case.id
        dialog = AskDialog(
            lambda lang: t("backoffice.sign.passphrase", lang, count=1, cases=case_id),
            yes="backoffice.sign.button",
            empty="backoffice.sign.passphrase_empty",
            password=True,
        )
        self.app.push_screen(dialog, self._sign)

    def _sign(self, passphrase: str | None) -> None:
        if not passphrase:
            return
        office, session, case_id = self.station.office, self.session, self.case.id

        def run() -> Case:
            (outcome,) = sign_many(office, session, [case_id], passphrase)
            if outcome.error is not None:
                raise outcome.error
            assert outcome.case is not None
            return outcome.case

        self.act(run, self._decided)

    def _decided(self, case: Case) -> None:
        case_id, state = case.id, case.state.value
        self.dismiss(  # type: ignore[arg-type]
            lambda lang: t("backoffice.moved", lang, case=case_id, state=t(f"state.{state}", lang))
        )
