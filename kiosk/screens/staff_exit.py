"""Staff only: the staff ID and PIN that let someone leave the kiosk.

A citizen at the kiosk must never reach the terminal or the computer behind
it. The keys that would leave (ctrl+\\ on ``kk kiosk``; F12, ctrl+\\ and ctrl+q in
``kk office``) open this box first; it is checked by the domain's log-in, with
its lock-out after repeated wrong PINs, and audited.
"""

from __future__ import annotations

import logging

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static
from textual.worker import Worker, WorkerState

from kiosk.widgets.staff_id import StaffIdInput
from shared.errors import DomainError
from shared.i18n import t
from shared.office import Office

log = logging.getLogger(__name__)

CHECK = "staff-exit-check"


class StaffExitScreen(ModalScreen[bool]):
    """Staff ID and PIN to leave the kiosk; dismissed True when they check out."""

    DEFAULT_CSS = """
    StaffExitScreen { align: center middle; }
    StaffExitScreen > Vertical {
        width: 60; height: auto; padding: 1 2; border: thick $primary; background: $surface;
    }
    StaffExitScreen Input { margin: 1 0 0 0; }
    StaffExitScreen #exit-problem { color: $error; height: auto; }
    StaffExitScreen Horizontal { height: auto; margin: 1 0 0 0; }
    StaffExitScreen Button { margin: 0 1 0 0; }
    """

    def __init__(self, office: Office, lang: str, station: str) -> None:
        super().__init__()
        self.office = office
        self.lang = lang
        self.station = station

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("office.exit.title", self.lang))
            yield StaffIdInput(
                placeholder=t("office.exit.staff", self.lang), id="exit-staff", pin="#exit-pin"
            )
            yield Input(placeholder="PIN", password=True, id="exit-pin")
            yield Static("", id="exit-problem")
            with Horizontal():
                yield Button(t("office.exit.ok", self.lang), id="exit-ok", variant="primary")
                yield Button(t("office.exit.cancel", self.lang), id="exit-cancel")

    @on(Button.Pressed, "#exit-cancel")
    def _cancel(self) -> None:
        self.dismiss(False)

    @on(Input.Submitted, "#exit-staff")
    def _to_pin(self) -> None:
        self.query_one("#exit-pin", Input).focus()

    @on(Button.Pressed, "#exit-ok")
    @on(Input.Submitted, "#exit-pin")
    def _check(self) -> None:
        staff = self.query_one("#exit-staff", Input).value
        pin = self.query_one("#exit-pin", Input).value
        self.query_one("#exit-pin", Input).value = ""
        self._login(staff, pin)

    @work(thread=True, exclusive=True, exit_on_error=False, name=CHECK)
    def _login(self, staff: str, pin: str) -> DomainError | None:
        """The domain's log-in (scrypt is slow: off the UI thread); its refusal, if any."""
        try:
            self.office.staff.login(staff, pin, station=self.station)
        except DomainError as problem:
            return problem
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Answered once the check has finished: closing the box from inside its own
        # worker would cancel that worker while it waits for the box to close.
        if event.worker.name != CHECK:
            return
        if event.state == WorkerState.SUCCESS:
            problem = event.worker.result
            if problem is None:
                self.dismiss(True)
            else:
                self._say(problem.message(self.lang))
        elif event.state == WorkerState.ERROR:
            log.error("staff exit check failed", exc_info=event.worker.error)
            self._say(t("station.unexpected", self.lang))

    def _say(self, text: str) -> None:
        self.query_one("#exit-problem", Static).update(text)
