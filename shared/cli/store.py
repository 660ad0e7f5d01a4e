"""``kk store backup|check|restore``: the store's backups and its health."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from shared.cli.context import config_of, emit, lang, office_of, store_path
from shared.errors import DomainError
from shared.i18n import t


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    store = sub.add_parser("store", help="backups and checks of the data store").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = store.add_parser("backup", parents=[common], help="write a backup (keeps the newest N)")
    p.add_argument("--to", type=Path, help="backup folder (default: [store] backup_folder)")
    p.add_argument("--keep", type=int, default=7, help="backups to keep (default 7)")
    p.set_defaults(handler=cmd_backup)
    p = store.add_parser("check", parents=[common], help="check every file of the store")
    p.set_defaults(handler=cmd_check)
    p = store.add_parser("restore", parents=[common], help="put a backup in place")
    p.add_argument("archive", type=Path, help="a kk-store-*.tar.gz written by kk store backup")
    p.add_argument("--force", action="store_true", help="replace an existing store (kept aside)")
    p.set_defaults(handler=cmd_restore)


def default_backups(store: Path) -> Path:
    """``backups/`` beside the store folder (never inside it)."""
    return store.parent / "backups"


def cmd_backup(args: argparse.Namespace) -> int:
    from shared.store.backup import backup, backups

    office = office_of(args, check=False)  # a damaged store is backed up as it is
    folder = args.to or office.config.backup_folder or default_backups(office.store.root)
    path = backup(office.store, folder, now=office.now(), keep=args.keep)
    size = round(path.stat().st_size / 1e6, 1)
    kept = len(backups(folder))
    text = t("store.backup_written", lang(args), path=path, size=size, kept=kept, folder=folder)
    emit(args, {"backup": str(path), "bytes": path.stat().st_size, "kept": kept}, text)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from shared.store.backup import check

    config = config_of(args)
    root = store_path(args, config)
    mended = _mend(root)
    report = check(root)
    if report.ok:
        report.problems += _live_problems(root, args, config)
    if report.ok:
        text = t(
            "store.check.ok", lang(args), path=root, files=report.files,
            tickets=report.tickets, cases=report.cases, events=report.events,
        )  # fmt: skip
    else:
        lines = [t("store.check.found", lang(args), path=root, count=len(report.problems))]
        lines += [f"- {p.message(lang(args))}" for p in report.problems]
        text = "\n".join(lines)
    data = {
        "ok": report.ok,
        "files": report.files,
        "tickets": report.tickets,
        "cases": report.cases,
        "events": report.events,
        "problems": [{"key": p.key, "message": p.message(lang(args))} for p in report.problems],
        "mended": mended,
    }
    emit(args, data, text)
    return 0 if report.ok else 1


def _live_problems(root: Path, args: argparse.Namespace, config: Any) -> list[Any]:
    """What the apps' start check refuses that the file-by-file check does not see."""
    from shared.cli.context import _fixed_clock
    from shared.clock import SystemClock
    from shared.store.backup import Problem
    from shared.store.filestore import FileStore
    from shared.store.health import live_problems

    if not (root / "meta.json").exists():
        return []
    env = os.environ.get("KK_NOW")
    clock = _fixed_clock(env, config) if env else SystemClock(config.office.timezone)
    found = live_problems(FileStore(root), clock.now().date())
    return [Problem(e.key, dict(e.params)) for e in found]


def _mend(root: Path) -> list[str]:
    """Cut-off log lines the journal still holds, written again (as the next app start would)."""
    from shared.store.filestore import FileStore
    from shared.store.health import mend_logs

    if not (root / "meta.json").exists():
        return []
    try:
        return mend_logs(FileStore(root))
    except DomainError:
        return []  # the check names it


def cmd_restore(args: argparse.Namespace) -> int:
    from datetime import datetime

    from shared.store.backup import restore

    config = config_of(args)
    root = store_path(args, config)
    report = restore(args.archive, root, now=datetime.now(config.office.timezone), force=args.force)
    text = t(
        "store.restored", lang(args), path=root, archive=args.archive,
        tickets=report.tickets, cases=report.cases, events=report.events,
    )  # fmt: skip
    emit(args, {"restored": str(root), "ok": report.ok}, text)
    return 0
