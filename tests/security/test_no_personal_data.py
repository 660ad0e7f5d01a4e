"""No personal data where the public or a log file can see it.

One family goes the whole way (ticket, a return for missing documents, the
complete file, SIAK input, both initials, final print, signature, register,
pickup ticket by receipt, handover) with every receipt printed to file
printers and the KK printed to a spool folder, while every logger records at
DEBUG. Then:

- the logs, the display board's model (``shared.board``), the announcer's
  sentences and the command lines it runs, and the office report's CSV files
  carry no member's name and no NIK or Nomor KK (the 16 digits in any
  grouping);
- every receipt's bytes (what the thermal printer gets) carry no whole NIK
  or Nomor KK, and no name but the applicant's.

The KK itself (spooled PDF) carries all of it by law: it is not checked here.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

import pytest
from helpers import all_present, application_service, counter_for, family

from shared.announce import Announcer
from shared.board import board, call_marks, new_calls
from shared.config import PrinterConfig
from shared.counter_desk import locate_pickup
from shared.document_print import print_pending_documents
from shared.office import Office
from shared.print_service import print_pending
from shared.report import write_csv
from shared.service_levels import collect, service_levels

FAMILY = family()
APPLICANT = FAMILY["anggota"][0]
NIKS = [m["nik"] for m in FAMILY["anggota"]]
NAMES = sorted({m[k] for m in FAMILY["anggota"] for k in ("nama_lengkap", "nama_ayah", "nama_ibu")})
# 16 digits, each group separated by nothing, a space, a dot, a dash or an ESC/POS byte
SIXTEEN = re.compile(rb"(?<!\d)(?:\d[\s.\-\x00-\x1f]{0,3}){15}\d(?!\d)")


def numbers_in(data: bytes) -> set[str]:
    """Every run of 16 digits in ``data``, separators dropped."""
    return {re.sub(rb"\D", b"", m.group()).decode() for m in SIXTEEN.finditer(data)}


def personal(text: str | bytes, *, names: list[str], numbers: list[str]) -> list[str]:
    """The names and 16-digit numbers of ``names`` / ``numbers`` found in ``text``."""
    data = text.encode() if isinstance(text, str) else text
    found = [n for n in numbers if n in numbers_in(data)]
    upper = data.upper()
    for name in sorted(names, key=len, reverse=True):  # "BUDI SANTOSO" before "SANTOSO"
        pattern = rb"(?<![A-Z])" + rb"\W{1,3}".join(map(re.escape, name.encode().split()))
        pattern += rb"(?![A-Z])"
        if re.search(pattern, upper):
            found.append(name)
            upper = re.sub(pattern, b" ", upper)
    return found


def printing(office: Office, folder: Path) -> Office:
    table = {}
    for name, cfg in office.config.printers.items():
        if cfg.is_receipt:
            table[name] = PrinterConfig(name, "file", cfg.paper_mm, {"path": folder / name})
        else:
            table[name] = PrinterConfig(name, "spool", None, {"path": folder / "spool"})
    return Office(office.store, dataclasses.replace(office.config, printers=table), office.clock)


class Recorder:
    def __init__(self) -> None:
        self.argv: list[list[str]] = []

    def __call__(self, argv, timeout) -> None:  # noqa: ANN001
        self.argv.append(list(argv))


@pytest.fixture
def journey(office, sessions, tmp_path, caplog):
    """The family's whole visit; returns what the public and the logs saw."""
    caplog.set_level(logging.DEBUG)  # every logger, from the lowest level
    desk = printing(office, tmp_path / "print")
    receipts = {n for n, c in desk.config.printers.items() if c.is_receipt}
    clerk, counter = sessions["LOKET1"], counter_for(desk, application_service(desk))
    recorder = Recorder()
    (tmp_path / "voice").mkdir()
    announcer = Announcer(
        desk.config.display, runner=recorder, which=lambda p: f"/usr/bin/{p}",
        workdir=tmp_path / "voice",
    )  # fmt: skip
    boards: list[str] = []
    seen: dict = {}

    def look() -> None:
        nonlocal seen
        tickets = desk.queue.today()
        boards.append(repr(board(tickets, desk.config)))
        calls = new_calls(seen, tickets, desk.config)
        announcer.announce(calls)
        boards.extend(call.text(lang) for call in calls for lang in ("id", "en"))
        seen = call_marks(tickets)
        print_pending(desk, receipts, worker="t")

    kind = desk.config.kinds[0].code
    svc = application_service(desk)
    name, nik = APPLICANT["nama_lengkap"].title(), APPLICANT["nik"]
    # first visit: documents missing, a return slip
    desk.queue.take_ticket(svc, kind=kind)
    cid = desk.queue.call_next(clerk, counter).case_id
    look()
    desk.cases.verify(clerk, cid, present=[], applicant_name=name, applicant_nik=nik)
    look()
    # second visit: complete
    desk.queue.take_ticket(svc, kind=kind)
    cid = desk.queue.call_next(clerk, counter).case_id
    look()
    desk.queue.recall(clerk, counter)
    look()
    case, token = desk.cases.verify(
        clerk,
        cid,
        present=all_present(desk, kind),
        applicant_name=name,
        applicant_nik=nik,
    )
    look()
    desk.cases.input_family(sessions["SIAK1"], cid, family())
    desk.cases.review(sessions["KASI1"], cid, approve=True)
    desk.cases.review(sessions["KABID1"], cid, approve=True)
    desk.cases.final_print(sessions["SIAK1"], cid)
    desk.cases.sign(sessions["KADIS"], cid)
    desk.cases.register(clerk, cid)
    print_pending_documents(desk, worker="t")
    look()
    # pickup
    receipt = desk.cases.show(cid).receipt_no
    desk.queue.take_pickup_ticket(receipt)
    pickup_counter = counter_for(desk, desk.config.pickup_services()[0].code)
    desk.queue.call_next(clerk, pickup_counter)
    look()
    locate_pickup(desk, clerk, receipt, token, expected_case=cid)
    desk.cases.handover(clerk, cid, token)
    look()
    announcer.wait_idle(5)
    announcer.close()
    nomor_kk = desk.cases.show(cid).nomor_kk
    assert nomor_kk and len(nomor_kk) == 16
    report = service_levels(collect(desk, desk.now().date(), desk.now().date()), desk.config)
    csvs = write_csv(report, tmp_path / "report", "day")
    return {
        "logs": "\n".join(r.getMessage() for r in caplog.records)
        + "\n".join(caplog.text.splitlines()),
        "log_count": len(caplog.records),
        "boards": boards,
        "voice": [" ".join(a) for a in recorder.argv],
        "receipts": sorted((tmp_path / "print").rglob("*.bin")),
        "spool": sorted((tmp_path / "print" / "spool").glob("*.pdf")),
        "csv": [p.read_text(encoding="utf-8-sig") for p in csvs],
        "numbers": [*NIKS, nomor_kk],
    }


