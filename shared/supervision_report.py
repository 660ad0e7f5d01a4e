"""The supervisor's charts and the month's report (CSV tables and an A4 PDF).

:func:`charts`: today's tickets per hour and this month's work per day, the
figures the station draws with plotext. :func:`write_month_report`: what
``kk report --month`` writes, from the supervisor's screen, into
``reports/<YYYY-MM>/`` beside the store folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.service_levels import Records, collect, service_levels

if TYPE_CHECKING:
    from shared.office import Office


# -- charts -------------------------------------------------------------------------------
@dataclass
class Charts:
    """Today's tickets per hour (rows of ``ServiceLevels.per_hour``), the month's ``per_day``."""

    day: date
    per_hour: list[dict[str, Any]]
    per_day: list[dict[str, Any]]


def charts(office: Office) -> Charts:
    """Today per hour (from today's tickets) and this month per day, up to today."""
    now = office.now()
    today = now.date()
    with office.read() as repo:
        tickets = repo.tickets_of_day(today)
    day = service_levels(Records(today, today, now, [], tickets, []), office.config)
    month = service_levels(collect(office, today.replace(day=1), today), office.config)
    return Charts(today, day.per_hour, month.per_day)


# -- the month's report -------------------------------------------------------------------
@dataclass
class ReportFiles:
    """What :func:`write_month_report` wrote: the period, the folder, the CSVs and the PDF."""

    period: str
    folder: Path
    csv: list[Path]
    pdf: Path


def report_folder(office: Office) -> Path:
    """Where the supervisor's screen writes reports: ``reports/`` beside the store folder."""
    return office.store.root.parent / "reports"


def write_month_report(
    office: Office, folder: Path | None = None, lang: str | None = None
) -> ReportFiles:
    """This month's report (up to now) as CSV tables and an A4 PDF in ``folder``."""
    from shared.report import write_csv
    from shared.report_pdf import report_pages, write_report_pdf

    today = office.now().date()
    label = f"{today:%Y-%m}"
    folder = (folder or report_folder(office)) / label
    report = service_levels(collect(office, today.replace(day=1), today), office.config)
    files = write_csv(report, folder, label)
    pdf = folder / f"laporan_{label}.pdf"
    write_report_pdf(report_pages(report, label, lang, office.config.office.name), pdf)
    return ReportFiles(label, folder, files, pdf)
