"""Kiosk latency: from a tap to the ticket stored and its receipt bytes handed to the printer.

Run from the repository root::

    /tmp/venv/bin/python bench/kiosk.py             # 3 repetitions of 200 taps per store
    /tmp/venv/bin/python bench/kiosk.py --runs 50   # a quick look

One tap is what the kiosk does: ``office.queue.take_ticket`` (ticket and
print job in one durable transaction, fsync on) and then
``shared.print_service.print_job`` (claim, build the receipt from the
store, render the ESC/POS bytes, hand them to the printer, store the
outcome with the ticket: two more transactions). Two printers:

- ``file``: the default install's printer, ``<job>.bin`` plus a ``<job>.png``
  render written to a folder;
- ``tcp``: a network printer on ``127.0.0.1`` (:class:`FakeNetworkPrinter`,
  which answers the paper and online status queries like an Epson printer).

Stores: an empty one, and copies of the simulated histories the store
benchmark caches in ``~/.cache/kk-bench/`` (``bench/store.py``): the year
(``year-300``) when it has been built, otherwise the smaller ones that are
there. This script never builds a history (``bench/store.py --build year``
does, and takes hours). Each repetition runs on a fresh working day after
the store's history, ten simulated seconds between taps; figures are the
median over repetitions of each repetition's median and p95, in ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _common import Metric, ms, table  # noqa: E402
from store import CACHE, HISTORIES, QUICK, bench_config, folder_size, working_days  # noqa: E402

from shared.clock import ManualClock  # noqa: E402
from shared.config import Config, PrinterConfig  # noqa: E402
from shared.fake_printer import FakeNetworkPrinter  # noqa: E402
from shared.model import PrintStatus  # noqa: E402
from shared.office import Office  # noqa: E402
from shared.print_service import print_job  # noqa: E402
from shared.simulate import last_activity  # noqa: E402
from shared.store.filestore import FileStore  # noqa: E402


def histories() -> dict[str, Path]:
    """The cached history stores to measure on, by name (built ones only)."""
    out: dict[str, Path] = {}
    for h in (HISTORIES["year"], HISTORIES["open"], QUICK["year"]):
        if (h.folder / "history.json").exists():
            out[h.name] = h.folder / "store"
    return out


def describe(name: str, root: Path) -> str:
    """One line about a cached history: its span, tickets, cases, size."""
    info = json.loads((root.parent / "history.json").read_text())
    spec, report = info["spec"], info["report"]
    files, mb = folder_size(root)
    return (
        f"  {name}: {spec['days']} days x {spec['per_day']} families from {spec['start']}; "
        f"{report['tickets']} tickets, {report.get('open_at_end', '?')} open cases; "
        f"{files} files, {mb:.0f} MB"
    )


def with_printer(config: Config, printer: PrinterConfig) -> Config:
    """``config`` with the kiosk's ticket printer replaced by ``printer``."""
    name = config.kiosk.printer
    printers = {**config.printers, name: dataclasses.replace(printer, name=name)}
    return dataclasses.replace(config, printers=printers)


def run_taps(office: Office, clock: ManualClock, runs: int) -> tuple[list[float], list[float]]:
    """``runs`` taps: seconds to store the ticket, and to store and print it."""
    service = office.config.application_services()[0].code
    kind = office.config.kinds[0].code
    stored: list[float] = []
    total: list[float] = []
    for _ in range(runs):
        clock.advance(seconds=10)
        began = time.perf_counter()
        ticket = office.queue.take_ticket(service, kind=kind)
        middle = time.perf_counter()
        job = print_job(office, ticket.print_job or "", worker="kiosk-bench")
        ended = time.perf_counter()
        if job.status != PrintStatus.PRINTED:
            raise SystemExit(f"{ticket.display}: not printed: {job.error}")
        stored.append(middle - began)
        total.append(ended - began)
    return stored, total


def measure(root: Path, config: Config, printers: dict[str, PrinterConfig], args) -> dict:
    """Metrics per printer on the store at ``root`` (a copy, changed by the run)."""
    clock = ManualClock(datetime(2000, 1, 1, tzinfo=config.office.timezone))
    store = FileStore(root, durable=True)
    last = last_activity(Office(store, config, clock))
    start = (last or datetime.now(config.office.timezone)).date() + timedelta(days=1)
    days = iter(working_days(start, args.reps * len(printers), config))
    metrics: dict[str, tuple[Metric, Metric]] = {}
    for _ in range(args.reps):
        for key, printer in printers.items():
            office = Office(store, with_printer(config, printer), clock)
            day = next(days)
            opening = config.hours.periods_on(day)[0][0]
            clock.set(datetime.combine(day, opening, config.office.timezone))
            stored, total = run_taps(office, clock, args.runs)
            pair = metrics.setdefault(key, (Metric("stored"), Metric("printed")))
            pair[0].add(stored)
            pair[1].add(total)
    return metrics


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=200, help="taps per repetition (default 200)")
    p.add_argument("--reps", type=int, default=3, help="repetitions (default 3)")
    args = p.parse_args(argv)
    config = bench_config()
    found = histories()
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kiosk-", dir=CACHE))
    began = time.perf_counter()
    rows = []
    try:
        with FakeNetworkPrinter() as tcp:
            printers = {
                "file": PrinterConfig("", "file", 80, {"path": work / "print" / "kiosk.bin"}),
                "tcp": tcp.config(paper_mm=80),
            }
            stores = {"empty": None, **found}
            for name, source in stores.items():
                root = work / name
                if source is None:
                    FileStore(root).initialise()
                else:
                    shutil.copytree(source, root)
                for key, (stored, total) in measure(root, config, printers, args).items():
                    rows.append(
                        [f"{name}, {key} printer", ms(stored.median), ms(stored.p95),
                         ms(total.median), ms(total.p95), str(total.count)]
                    )  # fmt: skip
                shutil.rmtree(root, ignore_errors=True)
            received = len(tcp.jobs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"python bench/kiosk.py --runs {args.runs} --reps {args.reps}  ", end="")
    print(f"({time.perf_counter() - began:.0f} s)")
    if HISTORIES["year"].name not in found:
        print(f"  the year history ({HISTORIES['year'].name}) is not built yet: not measured")
    for name, root in found.items():
        print(describe(name, root))
    print(f"  the TCP printer received {received} whole receipts; durable store (fsync on)")
    print()
    header = ["store, printer", "stored p50", "stored p95", "printed p50", "printed p95", "taps"]
    print(table(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
