"""A display process: the real ``kk display`` board, headless, reporting what it announces.

    python tests/procs/display_board.py --store DIR --at ISO --live-t0 EPOCH \
        --stop FILE --ready FILE --go FILE

Runs :class:`station.display.DisplayApp` with ``App.run_test`` (no terminal)
and its own poll timer. Every call or recall the board announces is printed
as ``{"ticket", "display", "counter", "recall", "wall"}`` the moment the
board hands it to the announcer. When ``--stop`` exists, the board runs two
more seconds, prints ``{"serving": {counter: display}}`` and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterable
from pathlib import Path

from common import barrier, emit, open_office

from shared.board import CallEvent
from station.display import DisplayApp


class Reporter:
    """The board's announcer: each call printed with the wall-clock time it was announced."""

    def announce(self, events: Iterable[CallEvent]) -> None:
        now = time.time()
        for e in events:
            emit(ticket=e.ticket_id, display=e.ticket, counter=e.counter, recall=e.recall, wall=now)

    def close(self) -> None:
        pass


async def run(args: argparse.Namespace) -> None:
    office = open_office(args.store, args.at, live_t0=args.live_t0)
    app = DisplayApp(office, sound=False, announcer=Reporter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        barrier(args.ready, args.go)
        deadline = time.monotonic() + args.timeout
        while not args.stop.exists():
            if time.monotonic() > deadline:
                raise SystemExit("display ran out of time")
            await asyncio.sleep(0.05)  # the board's own 0.25 s poll timer does the work
        await asyncio.sleep(2.0)
        board = app.board_screen.board
        assert board is not None
        emit(serving={str(s.counter): s.ticket or "" for s in board.serving})


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--store", required=True)
    p.add_argument("--at", required=True)
    p.add_argument("--live-t0", type=float, required=True)
    p.add_argument("--stop", type=Path, required=True)
    p.add_argument("--ready", type=Path, required=True)
    p.add_argument("--go", type=Path, required=True)
    p.add_argument("--timeout", type=float, default=90.0)
    asyncio.run(run(p.parse_args()))


if __name__ == "__main__":
    main()
