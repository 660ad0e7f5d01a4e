"""``kk report``: the tables agree with a direct count over the store; CSV opens cleanly."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from helpers import SIMULATED_START

from shared.cli.main import main
from shared.errors import DomainError
from shared.office import Office
from shared.report import COLUMNS, period, render_text, write_csv
from shared.service_levels import collect, service_levels

START = SIMULATED_START


def _audit_actions(office: Office, start: date, end: date) -> Counter[str]:
    """Case actions in the audit log, counted directly from the day files."""
    counts: Counter[str] = Counter()
    for path in sorted((office.store.root / "audit").rglob("*.jsonl")):
        for line in path.read_text().splitlines():
            event = json.loads(line)
            day = datetime.fromisoformat(event["at"]).date()
            if start <= day <= end and event["action"].startswith("case."):
                counts[event["action"][5:]] += 1
    return counts


def test_the_report_agrees_with_a_direct_count_of_the_audit_log(simulated: Office) -> None:
    start, end = START, date(2026, 11, 27)
    report = service_levels(collect(simulated, start, end), simulated.config)
    direct = _audit_actions(simulated, start, end)
    steps = {r["step"]: r for r in report.steps}
    assert steps[2]["count"] == direct["verify_complete"] + direct["verify_incomplete"] > 0
    assert steps[3]["count"] == direct["input"] > 0
    assert steps[4]["count"] == direct["kasi_approve"] + direct["kasi_reject"]
    assert steps[5]["count"] == direct["kabid_approve"] + direct["kabid_reject"]
    assert steps[4]["sent_back"] == direct["kasi_reject"] > 0
    assert steps[5]["sent_back"] == direct["kabid_reject"]
    assert steps[8]["count"] == direct["sign"] and steps[9]["count"] == direct["register"]
    assert steps[10]["count"] == direct["handover"]
    actions = Counter(r["action"] for r in report.returns)
    assert actions["verify_incomplete"] == direct["verify_incomplete"]
    assert actions["kasi_reject"] == direct["kasi_reject"]
    # the staff table splits the same visits by who completed them
    for number in (2, 3, 4):
        by_staff = sum(r["count"] for r in report.staff if r["step"] == number)
        assert by_staff == steps[number]["count"]
    # queue: every ticket of the period, once
    with simulated.read() as repo:
        tickets = [
            t for d in repo.ticket_days() for t in repo.tickets_of_day(date.fromisoformat(d))
        ]
    in_period = [t for t in tickets if start <= t.day <= end]
    assert sum(r["tickets"] for r in report.queue_services) == len(in_period)
    # per day and per hour count the same tickets and the same decisions
    assert sum(r["tickets"] for r in report.per_day) == len(in_period)
    assert sum(r["taken"] for r in report.per_hour) == len(in_period)
    assert sum(r["accepted"] for r in report.per_day) == direct["verify_complete"]
    assert sum(r["returned"] for r in report.per_day) == direct["verify_incomplete"]
    assert sum(r["handed_over"] for r in report.per_day) == direct["handover"]
    assert all(7 <= r["hour"] <= 15 for r in report.per_hour)  # opening hours only


def test_csv_files_have_a_header_row_and_iso_dates(simulated: Office, tmp_path: Path) -> None:
    report = service_levels(collect(simulated, START, date(2026, 11, 30)), simulated.config)
    files = write_csv(report, tmp_path / "csv", "2026-11")
    assert sorted(p.name for p in files) == sorted(f"{n}_2026-11.csv" for n in COLUMNS)
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # a spreadsheet reads it as UTF-8
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        name = path.name.rsplit("_", 1)[0]
        assert rows[0] == list(COLUMNS[name])
        assert all(len(r) == len(rows[0]) for r in rows)
    with (tmp_path / "csv" / "returns_2026-11.csv").open(encoding="utf-8-sig") as f:
        returns = list(csv.DictReader(f))
    assert returns and all(datetime.fromisoformat(r["at"]) for r in returns)
    with (tmp_path / "csv" / "steps_2026-11.csv").open(encoding="utf-8-sig") as f:
        steps = list(csv.DictReader(f))
    assert [int(r["step"]) for r in steps] == [1, 2, 3, 4, 5, 7, 8, 9, 10]


def test_text_report_in_both_languages(simulated: Office) -> None:
    report = service_levels(collect(simulated, START, START), simulated.config)
    text_id = render_text(report, "2026-11-23", "id")
    text_en = render_text(report, "2026-11-23", "en")
    assert text_id.startswith("Laporan Pelayanan KK 2026-11-23")
    assert "Mutu Baku" in text_id and "% tepat waktu" in text_id
    assert text_en.startswith("KK service report 2026-11-23") and "% on time" in text_en
    assert all(line == line.rstrip() for line in text_id.splitlines())


def test_periods_and_their_errors() -> None:
    assert period("2026-11-23", None) == (date(2026, 11, 23), date(2026, 11, 23), "2026-11-23")
    assert period(None, "2026-02") == (date(2026, 2, 1), date(2026, 2, 28), "2026-02")
    assert period(None, "2028-02")[1] == date(2028, 2, 29)
    for day, month in (("23-11-2026", None), ("2026-02-30", None), (None, "2026-13"), (None, "11")):
        with pytest.raises(DomainError) as err:
            period(day, month)
        assert "TTTT" in err.value.message("id") and "YYYY" in err.value.message("en")


def test_cli_report_prints_writes_csv_and_refuses_a_bad_month(
    simulated: Office, tmp_path: Path, capsys
) -> None:
    store = str(simulated.store.root)
    assert main(["report", "--store", store, "--month", "2026-11", "--csv", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Laporan Pelayanan KK 2026-11" in out and "9 tabel ditulis" in out
    assert (tmp_path / "steps_2026-11.csv").exists()
    assert main(["report", "--store", store, "--day", "2025-01-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == "2025-01-01" and data["returns"] == [] and data["late"] == []
    assert main(["report", "--store", store, "--month", "2026-13"]) == 1
    assert "TTTT-BB" in capsys.readouterr().err
