"""A large touch button labelled in the kiosk's current language."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Button
from textual.widgets._button import ButtonVariant

from kiosk.widgets.text import Phrase, app_language, render_phrase


class BigButton(Button, can_focus=False):
    """A button at least five rows high, easy to hit with a finger.

    It never takes focus: on a touchscreen there is nothing to focus, and a
    barcode scanner's typing must keep going to the keypad. ``hint`` is an
    optional second, smaller line under the label.
    """

    DEFAULT_CSS = """
    BigButton {
        height: 5;
        min-height: 5;
        width: 1fr;
        min-width: 10;
        text-wrap: wrap;
        text-style: bold;
    }
    """

    phrase: reactive[Phrase] = reactive[Phrase]("", init=False)
    hint: reactive[Phrase | None] = reactive[Phrase | None](None, init=False)

    def __init__(
        self,
        phrase: Phrase,
        *,
        hint: Phrase | None = None,
        variant: ButtonVariant = "default",
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__("", variant, id=id, classes=classes, disabled=disabled)
        self.set_reactive(BigButton.phrase, phrase)
        self.set_reactive(BigButton.hint, hint)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel, init=True)

    def watch_phrase(self) -> None:
        self._relabel()

    def watch_hint(self) -> None:
        self._relabel()

    def _relabel(self) -> None:
        lang = app_language(self)
        label = Content(render_phrase(self.phrase, lang)).stylize("bold")
        if self.hint is not None:
            hint = Content(render_phrase(self.hint, lang)).stylize("not bold dim")
            label = Content("\n").join([label, hint])
        self.label = label

    @property
    def text(self) -> str:
        """The label as shown now (for tests)."""
        return str(self.label.plain if isinstance(self.label, Content) else self.label)
