"""Text in the kiosk's current language: :class:`Say`, and the :data:`Phrase` it shows.

A phrase is a message catalogue key (``"kiosk.home.apply"``) or a function of
the language (``lambda lang: kind.text(lang)``) for texts from config.toml or
with parameters. Every widget showing a phrase watches the app's ``lang``
reactive and renders itself again when the citizen switches language.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from shared.i18n import DEFAULT_LANGUAGE, t

Phrase = str | Callable[[str], str]


def render_phrase(phrase: Phrase, lang: str) -> str:
    """The text of ``phrase`` in ``lang``."""
    return phrase(lang) if callable(phrase) else t(phrase, lang)


def app_language(widget: Widget) -> str:
    """The language of the app ``widget`` runs in (Indonesian outside a kiosk app)."""
    return str(getattr(widget.app, "lang", DEFAULT_LANGUAGE))


class Say(Static):
    """A text from the catalogue (or config), re-rendered when the language changes."""

    phrase: reactive[Phrase] = reactive[Phrase]("", init=False)

    def __init__(
        self, phrase: Phrase, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.set_reactive(Say.phrase, phrase)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._render_text, init=True)

    def watch_phrase(self) -> None:
        self._render_text()

    def _render_text(self) -> None:
        self.update(render_phrase(self.phrase, app_language(self)))

    @property
    def text(self) -> str:
        """The text as shown now (for tests and logs)."""
        return render_phrase(self.phrase, app_language(self))
