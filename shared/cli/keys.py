"""``kk keys init|show``: the Kepala Dinas's signing key; and signing a case with it.

Where the keys live: ``--keys DIR``, else ``$KK_KEYS``, else the folder
``keys`` next to the store folder (``data/keys`` for the default
``data/store``), never inside the store. The passphrase comes from
``$KK_PASSPHRASE`` or is asked for without echo.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from shared.cli.context import config_of, emit, lang, store_path
from shared.cli.main import Exit
from shared.i18n import t
from shared.signing_keys import (
    current_public_key,
    fingerprint,
    has_private_key,
    init_keys,
    key_id,
    keys_folder,
    load_public_keys,
    load_signer,
)

PASSPHRASE_ENV = "KK_PASSPHRASE"
KEYS_HELP = "folder of the signing keys (default: $KK_KEYS, else 'keys' next to the store)"


def add_keys_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--keys", metavar="DIR", help=KEYS_HELP)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    keys = sub.add_parser("keys", help="the signing key pair").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = keys.add_parser("init", parents=[common], help="create the signing key pair")
    add_keys_option(p)
    p.add_argument("--force", action="store_true", help="replace an existing key")
    p.set_defaults(handler=cmd_init)
    p = keys.add_parser("show", parents=[common], help="the public key's id and fingerprint")
    add_keys_option(p)
    p.set_defaults(handler=cmd_show)


def keys_dir(args: argparse.Namespace) -> Path:
    """The keys folder for this command (see the module's docstring)."""
    return keys_folder(getattr(args, "keys", None), store_path(args, config_of(args)))


def passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    """The passphrase from ``KK_PASSPHRASE``, or asked (twice when creating a key)."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise Exit(t("signing.passphrase_needed", lang(args)))
    value = getpass.getpass(t("signing.passphrase_prompt", lang(args)))
    if confirm and getpass.getpass(t("signing.passphrase_again", lang(args))) != value:
        raise Exit(t("signing.passphrase_differs", lang(args)))
    return value


def cmd_init(args: argparse.Namespace) -> int:
    folder = keys_dir(args)
    signer = init_keys(folder, passphrase(args, confirm=True), force=args.force)
    data = {
        "folder": str(folder),
        "key_id": signer.key_id,
        "fingerprint": fingerprint(signer.public),
    }
    emit(args, data, t("signing.keys_created", lang(args), **data))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    folder = keys_dir(args)
    public = current_public_key(folder)
    current = key_id(public)
    retired = sorted(k for k in load_public_keys(folder) if k != current)
    private = has_private_key(folder)
    data: dict[str, Any] = {
        "folder": str(folder),
        "key_id": current,
        "fingerprint": fingerprint(public),
        "private_key": private,
        "retired": retired,
    }
    text = t(
        "signing.keys_shown",
        lang(args),
        **data | {"private": t("signing.yes" if private else "signing.no", lang(args))},
    )
    if retired:
        text += "\n" + t("signing.retired", lang(args), ids=", ".join(retired))
    emit(args, data, text)
    return 0


def case_signature(args: argparse.Namespace, office: Any, session: Any) -> dict[str, Any] | None:
    """The signature ``kk case sign`` passes to the workflow.

    ``None`` when the workflow will refuse anyway (not the Kepala Dinas, or
    the case is not waiting for a signature): nobody is asked for a
    passphrase for nothing, and the workflow says why.
    """
    from shared.actions import ACTIONS
    from shared.errors import DomainError
    from shared.signing import sign_kk
    from shared.sop import CaseState

    case = office.cases.show(args.case)
    if session.role != ACTIONS["sign"].role or case.state != CaseState.SIGNING:
        return None
    if not (case.family and case.nomor_kk and case.issued_on):
        raise DomainError("signing.no_data", case=case.id)
    signer = load_signer(keys_dir(args), passphrase(args))
    return sign_kk(signer, case.family, case.nomor_kk, case.issued_on, now=office.now())
