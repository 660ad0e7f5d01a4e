"""A case's timeline: type its number, see every step, who, when, how long, and the notes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

from kiosk.widgets import BigButton, Phrase, Say
from shared.i18n import t
from shared.supervision import Timeline, TimelineRow, action_words, duration_words, timeline
from station.screens.supervisor_widgets import Pane, PhraseTable, placeholders
from station.widgets.work_list import waiting_since

COLUMNS = ("step", "action", "who", "when", "spent", "within", "note")


class TimelinePane(Pane):
    """The case number field, the case in one line, and one row per stay at a step."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="spv-form"):
            yield Input(id="tl-case", max_length=20, compact=True)
            yield BigButton("supervisor.timeline.show", id="tl-show", classes="small")
        yield Say("supervisor.timeline.empty", id="tl-head")
        yield PhraseTable([f"supervisor.timeline.column.{c}" for c in COLUMNS], id="tl-rows")

    def on_mount(self) -> None:
        placeholders(self, tl_case="supervisor.timeline.prompt")

    def loaded(self) -> None:
        self.query_one("#tl-case", Input).focus()

    @on(Input.Changed, "#tl-case")
    def _upper(self, event: Input.Changed) -> None:
        if event.value != event.value.upper():
            event.input.value = event.value.upper()

    @on(Input.Submitted, "#tl-case")
    @on(Button.Pressed, "#tl-show")
    def _show(self) -> None:
        self.look_up(self.query_one("#tl-case", Input).value)

    def look_up(self, case_id: str) -> None:
        """Read the timeline of ``case_id`` (an unknown number is said in the message line)."""
        case_id = case_id.strip().upper()
        if case_id:
            self.say("")
            self.act(lambda: timeline(self.office, case_id), self.show)

    def show(self, tl: Timeline) -> None:
        """Lay ``tl`` out."""
        self.query_one("#tl-head", Say).phrase = lambda lang: t(
            "supervisor.timeline.head",
            lang,
            case=tl.case_id,
            state=t(f"state.{tl.state.value}", lang),
            kind=_kind(self, tl.kind, lang),
            applicant=tl.applicant or "-",
        )
        today = self.office.now().date()
        self.query_one("#tl-rows", PhraseTable).show(
            [(str(i), _cells(row, today)) for i, row in enumerate(tl.rows)]
        )


def _kind(pane: Pane, code: str, lang: str) -> str:
    try:
        return pane.office.config.kind(code).text(lang)
    except (KeyError, AttributeError):
        return code


def _cells(row: TimelineRow, today):  # noqa: ANN001, ANN202 - date, tuple of phrases
    when = row.left or row.entered
    action: Phrase = lambda lang, a=row.action: action_words(a, lang)  # noqa: E731
    within: Phrase = "-"
    if row.step == 10 and row.left is None:
        action = "supervisor.timeline.waiting_owner"
    elif row.within is not None:
        within = "supervisor.on_time" if row.within else "supervisor.late_mark"
    who = row.staff_name or row.staff_id or "-"
    return (
        str(row.step),
        action,
        who,
        waiting_since(when.isoformat(), today),
        lambda lang, m=row.minutes, s=row.standard: f"{duration_words(m, lang)} / {s}",
        within,
        row.note or "",
    )
