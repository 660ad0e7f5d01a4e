"""A kiosk process: issue ``--count`` application tickets the way the kiosk screen does.

    python tests/procs/kiosk_issue.py --store DIR --at ISO --live-t0 EPOCH --count 30 \
        --every 0.1 --ready FILE --go FILE

Each ticket goes through ``kiosk.issuing``: stored with its print job, then
printed on the kiosk's (file) printer. Prints one JSON line per ticket:
``{"id", "display", "printed", "wall"}``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import barrier, emit, open_office

from kiosk.issuing import TicketRequest, application_ticket, default_print_ticket, issue


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--store", required=True)
    p.add_argument("--at", required=True)
    p.add_argument("--live-t0", type=float, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--every", type=float, default=0.1, help="seconds between two tickets")
    p.add_argument("--ready", type=Path, required=True)
    p.add_argument("--go", type=Path, required=True)
    args = p.parse_args()

    office = open_office(args.store, args.at, live_t0=args.live_t0)
    request = TicketRequest(service="KK", kind=office.config.kinds[0].code)
    barrier(args.ready, args.go)
    for _ in range(args.count):
        issued = issue(
            office,
            application_ticket(office, request, "kiosk-1"),
            default_print_ticket,
            worker="kiosk-1",
        )
        emit(id=issued.ticket.id, display=issued.ticket.display, printed=issued.printed,
             wall=time.time())  # fmt: skip
        time.sleep(args.every)


if __name__ == "__main__":
    main()
