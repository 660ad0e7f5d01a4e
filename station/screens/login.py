"""The log-in screen: staff ID, PIN (typed or on the keypad), the domain's refusal in words."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input

from kiosk.host import host_of
from kiosk.widgets import BigButton, ClockHeader, Keypad, NavBar, Phrase, Say
from kiosk.widgets.staff_id import StaffIdInput
from shared.errors import DomainError
from shared.i18n import t
from shared.office import Session

if TYPE_CHECKING:
    from station.app import StationApp

log = logging.getLogger(__name__)


class LoginScreen(Screen[None]):
    """Staff ID (upper-cased) and a masked PIN; the login runs in a thread (scrypt is slow).

    On success the app opens the role home (:meth:`StationApp.logged_in`); on
    an :class:`~shared.errors.AuthError` (wrong PIN, locked, disabled) its
    message is shown under the form, in the app's language.
    """

    @property
    def station(self) -> StationApp:
        """The station app, typed."""
        return cast("StationApp", host_of(self))

    def compose(self) -> ComposeResult:
        office = self.station.office
        name = office.config.office.short_name
        yield ClockHeader(lambda lang: f"{name} — {t('station.title', lang)}", office.now)
        with Horizontal(id="body"):
            with Vertical(id="login-form"):
                yield Say("station.login.title", classes="title")
                yield Say("station.login.staff_id", classes="label")
                yield StaffIdInput(id="staff-id", max_length=32, pin="#pin")
                yield Say("station.login.pin", classes="label")
                yield Input(id="pin", password=True, max_length=12, restrict=r"[0-9]*")
                yield Say("", id="login-error")
                yield BigButton("station.login.submit", id="login", variant="primary")
            yield Keypad(id="keypad")
        yield NavBar()

    def on_mount(self) -> None:
        self.query_one("#staff-id", Input).focus()

    # -- typing -------------------------------------------------------------------------
    @on(Input.Changed, "#staff-id")
    def _upper(self, event: Input.Changed) -> None:
        upper = event.value.upper()
        if upper != event.value:
            event.input.value = upper

    def _pin(self) -> Input:
        return self.query_one("#pin", Input)

    def on_keypad_digit_pressed(self, message: Keypad.DigitPressed) -> None:
        self._pin().insert_text_at_cursor(message.digit)

    def on_keypad_backspace(self, _message: Keypad.Backspace) -> None:
        pin = self._pin()
        pin.value = pin.value[:-1]

    def on_keypad_cleared(self, _message: Keypad.Cleared) -> None:
        self._pin().value = ""

    def on_keypad_done(self, _message: Keypad.Done) -> None:
        self.submit()

    @on(Input.Submitted, "#staff-id")
    def _to_pin(self) -> None:
        self._pin().focus()

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#login")
    def _submit(self) -> None:
        self.submit()

    def clear(self) -> None:
        """Forget the PIN and any message (after a log-out); the ID stays for convenience."""
        self._pin().value = ""
        self.show("")

    def show(self, phrase: Phrase) -> None:
        """Put ``phrase`` under the form."""
        self.query_one("#login-error", Say).phrase = phrase

    # -- logging in ---------------------------------------------------------------------
    def submit(self) -> None:
        """Check the ID and PIN off the UI thread."""
        staff_id = self.query_one("#staff-id", Input).value.strip().upper()
        pin = self._pin().value.strip()
        if not staff_id or not pin:
            self.show("station.login.missing")
            return
        self.show("station.login.checking")
        self.query_one("#login", BigButton).disabled = True
        self._login(staff_id, pin)

    @work(thread=True, exclusive=True, group="login", exit_on_error=False)
    def _login(self, staff_id: str, pin: str) -> None:
        office = self.station.office
        try:
            session = office.staff.login(staff_id, pin, station=self.station.station)
            with office.read() as repo:
                name = repo.get_staff(session.staff_id).name
        except DomainError as problem:
            self.app.call_from_thread(self._refused, problem.message)
        except Exception:  # noqa: BLE001 - a clerk never sees a traceback
            log.exception("station login failed")
            self.app.call_from_thread(self._refused, "station.unexpected")
        else:
            self.app.call_from_thread(self._accepted, session, name)

    def _refused(self, phrase: Phrase) -> None:
        self._pin().value = ""
        self.query_one("#login", BigButton).disabled = False
        self.show(phrase)

    def _accepted(self, session: Session, name: str) -> None:
        self.query_one("#login", BigButton).disabled = False
        self.clear()
        self.station.logged_in(session, name)
