"""Small dialogs over a counter screen: confirm an action, pick (or type) a ticket."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from kiosk.widgets import BigButton, Phrase, Say
from kiosk.widgets.text import app_language, render_phrase


class ConfirmDialog(ModalScreen[bool]):
    """A question with "Ya" and "Batal"; dismissed with True for yes."""

    BINDINGS = [("escape", "cancel", "")]

    def __init__(self, question: Phrase, *, yes: Phrase = "counter.dialog.yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Say(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield BigButton(self.yes, id="yes", variant="warning")
                yield BigButton("counter.dialog.cancel", id="no")

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)


class PickDialog(ModalScreen[str | None]):
    """Choose one of ``choices`` (value, label), or type a value when ``typed``.

    Dismissed with the chosen value (an option's, or the text typed and
    submitted with Enter), ``None`` for "Batal".
    """

    BINDINGS = [("escape", "cancel", "")]

    def __init__(
        self,
        title: Phrase,
        choices: Sequence[tuple[str, Phrase]],
        *,
        empty: Phrase,
        typed: Phrase | None = None,
    ) -> None:
        super().__init__()
        self.title_phrase = title
        self.choices = list(choices)
        self.empty = empty
        self.typed = typed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Say(self.title_phrase, classes="dialog-title")
            if self.typed is not None:
                yield Say(self.typed, classes="label")
                yield Input(id="typed", max_length=12, compact=True)
            if self.choices:
                yield OptionList(id="choices")
            else:
                yield Say(self.empty, id="no-choices")
            with Horizontal(classes="dialog-buttons"):
                yield BigButton("counter.dialog.cancel", id="no")

    def on_mount(self) -> None:
        if self.choices:
            self.watch(self.app, "lang", self._fill, init=True)
        if self.typed is not None:
            self.query_one("#typed", Input).focus()
        elif self.choices:
            self.query_one("#choices", OptionList).focus()

    def _fill(self) -> None:
        lang = app_language(self)
        options = self.query_one("#choices", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(render_phrase(label, lang), id=value) for value, label in self.choices
        )
        options.highlighted = highlighted if highlighted is not None else 0

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
