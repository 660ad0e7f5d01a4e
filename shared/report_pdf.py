"""The service-level report as an A4 PDF for the leadership: charts first, then the tables.

Drawn with matplotlib's object API (``Figure`` + the Agg/PDF canvases, never
``pyplot``: no global state, safe in a worker thread). Page 1 holds the
charts: the share of each SOP step done within its Mutu Baku, the queue per
hour of the day, and for a longer period the work per day. The following
pages carry every table of :func:`shared.report.render_text` in a monospaced
font, as many pages as they need. The PDF is vector (text stays sharp and
searchable); :func:`save_pngs` renders the same pages to PNG for a look.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from shared.errors import DomainError
from shared.i18n import t
from shared.service_levels import ServiceLevels

A4 = (8.27, 11.69)  # inches, portrait
LINES_PER_PAGE = 78
_ACTOR_KEYS = {
    "PEMOHON": "report.actor.PEMOHON",
    "PENGOLAH_DATA": "report.actor.PENGOLAH_DATA",
    "ADMIN_SIAK": "report.actor.ADMIN_SIAK",
    "KASI": "report.actor.KASI",
    "KABID": "report.actor.KABID",
    "KEPALA_DINAS": "report.actor.KEPALA_DINAS",
}


def _figure():  # noqa: ANN202 - matplotlib.figure.Figure, imported lazily
    from matplotlib.figure import Figure

    fig = Figure(figsize=A4, dpi=100)
    fig.patch.set_facecolor("white")
    return fig


def report_pages(report: ServiceLevels, label: str, lang: str | None, office_name: str) -> list:
    """The report's pages as matplotlib figures (charts, then the tables)."""
    from shared.report import render_text

    pages = [_chart_page(report, label, lang, office_name)]
    lines = render_text(report, label, lang).splitlines()
    for start in range(0, len(lines), LINES_PER_PAGE):
        fig = _figure()
        chunk = "\n".join(lines[start : start + LINES_PER_PAGE])
        fig.text(0.05, 0.96, chunk, family="DejaVu Sans Mono", fontsize=5.6, va="top")
        page = len(pages) + 1
        fig.text(0.95, 0.02, f"{office_name} — {label} — {page}", fontsize=6, ha="right")
        pages.append(fig)
    return pages


def _chart_page(report: ServiceLevels, label: str, lang: str | None, office_name: str):  # noqa: ANN202
    fig = _figure()
    fig.text(0.5, 0.965, t("report.title", lang, period=label), ha="center", fontsize=15)
    fig.text(0.5, 0.945, office_name, ha="center", fontsize=9)
    fig.text(
        0.5, 0.93, t("report.generated", lang, now=f"{report.now:%Y-%m-%d %H:%M}"),
        ha="center", fontsize=7, color="#555555",
    )  # fmt: skip
    many_days = len(report.per_day) > 1
    rows = 3 if many_days else 2
    grid = fig.add_gridspec(rows, 1, left=0.24, right=0.9, top=0.88, bottom=0.06, hspace=0.45)
    _on_time(fig.add_subplot(grid[0]), report, lang)
    _per_hour(fig.add_subplot(grid[1]), report, lang)
    if many_days:
        _per_day(fig.add_subplot(grid[2]), report, lang)
    return fig


def _on_time(ax, report: ServiceLevels, lang: str | None) -> None:  # noqa: ANN001
    steps = report.steps
    labels = [f"{r['step']}. {_actor(r['actor'], lang)} ({r['standard']})" for r in steps]
    shares = [r["within_pct"] or 0.0 for r in steps]
    colours = ["#2e7d32" if s >= 80 else "#f9a825" if s >= 50 else "#c62828" for s in shares]
    y = list(range(len(steps)))[::-1]
    ax.barh(y, shares, color=colours)
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlim(0, 105)
    ax.set_xlabel(t("report.chart.percent", lang), fontsize=7)
    ax.set_title(t("report.chart.on_time", lang), fontsize=10, loc="left")
    ax.axvline(80, color="#777777", linewidth=0.6, linestyle="--")
    for yi, r, share in zip(y, steps, shares, strict=True):
        text = "-" if not r["count"] else f"{share:.0f}% · n={r['count']}"
        ax.text(min(share, 100) + 1, yi, text, va="center", fontsize=6)
    ax.tick_params(axis="x", labelsize=7)


