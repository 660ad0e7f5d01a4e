"""The A4 PDF report: charts and tables for the leadership, also for an empty period."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from helpers import SIMULATED_START as START
from PIL import Image

from shared.cli.main import main
from shared.errors import DomainError
from shared.report_pdf import report_pages, save_pngs, write_report_pdf
from shared.service_levels import collect, service_levels


def pages_in(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_a_week_gives_a_chart_page_and_table_pages(simulated, tmp_path: Path) -> None:
    report = service_levels(collect(simulated, START, date(2026, 11, 29)), simulated.config)
    pages = report_pages(report, "2026-W48", "id", simulated.config.office.name)
    assert len(pages) >= 2
    pdf = write_report_pdf(pages, tmp_path / "laporan.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-") and pages_in(pdf) == len(pages)
    pngs = save_pngs(pages, tmp_path / "png", "laporan")
    chart = Image.open(pngs[0]).convert("RGB")
    colours = chart.getcolors(maxcolors=1 << 16)
    assert colours is not None
    green = sum(n for n, (r, g, b) in colours if g > 100 and r < 80 and b < 80)
    blue = sum(n for n, (r, g, b) in colours if b > 150 and r < 60)
    assert green > 500 and blue > 500  # on-time bars and the per-hour bars are drawn
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_empty_period_still_gives_a_report(simulated, tmp_path: Path) -> None:
    report = service_levels(
        collect(simulated, date(2025, 1, 1), date(2025, 1, 1)), simulated.config
    )
    pages = report_pages(report, "2025-01-01", "en", simulated.config.office.name)
    pdf = write_report_pdf(pages, tmp_path / "empty.pdf")
    assert pages_in(pdf) == len(pages) >= 2


def test_an_unwritable_pdf_is_a_clear_error(simulated, tmp_path: Path) -> None:
    report = service_levels(collect(simulated, START, START), simulated.config)
    pages = report_pages(report, "x", "id", "Kantor")
    with pytest.raises(DomainError) as err:
        write_report_pdf(pages, tmp_path / "missing-folder" / "r.pdf")
    assert "Tidak dapat menulis laporan PDF" in err.value.message("id")


def test_cli_writes_the_pdf(simulated, tmp_path: Path, capsys) -> None:
    out = tmp_path / "bulan.pdf"
    code = main(["report", "--store", str(simulated.store.root), "--month", "2026-11",
                 "--pdf", str(out)])  # fmt: skip
    assert code == 0 and pages_in(out) >= 2
    assert f"Laporan PDF ditulis ke {out}" in capsys.readouterr().out


def test_cli_queues_the_pdf_for_the_print_station(office, tmp_path: Path, capsys) -> None:
    out = tmp_path / "hari.pdf"
    store = str(office.store.root)
    assert main(["report", "--store", store, "--day", "2025-01-02", "--print"]) == 2
    assert main(["report", "--store", store, "--day", "2025-01-02", "--pdf", str(out),
                 "--print"]) == 0  # fmt: skip
    assert "stasiun cetak" in capsys.readouterr().out
    with office.read() as repo:
        jobs = [j for j in repo.open_jobs() if j.kind == "report"]
    assert len(jobs) == 1 and jobs[0].params["pdf"] == str(out)
    assert jobs[0].printer == office.config.document_printer
