"""A print station process: print the A4 queue into a spool folder until nothing is left.

    python tests/procs/print_docs.py --store DIR --at ISO --spool DIR --worker NAME \
        --ready FILE --go FILE

Calls :func:`shared.document_print.print_pending_documents` (what
``kk print-station --once`` does) until a call finds nothing ready, and
prints ``{"job": id, "status": "PRINTED", "worker": name}`` for each job it
finished.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from common import barrier, emit, open_office

from shared.config import PrinterConfig, load_config
from shared.document_print import print_pending_documents


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--store", required=True)
    p.add_argument("--at", required=True)
    p.add_argument("--spool", type=Path, required=True)
    p.add_argument("--worker", required=True)
    p.add_argument("--ready", type=Path, required=True)
    p.add_argument("--go", type=Path, required=True)
    args = p.parse_args()

    config = load_config(None)
    spool = PrinterConfig(config.document_printer, "spool", None, {"path": args.spool})
    config = dataclasses.replace(
        config, printers={**config.printers, config.document_printer: spool}
    )
    office = open_office(args.store, args.at, config)
    barrier(args.ready, args.go)
    while True:
        done = print_pending_documents(office, worker=args.worker)
        for job in done:
            emit(job=job.id, status=job.status.value, worker=args.worker)
        if not done:
            return


if __name__ == "__main__":
    main()
