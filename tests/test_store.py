"""The store's transactions, journal recovery, corruption handling and audit chain."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime

import pytest

from shared.audit import verify_chain
from shared.clock import OFFICE_TZ
from shared.errors import StoreCorrupt, StoreError
from shared.sop import Role
from shared.store import journal
from shared.store.filestore import FileStore
from shared.store.repo import Repo

AT = datetime(2026, 11, 23, 9, 0, tzinfo=OFFICE_TZ)


@pytest.fixture
def store(tmp_path):
    s = FileStore(tmp_path / "store")
    assert s.initialise()
    return s


def test_initialise_twice_changes_nothing(store):
    gen = store.marker()["gen"]
    assert store.initialise() is False
    assert store.marker()["gen"] == gen


def test_missing_store_is_reported_not_created(tmp_path):
    s = FileStore(tmp_path / "nowhere")
    with pytest.raises(StoreError) as err, s.transaction():
        pass
    assert "kk init" in str(err.value)


def test_transaction_commits_all_files_and_bumps_marker(store):
    with store.transaction() as tx:
        tx.table("a/x.json", "t").put("k1", {"v": 1})
        tx.table("b/y.json", "t").put("k2", {"v": 2})
        tx.append("log/z.jsonl", {"n": 1})
        tx.touch("cases")
    marker = store.marker()
    assert marker["gen"] == 1 and marker["changes"] == {"cases": 1}
    with store.snapshot() as tx:
        assert tx.table("a/x.json", "t").fetch("k1") == {"v": 1}
        assert tx.table("b/y.json", "t").fetch("k2") == {"v": 2}
        assert list(tx.read_log("log/z.jsonl")) == [{"n": 1}]


def test_exception_inside_transaction_stores_nothing(store):
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.table("a/x.json", "t").put("k1", {"v": 1})
        tx.append("log/z.jsonl", {"n": 1})
        raise RuntimeError("refused half-way")
    assert not (store.root / "a/x.json").exists()
    assert not (store.root / "log/z.jsonl").exists()
    assert store.marker()["gen"] == 0


def test_read_only_snapshot_cannot_write(store):
    with pytest.raises(RuntimeError), store.snapshot() as tx:
        tx.table("a/x.json", "t").put("k", {})


def test_put_replaces_the_whole_document(store):
    with store.transaction() as tx:
        tx.table("a.json", "t").put("k", {"a": 1, "b": 2})
    with store.transaction() as tx:
        tx.table("a.json", "t").put("k", {"a": 3})
    with store.snapshot() as tx:
        assert tx.table("a.json", "t").fetch("k") == {"a": 3}


def _commit_without_applying(store, changes):
    """What a writer killed right after its commit point leaves behind."""
    gen = store.marker()["gen"] + 1
    meta = json.loads((store.root / "meta.json").read_text())
    meta["gen"] = gen
    rec = journal.Journal([*changes, journal.Change("put", "meta.json", json.dumps(meta))], gen)
    with (store.root / journal.WAL_NAME).open("ab") as fh:
        fh.write(rec.to_line())
    return gen


def test_a_committed_but_unapplied_transaction_is_redone_by_the_next_process(store):
    gen = _commit_without_applying(
        store,
        [
            journal.Change("put", "a.json", json.dumps({"t": {"k": {"v": 9}}})),
            journal.Change("append", "log.jsonl", '{"n":1}\n', 0),
        ],
    )
    with store.snapshot() as tx:
        assert tx.table("a.json", "t").fetch("k") == {"v": 9}
        assert list(tx.read_log("log.jsonl")) == [{"n": 1}]
    assert store.marker()["gen"] == gen


def test_replaying_a_torn_append_restores_exactly_one_copy(store):
    (store.root / "log.jsonl").write_bytes(b'{"n":0}\n{"n":1')  # torn mid-line
    j = journal.Journal([journal.Change("append", "log.jsonl", '{"n":1}\n', 8)])
    journal.apply(store.root, j)
    journal.apply(store.root, j)  # twice: idempotent
    with store.snapshot() as tx:
        assert list(tx.read_log("log.jsonl")) == [{"n": 0}, {"n": 1}]


def test_a_torn_last_log_line_never_committed(store):
    with store.transaction() as tx:
        tx.table("a.json", "t").put("k", {"v": 1})
    wal = store.root / journal.WAL_NAME
    before = wal.read_bytes()
    rec = journal.Journal([journal.Change("put", "a.json", json.dumps({"t": {"k": {"v": 2}}}))], 9)
    wal.write_bytes(before + rec.to_line()[:-5])  # the writer died mid-append
    with store.snapshot() as tx:
        assert tx.table("a.json", "t").fetch("k") == {"v": 1}
    assert wal.read_bytes() == before


def test_after_a_restart_the_whole_log_is_redone(store, monkeypatch):
    with store.transaction() as tx:
        tx.table("a.json", "t").put("k", {"v": 1})
        tx.append("log.jsonl", {"n": 1})
    with store.transaction() as tx:
        tx.table("a.json", "t").put("k2", {"v": 2})
    # A power cut lost the unsynced file writes (the log itself was fsynced).
    (store.root / "a.json").write_bytes(b"")
    (store.root / "log.jsonl").unlink()
    monkeypatch.setattr(journal, "BOOT_ID", "another-boot")
    monkeypatch.setattr(journal, "_checked_boot", set())
    with store.snapshot() as tx:
        assert tx.table("a.json", "t").rows() == [{"v": 1}, {"v": 2}]
        assert list(tx.read_log("log.jsonl")) == [{"n": 1}]
    header = json.loads((store.root / journal.WAL_NAME).read_text().splitlines()[0])
    assert header["boot_id"] == "another-boot"  # checkpointed under the new boot


def test_checkpoint_starts_a_small_log(store, monkeypatch):
    monkeypatch.setattr(journal, "CHECKPOINT_BYTES", 2000)
    for i in range(20):
        with store.transaction() as tx:
            tx.table("a.json", "t").put(f"k{i}", {"v": "x" * 100})
    assert (store.root / journal.WAL_NAME).stat().st_size < 4000
    with store.snapshot() as tx:
        assert len(tx.table("a.json", "t").rows()) == 20


def test_a_damaged_log_header_stops_the_store(store, monkeypatch):
    (store.root / journal.WAL_NAME).write_bytes(b"{not json\n")
    monkeypatch.setattr(journal, "_checked_boot", set())
    with pytest.raises(StoreCorrupt) as err, store.snapshot():
        pass
    assert journal.WAL_NAME in str(err.value)


def test_a_file_that_does_not_parse_is_never_overwritten(store):
    with store.transaction() as tx:
        tx.table("a.json", "t").put("k", {"v": 1})
    (store.root / "a.json").write_bytes(b'{"t": {"k": ')
    with pytest.raises(StoreCorrupt) as err, store.transaction() as tx:
        tx.table("a.json", "t").put("k2", {"v": 2})
    assert "a.json" in str(err.value)
    assert "cadangan" in err.value.message("id")
    assert "backup" in err.value.message("en")
    assert (store.root / "a.json").read_bytes() == b'{"t": {"k": '


def test_files_are_owner_only(store):
    with store.transaction() as tx:
        tx.table("sub/a.json", "t").put("k", {"v": 1})
    mode = stat.S_IMODE(os.stat(store.root / "sub/a.json").st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(store.root / "sub").st_mode) == 0o700


def test_deleted_files_disappear_from_listing(store):
    with store.transaction() as tx:
        tx.table("d/1.json", "t").put("k", {})
        tx.table("d/2.json", "t").put("k", {})
    with store.transaction() as tx:
        tx.delete("d/1.json")
        assert tx.list("d") == ["d/2.json"]
    with store.snapshot() as tx:
        assert tx.list("d") == ["d/2.json"]


def _audit(store, n, at=AT):
    for i in range(n):
        with store.transaction() as tx:
            Repo(tx).audit(at=at, action="test", entity="case", entity_id=f"C{i}")


def test_audit_chain_verifies(store):
    _audit(store, 5)
    report = verify_chain(store)
    assert report.ok and report.events == 5


def _audit_file(store):
    return store.root / "audit/2026-11/2026-11-23.jsonl"


def test_changed_audit_event_breaks_the_chain(store):
    _audit(store, 5)
    lines = _audit_file(store).read_text().splitlines()
    event = json.loads(lines[2])
    event["entity_id"] = "FORGED"
    lines[2] = json.dumps(event)
    _audit_file(store).write_text("\n".join(lines) + "\n")
    report = verify_chain(store)
    assert not report.ok and report.broken_seq == 3


def test_removed_audit_event_breaks_the_chain(store):
    _audit(store, 5)
    lines = _audit_file(store).read_text().splitlines()
    del lines[1]
    _audit_file(store).write_text("\n".join(lines) + "\n")
    report = verify_chain(store)
    assert not report.ok and report.broken_seq == 3


def test_truncated_audit_tail_is_detected(store):
    _audit(store, 5)
    lines = _audit_file(store).read_text().splitlines()
    _audit_file(store).write_text("\n".join(lines[:4]) + "\n")
    report = verify_chain(store)
    assert not report.ok and "end" in report.reason


def test_rehashed_forgery_still_breaks_the_link(store):
    from shared.store.repo import event_hash

    _audit(store, 3)
    lines = _audit_file(store).read_text().splitlines()
    event = json.loads(lines[0])
    event["note"] = "forged"
    event["hash"] = event_hash(event)
    lines[0] = json.dumps(event)
    _audit_file(store).write_text("\n".join(lines) + "\n")
    report = verify_chain(store)
    assert not report.ok and report.broken_seq == 2


def test_a_format_1_store_is_upgraded_on_first_open(office, sessions):
    """Format 1 sharded the open-case index by creation day; format 2 by state."""
    from helpers import case_in

    from shared.sop import CaseState

    for state in (CaseState.INPUT, CaseState.KABID_REVIEW, CaseState.READY):
        case_in(office, sessions, state)
    with office.read() as repo:
        before = repo.open_case_rows()
    root = office.store.root
    # Rewrite the index the way format 1 kept it.
    flat: dict[str, dict] = {}
    for path in (root / "cases/open").rglob("*.json"):
        for key, row in json.loads(path.read_text())["cases"].items():
            flat.setdefault(f"{row['id'][3:9]}-A00", {})[key] = row
        path.unlink()
    for name, rows in flat.items():
        (root / f"cases/open/{name}.json").write_text(json.dumps({"cases": rows}))
    meta = json.loads((root / "meta.json").read_text())
    meta["format"] = 1
    (root / "meta.json").write_text(json.dumps(meta))

    with office.read() as repo:
        after = repo.open_case_rows()
    assert after == before
    assert json.loads((root / "meta.json").read_text())["format"] == 2
    assert not list((root / "cases/open").glob("*.json"))
    assert [r["id"] for r in office.cases.work_list(Role.KABID)] == [
        r["id"] for r in before if r["state"] == "KABID_REVIEW"
    ]
