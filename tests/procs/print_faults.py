"""A kiosk or print station process printing to a printer given on the command line.

    python tests/procs/print_faults.py ticket --store DIR --at ISO --printer JSON
    python tests/procs/print_faults.py retry  --store DIR --at ISO --printer JSON --job ID
    python tests/procs/print_faults.py docs   --store DIR --at ISO --printer JSON [--job ID]

``--printer`` is the printer entry, as JSON (``{"type": "network", "paper_mm": 80,
"options": {...}}``), that replaces the kiosk's printer (``ticket``,
``retry``) or the A4 document printer (``docs``) of the default config;
``--lp-timeout`` shortens the time ``lp`` has to answer.

- ``ticket``: takes a ticket and prints it the way the kiosk does
  (:func:`kiosk.issuing.issue`); prints ``{"ticket", "display", "printed", "job"}``;
- ``retry``: staff put the failed job ``--job`` back in the queue
  (:meth:`~shared.printing.PrintDesk.retry`), then the receipt queue is printed
  (:func:`~shared.print_service.print_pending`) twice over, as a counter's
  loop would; prints ``{"job", "status", "error"}`` per job finished;
- ``docs``: with ``--job``, that failed A4 job is put back first; then the A4
  queue is printed (:func:`~shared.document_print.print_pending_documents`)
  twice over, as the print station's loop would; same lines.

Every printer fault must come back as a stored outcome; any exception is a
traceback on stderr and exit code 1, which the test reports.
"""

from __future__ import annotations

import argparse
import dataclasses
import json

from common import emit, open_office

import shared.document_output
import shared.printers
from shared.config import PrinterConfig, load_config

WORKER = "faults-1"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=("ticket", "retry", "docs"))
    p.add_argument("--store", required=True)
    p.add_argument("--at", required=True)
    p.add_argument("--printer", required=True)
    p.add_argument("--job")
    p.add_argument("--lp-timeout", type=float, help="seconds lp has (instead of 15 / 30)")
    args = p.parse_args()
    if args.lp_timeout:
        shared.printers.LP_TIMEOUT = shared.document_output.LP_TIMEOUT = args.lp_timeout

    # raw receipts to CUPS go through `lp` whether or not pycups is installed here
    shared.printers.CupsPrinter.is_usable = staticmethod(lambda: False)  # type: ignore[method-assign]
    config = load_config(None)
    name = config.document_printer if args.what == "docs" else config.kiosk.printer
    spec = json.loads(args.printer)
    printer = PrinterConfig(name, spec["type"], spec.get("paper_mm"), spec["options"])
    config = dataclasses.replace(config, printers={**config.printers, name: printer})
    office = open_office(args.store, args.at, config)

    if args.what == "ticket":
        from kiosk.issuing import TicketRequest, application_ticket, default_print_ticket, issue

        request = TicketRequest(service="KK", kind="baru_menikah")
        issued = issue(
            office, application_ticket(office, request, WORKER), default_print_ticket,
            worker=WORKER,
        )  # fmt: skip
        t = issued.ticket
        emit(ticket=t.id, display=t.display, printed=issued.printed, job=t.print_job)
        return
    if args.job:
        office.printing.retry(args.job, station=WORKER)
    for _ in range(2):
        if args.what == "retry":
            from shared.print_service import print_pending

            done = print_pending(office, {name}, worker=WORKER)
        else:
            from shared.document_print import print_pending_documents

            done = print_pending_documents(office, worker=WORKER)
        for job in done:
            emit(job=job.id, status=job.status.value, error=job.error)


if __name__ == "__main__":
    main()
