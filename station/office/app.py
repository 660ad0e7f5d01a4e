"""The one-PC office: a menu of the office's apps, and the kiosk that only staff may leave.

``kk office`` (:mod:`shared.cli.office`) runs :class:`OfficeMenuApp`; the
choice runs that app (the kiosk, the staff station at a counter, the display
board, the print station) on the same terminal and store, and leaving it
(ctrl+q, or F12) comes back to the menu. Each app keeps its own look, its
recovery and its idle rules exactly as when it runs alone, and a staff
session never outlives its app: the kiosk that follows a station starts with
nobody logged in.

In kiosk mode a citizen cannot leave: F12 and ctrl+\\ ask for a staff ID and
PIN first (:class:`StaffExitScreen`, checked by the domain's login with its
lock-out, and audited).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Static

import kiosk.app as kiosk_app_module
from kiosk.app import KioskApp
from shared.errors import DomainError
from shared.i18n import LANGUAGES, t
from shared.office import Office

MODES: tuple[str, ...] = ("kiosk", "station", "display", "print")


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

    def __init__(self, office: Office, lang: str) -> None:
        super().__init__()
        self.office = office
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("office.exit.title", self.lang))
            yield Input(placeholder=t("office.exit.staff", self.lang), id="exit-staff")
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

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _login(self, staff: str, pin: str) -> None:
        try:
            self.office.staff.login(staff, pin, station="office-kiosk")
        except DomainError as problem:
            self.app.call_from_thread(self._refused, problem)
            return
        self.app.call_from_thread(self.dismiss, True)

    def _refused(self, problem: DomainError) -> None:
        self.query_one("#exit-problem", Static).update(problem.message(self.lang))


class OfficeKioskApp(KioskApp, inherit_bindings=False):
    """The kiosk inside ``kk office``: F12 (or ctrl+\\) leaves it, after a staff PIN."""

    CSS_PATH = str(Path(kiosk_app_module.__file__).parent / "kiosk.tcss")  # the kiosk's own look
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f12", "staff_exit", show=False, priority=True, system=True),
        Binding("ctrl+backslash", "staff_exit", show=False, priority=True, system=True),
    ]

    def go_home(self) -> None:
        """Home, unless staff are typing their PIN to leave (a ticket's or the idle
        timer's return home must not close the PIN box under their fingers)."""
        if isinstance(self.screen, StaffExitScreen):
            return
        super().go_home()

    def action_staff_exit(self) -> None:
        if isinstance(self.screen, StaffExitScreen):
            return

        def done(ok: bool | None) -> None:
            if ok:
                self.exit()

        self.push_screen(StaffExitScreen(self.office, self.lang), done)


class OfficeMenuApp(App[str]):
    """The menu: which app this terminal runs now. Returns the mode chosen ("" to quit).

    ``demo_staff``: the demo accounts created with a new store, shown on this
    first menu only (ID, PIN, role, name).
    """

    TITLE = "Kantor KK"
    ENABLE_COMMAND_PALETTE = False
    DEFAULT_CSS = """
    OfficeMenuApp Screen { align: center top; padding: 1 2; }
    #office-title { text-style: bold; width: 100%; content-align: center middle; }
    #office-sub { color: $text-muted; width: 100%; content-align: center middle; }
    #office-modes { height: auto; margin: 1 0; }
    #office-modes Button { width: 1fr; margin: 0 1; min-height: 3; }
    #counter-row { height: auto; }
    #counter-row Button { width: 1fr; margin: 0 1; }
    #demo-title { margin: 1 0 0 0; text-style: bold; }
    #demo-staff { height: auto; max-height: 12; }
    #office-keys { color: $text-muted; margin: 1 0 0 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_office", show=False, priority=True),
        Binding("f1", "choose('kiosk')", show=False, priority=True),
        Binding("f2", "choose('station')", show=False, priority=True),
        Binding("f3", "choose('display')", show=False, priority=True),
        Binding("f4", "choose('print')", show=False, priority=True),
        Binding("f9", "switch_language", show=False, priority=True),
    ]

    def __init__(
        self,
        office: Office,
        *,
        lang: str | None = None,
        demo_staff: list[tuple[str, str, str, str]] | None = None,
        counter: int | None = None,
    ) -> None:
        super().__init__()
        self.office = office
        self.lang = lang if lang in LANGUAGES else office.config.language
        self.demo_staff = demo_staff or []
        self.counter = counter or office.config.station.default_counter or 1

    def compose(self) -> ComposeResult:
        office = self.office.config.office
        yield Static(f"{office.short_name} — {t('office.title', self.lang)}", id="office-title")
        yield Static(t("office.subtitle", self.lang), id="office-sub")
        with Horizontal(id="office-modes"):
            for key, mode in zip(("F1", "F2", "F3", "F4"), MODES, strict=True):
                label = f"{key}  {t(f'office.mode.{mode}', self.lang)}"
                yield Button(label, id=f"mode-{mode}", variant="primary")
        yield Static(t("office.counter", self.lang), id="counter-label")
        with Horizontal(id="counter-row"):
            for c in self.office.config.counters:
                yield Button(c.name, id=f"counter-{c.number}", classes="counter")
        if self.demo_staff:
            yield Static(t("office.demo_title", self.lang), id="demo-title")
            yield DataTable(id="demo-staff", show_cursor=False)
        yield Static(t("office.keys", self.lang), id="office-keys")

    def on_mount(self) -> None:
        self._mark_counter()
        if self.demo_staff:
            table = self.query_one("#demo-staff", DataTable)
            for column in ("id", "pin", "role", "name"):
                table.add_column(t(f"office.column.{column}", self.lang))
            for row in self.demo_staff:
                table.add_row(*row)

    def _mark_counter(self) -> None:
        for button in self.query(".counter").results(Button):
            chosen = button.id == f"counter-{self.counter}"
            button.variant = "success" if chosen else "default"

    @on(Button.Pressed, ".counter")
    def _counter(self, event: Button.Pressed) -> None:
        self.counter = int((event.button.id or "counter-1").split("-")[1])
        self._mark_counter()

    @on(Button.Pressed, "#office-modes Button")
    def _mode(self, event: Button.Pressed) -> None:
        self.action_choose((event.button.id or "").removeprefix("mode-"))

    def action_choose(self, mode: str) -> None:
        """Run ``mode`` next (the menu closes; it comes back when that app ends)."""
        if mode in MODES:
            self.exit(mode)

    def action_quit_office(self) -> None:
        self.exit("")

    def action_switch_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        self.refresh_texts()

    def refresh_texts(self) -> None:
        """Every label again, in ``lang``."""
        office = self.office.config.office
        self.query_one("#office-title", Static).update(
            f"{office.short_name} — {t('office.title', self.lang)}"
        )
        self.query_one("#office-sub", Static).update(t("office.subtitle", self.lang))
        for key, mode in zip(("F1", "F2", "F3", "F4"), MODES, strict=True):
            button = self.query_one(f"#mode-{mode}", Button)
            button.label = f"{key}  {t(f'office.mode.{mode}', self.lang)}"
        self.query_one("#counter-label", Static).update(t("office.counter", self.lang))
        self.query_one("#office-keys", Static).update(t("office.keys", self.lang))
        if self.demo_staff:
            self.query_one("#demo-title", Static).update(t("office.demo_title", self.lang))


def run_mode(mode: str, office: Office, *, lang: str, counter: int) -> Any:
    """Build the app of ``mode`` (the kiosk that staff must unlock to leave)."""
    if mode == "kiosk":
        return OfficeKioskApp(office, station="office-kiosk", lang=lang)
    if mode == "station":
        from station.app import StationApp

        return StationApp(office, station="office-station", counter=counter, lang=lang)
    if mode == "display":
        from station.display import DisplayApp

        return DisplayApp(office, lang=lang)
    if mode == "print":
        from station.print_station.app import PrintStationApp

        return PrintStationApp(office, station="office-print", lang=lang)
    raise ValueError(f"unknown mode {mode!r}")
