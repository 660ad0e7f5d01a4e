"""``kk office``: the whole office as modes of one Textual app on one terminal.

The modes are the citizen's kiosk, the counter, the back office, the
supervisor, the print station and the queue display, plus the menu that
chooses between them (:class:`OfficeMenuScreen`). **F12** (or ctrl+q) opens
the menu from any staff mode; in the menu F1-F6 choose, F9 switches the
language and ctrl+q ends the office. The kiosk is the citizen's: there F12,
ctrl+\\ and ctrl+q first ask for a staff ID and PIN (:class:`StaffExitScreen`,
checked by the domain's log-in with its lock-out, and audited), and entering
the kiosk logs every staff mode out.

Each mode's screens are the very screens of its own app (``kk kiosk``,
``kk station``, ``kk print-station``, ``kk display``): they ask their app
for what they need through a host (:mod:`station.office.hosts`), and each
keeps its own look (:mod:`station.office.looks`). The print station's
printing thread runs from start to end, whatever is on screen.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, DataTable, Static

from kiosk.host import HOST_ATTRIBUTE
from kiosk.issuing import PrintTicket
from kiosk.recovery import RecoveringApp
from kiosk.screens.staff_exit import StaffExitScreen
from kiosk.widgets import LanguageSwitch
from shared.announce import Announces
from shared.i18n import LANGUAGES, t
from shared.office import Office
from shared.sop import Role
from station.office.hosts import DisplayHost, Host, KioskHost, PrintHost, StationHost
from station.office.looks import BREAKPOINTS, LOOKS, look_class, office_css
from station.screens.backoffice import ROLES as BACK_OFFICE

MODES: tuple[str, ...] = ("kiosk", "counter", "backoffice", "supervisor", "print", "display")
"""The menu's order: F1 is the kiosk, F6 the display."""

STAFF_ROLES: dict[str, frozenset[Role]] = {
    "counter": frozenset({Role.PENGOLAH_DATA}),
    "backoffice": frozenset(BACK_OFFICE),
    "supervisor": frozenset({Role.SUPERVISOR}),
}


class OfficeMenuScreen(Screen[None]):
    """The menu: which mode the office PC shows now, the counter, and the demo staff.

    ``demo_staff``: the accounts created with a new store (ID, PIN, role,
    name), shown on this run's menu only.
    """

    DEFAULT_CSS = """
    OfficeMenuScreen { align: center top; padding: 1 2; }
    OfficeMenuScreen #office-title { text-style: bold; width: 100%; content-align: center middle; }
    OfficeMenuScreen #office-sub { color: $text-muted; width: 100%; content-align: center middle; }
    OfficeMenuScreen #office-modes {
        grid-size: 3 2; grid-gutter: 0 1; height: 8; margin: 1 0 0 0;
    }
    OfficeMenuScreen #office-modes Button { width: 1fr; height: 3; }
    OfficeMenuScreen #counter-row { height: auto; }
    OfficeMenuScreen #counter-row Button { width: 1fr; margin: 0 1; }
    OfficeMenuScreen #demo-title { margin: 1 0 0 0; text-style: bold; }
    OfficeMenuScreen #demo-staff { height: auto; max-height: 12; }
    OfficeMenuScreen #office-keys { color: $text-muted; margin: 1 0 0 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(f"f{n}", f"choose('{mode}')", show=False) for n, mode in enumerate(MODES, 1)),
        *(Binding(str(n), f"choose('{mode}')", show=False) for n, mode in enumerate(MODES, 1)),
        Binding("f9", "switch_language", show=False),
    ]

    def __init__(self, demo_staff: list[tuple[str, str, str, str]] | None = None) -> None:
        super().__init__()
        self.demo_staff = demo_staff or []

    @property
    def office_app(self) -> OfficeApp:
        app = self.app
        assert isinstance(app, OfficeApp)
        return app

    def compose(self) -> ComposeResult:
        yield Static(id="office-title")
        yield Static(id="office-sub")
        with Grid(id="office-modes"):
            for mode in MODES:
                yield Button("", id=f"mode-{mode}", variant="primary")
        yield Static(id="counter-label")
        with Horizontal(id="counter-row"):
            for c in self.office_app.office.config.counters:
                yield Button(c.name, id=f"counter-{c.number}", classes="counter")
        if self.demo_staff:
            yield Static(id="demo-title")
            yield DataTable(id="demo-staff", show_cursor=False)
        yield Static(id="office-keys")

    def on_mount(self) -> None:
        self.mark_counter()
        self.watch(self.app, "lang", self.refresh_texts, init=True)

    def refresh_texts(self) -> None:
        """Every label again, in the app's language."""
        lang = self.office_app.lang
        office = self.office_app.office.config.office
        self.query_one("#office-title", Static).update(
            f"{office.short_name} — {t('office.title', lang)}"
        )
        self.query_one("#office-sub", Static).update(t("office.subtitle", lang))
        for n, mode in enumerate(MODES, 1):
            who = self.office_app.logged_in_at(mode)
            label = f"F{n}  {t(f'office.mode.{mode}', lang)}" + (f" · {who}" if who else "")
            self.query_one(f"#mode-{mode}", Button).label = label
        self.query_one("#counter-label", Static).update(t("office.counter", lang))
        self.query_one("#office-keys", Static).update(t("office.keys", lang))
        if self.demo_staff:
            self.query_one("#demo-title", Static).update(t("office.demo_title", lang))
            table = self.query_one("#demo-staff", DataTable)
            table.clear(columns=True)
            for i, column in enumerate(("id", "pin", "role", "name")):
                label = t(f"office.column.{column}", lang)
                width = max(len(label), *(len(row[i]) for row in self.demo_staff))
                table.add_column(label, width=width)
            for row in self.demo_staff:
                table.add_row(*row)

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_texts()

    def mark_counter(self) -> None:
        for button in self.query(".counter").results(Button):
            chosen = button.id == f"counter-{self.office_app.counter}"
            button.variant = "success" if chosen else "default"

    @on(Button.Pressed, ".counter")
    def _counter(self, event: Button.Pressed) -> None:
        self.office_app.choose_counter(int((event.button.id or "counter-1").split("-")[1]))
        self.mark_counter()

    @on(Button.Pressed, "#office-modes Button")
    def _mode(self, event: Button.Pressed) -> None:
        self.action_choose((event.button.id or "").removeprefix("mode-"))

    def action_choose(self, mode: str) -> None:
        if mode in MODES:
            self.office_app.switch_to(mode)

    def action_switch_language(self) -> None:
        self.office_app.lang = "en" if self.office_app.lang == "id" else "id"


