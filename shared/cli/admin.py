"""``kk init``, ``kk staff ...``, ``kk audit verify``."""

from __future__ import annotations

import argparse
from pathlib import Path

from shared.cli.context import config_of, emit, lang, office_of, store_path
from shared.i18n import t
from shared.sop import Role


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="create the store")
    p.add_argument("--demo", action="store_true", help="add demo staff with known PINs")
    p.set_defaults(handler=cmd_init)

    staff = sub.add_parser("staff", help="staff accounts").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = staff.add_parser("add", parents=[common], help="add a staff member")
    p.add_argument("staff_id")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--pin", help="the new PIN (default: KK_NEW_PIN or asked)")
    p.set_defaults(handler=cmd_staff_add)
    p = staff.add_parser("list", parents=[common], help="list staff")
    p.set_defaults(handler=cmd_staff_list)
    for name, active in (("disable", False), ("enable", True)):
        p = staff.add_parser(name, parents=[common], help=f"{name} an account")
        p.add_argument("staff_id")
        p.set_defaults(handler=cmd_staff_active, active=active)
    p = staff.add_parser("set-pin", parents=[common], help="set a new PIN (also unlocks)")
    p.add_argument("staff_id")
    p.add_argument("--pin", help="the new PIN (default: KK_NEW_PIN or asked)")
    p.set_defaults(handler=cmd_staff_pin)

    audit = sub.add_parser("audit", help="the audit trail").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = audit.add_parser("verify", parents=[common], help="check the hash chain")
    p.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="SEQ:HASH",
        help="a chain head written down earlier (kept off this computer); repeatable",
    )
    p.add_argument(
        "--backup",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a kk store backup whose audit head the chain must still contain; repeatable",
    )
    p.set_defaults(handler=cmd_audit_verify)


def cmd_init(args: argparse.Namespace) -> int:
    office = office_of(args, must_exist=False)
    created = office.store.initialise()
    path = str(store_path(args, office.config))
    staff_rows: list[dict[str, str]] = []
    demo_cases: list[dict[str, str]] = []
    if args.demo:
        from shared.demo import set_up_demo

        staff_rows, seeded = set_up_demo(office, created=created)
        demo_cases = [
            {
                "case": d.case_id,
                "state": d.state.value,
                "receipt": d.receipt_no or "",
                "code": d.token or "",
            }
            for d in seeded
        ]
    key = "cli.init_done" if created else "store.already_initialised"
    text = t(key, lang(args), path=path)
    if staff_rows:
        text += (
            "\n"
            + t("cli.demo_staff", lang(args))
            + "\n"
            + "\n".join(
                f"  {r['id']:<8} PIN {r['pin']}  {r['role']:<14} {r['name']}" for r in staff_rows
            )
        )
    if demo_cases:
        text += (
            "\n"
            + t("cli.demo_cases", lang(args))
            + "\n"
            + "\n".join(
                f"  {d['case']:<16} {t('state.' + d['state'], lang(args)):<36}"
                f" {d['receipt']}  {d['code']}"
                for d in demo_cases
            )
        )
    data = {"store": path, "created": created, "demo_staff": staff_rows, "demo_cases": demo_cases}
    emit(args, data, text)
    return 0


def _new_pin(args: argparse.Namespace) -> str:
    import getpass
    import os

    return args.pin or os.environ.get("KK_NEW_PIN") or getpass.getpass("PIN baru / new PIN: ")


def cmd_staff_add(args: argparse.Namespace) -> int:
    office = office_of(args)
    s = office.staff.add(args.staff_id, args.name, args.role, _new_pin(args))
    emit(args, _staff_row(s), t("cli.staff_added", lang(args), staff=s.id))
    return 0


def _staff_row(s) -> dict:  # noqa: ANN001
    return {
        "id": s.id,
        "name": s.name,
        "role": s.role.value,
        "active": s.active,
        "locked_until": s.locked_until.isoformat() if s.locked_until else None,
    }


def cmd_staff_list(args: argparse.Namespace) -> int:
    rows = [_staff_row(s) for s in office_of(args).staff.list()]
    text = "\n".join(
        f"{r['id']:<10} {r['role']:<14} {'aktif' if r['active'] else 'NONAKTIF':<9} {r['name']}"
        for r in rows
    )
    emit(args, rows, text)
    return 0


def cmd_staff_active(args: argparse.Namespace) -> int:
    s = office_of(args).staff.set_active(args.staff_id, args.active)
    emit(args, _staff_row(s), t("cli.staff_updated", lang(args), staff=s.id))
    return 0


def cmd_staff_pin(args: argparse.Namespace) -> int:
    s = office_of(args).staff.set_pin(args.staff_id, _new_pin(args))
    emit(args, _staff_row(s), t("cli.staff_updated", lang(args), staff=s.id))
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from shared.audit import backup_anchor, parse_anchor, verify_chain

    config_of(args)
    office = office_of(args, check=False)  # it diagnoses a damaged store: never refused by one
    anchors = [parse_anchor(a) for a in args.anchor] + [backup_anchor(b) for b in args.backup]
    report = verify_chain(office.store, anchors)
    if report.ok:
        text = t("cli.audit_ok", lang(args), events=report.events)
        if report.head.get("seq"):
            head = report.head
            short = head["hash"][:16]
            text += "\n" + t(
                "audit.head", lang(args), seq=head["seq"], hash=head["hash"], short=short
            )
    else:
        text = t(
            "cli.audit_broken",
            lang(args),
            seq=report.broken_seq,
            file=report.location or "-",
            reason=report.reason,
        )
    emit(args, report.to_dict(), text)
    return 0 if report.ok else 1