def test_nothing_personal_in_logs_board_voice_or_report(journey):
    assert journey["log_count"] > 0  # the loggers did record something
    assert journey["boards"] and journey["voice"] and journey["csv"]
    everything = "\n".join(
        [journey["logs"], *journey["boards"], *journey["voice"], *journey["csv"]]
    )
    assert personal(everything, names=NAMES, numbers=journey["numbers"]) == []


def test_no_receipt_carries_a_whole_nik_or_another_members_name(journey):
    receipts = journey["receipts"]
    assert len(receipts) >= 6  # 3 queue tickets, return slip, pickup receipt, handover proof
    assert journey["spool"]  # the KK was printed (and is not checked: it is the KK)
    for path in receipts:
        data = path.read_bytes()
        found = personal(data, names=NAMES, numbers=journey["numbers"])
        assert set(found) <= {APPLICANT["nama_lengkap"]}, path.name


def test_the_sixteen_digit_finder_finds_them_in_any_grouping():
    nik = NIKS[0]
    for form in (nik, " ".join([nik[:4], nik[4:8], nik[8:12], nik[12:]]), f"{nik[:6]}.{nik[6:]}"):
        assert personal(f"NIK: {form}.", names=[], numbers=[nik]) == [nik]
    assert personal("6171**********03", names=[], numbers=[nik]) == []
    assert personal(b"\x1b!\x00BUDI SANTOSO", names=NAMES, numbers=[]) == ["BUDI SANTOSO"]
