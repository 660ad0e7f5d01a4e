"""Render the sample service-level report of the docs into this folder (PDF and PNG pages).

    /tmp/venv/bin/python docs/report/make.py

A made-up office: two simulated weeks at 40 families a working day from
Monday 2026-11-23 (the simulator's realistic timings, returns and both
rejection loops), reported by ``kk report --day`` and ``--month``'s own code.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from shared.clock import OFFICE_TZ, ManualClock  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.office import Office  # noqa: E402
from shared.report_pdf import report_pages, save_pngs, write_report_pdf  # noqa: E402
from shared.service_levels import collect, service_levels  # noqa: E402
from shared.simulate import simulate  # noqa: E402
from shared.store.filestore import FileStore  # noqa: E402

START = date(2026, 11, 23)


def main() -> None:
    config = load_config(None)
    with tempfile.TemporaryDirectory() as tmp:
        store = FileStore(Path(tmp) / "store", durable=False)
        store.initialise()
        clock = ManualClock(datetime.combine(START, time(0), tzinfo=OFFICE_TZ))
        office = Office(store, config, clock)
        simulate(office, start=START, days=14, per_day=40, seed=11)
        report = service_levels(collect(office, START, date(2026, 12, 6)), config)
    pages = report_pages(report, "2026-11-23 – 2026-12-06", "id", config.office.name)
    write_report_pdf(pages, HERE / "laporan_contoh.pdf")
    for path in save_pngs(pages[:2], HERE, "laporan_contoh", dpi=90):
        print(path.relative_to(HERE.parent.parent))


if __name__ == "__main__":
    main()
