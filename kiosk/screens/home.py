"""The start screen: the three services, whether the office is open, how many wait."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Button

from kiosk.issuing import TicketRequest
from kiosk.screens.base import KioskScreen
from kiosk.screens.kinds import KindsScreen
from kiosk.screens.receipt import ReceiptScreen
from kiosk.screens.verify_kk import KK_PREFIX, VerifyKKScreen
from kiosk.widgets import BigButton, Phrase, Say
from shared.counter_receipts import parse_pickup_payload
from shared.i18n import t
from shared.kiosk_info import ComeBackLater, format_when, ticket_refusal, waiting_counts


class HomeScreen(KioskScreen):
    """ "Ambil Antrian KK", "Ambil KK", "Cek Status", and the number of people waiting.

    "Cek keaslian KK" sits in the bottom bar. A code scanned here opens what it
    is for: a pickup receipt's QR the pickup, a KK's QR the check of the KK.

    The count comes from the store: every second the screen reads the store's
    change marker (a lock-free read of one small file) and reloads the count,
    off the UI thread, only when the tickets changed or the day turned.
    """

    waiting: reactive[dict[str, int]] = reactive(dict, init=False)

    def __init__(self) -> None:
        super().__init__(classes="home")
        self._seen: tuple[Any, ...] | None = None
        self._open: bool | None = None
        self._scan: list[str] = []

    def compose_body(self) -> ComposeResult:
        yield Say("kiosk.home.welcome", id="welcome", classes="title")
        yield Say("", id="open-state")
        with Horizontal(id="services"):
            yield BigButton(
                "kiosk.home.apply", hint="kiosk.home.apply_hint", id="apply", variant="primary"
            )
            yield BigButton(
                "kiosk.home.pickup", hint="kiosk.home.pickup_hint", id="pickup", variant="success"
            )
            yield BigButton("kiosk.home.status", hint="kiosk.home.status_hint", id="status")
        yield Say("", id="waiting")

    def nav_buttons(self) -> list[BigButton]:
        return [BigButton("kiosk.home.verify", id="verify")]

    def on_mount(self) -> None:
        office = self.kiosk.office
        self._seen = self._marker()
        self.waiting = waiting_counts(office)
        self.poll()
        self.set_interval(1, self.poll)

    def _marker(self) -> tuple[Any, ...]:
        office = self.kiosk.office
        return (office.store.marker()["changes"].get("tickets"), office.now().date())

    def poll(self) -> None:
        """Once a second: open or closed, and reload the count if the tickets changed."""
        office = self.kiosk.office
        now = office.now()
        is_open = office.config.hours.is_open(now)
        if is_open != self._open:
            self._open = is_open
            nxt = None if is_open else office.config.hours.next_opening(now)
            self.query_one("#open-state", Say).phrase = self._open_phrase(nxt)
            self.set_class(not is_open, "-closed")
        seen = self._marker()
        if seen != self._seen:
            self._seen = seen
            self.call_domain(lambda: waiting_counts(office), self._counted, on_problem=self._retry)

    def _counted(self, counts: dict[str, int]) -> None:
        self.waiting = counts

    def _retry(self, _problem: object) -> None:
        self._seen = None  # the store was busy: try again on the next tick

    @staticmethod
    def _open_phrase(nxt: Any) -> Phrase:
        if nxt is None:
            return "kiosk.home.open"
        return lambda lang: t("kiosk.home.closed", lang, when=format_when(nxt, lang))

    def watch_waiting(self, counts: dict[str, int]) -> None:
        cfg = self.kiosk.office.config
        app = sum(counts.get(s.code, 0) for s in cfg.application_services())
        pickup = sum(counts.get(s.code, 0) for s in cfg.pickup_services())
        self.query_one("#waiting", Say).phrase = lambda lang: t(
            "kiosk.home.waiting", lang, application=app, pickup=pickup
        )

    @on(Button.Pressed, "#apply")
    def _apply(self) -> None:
        office = self.kiosk.office
        service = office.config.application_services()[0].code

        def go(refusal: ComeBackLater | None) -> None:
            if refusal is not None:
                self.kiosk.show_problem(refusal)
            else:
                self.app.push_screen(KindsScreen(TicketRequest(service)))

        self.call_domain(lambda: ticket_refusal(office, service), go)

    @on(Button.Pressed, "#pickup")
    def _pickup(self) -> None:
        self.app.push_screen(ReceiptScreen("pickup"))

    @on(Button.Pressed, "#status")
    def _status(self) -> None:
        self.app.push_screen(ReceiptScreen("status"))

    @on(Button.Pressed, "#verify")
    def _verify(self) -> None:
        self.app.push_screen(VerifyKKScreen())

    # -- a code scanned on the start screen ---------------------------------------------
    def on_key(self, event: events.Key) -> None:
        """A scanner types a code and Enter: a pickup receipt or a KK's signature code."""
        if event.key == "enter":
            text, self._scan = "".join(self._scan).strip(), []
            self.scanned(text)
        elif event.character and event.character.isprintable() and len(self._scan) < 400:
            self._scan.append(event.character)

    def scanned(self, text: str) -> None:
        """Open what the scanned ``text`` is for; anything else is ignored."""
        pickup = parse_pickup_payload(text)
        if pickup is not None:
            digits = "".join(c for c in pickup[0] if c.isdigit())
            self.app.push_screen(ReceiptScreen("pickup", scanned=digits))
        elif text.startswith(KK_PREFIX):
            self.app.push_screen(VerifyKKScreen(text))
