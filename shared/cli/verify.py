"""``kk verify FILE | --payload TEXT``: is this KK's signature ours, and intact?

Offline, against the office's public keys (``--keys DIR``, see
:mod:`shared.cli.keys`). The QR code alone proves the Nomor KK and the issue
date were signed by the office; with ``--case CASE`` (the record in the
store) or ``--family FILE`` (a family JSON, or ``kk case show --json``
output) the data is also compared with the signed digest. ``--case`` alone
checks the signature stored on the case.

Exit codes: 0 valid, 1 altered or not ours, 2 a usage or file error.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from shared.cli.context import emit, lang, office_of
from shared.cli.keys import add_keys_option, keys_dir
from shared.cli.main import Exit
from shared.errors import DomainError
from shared.i18n import t
from shared.signing import qr_payload, verify_payload
from shared.signing_keys import load_public_keys

USAGE_ERROR = 2


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "verify",
        parents=[common],
        help="check a KK's signature (QR code) offline",
        description="Check a KK's electronic signature offline against the office's public"
        " keys. Exit codes: 0 valid, 1 altered or not ours, 2 usage or file error.",
    )
    p.add_argument("file", nargs="?", help="the KK as PDF, or a PNG/JPEG scan or photo")
    p.add_argument("--payload", metavar="TEXT", help="the QR code's text instead of a file")
    data = p.add_mutually_exclusive_group()
    data.add_argument("--case", help="also compare with this case's data in the store")
    data.add_argument("--family", metavar="FILE", help="also compare with this family JSON")
    add_keys_option(p)
    p.set_defaults(handler=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    if args.file and args.payload:
        raise Exit("kk verify: FILE atau/or --payload, tidak keduanya/not both", USAGE_ERROR)
    family, issued_on, stored = _data(args)
    if args.payload:
        payloads = [args.payload]
    elif args.file:
        payloads = _usage_errors(args, lambda: _kk_payloads(args.file))
    elif stored:
        payloads = [stored]
    else:
        raise Exit("kk verify: FILE, --payload atau/or --case", USAGE_ERROR)
    keys = _usage_errors(args, lambda: load_public_keys(keys_dir(args)))
    verdict = verify_payload(payloads[0], keys, family=family, issued_on=issued_on)
    emit(args, verdict.to_dict(lang(args)), verdict.message(lang(args)))
    return 0 if verdict.valid else 1


def _kk_payloads(path: str) -> list[str]:
    """The file's QR texts, KK signatures first (a page may hold other codes)."""
    from shared.signing import FORMAT, SEPARATOR
    from shared.signing_qr import qr_texts_in_file

    texts = qr_texts_in_file(path)
    return sorted(texts, key=lambda s: not s.startswith(FORMAT + SEPARATOR))


def _usage_errors(args: argparse.Namespace, read: Any) -> Any:
    """Run ``read``; a domain error there (file, key) is a usage error: exit 2."""
    try:
        return read()
    except DomainError as exc:
        raise Exit(exc.message(lang(args)), USAGE_ERROR) from None


def _data(args: argparse.Namespace) -> tuple[dict[str, Any] | None, date | None, str | None]:
    """(family, issue date, the case's own payload) to compare with, if asked for."""
    if args.case:
        case = _usage_errors(args, lambda: office_of(args).cases.show(args.case))
        stored = None
        if case.signature and case.nomor_kk and case.issued_on:
            stored = qr_payload(case.signature, case.nomor_kk, case.issued_on)
        elif not (args.file or args.payload):
            raise Exit(t("verify.no_signature", lang(args), case=case.id), USAGE_ERROR)
        return case.family, case.issued_on, stored
    if args.family:
        return (*_read_record(args, Path(args.family)), None)
    return None, None, None


def _read_record(args: argparse.Namespace, path: Path) -> tuple[dict[str, Any], date | None]:
    """A family record, or ``kk case show --json`` output (family and issue date)."""

    def bad(error: str) -> Exit:
        return Exit(t("verify.bad_record", lang(args), path=path, error=error), USAGE_ERROR)

    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise bad(exc.strerror or str(exc)) from None
    except ValueError as exc:  # UnicodeDecodeError included
        raise bad(str(exc)) from None
    if not isinstance(data, dict):
        raise bad("{...}")
    issued_on = None
    if isinstance(data.get("family"), dict):
        try:
            issued_on = date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None
        except (TypeError, ValueError):
            raise bad("issued_on") from None
        data = data["family"]
    if not isinstance(data.get("anggota"), list):
        raise bad("anggota")
    return data, issued_on
