"""Automatic daily backups: the print station's loop takes the day's backup, once, and rotates.

:func:`shared.store.backup.backup_if_due` is called on every pass of the print
loop (``kk print-station``, ``kk office``): it writes a backup the first time
on a day with none in the folder, keeps the newest ``[store] backup_keep``,
is a no-op otherwise, is taken once even by several print stations at once
(real processes), and a failing folder neither stops the printing nor floods
the log (retried after :data:`~shared.store.backup.AUTO_RETRY`).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import MONDAY_9

import shared.store.backup as backup_module
from shared.cli.main import main
from shared.config import ConfigError, load_config
from shared.errors import StoreError
from shared.office import Office
from shared.print_loop import PrintLoop
from shared.store.backup import (
    AUTO_RETRY,
    auto_backup,
    backup,
    backup_if_due,
    backups,
    check,
    restore,
)

REPO = Path(__file__).parents[2]
EARLY = MONDAY_9.replace(hour=6, minute=30)  # Monday, before the office opens


@pytest.fixture(autouse=True)
def no_failures_remembered(monkeypatch):
    monkeypatch.setattr(backup_module, "_auto_failed", {})


def test_one_backup_a_day_rotated_to_keep(office, tmp_path):
    folder = tmp_path / "backups"
    office.queue.take_ticket("KK", kind="baru_menikah")
    made = []
    for day in range(4):
        now = MONDAY_9 + timedelta(days=day)
        first = backup_if_due(office.store, folder, keep=2, now=now)
        assert first is not None and first.name.startswith(f"kk-store-{now:%Y%m%d}-")
        later = now + timedelta(hours=8)
        assert backup_if_due(office.store, folder, keep=2, now=later) is None  # done for today
        made.append(first)
    assert backups(folder) == made[-2:]  # the oldest went
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert check(office.store.root).ok
    restored = restore(made[-1], tmp_path / "restored", now=MONDAY_9)
    assert restored.ok and restored.tickets == 1


def test_a_manual_backup_counts_for_the_day_and_keep_zero_is_off(office, tmp_path):
    folder = tmp_path / "backups"
    backup(office.store, folder, now=MONDAY_9)  # kk store backup, this morning
    assert backup_if_due(office.store, folder, keep=7, now=MONDAY_9 + timedelta(hours=1)) is None
    off = tmp_path / "off"
    assert backup_if_due(office.store, off, keep=0, now=MONDAY_9) is None
    assert not off.exists()


def test_a_failing_folder_is_reported_once_then_retried_later(office, tmp_path):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the folder should be")
    with pytest.raises(StoreError) as failed:
        backup_if_due(office.store, folder, keep=3, now=MONDAY_9)
    assert failed.value.key == "store.backup_failed" and str(folder) in failed.value.message("en")
    soon = MONDAY_9 + AUTO_RETRY - timedelta(minutes=1)
    assert backup_if_due(office.store, folder, keep=3, now=soon) is None  # no flood
    folder.unlink()  # fixed
    later = MONDAY_9 + AUTO_RETRY
    assert backup_if_due(office.store, folder, keep=3, now=later) is not None


SCRIPT = """
import sys, time
from pathlib import Path
from datetime import datetime
from shared.store.filestore import FileStore
from shared.store.backup import backup_if_due
store, folder, go, at = sys.argv[1:5]
while not Path(go).exists():
    time.sleep(0.001)
