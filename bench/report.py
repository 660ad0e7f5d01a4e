"""Report latency: how long ``kk report`` takes for a day and a month.

Run from the repository root::

    /tmp/venv/bin/python bench/report.py            # 5 repetitions per report
    /tmp/venv/bin/python bench/report.py --reps 3

Measures ``collect`` + ``service_levels`` (what ``kk report`` computes before
printing) and the CSV writing, read-only, on:

- ``sim-30``: ``kk simulate --days 30`` at its default 60 families a day,
  simulated here into a temporary store (about a minute);
- the cached histories of ``bench/store.py`` when they have been built
  (``year-300``: a year at 300 families a day; ``open-5000``: 5,600 cases
  open at once), each on its first and last full months and one busy day:
  the time per case of the last month against the first (which has almost
  no history before it) says whether the report is flat in history.

Figures: median and p95 over the repetitions, in seconds; cases = the cases
with an action in the period (what the report reads).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from store import CACHE, HISTORIES, bench_config  # noqa: E402

from shared.clock import ManualClock  # noqa: E402
from shared.config import Config, load_config  # noqa: E402
from shared.office import Office  # noqa: E402
from shared.report import write_csv  # noqa: E402
from shared.service_levels import collect, service_levels  # noqa: E402
from shared.simulate import simulate  # noqa: E402
from shared.store.filestore import FileStore  # noqa: E402

SIM_START = date(2026, 1, 5)


def simulate_30(root: Path, config: Config) -> Path:
    """``kk simulate --days 30`` (60 a day) into ``root``."""
    store = FileStore(root, durable=False)
    store.initialise()
    clock = ManualClock(datetime.combine(SIM_START, dtime(0), tzinfo=config.office.timezone))
    simulate(Office(store, config, clock), start=SIM_START, days=30, per_day=60)
    return root


def periods(office: Office) -> list[tuple[str, date, date]]:
    """The store's first and last full months (as busy as its busiest) and a Monday of the last.

    On a long history the first full month has almost nothing before it and the
    last has the whole history before it: equal cost per case is "flat in history".
    """
    with office.read() as repo:
        days = [date.fromisoformat(d) for d in repo.ticket_days()]
    assert days, "an empty history"
    months = Counter(d.strftime("%Y-%m") for d in days)
    busiest = max(months.values())
    full = sorted(m for m, n in months.items() if n >= 0.85 * busiest)
    chosen = [full[0]] if len(full) == 1 else [full[0], full[-1]]
    out = []
    for month in chosen:
        first = date.fromisoformat(f"{month}-01")
        end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        out.append((f"month {month}", first, end))
    month = chosen[-1]
    monday = max(d for d in days if d.strftime("%Y-%m") == month and d.weekday() == 0)
    return [*out, (f"day {monday}", monday, monday)]


def measure(office: Office, start: date, end: date, reps: int, out: Path) -> dict:
    compute: list[float] = []
    csv: list[float] = []
    cases = 0
    for _ in range(reps):
        began = time.perf_counter()
        records = collect(office, start, end)
        report = service_levels(records, office.config)
        middle = time.perf_counter()
        write_csv(report, out, f"{start}")
        csv.append(time.perf_counter() - middle)
        compute.append(middle - began)
        cases = len(records.cases)
    return {"compute": compute, "csv": csv, "cases": cases}


def per_case(got: dict) -> float:
    """Median milliseconds per case read."""
    return 1000 * statistics.median(got["compute"]) / max(got["cases"], 1)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reps", type=int, default=5, help="repetitions per report (default 5)")
    args = p.parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="report-", dir=CACHE))
    rows = []
    try:
        began = time.perf_counter()
        stores: dict[str, tuple[Path, Config]] = {}
        default = load_config(None)
        stores["sim-30"] = (simulate_30(work / "sim-30", default), default)
        simulated = time.perf_counter() - began
        for key in ("year", "open"):
            h = HISTORIES[key]
            if (h.folder / "history.json").exists():
                stores[h.name] = (h.folder / "store", bench_config())
        for name, (root, config) in stores.items():
            copy = work / f"copy-{name}"
            if not copy.exists() and root.parent != work:
                shutil.copytree(root, copy)  # the store's lock file is written: never the cache
                root = copy
            office = Office(FileStore(root), config)
            for label, start, end in periods(office):
                got = measure(office, start, end, args.reps, work / "csv")
                rows.append((name, label, got))
        print()
        print(f"python bench/report.py --reps {args.reps}  (sim-30 built in {simulated:.0f} s)")
        for name in stores:
            info = stores[name][0].parent / "history.json"
            if info.exists():
                spec = json.loads(info.read_text())["spec"]
                print(f"  {name}: {spec['days']} days x {spec['per_day']} families a day")
            else:
                print(f"  {name}: kk simulate --days 30 (60 families a day) from {SIM_START}")
        print()
        head = (
            f"{'store':<10} {'report':<18} {'cases':>6} {'p50 s':>7} {'p95 s':>7} "
            f"{'ms/case':>8} {'csv p50 s':>10}"
        )
        print(head)
        print("-" * len(head))
        for name, label, got in rows:
            print(
                f"{name:<10} {label:<18} {got['cases']:>6} "
                f"{statistics.median(got['compute']):>7.2f} {p95(got['compute']):>7.2f} "
                f"{per_case(got):>8.3f} {statistics.median(got['csv']):>10.3f}"
            )
        print()
        for name in stores:  # first full month against last, per case read
            months = [got for n, label, got in rows if n == name and label.startswith("month")]
            if len(months) == 2:
                ratio = per_case(months[1]) / per_case(months[0])
                print(f"{name}: last month / first month, time per case: {ratio:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
