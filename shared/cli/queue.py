"""``kk ticket take`` and ``kk queue list|call-next|call|recall|skip``."""

from __future__ import annotations

import argparse

from shared.cli.context import emit, lang, login, office_of
from shared.i18n import t
from shared.model import Ticket


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ticket = sub.add_parser("ticket", help="queue tickets").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = ticket.add_parser("take", parents=[common], help="take a queue ticket")
    p.add_argument("--service", help="service code, e.g. KK (not needed with --receipt)")
    p.add_argument("--kind", help="kind of application, e.g. baru_menikah")
    p.add_argument(
        "--priority",
        nargs="?",
        const="lansia",
        default=None,
        help="priority group (lansia, disabilitas, ibu_hamil)",
    )
    p.add_argument("--phone")
    p.add_argument("--receipt", help="pickup receipt number (for a pickup ticket, e.g. AMBIL)")
    p.set_defaults(handler=cmd_take)

    queue = sub.add_parser("queue", help="the counters' queue").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = queue.add_parser("list", parents=[common], help="today's tickets")
    p.add_argument("--all", action="store_true", help="include finished tickets")
    p.set_defaults(handler=cmd_list)
    p = queue.add_parser("close-day", parents=[common], help="expire a past day's waiting tickets")
    p.add_argument("--day", help="YYYY-MM-DD (default: today, once the office has closed)")
    p.add_argument("--staff", help="a supervisor's ID (PIN from KK_PIN); default: the system")
    p.set_defaults(handler=cmd_close_day)
    for name, handler in (
        ("call-next", cmd_call_next),
        ("recall", cmd_recall),
        ("skip", cmd_skip),
        ("call", cmd_call),
    ):
        p = queue.add_parser(name, parents=[common], help=f"{name} at a counter")
        p.add_argument("--counter", type=int, required=True)
        p.add_argument("--staff", required=True, help="staff ID (PIN from KK_PIN)")
        if name == "call":
            p.add_argument("--ticket", required=True, help="ticket id, e.g. T-261123-A012")
        p.set_defaults(handler=handler)


def ticket_row(t_: Ticket) -> dict:
    return {
        "id": t_.id,
        "display": t_.display,
        "service": t_.service,
        "state": t_.state.value,
        "kind": t_.kind,
        "priority": t_.priority,
        "counter": t_.counter,
        "case": t_.case_id,
        "taken_at": t_.taken_at.isoformat(),
        "called_at": t_.called_at.isoformat() if t_.called_at else None,
        "print_status": t_.print_status.value,
        "print_job": t_.print_job,
    }


def cmd_take(args: argparse.Namespace) -> int:
    if not args.service and not args.receipt:
        from shared.cli.main import Exit

        raise Exit(t("cli.take_needs_service", lang(args)), 2)
    office = office_of(args)
    if args.receipt:
        ticket = office.queue.take_pickup_ticket(args.receipt, station="cli")
    else:
        ticket = office.queue.take_ticket(
            args.service, kind=args.kind, priority=args.priority, phone=args.phone, station="cli"
        )
    emit(
        args,
        ticket_row(ticket),
        t("cli.ticket_taken", lang(args), ticket=ticket.display, id=ticket.id),
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    office = office_of(args)
    tickets = office.queue.today()
    if not args.all:
        tickets = [x for x in tickets if x.state.value in ("WAITING", "CALLED")]
    rows = [ticket_row(x) for x in tickets]
    text = "\n".join(
        f"{r['display']:<7} {t('state.' + r['state'], lang(args)):<20} "
        f"{'loket ' + str(r['counter']) if r['counter'] else '':<9} {r['case'] or ''}"
        for r in rows
    ) or t("cli.queue_empty", lang(args))
    emit(args, rows, text)
    return 0


def _counter_result(args: argparse.Namespace, ticket: Ticket | None, key: str) -> int:
    if ticket is None:
        emit(args, None, t("cli.queue_empty", lang(args)))
        return 0
    emit(
        args,
        ticket_row(ticket),
        t(key, lang(args), ticket=ticket.display, counter=args.counter, case=ticket.case_id or "-"),
    )
    return 0


def cmd_call_next(args: argparse.Namespace) -> int:
    office = office_of(args)
    s = login(args, office)
    return _counter_result(args, office.queue.call_next(s, args.counter), "cli.called")


def cmd_call(args: argparse.Namespace) -> int:
    office = office_of(args)
    s = login(args, office)
    return _counter_result(
        args, office.queue.call_ticket(s, args.counter, args.ticket), "cli.called"
    )


def cmd_recall(args: argparse.Namespace) -> int:
    office = office_of(args)
    s = login(args, office)
    return _counter_result(args, office.queue.recall(s, args.counter), "cli.recalled")


def cmd_skip(args: argparse.Namespace) -> int:
    office = office_of(args)
    s = login(args, office)
    return _counter_result(args, office.queue.skip(s, args.counter), "cli.skipped")


def cmd_close_day(args: argparse.Namespace) -> int:
    from datetime import date

    from shared.cli.main import Exit
    from shared.day_close import close_day

    office = office_of(args)
    session = login(args, office) if args.staff else None
    try:
        day = date.fromisoformat(args.day) if args.day else office.now().date()
    except ValueError:
        raise Exit(t("report.bad_day", lang(args), value=args.day), 2) from None
    done = close_day(office, day, session, station=getattr(args, "station", None) or "cli")
    text = t(
        "queue.day_closed",
        lang(args),
        day=day.isoformat(),
        expired=len(done.expired),
        slips=len(done.slips_cancelled),
    )
    if done.still_called:
        text += "\n" + t("queue.still_called", lang(args), tickets=", ".join(done.still_called))
    data = {
        "day": day.isoformat(),
        "expired": done.expired,
        "still_called": done.still_called,
        "slips_cancelled": done.slips_cancelled,
    }
    emit(args, data, text)
    return 0