made = backup_if_due(FileStore(store), Path(folder), keep=5, now=datetime.fromisoformat(at))
print("made" if made else "skipped")
"""


@pytest.mark.slow
def test_several_print_stations_at_once_take_one_backup(office, tmp_path):
    folder, go = tmp_path / "backups", tmp_path / "go"
    for _ in range(20):
        office.queue.take_ticket("KK", kind="baru_menikah")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                SCRIPT,
                str(office.store.root),
                str(folder),
                str(go),
                (MONDAY_9 + timedelta(seconds=i)).isoformat(),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for i in range(4)
    ]
    time.sleep(1.0)  # imports done
    go.touch()
    said = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    assert said.count("made") == 1, said
    assert len(backups(folder)) == 1


def _office_backing_up_to(office: Office, folder: Path, keep: int = 3) -> Office:
    config = dataclasses.replace(office.config, backup_folder=folder, backup_keep=keep)
    return Office(office.store, config, office.clock)


def test_the_print_loop_takes_the_days_backup(office, tmp_path, clock):
    clock.set(EARLY)  # before opening: nobody waits on the lock while the store is copied
    folder = tmp_path / "cadangan"
    loop = PrintLoop(_office_backing_up_to(office, folder), "print-test", interval=0.05)
    loop.start()
    try:
        deadline = time.monotonic() + 10
        while not backups(folder) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # several more passes
    finally:
        loop.stop()
    assert [p.name for p in backups(folder)] == [f"kk-store-{EARLY:%Y%m%d-%H%M%S}.tar.gz"]


def test_no_automatic_backup_while_the_office_is_open(office, tmp_path, clock):
    folder = tmp_path / "cadangan"
    desk = _office_backing_up_to(office, folder)
    assert desk.config.hours.is_open(clock.now())  # Monday 09:00
    assert auto_backup(desk) is None and not backups(folder)
    clock.set(EARLY + timedelta(days=1))  # Tuesday, before opening
    assert auto_backup(desk) is not None and len(backups(folder)) == 1


def test_a_failing_backup_does_not_stop_the_print_loop(office, tmp_path, caplog, clock):
    clock.set(EARLY)
    folder = tmp_path / "blocked"
    folder.write_text("not a folder")
    passes = []
    loop = PrintLoop(
        _office_backing_up_to(office, folder), "print-test", interval=0.02,
        is_on=lambda: passes.append(1) or True,
    )  # fmt: skip
    with caplog.at_level(logging.ERROR, logger="shared.print_loop"):
        loop.start()
        time.sleep(0.5)
        assert loop.running
        loop.stop()
    assert len(passes) > 5  # it kept printing
    failures = [r for r in caplog.records if "daily backup failed" in r.getMessage()]
    assert len(failures) == 1  # logged once, retried after AUTO_RETRY (the clock stands still)


def test_config_keys_and_kk_store_backup_default_folder(office, tmp_path, capsys):
    text = (REPO / "config.toml").read_text()
    assert "backup_keep = 7" in text and "# backup_folder =" in text
    custom = text.replace("# backup_folder = ", "backup_folder = ").replace(
        '"/mnt/cadangan/kk"', '"cadangan"'
    )
    (tmp_path / "config.toml").write_text(custom.replace("backup_keep = 7", "backup_keep = 3"))
    config = load_config(tmp_path / "config.toml")
    assert config.backup_folder == tmp_path / "cadangan" and config.backup_keep == 3
    assert load_config(None).backup_folder is None  # beside the store in use
    (tmp_path / "bad.toml").write_text(text.replace("backup_keep = 7", "backup_keep = -1"))
    with pytest.raises(ConfigError) as bad:
        load_config(tmp_path / "bad.toml")
    assert "backup_keep" in str(bad.value)

    code = main(["store", "backup", "--config", str(tmp_path / "config.toml"),
                 "--store", str(office.store.root)])  # fmt: skip
    assert code == 0, capsys.readouterr()
    assert len(backups(tmp_path / "cadangan")) == 1


@pytest.fixture
def full_disk(tmp_path):
    import shutil
    import uuid

    where = tmp_path / "disk"
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", f"kk-bk-{uuid.uuid4().hex[:6]}", str(where)],
        capture_output=True, timeout=20, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"mount -t tmpfs is not permitted here: {done.stderr.decode().strip()}")
    yield where
    subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=20, check=False)


def test_a_backup_to_a_full_disk_fails_clearly_and_keeps_the_older_backups(
    office, sessions, full_disk
):
    folder = full_disk / "backups"
    first = backup_if_due(office.store, folder, keep=1, now=MONDAY_9)
    assert first is not None
    for _ in range(40):  # the store grows; the disk fills with something else
        office.queue.take_ticket("KK", kind="baru_menikah")
    st = os.statvfs(full_disk)
    (full_disk / "ballast").write_bytes(b"\0" * (st.f_bavail * st.f_frsize - 1024))
    with pytest.raises(StoreError) as full:
        backup_if_due(office.store, folder, keep=1, now=MONDAY_9 + timedelta(days=1))
    assert full.value.key == "store.backup_failed" and "space" in full.value.message("en")
    assert backups(folder) == [first]  # rotation never drops the last good backup for a failed one
    assert sorted(p.name for p in folder.iterdir()) == [".auto.lock", first.name]  # no leftovers
    assert check(office.store.root).ok  # the store itself is untouched
