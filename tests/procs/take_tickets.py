"""A kiosk process: take ``--count`` tickets, cycling through ``--services``.

    python tests/procs/take_tickets.py --store DIR --at ISO --services KK,AMBIL \
        --count 50 --ready FILE --go FILE

Prints one JSON line per ticket, after its transaction returned.
"""

from __future__ import annotations

import argparse
from itertools import cycle, islice
from pathlib import Path

from common import barrier, emit, open_office


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--store", required=True)
    p.add_argument("--at", required=True)
    p.add_argument("--services", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--ready", type=Path, required=True)
    p.add_argument("--go", type=Path, required=True)
    args = p.parse_args()

    office = open_office(args.store, args.at)
    services = args.services.split(",")
    barrier(args.ready, args.go)
    for service in islice(cycle(services), args.count):
        t = office.queue.take_ticket(service)
        emit(id=t.id, service=t.service, number=t.number, display=t.display)


if __name__ == "__main__":
    main()
