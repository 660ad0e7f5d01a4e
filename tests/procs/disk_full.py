"""A writer that runs out of disk: tickets and counter actions until the store refuses.

    python tests/procs/disk_full.py --store DIR --at ISO [--fsize BYTES] [--count N]

With ``--fsize``, the process's file-size limit (``RLIMIT_FSIZE``) is set to
``BYTES`` before the first action, with ``SIGXFSZ`` ignored, so a write that
would pass it fails with ``EFBIG`` (as a full disk fails with ``ENOSPC``;
on a tiny tmpfs no limit is needed). It then takes tickets, calling and
verifying every other one at counter 1, until ``N`` actions or the first
refusal.

Prints one JSON line per acknowledged action (``{"op": "take", "id": ...}``),
after its transaction returned; then ``{"refused": KEY, "id": ..., "en": ...}``
with the domain error's key and both messages, or ``{"done": true}``. Any
other exception is not caught: the traceback goes to stderr and the exit
code is 1, which the test reports as the bug it is.
"""

from __future__ import annotations

import argparse
import resource
import signal

from common import emit, open_office, session

from shared.errors import DomainError
from shared.queue import kind_of


def act(office, i: int) -> None:  # noqa: ANN001 - an Office
    """One action: a ticket; every other time also the counter calls it and registers it.

    A ticket an earlier writer called before the disk refused its registration
    is registered first.
    """
    me = session("LOKET1", "loket-1")
    busy = office.queue.active_ticket(1)
    if busy is not None:
        register(office, me, busy)
        return
    t = office.queue.take_ticket("KK", kind="baru_menikah")
    emit(op="take", id=t.id)
    if i % 2:
        return
    called = office.queue.call_next(me, 1)
    emit(op="call", id=called.id, case=called.case_id)
    register(office, me, called)


def register(office, me, ticket) -> None:  # noqa: ANN001
    present = [r.code for r in kind_of(office.config, ticket.kind).requirements]
    office.cases.verify(
        me, ticket.case_id, present=present, applicant_name="Budi Santoso",
        applicant_nik="6171011708900003",
    )  # fmt: skip
    emit(op="verify", case=ticket.case_id)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--store", required=True)
    p.add_argument("--at", required=True)
    p.add_argument("--fsize", type=int, default=None)
    p.add_argument("--count", type=int, default=1000)
    args = p.parse_args()

    office = open_office(args.store, args.at)
    try:
        with office.read():  # the first read (a full disk may refuse it already)
            pass
        if args.fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (args.fsize, resource.RLIM_INFINITY))
        for i in range(args.count):
            act(office, i)
    except DomainError as err:
        emit(refused=err.key, id=err.message("id"), en=err.message("en"))
        return
    emit(done=True)


if __name__ == "__main__":
    main()
