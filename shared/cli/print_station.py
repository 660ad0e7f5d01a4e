"""``kk print-station``: the print station, printing the A4 queue (draft KKs, KKs, reports).

Without ``--once`` it runs the print station's screen (a Textual app from
``station.print_station``, imported only then, so ``shared`` never loads
Textual). With ``--once`` it prints what is ready and exits, with no screen:
for cron and tests. Exit 0 when nothing failed, 1 when a job failed (it stays
queued with its error).
"""

from __future__ import annotations

import argparse

from shared.cli.context import emit, lang, office_of
from shared.i18n import t


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "print-station",
        parents=[common],
        help="the print station: draft KKs, KKs and reports to the A4 printer",
    )
    p.add_argument("--station", default="print-1", help="this station's name (default: print-1)")
    p.add_argument(
        "--once",
        action="store_true",
        help="print what is waiting and exit, without the screen (for cron and scripts)",
    )
    p.add_argument(
        "--retry-failed",
        action="store_true",
        help="with --once: try the failed jobs again too",
    )
    p.set_defaults(handler=cmd_print_station)


def cmd_print_station(args: argparse.Namespace) -> int:
    office = office_of(args)
    if not args.once:
        from station.print_station import PrintStationApp  # Textual, only for this command

        app = PrintStationApp(office, station=args.station, lang=args.lang)
        app.run()
        return int(app.return_code or 0)

    from shared.document_print import document_queue, print_pending_documents, worker_name

    done = print_pending_documents(
        office, worker=worker_name(args.station), retry_failed=args.retry_failed
    )
    _, waiting = document_queue(office)
    out = lang(args)
    lines = [
        t(
            "print_station.cli.line",
            out,
            job=job.id,
            kind=t(f"print_station.kind.{job.kind}", out),
            case=job.ref,
            state=t(f"print_station.state.{job.status.value}", out)
            + (f" ({job.error})" if job.error else ""),
        )
        for job in done
    ]
    count = {s: sum(1 for j in done if j.status.value == s) for s in ("PRINTED", "FAILED")}
    cancelled = sum(1 for j in done if j.status.value == "CANCELLED")
    lines.append(
        t(
            "print_station.cli.summary",
            out,
            printed=count["PRINTED"],
            failed=count["FAILED"],
            cancelled=cancelled,
            waiting=len(waiting),
        )
    )
    data = {"jobs": [j.to_dict() for j in done], "waiting_signature": sorted(waiting)}
    emit(args, data, "\n".join(lines))
    return 1 if count["FAILED"] else 0
