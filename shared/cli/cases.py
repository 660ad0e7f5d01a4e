"""``kk case verify|input|review|print|sign|register|handover|cancel|show|list``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from shared.cli.context import emit, lang, login, office_of
from shared.cli.keys import add_keys_option, case_signature
from shared.cli.main import Exit
from shared.errors import ValidationError
from shared.i18n import t
from shared.model import Case
from shared.sop import CaseState, Role


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    case = sub.add_parser("case", help="applications (cases) through the SOP").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )

    def action(name: str, handler, help_: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = case.add_parser(name, parents=[common], help=help_)
        p.add_argument("case", help="case id, e.g. KK-261123-A012")
        p.add_argument("--staff", required=True, help="staff ID (PIN from KK_PIN)")
        p.set_defaults(handler=handler)
        return p

    p = action("verify", cmd_verify, "step 2: check the requirements")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--present", help="comma-separated requirement codes that are present")
    group.add_argument("--all-present", action="store_true", help="every requirement present")
    p.add_argument("--kind", help="change the kind of application")
    p.add_argument("--name", help="the applicant's name (needed when complete)")
    p.add_argument("--nik", help="the applicant's NIK (needed when complete)")
    p.add_argument("--phone")
    p = action("input", cmd_input, "step 3: enter the family (JSON) and print the draft")
    p.add_argument("--file", help="family JSON file (default: standard input)")
    p = action("review", cmd_review, "steps 4/5: approve (paraf) or reject, as Kasi or Kabid")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--approve", action="store_true")
    group.add_argument("--reject", metavar="NOTE", help="send back with this note")
    action("print", cmd_print, "step 7: print the KK")
    p = action("sign", cmd_sign, "step 8: sign the KK (key passphrase from KK_PASSPHRASE)")
    add_keys_option(p)
    action("register", cmd_register, "step 9: register, stamp, archive: ready for pickup")
    p = action("handover", cmd_handover, "step 10: hand over against the pickup receipt")
    p.add_argument("--token", required=True, help="the pickup receipt's code")
    p = action("cancel", cmd_cancel, "cancel a case (supervisor)")
    p.add_argument("--reason", required=True)

    p = case.add_parser("show", parents=[common], help="one case, with its history")
    p.add_argument("case")
    p.set_defaults(handler=cmd_show)
    p = case.add_parser("list", parents=[common], help="open cases")
    p.add_argument("--role", choices=[r.value for r in Role], help="the work list of a role")
    p.add_argument("--state", choices=[s.value for s in CaseState])
    p.set_defaults(handler=cmd_list)


def case_view(case: Case) -> dict[str, Any]:
    """``kk case show --json``: state, SOP step, family and history."""
    data = case.to_dict()
    data["step"] = case.step
    data.pop("pickup_token_hash", None)
    return data


def state_line(args: argparse.Namespace, case: Case) -> str:
    """ "Berkas KK-...: <state in words> (langkah N)." for people."""
    state = t(f"state.{case.state.value}", lang(args))
    if case.step is None:
        return t("cli.case_ended", lang(args), case=case.id, state=state)
    return t("cli.case_state", lang(args), case=case.id, state=state, step=case.step)


def _done(args: argparse.Namespace, case: Case, extra: dict[str, Any] | None = None) -> int:
    emit(args, case_view(case) | (extra or {}), state_line(args, case))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    office = office_of(args)
    s = login(args, office)
    if args.all_present:
        current = office.cases.show(args.case)
        kind = (
            office.config.kind(args.kind or current.kind)
            if (args.kind or current.kind) in {k.code for k in office.config.kinds}
            else None
        )
        present = [r.code for r in kind.requirements] if kind else []
    else:
        present = [p.strip() for p in args.present.split(",") if p.strip()]
    case, token = office.cases.verify(
        s,
        args.case,
        present=present,
        kind=args.kind,
        applicant_name=args.name,
        applicant_nik=args.nik,
        phone=args.phone,
    )
    extra = {"pickup_token": token} if token else {}
    rc = _done(args, case, extra)
    if token and not args.json:
        print(t("cli.receipt", lang(args), receipt=case.receipt_no, token=token))
    return rc


def _read_family(args: argparse.Namespace) -> Any:
    try:
        raw = Path(args.file).read_text("utf-8") if args.file else sys.stdin.read()
    except OSError as exc:
        raise Exit(t("cli.cannot_read", lang(args), path=args.file, error=exc.strerror)) from None
    except UnicodeDecodeError:
        raise Exit(t("cli.not_utf8", lang(args), path=args.file or "stdin")) from None
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ValidationError("family.not_json", field="family", detail=str(exc)) from None


def cmd_input(args: argparse.Namespace) -> int:
    office = office_of(args)
    family = _read_family(args)
    s = login(args, office)
    return _done(args, office.cases.input_family(s, args.case, family))


def cmd_review(args: argparse.Namespace) -> int:
    office = office_of(args)
    s = login(args, office)
    case = office.cases.review(s, args.case, approve=args.approve, note=args.reject)
    return _done(args, case)


def cmd_print(args: argparse.Namespace) -> int:
    office = office_of(args)
    return _done(args, office.cases.final_print(login(args, office), args.case))


def cmd_sign(args: argparse.Namespace) -> int:
    office = office_of(args)
    session = login(args, office)
    signature = case_signature(args, office, session)
    return _done(args, office.cases.sign(session, args.case, signature))


def cmd_register(args: argparse.Namespace) -> int:
    office = office_of(args)
    return _done(args, office.cases.register(login(args, office), args.case))


def cmd_handover(args: argparse.Namespace) -> int:
    office = office_of(args)
    return _done(args, office.cases.handover(login(args, office), args.case, args.token))


def cmd_cancel(args: argparse.Namespace) -> int:
    office = office_of(args)
    return _done(args, office.cases.cancel(login(args, office), args.case, args.reason))


def cmd_show(args: argparse.Namespace) -> int:
    case = office_of(args).cases.show(args.case)
    if args.json:
        emit(args, case_view(case))
        return 0
    lines = [state_line(args, case)]
    for h in case.history:
        lines.append(
            f"  {h.at:%d-%m-%Y %H:%M}  {'L' + str(h.step) if h.step else '':<4}"
            f"{h.action:<18} {h.staff_id or '':<8} "
            f"{h.to_state.value:<13} {h.note or ''}"
        )
    print("\n".join(lines))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    office = office_of(args)
    if args.role:
        rows = office.cases.work_list(Role(args.role))
    else:
        with office.read() as repo:
            states = {CaseState(args.state)} if args.state else None
            rows = repo.open_case_rows(states)
    text = "\n".join(
        f"{r['id']:<16} langkah {r['step'] or '-':<3} {r['state']:<13} {r['state_since'][:16]}"
        f"  {r['last_note'] or ''}"
        for r in rows
    ) or t("cli.no_cases", lang(args))
    emit(args, rows, text)
    return 0
