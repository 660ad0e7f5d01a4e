"""What every subcommand needs: the config, the store, the office, the output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from shared.cli.main import Exit
from shared.clock import Clock
from shared.config import Config, load_config
from shared.i18n import t
from shared.office import Office, Session
from shared.store.filestore import FileStore


def config_of(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    args._lang = args.lang or config.language
    return config


def store_path(args: argparse.Namespace, config: Config) -> Path:
    return Path(args.store).absolute() if args.store else config.store_path


def office_of(
    args: argparse.Namespace,
    *,
    clock: Clock | None = None,
    must_exist: bool = True,
    check: bool = True,
) -> Office:
    """The office on the configured store; with ``must_exist``, refused unless it is usable.

    ``check``: also the quick start check of the live files
    (:func:`shared.store.health.preflight`), which repairs what needs no
    person and refuses a damaged or missing file by name.
    """
    config = config_of(args)
    if clock is None and os.environ.get("KK_NOW"):
        clock = _fixed_clock(os.environ["KK_NOW"], config)
    store = FileStore(store_path(args, config))
    if must_exist:
        store.check_open()
    office = Office(store, config, clock)
    if must_exist and check:
        from shared.store.health import preflight

        preflight(store, office.now())
    return office


def lang(args: argparse.Namespace) -> str | None:
    return args.lang or getattr(args, "_lang", None)


def pin_for(staff_id: str) -> str:
    """The PIN from ``KK_PIN``, or asked for without echo."""
    pin = os.environ.get("KK_PIN")
    if pin:
        return pin
    if not sys.stdin.isatty():
        raise Exit(t("cli.pin_needed", None, staff=staff_id))
    return getpass.getpass(f"PIN {staff_id}: ")


def login(args: argparse.Namespace, office: Office) -> Session:
    station = getattr(args, "station", None) or "cli"
    return office.staff.login(args.staff, pin_for(args.staff), station=station)


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON with ``--json``, else ``text`` (or a plain rendering)."""
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif text is not None:
        print(text)
    else:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _fixed_clock(text: str, config: Config) -> Clock:
    """``KK_NOW=2026-11-23T09:00``: run as if it were that time (demos, scripted tests)."""
    from datetime import datetime

    from shared.clock import ManualClock

    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise Exit(t("cli.bad_now", None, value=text)) from None
    return ManualClock(when, config.office.timezone)
