"""``kk report --day DATE | --month YYYY-MM [--csv DIR]``: service levels against the Mutu Baku."""

from __future__ import annotations

import argparse
from pathlib import Path

from shared.cli.context import emit, lang, office_of
from shared.i18n import t


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="service levels of a day or a month")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--day", help="one day, YYYY-MM-DD")
    when.add_argument("--month", help="one month, YYYY-MM")
    p.add_argument("--csv", type=Path, metavar="DIR", help="also write each table as CSV here")
    p.add_argument("--pdf", type=Path, metavar="FILE", help="also write an A4 PDF with charts")
    p.add_argument(
        "--print", action="store_true", help="queue the PDF for the print station (needs --pdf)"
    )
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from shared.report import period, render_text, write_csv
    from shared.service_levels import collect, service_levels

    start, end, label = period(args.day, args.month)
    office = office_of(args)
    report = service_levels(collect(office, start, end), office.config)
    text = render_text(report, label, lang(args))
    if args.csv:
        files = write_csv(report, args.csv, label)
        text += "\n\n" + t("report.csv_written", lang(args), count=len(files), folder=args.csv)
    if args.pdf:
        from shared.report_pdf import report_pages, write_report_pdf

        pages = report_pages(report, label, lang(args), office.config.office.name)
        write_report_pdf(pages, args.pdf)
        text += "\n" + t("report.pdf_written", lang(args), path=args.pdf)
        if args.print:
            from shared.report_pdf import queue_report_print

            job = queue_report_print(office, args.pdf, t("report.title", None, period=label))
            text += "\n" + t("report.queued", lang(args), job=job.id)
    elif args.print:
        from shared.cli.main import Exit

        raise Exit(t("report.print_needs_pdf", lang(args)), 2)
    emit(args, {"period": label, **report.tables()}, text)
    return 0
