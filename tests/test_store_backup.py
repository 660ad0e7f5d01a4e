"""kk store backup|check|restore: backups rotate, every damage is named, a restore is checked."""

from __future__ import annotations

import json
import tarfile
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import MONDAY_9, case_in

from shared.cli.main import main
from shared.errors import StoreError
from shared.sop import CaseState
from shared.store.backup import backup, backups, check, restore


@pytest.fixture
def busy(office, sessions):
    """A store with tickets, open cases in several steps and a closed one."""
    for state in (CaseState.INPUT, CaseState.KABID_REVIEW, CaseState.RETURNED):
        case_in(office, sessions, state)
    return office


def test_a_backup_is_private_rotates_and_leaves_the_journal_out(busy, tmp_path):
    folder = tmp_path / "backups"
    made = [backup(busy.store, folder, now=MONDAY_9 + timedelta(days=i), keep=2) for i in range(3)]
    assert backups(folder) == made[1:]  # the oldest went
    assert oct(made[-1].stat().st_mode & 0o777) == "0o600"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    with tarfile.open(made[-1]) as tar:
        names = tar.getnames()
    assert "store/meta.json" in names
    assert not [n for n in names if n.endswith(("wal.log", ".lock", ".tmp"))]
    assert not list(folder.glob(".*"))  # no staging folder or partial file left


def test_check_of_a_whole_store(busy):
    report = check(busy.store.root)
    assert report.ok, [p.message("en") for p in report.problems]
    assert report.tickets == 3 and report.cases == 3 and report.events > 10


def _damage(root: Path, how: str) -> None:
    if how == "truncated ticket file":
        path = next(root.glob("tickets/*/A.json"))
        path.write_text(path.read_text()[:40])
    elif how == "bad audit line":
        path = next(root.glob("audit/*/*.jsonl"))
        lines = path.read_text().splitlines()
        lines[1] = lines[1][:30]
        path.write_text("\n".join(lines) + "\n")
    elif how == "edited audit note":
        path = next(root.glob("audit/*/*.jsonl"))
        lines = path.read_text().splitlines()
        event = json.loads(lines[2])
        event["note"] = "diubah diam-diam"
        lines[2] = json.dumps(event)
        path.write_text("\n".join(lines) + "\n")
    elif how == "index shard deleted":
        next(root.glob("cases/open/INPUT/*.json")).unlink()
    elif how == "archive line lost":
        path = next(root.glob("cases/archive/*.jsonl"))
        path.write_text("")


@pytest.mark.parametrize(
    ("how", "key"),
    [
        ("truncated ticket file", "store.check.bad_file"),
        ("bad audit line", "store.check.bad_line"),
        ("edited audit note", "store.check.chain"),
        ("index shard deleted", "store.check.index_missing"),
        ("archive line lost", "store.check.locator"),
    ],
)
def test_check_names_each_kind_of_damage(busy, how, key):
    _damage(busy.store.root, how)
    report = check(busy.store.root)
    assert key in [p.key for p in report.problems], [p.message("en") for p in report.problems]
    assert all(p.message("id") and p.message("en") for p in report.problems)


def test_restore_puts_a_checked_backup_in_place_and_keeps_the_old_store(busy, tmp_path):
    root = busy.store.root
    archive = backup(busy.store, tmp_path / "b", now=MONDAY_9)
    _damage(root, "truncated ticket file")
    with pytest.raises(StoreError) as refused:
        restore(archive, root, now=MONDAY_9)
    assert "--force" in refused.value.message("id")
    report = restore(archive, root, now=MONDAY_9, force=True)
    assert report.ok and check(root).ok
    kept = root.with_name(f"{root.name}.replaced-{MONDAY_9:%Y%m%d-%H%M%S}")
    assert kept.is_dir() and not check(kept).ok  # the damaged store, kept for a look


def test_restore_refuses_what_is_not_a_whole_backup(busy, tmp_path):
    root = busy.store.root
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar")
    with pytest.raises(StoreError) as err:
        restore(junk, tmp_path / "new-store", now=MONDAY_9)
    assert err.value.key == "store.restore_not_backup"
    _damage(root, "edited audit note")
    broken = backup(busy.store, tmp_path / "b", now=MONDAY_9)
    with pytest.raises(StoreError) as err:
        restore(broken, tmp_path / "new-store", now=MONDAY_9)
    assert err.value.key == "store.restore_broken" and "audit" in err.value.message("en")
    assert not (tmp_path / "new-store").exists()


def test_cli_backup_check_restore(busy, tmp_path, capsys):
    store = str(busy.store.root)
    assert main(["store", "check", "--store", store]) == 0
    assert "utuh" in capsys.readouterr().out
    assert main(["store", "backup", "--store", store, "--to", str(tmp_path / "b")]) == 0
    archive = backups(tmp_path / "b")[0]
    _damage(busy.store.root, "index shard deleted")
    assert main(["store", "check", "--store", store, "--lang", "en"]) == 1
    assert "missing from the work lists" in capsys.readouterr().out
    assert main(["store", "restore", str(archive), "--store", store, "--force"]) == 0
    assert main(["store", "check", "--store", store]) == 0
