"""``kk kiosk``: run the citizen touchscreen kiosk (a Textual app) on this terminal.

The kiosk lives in the ``kiosk`` package; it is imported only when the
command runs, so the rest of ``shared`` never loads Textual.
"""

from __future__ import annotations

import argparse

from shared.cli.context import office_of


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("kiosk", parents=[common], help="the citizen touchscreen kiosk")
    p.add_argument("--station", default="kiosk-1", help="this kiosk's name (default: kiosk-1)")
    p.add_argument(
        "--idle-seconds",
        type=float,
        default=None,
        help="seconds without a touch before returning home (default: [kiosk] idle_seconds)",
    )
    p.set_defaults(handler=cmd_kiosk)


def cmd_kiosk(args: argparse.Namespace) -> int:
    office = office_of(args)
    from kiosk.app import KioskApp  # Textual, only for this command

    app = KioskApp(office, station=args.station, lang=args.lang, idle_seconds=args.idle_seconds)
    app.run()
    return int(app.return_code or 0)
