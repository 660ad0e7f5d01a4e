"""Every kind of tampering with the audit day files is found, and the report names file and line.

``tests/test_store.py`` covers the basic four on one day file (an edited
field, a removed line, a truncated tail, a re-hashed forgery); this table
covers each kind across several day files, with the location checked,
plus what only an anchor kept outside the store can reveal.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from shared.audit import parse_anchor, verify_chain
from shared.clock import OFFICE_TZ
from shared.errors import DomainError
from shared.store.backup import backup
from shared.store.filestore import FileStore
from shared.store.repo import Repo, event_hash

DAY1 = datetime(2026, 11, 23, 9, 0, tzinfo=OFFICE_TZ)
DAYS = ["2026-11-23", "2026-11-24", "2026-11-25"]
PER_DAY = 4  # events per day file: seq 1-4, 5-8, 9-12


def day_file(root: Path, n: int) -> Path:
    return root / "audit" / "2026-11" / f"{DAYS[n]}.jsonl"


def rel(n: int) -> str:
    return f"audit/2026-11/{DAYS[n]}.jsonl"


@pytest.fixture
def store(tmp_path):
    s = FileStore(tmp_path / "store")
    s.initialise()
    for d in range(len(DAYS)):
        for i in range(PER_DAY):
            with s.transaction() as tx:
                Repo(tx).audit(
                    at=DAY1 + timedelta(days=d, minutes=i),
                    action="case.verify",
                    entity="case",
                    entity_id=f"KK-{d}-{i}",
                    staff_id="LOKET1",
                    note="lengkap",
                )
    report = verify_chain(s)
    assert report.ok and report.events == PER_DAY * len(DAYS)
    return s


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines()


def write(path: Path, rows: list[str]) -> None:
    path.write_text("".join(r + "\n" for r in rows))


def edit(path: Path, index: int, **fields) -> dict:
    rows = lines(path)
    event = json.loads(rows[index])
    event.update(fields)
    rows[index] = json.dumps(event)
    write(path, rows)
    return event


# -- the tampering, one function each: (what it does, expected file, line, reason start) --
def edit_a_field(root):
    edit(day_file(root, 1), 1, staff_id="KASI1")


def delete_a_line(root):
    rows = lines(day_file(root, 1))
    del rows[1]
    write(day_file(root, 1), rows)


def insert_a_forged_line(root):
    """A well-formed event, linked and hashed, slipped in after the first of day 2."""
    rows = lines(day_file(root, 1))
    before = json.loads(rows[0])
    forged = dict(before, seq=before["seq"] + 1, prev_hash=before["hash"], note="forged")
    forged["hash"] = event_hash(forged)
    rows.insert(1, json.dumps(forged))
    write(day_file(root, 1), rows)


def reorder_two_lines(root):
    rows = lines(day_file(root, 1))
    rows[1], rows[2] = rows[2], rows[1]
    write(day_file(root, 1), rows)


def rehash_without_the_next(root):
    path = day_file(root, 1)
    event = edit(path, 1, note="diubah")
    edit(path, 1, hash=event_hash(event))


def torn_last_line(root):
    path = day_file(root, 2)
    data = path.read_bytes()
    path.write_bytes(data[:-40])


def truncate_the_last_day_file(root):
    write(day_file(root, 2), lines(day_file(root, 2))[:2])


def delete_the_last_day_file(root):
    day_file(root, 2).unlink()


def delete_a_middle_day_file(root):
    day_file(root, 1).unlink()


def replace_a_day_file_with_another_days(root):
    shutil.copyfile(day_file(root, 0), day_file(root, 1))


def rename_a_day_file(root):
    """Day 3's events moved under a later date: the chain itself is untouched."""
    day_file(root, 2).rename(day_file(root, 2).with_name("2026-11-26.jsonl"))


def move_an_event_to_the_next_day(root):
    rows1, rows2 = lines(day_file(root, 1)), lines(day_file(root, 2))
    write(day_file(root, 2), [rows1.pop()] + rows2)
    write(day_file(root, 1), rows1)


def append_a_valid_event(root):
    rows = lines(day_file(root, 2))
    last = json.loads(rows[-1])
    extra = dict(last, seq=last["seq"] + 1, prev_hash=last["hash"], entity_id="KK-X")
    extra["hash"] = event_hash(extra)
    write(day_file(root, 2), rows + [json.dumps(extra)])


