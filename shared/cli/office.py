"""``kk office``: the whole office on one terminal (the kiosk, the staff station, the
display board, the print station), chosen from a menu; on a new machine it first creates
a store with demo staff, shown once on the menu.

Textual is imported only when the command runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from shared.cli.context import lang, office_of, store_path
from shared.i18n import t


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("office", parents=[common], help="every app of the office on one terminal")
    p.add_argument("--counter", type=int, default=None, help="the staff station's counter")
    p.set_defaults(handler=cmd_office)


def first_run(office: Any, language: str) -> list[tuple[str, str, str, str]]:
    """A new store with the demo staff and cases; the staff rows to show (else none)."""
    if office.store.exists():
        return []
    from shared.demo import set_up_demo

    created = office.store.initialise()
    rows, _cases = set_up_demo(office, created=created)
    shown = [(r["id"], r["pin"], t(f"role.{r['role']}", language), r["name"]) for r in rows]
    key = demo_signing_key(office)
    if key is not None:
        shown.append(key)
    return shown


DEMO_PASSPHRASE = "kunci-demo-kk"  # noqa: S105 - a demo store's key, shown on screen


def demo_signing_key(office: Any) -> tuple[str, str, str, str] | None:
    """A signing key for the demo's Kepala Dinas (keys/ beside the store), if none exists.

    The row to show with the demo staff: its passphrase in the PIN column.
    """
    from shared.signing_keys import PRIVATE_FILE, init_keys, keys_folder

    folder = keys_folder(None, office.store.root)
    if (folder / PRIVATE_FILE).exists():
        return None
    init_keys(folder, DEMO_PASSPHRASE)
    return ("KUNCI", DEMO_PASSPHRASE, t("office.demo_key", None), str(folder))


def cmd_office(args: argparse.Namespace, *, menu: Callable[..., Any] | None = None,
               mode_app: Callable[..., Any] | None = None) -> int:  # fmt: skip
    """Menu, then the chosen app, then the menu again, until the menu is quit.

    ``menu`` and ``mode_app`` build the apps (tests pass stand-ins).
    """
    office = office_of(args, must_exist=False)
    language = lang(args) or office.config.language
    demo = first_run(office, language)
    if demo:
        print(t("office.cli.created", language, path=store_path(args, office.config)))
    if menu is None or mode_app is None:
        from station.office.app import OfficeMenuApp, run_mode

        menu, mode_app = menu or OfficeMenuApp, mode_app or run_mode
    printing = DocumentPrinting(office)
    printing.start()
    counter = args.counter
    try:
        return _loop(office, menu, mode_app, language, demo, counter)
    finally:
        printing.stop()


def _loop(office: Any, menu: Any, mode_app: Any, language: str, demo: list, counter: Any) -> int:
    while True:
        chooser = menu(office, lang=language, demo_staff=demo, counter=counter)
        mode = chooser.run()
        demo = []  # the PINs are shown on the first menu only
        language, counter = chooser.lang, chooser.counter
        if not mode:
            return 0
        mode_app(mode, office, lang=language, counter=counter).run()


class DocumentPrinting:
    """The A4 printing a print station does, in the background of ``kk office``.

    On a one-PC office nobody keeps the print station open: every few seconds
    the waiting drafts, final KKs and reports go to the office printer (the
    spool folder by default), whatever the screen shows. The print station's
    own screen (F4) shows and manages the same queue; both claim each job in
    the store, so nothing prints twice.
    """

    def __init__(self, office: Any, every: float = 3.0) -> None:
        import threading

        self.office = office
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="office-printing", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        import logging

        from shared.document_print import print_pending_documents

        log = logging.getLogger(__name__)
        while not self._stop.wait(self.every):
            try:
                print_pending_documents(self.office, worker="office-print")
            except Exception:  # noqa: BLE001 - the next round tries again; the screens go on
                log.exception("background printing failed")
