"""Everything that holds personal data or a secret is created owner-only, whatever the umask.

The store's files (tickets by day, cases, the case archive, print jobs, the
audit day files, the write-ahead log, the lock files), receipts written by a
file printer, KK PDFs in the spool folder, backups (and a store restored from
one) and the private signing key: files 0600, folders 0700, with the umask a
careless service unit might have (022) and the worst one (000).

Not checked here, by decision (docs/security.md): ``kk report`` CSV and PDF
files follow the umask, they are meant to be handed round and carry no
citizen's name or NIK (``test_no_personal_data.py`` checks that); the public
half of the signing key is public (0644).
"""

from __future__ import annotations

import dataclasses
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import application_service, case_in

from shared.config import PrinterConfig
from shared.document_print import print_pending_documents
from shared.errors import AuthError
from shared.office import Office
from shared.print_service import print_pending
from shared.signing_keys import PRIVATE_FILE, PUBLIC_FILE, init_keys
from shared.sop import CaseState
from shared.store.backup import backup, restore
from shared.store.filestore import FileStore

UMASKS = [0o022, 0o000]


@pytest.fixture(params=UMASKS, ids=lambda u: f"umask{u:03o}")
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def modes(top: Path) -> dict[str, int]:
    """``{relative path: permission bits}`` of ``top`` and everything under it."""
    out = {".": stat.S_IMODE(top.stat().st_mode)}
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            full = Path(folder, name)
            out[str(full.relative_to(top))] = stat.S_IMODE(full.lstat().st_mode)
    return out


def not_private(top: Path) -> dict[str, str]:
    """What under ``top`` is not 0700 (folders) / 0600 (files), with its mode."""
    bad = {}
    for rel, mode in modes(top).items():
        want = 0o700 if (top / rel).is_dir() else 0o600
        if mode != want:
            bad[rel] = f"{mode:04o}"
    return bad


def printing(office: Office, folder: Path) -> Office:
    """``office`` on a new config: file receipt printers and a spool A4 printer under ``folder``."""
    table = {}
    for name, cfg in office.config.printers.items():
        if cfg.is_receipt:
            table[name] = PrinterConfig(
                name, "file", cfg.paper_mm, {"path": folder / f"{name}.bin"}
            )
        else:
            table[name] = PrinterConfig(name, "spool", None, {"path": folder / "spool"})
    return Office(office.store, dataclasses.replace(office.config, printers=table), office.clock)


def test_store_receipts_spool_backup_and_restore_are_owner_only(
    umask, tmp_path, config, clock, sessions
):
    store = FileStore(tmp_path / "store")
    store.initialise()
    office = printing(Office(store, config, clock), tmp_path / "out")
    for sid, session in sessions.items():
        office.staff.add(sid, sid.title(), session.role, "123456")
    case_in(office, sessions, CaseState.HANDED_OVER)  # tickets, case archive, jobs, audit
    case_in(office, sessions, CaseState.KABID_REVIEW)  # an open case in the index
    with pytest.raises(AuthError):
        office.staff.login("LOKET1", "000000")  # a failed login: the staff file changes
    clock.advance(timedelta(days=1))  # a second day: new ticket partition, new audit file
    office.queue.take_ticket(application_service(office), kind=office.config.kinds[0].code)
    receipts = {n for n, c in office.config.printers.items() if c.is_receipt}
    assert print_pending(office, receipts, worker="t")  # .bin and .png per receipt
    assert print_pending_documents(office, worker="t")  # KK PDFs into the spool

    made = modes(store.root)
    for expected in (".lock", ".waiting", "wal.log", "meta.json"):
        assert expected in made
    assert any(p.startswith("audit/") and p.endswith(".jsonl") for p in made)
    assert not_private(store.root) == {}

    out = tmp_path / "out"
    assert list(out.rglob("*.png")) and list(out.rglob("*.bin")) and list(out.rglob("*.pdf"))
    assert not_private(out) == {}

    dest = tmp_path / "backups"
    archive = backup(store, dest, now=clock.now())
    assert not_private(dest) == {}
    restored = tmp_path / "restored"
    restore(archive, restored, now=clock.now())
    assert not_private(restored) == {}


def test_the_signing_key_is_owner_only(umask, tmp_path):
    folder = tmp_path / "keys"
    init_keys(folder, "rahasia-kantor")
    got = modes(folder)
    assert got["."] == 0o700
    assert got[PRIVATE_FILE] == 0o600
    assert got[PUBLIC_FILE] == 0o644  # the public half is public
    init_keys(folder, "rahasia-kantor-2", force=True)  # a new key; the old public one retired
    assert modes(folder)[PRIVATE_FILE] == 0o600


def test_the_command_line_creates_store_keys_and_backups_owner_only(umask, tmp_path, monkeypatch):
    """``kk init``, ``kk keys init`` and ``kk store backup`` as an administrator runs them."""
    from shared.cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KK_PASSPHRASE", "rahasia-kantor")
    store = tmp_path / "data" / "store"
    assert main(["init", "--demo", "--store", str(store)]) == 0
    assert main(["keys", "init", "--store", str(store)]) == 0
    assert main(["store", "backup", "--store", str(store)]) == 0
    assert not_private(store) == {}
    assert not_private(tmp_path / "data" / "backups") == {}
    keys = modes(tmp_path / "data" / "keys")
    assert (keys["."], keys[PRIVATE_FILE], keys[PUBLIC_FILE]) == (0o700, 0o600, 0o644)
