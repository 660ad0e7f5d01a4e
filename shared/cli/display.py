"""``kk display``: run the public display board (a Textual app) on this terminal.

The board lives in ``station.display``; it is imported only when the command
runs, so the rest of ``shared`` never loads Textual.
"""

from __future__ import annotations

import argparse

from shared.cli.context import office_of


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "display", parents=[common], help="the public display board (numbers called, voice)"
    )
    p.add_argument(
        "--no-sound",
        action="store_true",
        help="no chime and no voice, whatever [display] says (calls are still shown)",
    )
    p.set_defaults(handler=cmd_display)


def cmd_display(args: argparse.Namespace) -> int:
    office = office_of(args)
    from station.display import DisplayApp  # Textual, only for this command

    app = DisplayApp(office, lang=args.lang, sound=not args.no_sound)
    app.run()
    return int(app.return_code or 0)
