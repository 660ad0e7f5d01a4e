"""Staff management: the accounts, and add / enable-disable / reset PIN / change role.

Every change goes through :class:`shared.staff.StaffDesk` with the
supervisor's session (the domain checks the role again and audits it); a
refusal (an ID in use, a short PIN, one's own role) is shown in words.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Select

from kiosk.widgets import BigButton
from kiosk.widgets.text import Phrase, app_language
from shared.i18n import t
from shared.model import Staff
from shared.sop import Role
from station.screens.supervisor_widgets import Pane, PhraseTable, placeholders

COLUMNS = ("id", "name", "role", "status")


class StaffPane(Pane):
    """The staff table; under it the fields of a new account (or a new PIN, a new role)."""

    def compose(self) -> ComposeResult:
        yield PhraseTable([f"supervisor.staff.column.{c}" for c in COLUMNS], id="staff-table")
        with Horizontal(classes="spv-form"):
            yield Input(id="staff-id", max_length=32, compact=True)
            yield Input(id="staff-name", max_length=80, compact=True)
            yield Select[str]([], id="staff-role", compact=True)
            yield Input(
                id="staff-pin", password=True, max_length=12, restrict=r"[0-9]*", compact=True
            )
        with Horizontal(classes="spv-buttons"):
            yield BigButton("supervisor.staff.add", id="staff-add", classes="small")
            yield BigButton("supervisor.staff.toggle", id="staff-toggle", classes="small")
            yield BigButton("supervisor.staff.reset_pin", id="staff-reset", classes="small")
            yield BigButton("supervisor.staff.set_role", id="staff-set-role", classes="small")

    def on_mount(self) -> None:
        placeholders(
            self,
            staff_id="supervisor.staff.id",
            staff_name="supervisor.staff.name",
            staff_pin="supervisor.staff.pin",
        )
        self.watch(self.app, "lang", self._roles, init=True)

    def _roles(self) -> None:
        lang = app_language(self)
        select = self.query_one("#staff-role", Select)
        value = select.value
        select.set_options(
            [(t(f"supervisor.staff.role_short.{r.value}", lang), r.value) for r in Role]
        )
        select.prompt = t("supervisor.staff.role", lang)
        if value is not Select.NULL:
            select.value = value

    @on(Input.Changed, "#staff-id")
    def _upper(self, event: Input.Changed) -> None:
        if event.value != event.value.upper():
            event.input.value = event.value.upper()

    # -- reading ------------------------------------------------------------------------
    def loaded(self) -> None:
        self.query_one("#staff-table", PhraseTable).focus()
        self.act(self.office.staff.list, self.show)

    def show(self, staff: list[Staff]) -> None:
        """Lay the accounts out."""
        now = self.office.now()
        self.query_one("#staff-table", PhraseTable).show(
            [(s.id, (s.id, s.name, f"role.{s.role.value}", _status(s, now))) for s in staff]
        )

    # -- changing -----------------------------------------------------------------------
    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _role(self) -> str | None:
        value = self.query_one("#staff-role", Select).value
        return None if value is Select.NULL else str(value)

    def _chosen(self) -> str | None:
        chosen = self.query_one("#staff-table", PhraseTable).chosen
        if chosen is None:
            self.say("supervisor.staff.pick", problem=True)
        return chosen

    def _then(self, phrase: Phrase, *, clear: tuple[str, ...] = ("#staff-pin",)) -> Any:
        def done(_result: object) -> None:
            for selector in clear:
                self.query_one(selector, Input).value = ""
            self.say(phrase)
            self.loaded()

        return done

    @on(Button.Pressed, "#staff-add")
    def add(self) -> None:
        """Add the account typed in the fields."""
        staff_id, name, pin = (
            self._value("#staff-id"),
            self._value("#staff-name"),
            self._value("#staff-pin"),
        )
        role = self._role()
        if role is None:
            self.say("supervisor.staff.pick_role", problem=True)
            return
        session = self.supervisor.session
        sid = staff_id.upper()
        self.act(
            lambda: self.office.staff.add(staff_id, name, role, pin, by=session),
            self._then(
                lambda lang: t("supervisor.staff.added", lang, staff=sid),
                clear=("#staff-id", "#staff-name", "#staff-pin"),
            ),
        )

    @on(Button.Pressed, "#staff-toggle")
    def toggle(self) -> None:
        """Disable the highlighted account (enable it if disabled)."""
        sid = self._chosen()
        if sid is None:
            return
        if sid == self.supervisor.session.staff_id:
            self.say("supervisor.staff.own_account", problem=True)
            return
        session = self.supervisor.session

        def change() -> Staff:
            staff = next(s for s in self.office.staff.list() if s.id == sid)
            return self.office.staff.set_active(sid, not staff.active, by=session)

        def done(staff: Staff) -> None:
            key = "enabled" if staff.active else "disabled"
            self._then(lambda lang: t(f"supervisor.staff.{key}", lang, staff=sid))(staff)

        self.act(change, done)

    @on(Button.Pressed, "#staff-reset")
    def reset_pin(self) -> None:
        """Give the highlighted account the PIN typed in the PIN field."""
        sid, pin = self._chosen(), self._value("#staff-pin")
        if sid is None:
            return
        session = self.supervisor.session
        self.act(
            lambda: self.office.staff.set_pin(sid, pin, by=session),
            self._then(lambda lang: t("supervisor.staff.pin_reset", lang, staff=sid)),
        )

    @on(Button.Pressed, "#staff-set-role")
    def set_role(self) -> None:
        """Give the highlighted account the role chosen in the role list."""
        sid, role = self._chosen(), self._role()
        if sid is None:
            return
        if role is None:
            self.say("supervisor.staff.pick_role", problem=True)
            return
        session = self.supervisor.session
        self.act(
            lambda: self.office.staff.set_role(sid, role, by=session),
            self._then(
                lambda lang: t(
                    "supervisor.staff.role_set", lang, staff=sid, role=t(f"role.{role}", lang)
                )
            ),
        )


def _status(staff: Staff, now) -> Phrase:  # noqa: ANN001 - datetime
    if not staff.active:
        return "supervisor.staff.inactive"
    if staff.locked_until and staff.locked_until > now:
        until = f"{staff.locked_until:%H:%M}"
        return lambda lang: t("supervisor.staff.locked", lang, until=until)
    return "supervisor.staff.active"