TAMPERING = {
    # name: (tamper, broken file, broken line or None, reason starts with)
    "edit a field": (edit_a_field, rel(1), 2, "event content was changed"),
    "delete a line": (delete_a_line, rel(1), 2, "sequence jumps from 5 to 7"),
    "insert a forged line": (insert_a_forged_line, rel(1), 3, "sequence jumps from 6 to 6"),
    "reorder two lines": (reorder_two_lines, rel(1), 2, "sequence jumps from 5 to 7"),
    "re-hash one event, not the next": (rehash_without_the_next, rel(1), 3, "link to the prev"),
    "tear the last line": (torn_last_line, rel(2), PER_DAY, "line is not a JSON event"),
    "truncate the last day file": (truncate_the_last_day_file, rel(2), None, "missing events"),
    "delete the last day file": (delete_the_last_day_file, rel(2), None, "missing events"),
    "delete a middle day file": (delete_a_middle_day_file, rel(2), 1, "sequence jumps from 4 to 9"),
    "replace a day file with another day's": (
        replace_a_day_file_with_another_days, rel(1), 1, "sequence jumps from 4 to 1",
    ),
    "rename a day file": (
        rename_a_day_file, "audit/2026-11/2026-11-26.jsonl", 1, "event filed in the wrong day",
    ),
    "move an event to the next day's file": (
        move_an_event_to_the_next_day, rel(2), 1, "event filed in the wrong day",
    ),
    "append a valid event after the head": (
        append_a_valid_event, rel(2), None, "events after the head",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(TAMPERING))
def test_each_kind_of_tampering_is_found_where_it_is(store, name):
    tamper, file, line, reason = TAMPERING[name]
    tamper(store.root)
    report = verify_chain(store)
    assert not report.ok
    assert report.reason.startswith(reason), report
    assert (report.broken_file, report.broken_line) == (file, line), report
    assert report.location == (f"{file}:{line}" if line else file)


def test_the_command_line_names_file_and_line(store, capsys):
    from shared.cli.main import main

    edit_a_field(store.root)
    assert main(["audit", "verify", "--store", str(store.root), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"#6 ({rel(1)}:2): event content was changed" in out


def test_the_supervisor_is_told_in_words_where(store):
    from shared import supervision

    rename_a_day_file(store.root)
    words = supervision.chain_message(verify_chain(store), "id")
    assert "audit/2026-11/2026-11-26.jsonl:1" in words and "berkas hari yang salah" in words


def test_a_clock_set_back_files_under_the_later_day_and_still_verifies(store):
    with store.transaction() as tx:  # the clock went back a day: filed in day 3's file
        Repo(tx).audit(at=DAY1 + timedelta(days=1), action="test", entity="case", entity_id="C")
    report = verify_chain(store)
    assert report.ok, report
    assert len(lines(day_file(store.root, 2))) == PER_DAY + 1


# -- a consistent rewrite: only an anchor kept elsewhere reveals it ----------------------
def rewrite_the_tail_consistently(root: Path) -> None:
    """Delete the last day file and point meta.json's head at the day before: no trace."""
    day_file(root, 2).unlink()
    last = json.loads(lines(day_file(root, 1))[-1])
    meta_path = root / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["audit"] = {"seq": last["seq"], "hash": last["hash"], "day": DAYS[1]}
    meta_path.write_text(json.dumps(meta))


def test_a_consistent_rewrite_passes_without_an_anchor(store):
    rewrite_the_tail_consistently(store.root)
    assert verify_chain(store).ok  # the documented limit (docs/security.md)


def test_a_written_down_head_reveals_a_consistent_rewrite(store, capsys):
    from shared.cli.main import main

    assert main(["audit", "verify", "--store", str(store.root), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    head = verify_chain(store).head
    anchor = f"{head['seq']}:{head['hash'][:16]}"
    assert f"--anchor {anchor}" in out  # the command line tells what to write down
    assert verify_chain(store, [parse_anchor(anchor)]).ok
    rewrite_the_tail_consistently(store.root)
    report = verify_chain(store, [parse_anchor(anchor)])
    assert not report.ok and report.reason.startswith("anchor #12 is beyond the chain")
    args = ["audit", "verify", "--store", str(store.root), "--anchor", anchor]
    assert main(args) == 1


def test_an_edit_before_the_anchor_rehashed_to_the_end_is_revealed(store):
    """Edit day 1, re-hash every later event and meta.json's head: the anchor still differs."""
    with store.snapshot() as tx:
        first = next(iter(Repo(tx).audit_events_of_day(DAY1.date() + timedelta(days=1))))
    anchor = (first["seq"], first["hash"])  # event 5, written down at the end of day 1
    prev = None
    for n in range(len(DAYS)):
        rows = [json.loads(r) for r in lines(day_file(store.root, n))]
        for event in rows:
            if prev is not None:
                event["prev_hash"] = prev
            if event["seq"] == 2:
                event["note"] = "rewritten"
            event["hash"] = prev = event_hash(event)
        write(day_file(store.root, n), [json.dumps(e) for e in rows])
    meta = json.loads((store.root / "meta.json").read_text())
    meta["audit"]["hash"] = prev
    (store.root / "meta.json").write_text(json.dumps(meta))
    assert verify_chain(store).ok  # consistent: nothing in the store contradicts it
    report = verify_chain(store, [anchor])
    assert not report.ok and report.reason.startswith(f"anchor #{anchor[0]} does not match")
    assert report.location == f"{rel(1)}:1"


def test_a_backup_is_an_anchor(store, tmp_path):
    from shared.audit import backup_anchor

    archive = backup(store, tmp_path / "backups", now=DAY1 + timedelta(days=3))
    assert backup_anchor(archive) == (12, verify_chain(store).head["hash"])
    rewrite_the_tail_consistently(store.root)
    assert not verify_chain(store, [backup_anchor(archive)]).ok


@pytest.mark.parametrize(
    "text", ["12", "12:abc", "x:" + "a" * 16, "0:" + "a" * 16, "5:" + "g" * 16]
)
def test_a_malformed_anchor_is_a_message(text):
    with pytest.raises(DomainError) as err:
        parse_anchor(text)
    assert "SEQ:HASH" in err.value.message("en")
