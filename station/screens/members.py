"""One member of the KK being entered (step 3): every column, checked as it is typed.

Enumerations are choice lists in SIAK's spelling (:mod:`shared.enums`); dates
are typed ``TTTT-BB-HH`` (``1990-08-17``, the KK record's own format; a
``17-08-1990`` typed by habit is turned round). After every change the whole
family is checked with this member in its row
(:func:`shared.backoffice.member_problems`) and the problems of the fields
already touched are listed under the form, naming the member and the field;
"Simpan" shows them all and keeps the dialog open until there are none.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select

from kiosk.widgets import BigButton, Say
from shared.backoffice import member_problems
from shared.enums import ENUMS
from shared.errors import ValidationError
from shared.family import MEMBER_FIELDS
from shared.i18n import t

DATES = ("tanggal_lahir", "tanggal_perkawinan")
_DMY = re.compile(r"(\d{2})[-/.](\d{2})[-/.](\d{4})")
RESTRICT = {"nik": r"[0-9]*", "tanggal_lahir": r"[0-9./-]*", "tanggal_perkawinan": r"[0-9./-]*"}
MAX_LENGTH = {"nik": 16, "tanggal_lahir": 10, "tanggal_perkawinan": 10}


def typed_date(text: str) -> str | None:
    """``1990-08-17`` as typed, ``17-08-1990`` turned round, empty as ``None``."""
    text = text.strip()
    found = _DMY.fullmatch(text)
    if found:
        return f"{found[3]}-{found[2]}-{found[1]}"
    return text or None


class MemberDialog(ModalScreen[dict[str, Any] | None]):
    """Add or edit member ``row`` (1-based) of ``family``; dismissed with the member or None."""

    DEFAULT_CSS = """
    MemberDialog { align: center middle; background: $background 60%; }
    MemberDialog > Vertical {
        width: 100; max-width: 100%; height: 1fr; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    MemberDialog #member-fields {
        grid-size: 2; grid-columns: 31 1fr; grid-rows: 1; grid-gutter: 0 1; height: auto;
    }
    MemberDialog #member-fields > Say { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    MemberDialog Input { background: $boost; }
    MemberDialog .-invalid { background: $error 30%; }
    MemberDialog #member-scroll { height: 1fr; }
    MemberDialog #member-problems { color: $error; height: auto; max-height: 8; }
    MemberDialog .dialog-buttons { height: 3; margin-top: 0; }
    MemberDialog .dialog-buttons BigButton { height: 3; min-height: 3; }
    """
    BINDINGS = [("escape", "cancel", ""), ("f5", "save", "")]

    def __init__(
        self, family: dict[str, Any], row: int, member: dict[str, Any], today: date
    ) -> None:
        super().__init__()
        self.family = family
        self.row = row
        self.member = dict(member)
        self.today = today
        self.touched: set[str] = set()
        self.problems: list[ValidationError] = []

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical():
            yield Say(
                lambda lang: t("backoffice.member.title", lang, member=row), classes="dialog-title"
            )
            with VerticalScroll(id="member-scroll"), Grid(id="member-fields"):
                for name in MEMBER_FIELDS:
                    yield Say(lambda lang, n=name: self._label(n, lang))
                    yield self._field(name)
            yield Say("", id="member-problems")
            with Horizontal(classes="dialog-buttons"):
                yield BigButton("backoffice.member.save", id="member-save", variant="success")
                yield BigButton("counter.dialog.cancel", id="member-cancel")

    def _label(self, name: str, lang: str) -> str:
        label = t(f"field.{name}", lang)
        return f"{label} ({t('backoffice.date_format', lang)})" if name in DATES else label

    def _field(self, name: str) -> Input | Select[str]:
        value = self.member.get(name)
        if name in ENUMS:
            choices = ENUMS[name]
            return Select(
                [(choice, choice) for choice in choices],
                value=value if value in choices else Select.NULL,
                prompt="—",
                compact=True,
                id=f"m-{name}",
            )
        return Input(
            "" if value is None else str(value),
            id=f"m-{name}",
            compact=True,
            restrict=RESTRICT.get(name),
            max_length=MAX_LENGTH.get(name, 80),
            placeholder=t("backoffice.date_format", "id") if name in DATES else "",
        )

    def on_mount(self) -> None:
        self.query_one("#m-nik", Input).focus()
        if any(self.member.get(name) for name in MEMBER_FIELDS if name != "kewarganegaraan"):
            self.touched = set(MEMBER_FIELDS)  # an existing member: show all it lacks
        self.check()

    # -- reading the form ------------------------------------------------------------------
    def value(self) -> dict[str, Any]:
        """The member as the form holds it (the exchange shape; blanks as ``None``)."""
        out: dict[str, Any] = {}
        for name in MEMBER_FIELDS:
            widget = self.query_one(f"#m-{name}")
            if isinstance(widget, Select):
                out[name] = widget.value if isinstance(widget.value, str) else None
            else:
                text = widget.value if isinstance(widget, Input) else ""
                out[name] = typed_date(text) if name in DATES else (text.strip() or None)
        return out

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | Select.Changed) -> None:
        name = (event.control.id or "")[2:]
        if name in MEMBER_FIELDS:
            self.touched.add(name)
            self.check()

    def check(self) -> list[ValidationError]:
        """Check the member in its family now; show the problems of the touched fields."""
        self.problems = member_problems(self.family, self.row, self.value(), self.today)
        shown = [p for p in self.problems if p.field in self.touched]
        bad = {p.field for p in shown}
        for name in MEMBER_FIELDS:
            self.query_one(f"#m-{name}").set_class(name in bad, "-invalid")
        self.query_one("#member-problems", Say).phrase = lambda lang: "\n".join(
            p.message(lang) for p in shown
        )
        return shown

    # -- closing -----------------------------------------------------------------------------
    @on(Button.Pressed, "#member-save")
    def action_save(self) -> None:
        """Keep the member if it passes every rule; else show everything it lacks."""
        self.touched = set(MEMBER_FIELDS)
        problems = self.check()
        if problems:
            self.query_one(f"#m-{problems[0].field}").focus()
            return
        self.dismiss(self.value())

    @on(Button.Pressed, "#member-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
