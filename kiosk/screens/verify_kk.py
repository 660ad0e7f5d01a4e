"""Cek keaslian KK: a scanned KK QR code checked against the office's public key, offline.

The citizen holds the KK's QR code under the kiosk's scanner; the scanner
types the code's text and Enter, which this screen collects key by key (no
on-screen keyboard: the code is 170 characters, nobody types it). The check is
:func:`shared.signing.verify_payload` with the public keys of the office's
keys folder (``kk keys init`` on the signing station; copy
``signing-key.pub.pem`` next to the kiosk's store, see README): valid,
altered, or not from this office. Only the QR is checked: the verdict says so,
and asks the citizen to compare the printed data with the office's records.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult

from kiosk.screens.base import KioskScreen
from kiosk.widgets import BigButton, Say
from shared.i18n import t
from shared.signing import Verdict, verify_payload
from shared.signing_keys import keys_folder, load_public_keys

KK_PREFIX = "KK1|"  # the signature code's format (shared.signing.qr_payload)
MAX_SCAN = 400  # characters: a longer burst is not a KK code


def check_kk_code(store_root, text: str) -> Verdict:  # noqa: ANN001 - Path
    """The verdict on a scanned code, with the keys of the store's keys folder."""
    keys = load_public_keys(keys_folder(None, store_root))
    return verify_payload(text.strip(), keys)


def _reason(verdict: Verdict):  # noqa: ANN202 - a Phrase
    """The verdict's explanation alone (the outcome is shown large above it)."""
    params = {
        "nomor_kk": verdict.nomor_kk or "-",
        "issued_on": f"{verdict.issued_on:%d-%m-%Y}" if verdict.issued_on else "-",
        "key_id": verdict.key_id or "-",
    }
    return lambda lang: t(verdict.reason, lang, **params)


class VerifyKKScreen(KioskScreen):
    """Waits for a scan, then shows the verdict; another scan checks another KK."""

    def __init__(self, scanned: str | None = None) -> None:
        super().__init__(classes="verify-kk")
        self._buffer: list[str] = []
        self._first = scanned

    def compose_body(self) -> ComposeResult:
        yield Say("kiosk.verify.title", classes="title")
        yield Say("kiosk.verify.hint", id="verify-hint", classes="subtitle")
        yield Say("", id="verify-outcome", classes="verdict")
        yield Say("", id="verify-detail")

    def nav_buttons(self) -> list[BigButton]:
        return [BigButton("kiosk.nav.home", id="home", variant="primary")]

    def on_mount(self) -> None:
        if self._first:
            self.check(self._first)

    def on_key(self, event: events.Key) -> None:
        """A scanner types the code and Enter; collect it."""
        if event.key == "enter":
            event.stop()
            text, self._buffer = "".join(self._buffer), []
            if text:
                self.check(text)
        elif event.character and event.character.isprintable():
            event.stop()
            if len(self._buffer) < MAX_SCAN:
                self._buffer.append(event.character)

    def check(self, text: str) -> None:
        """Verify ``text`` off the UI thread and show the verdict."""
        root = self.kiosk.office.store.root
        self.query_one("#verify-outcome", Say).phrase = "kiosk.verify.checking"
        self.call_domain(lambda: check_kk_code(root, text), self._show, on_problem=self._trouble)

    def _show(self, verdict: Verdict) -> None:
        outcome = self.query_one("#verify-outcome", Say)
        outcome.phrase = f"kiosk.verify.{verdict.outcome.value.lower()}"
        for name in ("-valid", "-altered", "-not-ours"):
            outcome.remove_class(name)
        outcome.add_class("-" + verdict.outcome.value.lower().replace("_", "-"))
        self.query_one("#verify-detail", Say).phrase = _reason(verdict)
        self.query_one("#verify-hint", Say).phrase = "kiosk.verify.again"

    def _trouble(self, problem) -> None:  # noqa: ANN001 - DomainError
        self.query_one("#verify-outcome", Say).phrase = "kiosk.verify.unavailable"
        self.query_one("#verify-detail", Say).phrase = problem.message
