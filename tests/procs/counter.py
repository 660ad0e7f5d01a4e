"""A counter (loket) process: call the next ticket, then skip it or verify its file.

    python tests/procs/counter.py --store DIR --at ISO --counter 1 --staff LOKET1 \
        --ready FILE --go FILE --stop FILE

Serves until the queue is empty *and* ``--stop`` exists (the kiosks are done).
Every called ticket is finished before the next call, alternately by a skip
(no-show) and by a verification with documents missing (file returned).
Prints ``{"called": ticket, "case": case, "display": "A-001", "wall": epoch}`` after each
call, ``{"recalled": ticket, "wall": epoch}`` after a recall and
``{"finished": ticket, "how": ...}`` after each finish. ``--live-t0`` runs the
office clock from ``--at`` (see ``common.LiveClock``); ``--pace`` seconds pass
between a call and its finish; ``--recall-every N`` recalls every Nth ticket.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import barrier, emit, open_office, session


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--store", required=True)
    p.add_argument("--at", required=True)
    p.add_argument("--counter", type=int, required=True)
    p.add_argument("--staff", required=True)
    p.add_argument("--ready", type=Path, required=True)
    p.add_argument("--go", type=Path, required=True)
    p.add_argument("--stop", type=Path, required=True)
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--live-t0", type=float, default=None)
    p.add_argument("--pace", type=float, default=0.0)
    p.add_argument("--recall-every", type=int, default=0)
    args = p.parse_args()

    office = open_office(args.store, args.at, live_t0=args.live_t0)
    me = session(args.staff, f"loket-{args.counter}")
    barrier(args.ready, args.go)
    deadline = time.monotonic() + args.timeout
    served = 0
    while time.monotonic() < deadline:
        stopping = args.stop.exists()  # read before the call: no kiosk can add after it
        ticket = office.queue.call_next(me, args.counter)
        if ticket is None:
            if stopping:
                return
            time.sleep(0.002)  # idle counter polls the queue
            continue
        emit(called=ticket.id, case=ticket.case_id, display=ticket.display, wall=time.time())
        if args.pace:
            time.sleep(args.pace)
        if args.recall_every and served % args.recall_every == args.recall_every - 1:
            office.queue.recall(me, args.counter)
            emit(recalled=ticket.id, wall=time.time())
            time.sleep(args.pace)
        if served % 2:
            office.queue.skip(me, args.counter)
            emit(finished=ticket.id, how="skip")
        else:
            assert ticket.case_id is not None
            office.cases.verify(me, ticket.case_id, present=[])
            emit(finished=ticket.id, how="verify")
        served += 1
    raise SystemExit("counter ran out of time")


if __name__ == "__main__":
    main()
