"""``kk office``: the whole office on one terminal, as modes of one Textual app (the
kiosk, the counter, the back office, the supervisor, the print station, the display),
chosen from a menu; on a new machine it first creates a store with demo staff, shown on
that first run's menu.

Textual is imported only when the command runs (:mod:`station.office`).
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


def cmd_office(args: argparse.Namespace, *, app: Callable[..., Any] | None = None) -> int:
    """The office app on this terminal, until it is quit from its menu.

    ``app`` builds the app (tests pass a stand-in).
    """
    office = office_of(args, must_exist=False)
    language = lang(args) or office.config.language
    demo = first_run(office, language)
    if demo:
        print(t("office.cli.created", language, path=store_path(args, office.config)))
    from shared.store.health import preflight

    preflight(office.store, office.now())  # repaired, or refused by name before any screen
    if app is None:
        from station.office import OfficeApp

        app = OfficeApp
    app(office, lang=language, demo_staff=demo, counter=args.counter).run()
    return 0
