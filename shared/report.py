"""The service-level report as text and CSV (``kk report``; the PDF comes with the charts).

:func:`period` reads ``--day 2026-11-23`` or ``--month 2026-11``;
:func:`render_text` lays the tables of :class:`shared.service_levels.ServiceLevels`
out for a terminal with headers in the reader's language; :func:`write_csv`
writes one file per table (header row, ISO dates, UTF-8 with a byte-order
mark so a spreadsheet opens it cleanly). A period without data gives empty
tables, never an error.
"""

from __future__ import annotations

import calendar
import csv
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from shared.errors import DomainError
from shared.i18n import t
from shared.service_levels import ServiceLevels

COLUMNS: dict[str, tuple[str, ...]] = {
    "steps": ("step", "actor", "standard", "count", "median", "p90", "within_pct", "sent_back"),
    "staff": ("staff", "step", "count", "median", "p90", "within_pct"),
    "queue_services": (
        "group", "tickets", "served", "no_show", "not_called",
        "wait_median", "wait_p90", "service_median", "service_p90",
    ),
    "queue_counters": (
        "group", "tickets", "served", "no_show", "not_called",
        "wait_median", "wait_p90", "service_median", "service_p90",
    ),
    "returns": ("case", "step", "action", "at", "by", "reason"),
    "late": ("case", "step", "state", "since", "due", "overdue_minutes"),
    "pickup_wait": ("count", "median", "p90", "unit"),
    "per_hour": ("hour", "taken", "called", "wait_median"),
    "per_day": ("day", "tickets", "accepted", "returned", "signed", "handed_over"),
}  # fmt: skip


def period(day: str | None, month: str | None) -> tuple[date, date, str]:
    """(first day, last day, label) of ``--day`` or ``--month``."""
    if day is not None:
        try:
            d = date.fromisoformat(day.strip())
        except ValueError:
            raise DomainError("report.bad_day", value=day) from None
        return d, d, d.isoformat()
    text = (month or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise DomainError("report.bad_month", value=month)
    y, mo = int(m.group(1)), int(m.group(2))
    return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), text


WIDEST = 70  # characters of a free-text cell (a reason) shown on screen and in the PDF
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _cell(column: str, value: Any, lang: str | None) -> str:
    """A cell as a person reads it: times to the minute, actions in words, long text cut."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    text = str(value)
    if column == "action":
        return t(f"report.action.{text}", lang) if f"report.action.{text}" in _actions() else text
    if _ISO_TIME.match(text):
        return text[:10] + " " + text[11:16]
    return text if len(text) <= WIDEST else text[: WIDEST - 1] + "…"


def _actions() -> set[str]:
    from shared.i18n import catalogue

    return {k for k in catalogue() if k.startswith("report.action.")}


def render_text(report: ServiceLevels, label: str, lang: str | None) -> str:
    """Every table of ``report`` as aligned text, headed in ``lang``."""
    lines = [t("report.title", lang, period=label)]
    lines.append(t("report.generated", lang, now=f"{report.now:%Y-%m-%d %H:%M}"))
    for name, rows in report.tables().items():
        cols = COLUMNS[name]
        heads = [t(f"report.column.{c}", lang) for c in cols]
        body = [[_cell(c, r.get(c), lang) for c in cols] for r in rows]
        widths = [max([len(h)] + [len(row[i]) for row in body]) for i, h in enumerate(heads)]
        lines += ["", t(f"report.table.{name}", lang)]
        lines.append("  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip())
        lines.append("  ".join("-" * w for w in widths))
        if not body or (name == "pickup_wait" and not rows[0]["count"]):
            lines.append(t("report.empty", lang))
            continue
        for row in body:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def write_csv(report: ServiceLevels, folder: Path, label: str) -> list[Path]:
    """One ``<table>_<period>.csv`` per table in ``folder``; the files written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for name, rows in report.tables().items():
            path = folder / f"{name}_{label}.csv"
            tmp = path.with_suffix(".csv.tmp")
            with tmp.open("w", newline="", encoding="utf-8-sig") as f:
                writer = csv.DictWriter(f, fieldnames=COLUMNS[name], extrasaction="ignore")
                writer.writeheader()
                writer.writerows(rows)
            os.replace(tmp, path)
            out.append(path)
    except OSError as exc:
        raise DomainError("report.csv_failed", folder=str(folder), reason=exc.strerror) from None
    return out
