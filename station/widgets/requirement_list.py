"""The requirement checklist of one kind of application (SOP step 2), one tick per document."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Checkbox

from kiosk.widgets import Say
from shared.config_types import ApplicationKind, Requirement
from shared.i18n import t


class Tick(Checkbox):
    """A check box that shows ✓ when ticked and nothing when not (not only a colour)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button


class RequirementRow(Horizontal):
    """A tick box and the document's name (wrapped, so long names stay readable).

    Tapping the name ticks the box too: on a touchscreen the box alone is a
    small target. Optional documents (needed only in some cases) say so.
    """

    DEFAULT_CSS = """
    RequirementRow { height: auto; margin-bottom: 1; }
    RequirementRow > Checkbox { width: 5; }
    RequirementRow > Say { width: 1fr; height: auto; }
    RequirementRow.-optional > Say { color: $text-muted; }
    """

    def __init__(self, requirement: Requirement) -> None:
        super().__init__(id=f"req-{requirement.code}", classes="requirement")
        self.requirement = requirement
        self.set_class(requirement.optional, "-optional")

    def compose(self) -> ComposeResult:
        req = self.requirement
        yield Tick("", compact=True)

        def label(lang: str) -> str:
            text = req.text(lang)
            return f"{text} ({t('counter.verify.optional', lang)})" if req.optional else text

        yield Say(label)

    @property
    def ticked(self) -> bool:
        """Whether the document is present."""
        return self.query_one(Checkbox).value

    @ticked.setter
    def ticked(self, value: bool) -> None:
        self.query_one(Checkbox).value = value

    def on_click(self, event: events.Click) -> None:
        box = self.query_one(Checkbox)
        if event.widget is not box and not box.disabled:
            self.ticked = not self.ticked


class RequirementList(Vertical):
    """The documents of ``kind``; :meth:`present` lists the codes ticked."""

    DEFAULT_CSS = """
    RequirementList { height: auto; }
    """

    def __init__(self, kind: ApplicationKind, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind

    def compose(self) -> ComposeResult:
        for requirement in self.kind.requirements:
            yield RequirementRow(requirement)

    async def show_kind(self, kind: ApplicationKind) -> None:
        """Switch to the documents of ``kind`` (a document both kinds need stays ticked)."""
        ticked = set(self.present())
        self.kind = kind
        await self.remove_children()
        rows = [RequirementRow(r) for r in kind.requirements]
        await self.mount_all(rows)
        for row in rows:
            row.ticked = row.requirement.code in ticked

    def rows(self) -> list[RequirementRow]:
        """One row per document, in config order."""
        return list(self.query(RequirementRow).results(RequirementRow))

    def present(self) -> list[str]:
        """Codes of the documents ticked."""
        return [row.requirement.code for row in self.rows() if row.ticked]

    def missing_required(self) -> list[Requirement]:
        """Documents not ticked that are not optional (what makes a file incomplete)."""
        return [r.requirement for r in self.rows() if not r.ticked and not r.requirement.optional]

    def set_disabled(self, disabled: bool) -> None:
        """Freeze the ticks (after the check is stored)."""
        for box in self.query(Checkbox).results(Checkbox):
            box.disabled = disabled
