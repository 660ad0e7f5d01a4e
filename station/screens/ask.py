"""A question with one line to type: the reviewer's note, the key passphrase, an old Nomor KK."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from kiosk.widgets import BigButton, Phrase, Say
from station.screens.dialogs import ConfirmDialog


class AskDialog(ModalScreen[str | None]):
    """``question`` over one input; dismissed with the text typed, ``None`` for "Batal".

    An empty answer is refused with ``empty`` (a note is required, a
    passphrase cannot be blank). ``password`` hides what is typed: the
    passphrase lives only in this dialog and the worker that uses it.
    """

    DEFAULT_CSS = """
    AskDialog { align: center middle; background: $background 60%; }
    AskDialog Input { width: 1fr; background: $boost; border-left: outer $primary; }
    AskDialog #ask-problem { color: $error; text-style: bold; height: auto; }
    """
    BINDINGS = [("escape", "cancel", "")]

    def __init__(
        self,
        question: Phrase,
        *,
        yes: Phrase,
        empty: Phrase,
        password: bool = False,
        max_length: int = 200,
        restrict: str | None = None,
        placeholder: str = "",
    ) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.empty = empty
        self.password = password
        self.max_length = max_length
        self.restrict = restrict
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Say(self.question, classes="dialog-title")
            yield Input(
                id="answer",
                password=self.password,
                max_length=self.max_length,
                restrict=self.restrict,
                placeholder=self.placeholder,
                compact=True,
            )
            yield Say("", id="ask-problem")
            with Horizontal(classes="dialog-buttons"):
                yield BigButton(self.yes, id="yes", variant="warning")
                yield BigButton("counter.dialog.cancel", id="no")

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted, "#answer")
    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        answer = self.query_one("#answer", Input).value.strip()
        if not answer:
            self.query_one("#ask-problem", Say).phrase = self.empty
            return
        self.query_one("#answer", Input).value = ""
        self.dismiss(answer)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ConfirmDialog):
    """:class:`ConfirmDialog` with the keyboard too: Enter is "yes", Escape "Batal"."""

    BINDINGS = [("escape", "cancel", ""), ("enter", "yes", ""), ("y", "yes", "")]

    def action_yes(self) -> None:
        self.dismiss(True)
