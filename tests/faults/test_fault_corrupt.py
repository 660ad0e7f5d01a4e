"""A store file damaged before the office starts: repaired, or refused by name; never a traceback.

``tests/test_store_backup.py`` checks that ``kk store check`` names each kind
of damage. Here the damage is done to a store the office has been using, and
the programs are started on it as the office would start them:

- damage the store can undo alone is undone at start: the cut-off last line
  of an append-only log (the audit trail, the month's archive, the finished
  print jobs) is written again from the journal; a missing or stale shard of
  the open-case index is rebuilt from the case files. Afterwards the store is
  whole (:func:`procs.storecheck.recover_and_check`) and takes new work;
- any other damage (junk in the middle of a file, an empty file, a missing
  partition or case file, a log line the journal no longer holds) refuses the
  start, in both languages, naming the file and saying to run
  ``kk store check`` and ``kk store restore``. ``kk kiosk`` and ``kk station``
  (real processes) exit 1 with that message before their screens open; the
  scriptable commands (``kk queue list``, ``kk ticket take``, ``kk store
  check``) answer with an exit code and a message. Nothing renumbers today's
  tickets from 1 because their file went missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MONDAY_9, case_in
from procs.storecheck import recover_and_check

from shared.cli.main import main
from shared.errors import StoreError
from shared.sop import CaseState
from shared.store import journal
from shared.store.health import preflight

KK = [sys.executable, "-m", "shared.cli.main"]
ENV = {**os.environ, "KK_NOW": MONDAY_9.strftime("%Y-%m-%dT%H:%M")}


@pytest.fixture
def busy(office, sessions, monkeypatch):
    """Tickets, open cases in several steps, a closed one, printed receipts."""
    monkeypatch.setenv("KK_NOW", ENV["KK_NOW"])
    for state in (CaseState.INPUT, CaseState.KASI_REVIEW, CaseState.RETURNED):
        case_in(office, sessions, state)
    for _ in range(3):
        t = office.queue.take_ticket("KK", kind="baru_menikah")
        office.printing.claim_job(t.print_job, "w")
        office.printing.finish(t.print_job, ok=True, worker="w")
    return office


def cut_last_line(path: Path, keep: int = 30) -> None:
    data = path.read_bytes()
    start = data.rstrip(b"\n").rfind(b"\n") + 1
    path.write_bytes(data[: start + keep])


def one(root: Path, pattern: str) -> Path:
    found = sorted(root.glob(pattern))
    assert found, pattern
    return found[-1]


# -- damage the start repairs ---------------------------------------------------------------------
REPAIRED = {
    "audit line cut": lambda r: cut_last_line(one(r, "audit/*/*.jsonl")),
    "archive line cut": lambda r: cut_last_line(one(r, "cases/archive/*.jsonl")),
    "done-jobs line cut": lambda r: cut_last_line(one(r, "print/done/*.jsonl")),
    "index shard deleted": lambda r: one(r, "cases/open/INPUT/*.json").unlink(),
    "index shard stale": lambda r: one(r, "cases/open/KASI_REVIEW/*.json").rename(
        r / "cases/open/INPUT/99.json"
    ),
}


@pytest.mark.parametrize("how", list(REPAIRED))
def test_the_start_repairs_what_needs_no_person(busy, capsys, how):
    root = busy.store.root
    before = recover_and_check(root, claims=3)
    REPAIRED[how](root)

    assert main(["queue", "list", "--store", str(root)]) == 0  # the start check repairs
    capsys.readouterr()
    after = recover_and_check(root, claims=3)  # whole: nothing half-written is visible
    assert after.tickets == before.tickets and after.cases == before.cases
    assert after.jobs == before.jobs
    repairs = after.events - before.events  # a rebuilt index is audited; a mended line is not new
    assert repairs == ({"store.reindex": 1} if "index" in how else {}), repairs
    assert main(["store", "check", "--store", str(root)]) == 0, capsys.readouterr()
    ticket = busy.queue.take_ticket("KK", kind="baru_menikah")  # and work goes on
    assert ticket.id in recover_and_check(root, claims=3).tickets


def test_kk_store_check_mends_a_cut_line_the_journal_holds_and_says_so(busy, capsys):
    root = busy.store.root
    audit = one(root, "audit/*/*.jsonl")
    whole = audit.read_bytes()
    cut_last_line(audit)
    assert main(["store", "check", "--store", str(root), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mended"] == [audit.relative_to(root).as_posix()]
    assert audit.read_bytes() == whole


def test_a_cut_line_is_never_glued_to_the_next_record(busy):
    """Regression: the next event was appended after half a line, both lost in one bad line."""
    root = busy.store.root
    audit = one(root, "audit/*/*.jsonl")
    cut_last_line(audit)
    busy.queue.take_ticket("KK", kind="baru_menikah")  # no start check: the append mends first
    assert all(line.startswith(b"{") and line.endswith(b"}") for line in audit.read_bytes()
               .splitlines())  # fmt: skip
    assert recover_and_check(root, claims=3).chain.ok


# -- damage the start refuses ---------------------------------------------------------------------
def junk_in_the_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = b"\x00\xff\x13junk!"
    path.write_bytes(bytes(data))


def folder_instead(path: Path) -> None:
    """Regression: a folder in place of a file was an unexpected IsADirectoryError (exit 3)."""
    path.unlink()
    path.mkdir()


def cut_after_checkpoint(root: Path) -> Path:
    journal.checkpoint(root)  # the journal no longer holds the line
    path = one(root, "audit/*/*.jsonl")
    cut_last_line(path)
    return path


REFUSED = {
    # how: (damage, the file the message names)
    "junk in the tickets file": (lambda r: junk_in_the_middle(one(r, "tickets/*/A.json")),
                                 "tickets/2026-11-23/A.json"),
    "empty tickets file": (lambda r: one(r, "tickets/*/A.json").write_bytes(b""),
                           "tickets/2026-11-23/A.json"),
    "tickets file deleted": (lambda r: one(r, "tickets/*/A.json").unlink(),
                             "tickets/2026-11-23/A.json"),
    "empty meta.json": (lambda r: (r / "meta.json").write_bytes(b""), "meta.json"),
    "junk in staff.json": (lambda r: junk_in_the_middle(r / "staff.json"), "staff.json"),
    "case file deleted": (lambda r: one(r, "cases/data/*/*.json").unlink(), "cases/data/"),
    "print queue deleted": (lambda r: [p.unlink() for p in r.glob("print/jobs/*.json")],
                            "print/jobs"),
    "audit line cut, journal checkpointed": (cut_after_checkpoint, "audit/2026-11/"),
    "junk journal": (lambda r: (r / "wal.log").write_bytes(b"garbage\n" * 3), "wal.log"),
    "a folder where the tickets file was": (lambda r: folder_instead(one(r, "tickets/*/A.json")),
                                            "tickets/2026-11-23/A.json"),
    "a folder where the audit day file was": (lambda r: folder_instead(one(r, "audit/*/*.jsonl")),
                                              "audit/2026-11/2026-11-23.jsonl"),
}  # fmt: skip


def assert_clear_refusal(text: str, names: str, lang: str) -> None:
    assert "Traceback" not in text and "unexpected" not in text, text
    assert names in text, text
    assert "kk store check" in text and "kk store restore" in text, text
    assert ("Stop every station" if lang == "en" else "Hentikan semua loket") in text, text


@pytest.mark.parametrize("how", list(REFUSED))
def test_other_damage_refuses_the_start_by_name(busy, capsys, how):
    root = busy.store.root
    damage, names = REFUSED[how]
    damage(root)
    with pytest.raises(StoreError) as refused:  # the start path of every app
        preflight(busy.store, MONDAY_9)
    for lang in ("id", "en"):
        assert_clear_refusal(refused.value.message(lang), names, lang)

    for argv in (["queue", "list"], ["ticket", "take", "--service", "KK"]):
        assert main([*argv, "--store", str(root), "--lang", "en"]) == 1
        assert_clear_refusal(capsys.readouterr().err, names, "en")
    assert main(["store", "check", "--store", str(root), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "problems found" in out and "Traceback" not in out, out


@pytest.mark.slow
@pytest.mark.parametrize("app", ["kiosk", "station", "office"])
@pytest.mark.parametrize("how", ["junk in the tickets file", "tickets file deleted"])
def test_kk_kiosk_station_and_office_processes_refuse_to_start_with_the_message(busy, app, how):
    root = busy.store.root
    damage, names = REFUSED[how]
    damage(root)
    done = subprocess.run(
        [*KK, app, "--store", str(root)], env=ENV, capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 1, (done.stdout[-2000:], done.stderr[-2000:])
    assert_clear_refusal(done.stderr, names, "id")  # the office's language by default
    assert not done.stdout.strip()  # no screen was drawn


def test_a_refused_store_is_left_as_it_was(busy):
    """A refusal changes nothing: ``kk store restore`` or a person can still look at it."""
    root = busy.store.root
    junk_in_the_middle(one(root, "tickets/*/A.json"))
    files = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    with pytest.raises(StoreError):
        preflight(busy.store, MONDAY_9)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == files


def test_a_running_kiosk_never_renumbers_when_the_days_ticket_file_goes_missing(busy):
    """Regression: a kiosk already running (no start check) gave out A-001 again."""
    root = busy.store.root
    first = busy.queue.take_ticket("KK", kind="baru_menikah")
    one(root, "tickets/*/A.json").unlink()
    with pytest.raises(StoreError) as refused:
        busy.queue.take_ticket("KK", kind="baru_menikah")
    assert refused.value.key == "store.missing.tickets"
    assert "T-261123-A001" in refused.value.message("en") and first.number > 1
    assert "kk store restore" in refused.value.message("en")
    other = busy.queue.take_ticket("AMBIL")  # another service's numbers are unaffected
    assert other.number == 1