class OfficeApp(RecoveringApp, inherit_bindings=False):
    """The office over ``office``'s store, in ``lang``; starts on the menu.

    ``counter`` is the counter mode's counter (default ``[station]
    default_counter``); ``demo_staff`` is shown on the menu. Tests pass
    ``print_ticket`` (the kiosk's printer), ``announcer`` (the display's
    voice), ``print_auto`` False (the print station starts paused) and short
    idle times.
    """

    TITLE = "Kantor KK"
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    CSS = office_css("OfficeApp")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f12", "menu", show=False, priority=True, system=True),
        Binding("ctrl+backslash", "menu", show=False, priority=True, system=True),
        Binding("ctrl+q", "menu_or_quit", show=False, priority=True, system=True),
    ]

    lang: reactive[str] = reactive("id", init=False)
    """The language every label is shown in: "id" (Bahasa Indonesia) or "en"."""

    def __init__(
        self,
        office: Office,
        *,
        lang: str | None = None,
        demo_staff: list[tuple[str, str, str, str]] | None = None,
        counter: int | None = None,
        print_ticket: PrintTicket | None = None,
        announcer: Announces | None = None,
        sound: bool = True,
        print_auto: bool = True,
        print_interval: float = 3.0,
        kiosk_idle_seconds: float | None = None,
        staff_idle_seconds: float | None = None,
    ) -> None:
        super().__init__()
        self.office = office
        config = office.config
        language = lang if lang in LANGUAGES else config.language
        self.set_reactive(OfficeApp.lang, language)
        self.counter = counter or config.station.default_counter or 1
        self.kiosk = KioskHost(
            self,
            default_lang=language,
            idle_seconds=float(kiosk_idle_seconds or config.kiosk.idle_seconds),
            print_ticket=print_ticket,
        )
        self.staff_idle_seconds = float(
            staff_idle_seconds or config.station.idle_logout_minutes * 60
        )
        self.stations = {
            mode: StationHost(self, mode, roles) for mode, roles in STAFF_ROLES.items()
        }
        self.printing = PrintHost(self, auto=print_auto, interval=print_interval)
        self.board = DisplayHost(self, announcer=announcer, sound=sound)
        self.hosts: dict[str, Host] = {
            "kiosk": self.kiosk,
            **self.stations,
            "print": self.printing,
            "display": self.board,
        }
        self.menu = OfficeMenuScreen(demo_staff)
        self.add_mode("menu", lambda: self.menu)
        for mode, host in self.hosts.items():
            self.add_mode(mode, host.base_screen)
        self._idle: list[Timer] = []

    # -- the modes ------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.set_look("menu")
        self.switch_mode("menu")
        self._idle = [
            self.set_interval(self.kiosk.idle_seconds, self.kiosk.idle, name="kiosk-idle"),
            self.set_interval(self.staff_idle_seconds, self._staff_idle, name="staff-idle"),
        ]
        self.printing.loop.start()

    def on_unmount(self) -> None:
        self.printing.loop.stop()
        self.board.close()

    def set_look(self, look: str) -> None:
        """Style the screens as ``look``'s own app does."""
        for other in (*LOOKS, "menu"):
            self.set_class(other == look, look_class(other))

    def switch_to(self, mode: str) -> None:
        """Show ``mode`` (its screens as they were left). The kiosk logs staff out first."""
        if mode == self.current_mode:
            return
        host = self.hosts.get(mode)
        if mode == "kiosk":
            for staff in self.staff_hosts():
                staff.logout()
        self.set_look(host.look if host is not None else "menu")
        self.switch_mode(mode)
        if host is not None:
            host.entered()

    def tag(self, screen: Screen[Any], host: Host) -> Screen[Any]:
        """Mark ``screen`` as ``host``'s (its app, for the screen) with its look's breakpoints."""
        setattr(screen, HOST_ATTRIBUTE, host)
        horizontal, vertical = BREAKPOINTS[host.look]
        screen.HORIZONTAL_BREAKPOINTS = horizontal  # type: ignore[misc]
        screen.VERTICAL_BREAKPOINTS = vertical  # type: ignore[misc]
        return screen

    def _tag_pushed(self, screen: Any) -> None:
        host = self.hosts.get(self.current_mode)
        if isinstance(screen, Screen) and host is not None and not hasattr(screen, HOST_ATTRIBUTE):
            self.tag(screen, host)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self._tag_pushed(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:  # type: ignore[override]
        self._tag_pushed(screen)
        return super().switch_screen(screen)

    def staff_hosts(self) -> list[StationHost | PrintHost]:
        """The modes where staff log in."""
        return [*self.stations.values(), self.printing]

    def mode_of(self, role: Role) -> str | None:
        """The staff mode where ``role`` works."""
        return next((mode for mode, roles in STAFF_ROLES.items() if role in roles), None)

    def logged_in_at(self, mode: str) -> str | None:
        """Who is logged in at ``mode`` (a staff ID), if anyone."""
        host = self.hosts.get(mode)
        session = getattr(host, "session", None)
        return session.staff_id if session is not None else None

    def choose_counter(self, number: int) -> None:
        """The counter mode serves ``number`` from now on (its clerk logs in again)."""
        if number != self.counter:
            self.counter = number
            self.stations["counter"].logout()

    def staff_exit_open(self) -> bool:
        return isinstance(self.screen, StaffExitScreen)

    # -- keys -----------------------------------------------------------------------------
    def action_menu(self) -> None:
        """To the menu; from the kiosk only after a staff ID and PIN."""
        if self.current_mode == "kiosk":
            self._ask_staff_exit()
        elif self.current_mode != "menu":
            self.switch_to("menu")

    def action_menu_or_quit(self) -> None:
        if self.current_mode == "menu":
            self.exit()
        else:
            self.action_menu()

    def _ask_staff_exit(self) -> None:
        if self.staff_exit_open():
            return

        def done(ok: bool | None) -> None:
            if ok:
                self.switch_to("menu")

        self.push_screen(StaffExitScreen(self.office, self.lang, self.kiosk.station), done)

    def on_language_switch_toggled(self, _message: LanguageSwitch.Toggled) -> None:
        self.lang = "en" if self.lang == "id" else "id"

    def _staff_idle(self) -> None:
        for host in self.staff_hosts():
            host.idle()

    async def on_event(self, event: events.Event) -> None:
        # Any key or touch, in any mode, restarts every idle countdown (one PC, one person).
        if isinstance(event, events.InputEvent):
            for timer in self._idle:
                timer.reset()
        await super().on_event(event)

    # -- problems -------------------------------------------------------------------------
    def recovery_base(self) -> Screen[Any] | None:
        host = self.hosts.get(self.current_mode)
        return host.base if host is not None else self.menu

    async def recover(self, base_failed: bool) -> None:
        host = self.hosts.get(self.current_mode)
        if host is not None:
            await host.recover(base_failed)
        elif base_failed:
            self.menu = OfficeMenuScreen(self.menu.demo_staff)
            await self.switch_screen(self.menu)