def _actor(actor: str, lang: str | None) -> str:
    return t(_ACTOR_KEYS.get(actor, "report.actor.other"), lang)


def _per_hour(ax, report: ServiceLevels, lang: str | None) -> None:  # noqa: ANN001
    rows = report.per_hour
    ax.set_title(t("report.chart.per_hour", lang), fontsize=10, loc="left")
    if not rows:
        ax.text(0.5, 0.5, t("report.empty", lang), ha="center", va="center", fontsize=9)
        ax.set_axis_off()
        return
    hours = [r["hour"] for r in rows]
    width = 0.4
    ax.bar([h - width / 2 for h in hours], [r["taken"] for r in rows], width,
           label=t("report.column.taken", lang), color="#1565c0")  # fmt: skip
    ax.bar([h + width / 2 for h in hours], [r["called"] for r in rows], width,
           label=t("report.column.called", lang), color="#90caf9")  # fmt: skip
    ax.set_xticks(hours, [f"{h:02d}" for h in hours], fontsize=7)
    ax.set_ylabel(t("report.column.tickets", lang), fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    waits = ax.twinx()
    waits.plot(hours, [r["wait_median"] or 0 for r in rows], color="#c62828", marker="o",
               markersize=3, linewidth=1, label=t("report.column.wait_median", lang))  # fmt: skip
    waits.set_ylabel(t("report.chart.minutes", lang), fontsize=7)
    waits.tick_params(axis="y", labelsize=7)
    handles = ax.get_legend_handles_labels()
    more = waits.get_legend_handles_labels()
    ax.legend(handles[0] + more[0], handles[1] + more[1], fontsize=6, loc="upper right")


def _per_day(ax, report: ServiceLevels, lang: str | None) -> None:  # noqa: ANN001
    rows = report.per_day
    days = [r["day"][5:] for r in rows]
    x = list(range(len(rows)))
    for key, colour in (
        ("tickets", "#1565c0"),
        ("accepted", "#2e7d32"),
        ("returned", "#f9a825"),
        ("handed_over", "#6a1b9a"),
    ):
        ax.plot(x, [r[key] for r in rows], marker="o", markersize=2, linewidth=1,
                color=colour, label=t(f"report.column.{key}", lang))  # fmt: skip
    step = max(1, len(x) // 12)
    ax.set_xticks(x[::step], days[::step], fontsize=6, rotation=45)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(t("report.chart.per_day", lang), fontsize=10, loc="left")
    ax.legend(fontsize=6, loc="upper left")


def write_report_pdf(pages: Sequence, path: Path) -> Path:
    """Write the figures to ``path`` as one PDF (temporary file, then renamed)."""
    from matplotlib.backends.backend_pdf import PdfPages

    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with PdfPages(tmp, metadata={"Title": "Laporan Pelayanan KK"}) as pdf:
            for fig in pages:
                pdf.savefig(fig)
        os.replace(tmp, path)
    except OSError as exc:
        raise DomainError("report.pdf_failed", path=str(path), reason=exc.strerror) from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def save_pngs(pages: Sequence, folder: Path, stem: str, dpi: int = 110) -> list[Path]:
    """Each page as ``<stem>_p<N>.png`` in ``folder`` (for a look, or the docs)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n, fig in enumerate(pages, 1):
        FigureCanvasAgg(fig)
        path = folder / f"{stem}_p{n}.png"
        fig.savefig(path, dpi=dpi)
        out.append(path)
    return out


def queue_report_print(office, pdf: Path, title: str, *, station: str = "cli"):  # noqa: ANN001, ANN201
    """Queue the written report ``pdf`` for the print station (the office's A4 printer).

    The job names the file (absolute); the print station prints it as it is.
    One transaction: the job and its audit event. Returns the job.
    """
    from shared.model import PrintJob

    now = office.now()
    with office.write() as repo:
        job = repo.add_job(
            PrintJob(
                id="",
                kind="report",
                printer=office.config.document_printer,
                ref=title,
                created_at=now,
                params={"pdf": str(Path(pdf).absolute()), "title": title},
            )
        )
        repo.audit(
            at=now,
            action="print.queue",
            entity="print",
            entity_id=job.id,
            station=station,
            data={"kind": "report", "title": title},
        )
    return job
