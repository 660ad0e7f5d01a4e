"""``kk station``: run the staff station (a Textual app) on this terminal.

The station lives in the ``station`` package; it is imported only when the
command runs, so the rest of ``shared`` never loads Textual.
"""

from __future__ import annotations

import argparse

from shared.cli.context import office_of


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("station", parents=[common], help="the staff station (every role)")
    p.add_argument(
        "--counter",
        type=int,
        default=None,
        help="the counter this station serves (default: [station] default_counter)",
    )
    p.add_argument(
        "--station", default="station-1", help="this station's name (default: station-1)"
    )
    p.set_defaults(handler=cmd_station)


def cmd_station(args: argparse.Namespace) -> int:
    office = office_of(args)
    from station.app import StationApp  # Textual, only for this command

    app = StationApp(office, station=args.station, counter=args.counter, lang=args.lang)
    app.run()
    return int(app.return_code or 0)
