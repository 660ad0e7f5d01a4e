"""Many kiosks at once: N real processes taking tickets on one store.

Run from the repository root::

    /tmp/venv/bin/python bench/concurrency.py                     # 1, 2, 4, 8 procs x 100, 5 runs
    /tmp/venv/bin/python bench/concurrency.py --procs 8 --runs 3  # only 8 processes

Each worker is a fresh Python process (this script with ``--worker``) on the
same store folder, opened **durable** (one fsync per transaction), the
office's clock stopped on a Monday at 10:00 (so every ticket falls on the
same day and the same per-day counter: the worst contention). The workers
import and open the office, say they are ready, and start together when the
parent creates the go file; each then calls ``office.queue.take_ticket`` back
to back ``--count`` times (no receipt printing: that happens outside the
lock, see ``bench/kiosk.py``), cycling through the application and pickup
services, timing each call and recording the number it got.

Per run: throughput (all tickets / from the first worker's start to the
last worker's end), per-ticket latency p50 / p95 / max over every ticket of
every worker, and a check against the store: every number a worker was
given is stored once (zero duplicate numbers per service, zero lost
tickets: the store holds exactly the tickets acknowledged), numbers are
1..n per service without a gap, and the audit chain verifies. The figures
are medians over ``--runs`` runs, each on a new store.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _common import percentile, table  # noqa: E402

AT = "2026-11-23T10:00:00+07:00"  # a Monday, the office open
TIMEOUT = 600.0


# -- the worker ---------------------------------------------------------------------------
def worker(args: argparse.Namespace) -> None:
    from store import bench_config

    from shared.clock import ManualClock
    from shared.office import Office
    from shared.store.filestore import FileStore
    from shared.store.lock import FairLock

    held = [0.0, 0.0]  # seconds holding the store's lock, time it was taken at

    def timed_acquire(self: FairLock, _acquire=FairLock.acquire) -> None:  # noqa: ANN001
        _acquire(self)
        held[1] = time.perf_counter()

    def timed_release(self: FairLock, _release=FairLock.release) -> None:  # noqa: ANN001
        held[0] += time.perf_counter() - held[1]
        _release(self)

    FairLock.acquire, FairLock.release = timed_acquire, timed_release  # type: ignore[method-assign]
    if args.poll:  # an experiment: the waiting room's retry interval
        import shared.store.lock

        shared.store.lock.POLL = args.poll
    config = bench_config()
    office = Office(FileStore(args.store), config, ManualClock(datetime.fromisoformat(AT)))
    services = [config.application_services()[0].code, config.pickup_services()[0].code]
    kind = config.kinds[0].code
    args.ready.touch()
    while not args.go.exists():
        time.sleep(0.0005)
    rows = []
    held[0] = 0.0
    cpu0 = time.process_time()
    start = time.time()
    for i in range(args.count):
        svc = services[i % 2]
        t0 = time.perf_counter()
        t = office.queue.take_ticket(svc, kind=kind if i % 2 == 0 else None)
        rows.append((t.id, t.service, t.number, time.perf_counter() - t0))
    end = time.time()
    cpu = time.process_time() - cpu0
    json.dump(
        {"start": start, "end": end, "held": held[0], "cpu": cpu, "tickets": rows}, sys.stdout
    )


# -- the parent ---------------------------------------------------------------------------
def one_run(procs: int, count: int, folder: Path, poll: float | None = None) -> dict:
    """One run of ``procs`` workers on a new store in ``folder``: its figures and checks."""
    from store import bench_config

    from shared.audit import verify_chain
    from shared.clock import ManualClock
    from shared.office import Office
    from shared.store.filestore import FileStore

    root = folder / "store"
    store = FileStore(root)
    store.initialise()
    go = folder / "go"
    workers = []
    for n in range(procs):
        ready = folder / f"w{n}.ready"
        out = (folder / f"w{n}.out").open("wb")
        with out:
            workers.append(
                (
                    ready,
                    subprocess.Popen(
                        [sys.executable, __file__, "--worker", "--store", str(root)]
                        + ["--count", str(count), "--ready", str(ready), "--go", str(go)]
                        + (["--poll", str(poll)] if poll else []),
                        stdout=out,
                        stdin=subprocess.DEVNULL,
                    ),
                )
            )
    deadline = time.monotonic() + TIMEOUT
    for ready, proc in workers:
        while not ready.exists():
            if proc.poll() is not None:
                raise SystemExit(f"a worker died before the start (exit {proc.returncode})")
            if time.monotonic() > deadline:
                raise SystemExit("workers never got ready")
            time.sleep(0.005)
    go.touch()
    for _, proc in workers:
        if proc.wait(timeout=TIMEOUT) != 0:
            raise SystemExit(f"a worker failed (exit {proc.returncode})")
    results = [json.loads((folder / f"w{n}.out").read_text()) for n in range(procs)]

    given = [tuple(r[:3]) for res in results for r in res["tickets"]]
    latencies = [r[3] for res in results for r in res["tickets"]]
    span = max(r["end"] for r in results) - min(r["start"] for r in results)
    busy = sum(r["held"] for r in results) / span
    cpu = sum(r["cpu"] for r in results) / len(given)

    config = bench_config()
    office = Office(store, config, ManualClock(datetime.fromisoformat(AT)))
    stored = {(t.id, t.service, t.number) for t in office.queue.today()}
    per_service = Counter((svc, num) for _, svc, num in given)
    duplicates = sum(n - 1 for n in per_service.values() if n > 1)
    lost = len(set(given) - stored)
    extra = len(stored - set(given))
    gaps = 0
    for svc in {s for _, s, _ in given}:
        numbers = sorted(num for _, s, num in stored if s == svc)
        gaps += numbers != list(range(1, len(numbers) + 1))
    chain = verify_chain(store)
    return {
        "tickets": len(given),
        "throughput": len(given) / span,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies),
        "busy": busy,
        "cpu": cpu,
        "duplicates": duplicates,
        "lost": lost,
        "extra": extra,
        "gaps": gaps,
        "chain_ok": chain.ok and chain.events >= len(given),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--store", help=argparse.SUPPRESS)
    p.add_argument("--ready", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--go", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--procs", type=int, nargs="+", default=[1, 2, 4, 8], help="process counts")
    p.add_argument("--count", type=int, default=100, help="tickets per process (default 100)")
    p.add_argument("--runs", type=int, default=5, help="runs per process count (default 5)")
    p.add_argument(
        "--poll",
        type=float,
        default=None,
        help="experiment: the store lock's retry interval in s (default: its own, 0.001)",
    )
    args = p.parse_args()
    if args.worker:
        worker(args)
        return

    started = time.monotonic()
    rows, failures = [], []
    for procs in args.procs:
        runs = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="kk-bench-conc-") as tmp:
                runs.append(one_run(procs, args.count, Path(tmp), args.poll))
        med = {k: statistics.median(r[k] for r in runs) for k in ("throughput", "p50", "p95")}
        bad = {k: sum(r[k] for r in runs) for k in ("duplicates", "lost", "extra", "gaps")} | {
            "chain broken": sum(not r["chain_ok"] for r in runs)
        }
        if any(bad.values()):
            failures.append(f"{procs} processes: {bad}")
        rows.append(
            [
                str(procs),
                f"{procs} x {args.count}",
                f"{med['throughput']:.0f}",
                "{:.0f}-{:.0f}".format(*(f(r["throughput"] for r in runs) for f in (min, max))),
                f"{med['p50'] * 1000:.2f}",
                f"{med['p95'] * 1000:.2f}",
                f"{statistics.median(r['max'] for r in runs) * 1000:.1f}",
                f"{statistics.median(r['busy'] for r in runs) * 100:.0f}",
                f"{statistics.median(r['cpu'] for r in runs) * 1000:.2f}",
                str(sum(r["duplicates"] for r in runs)),
                str(sum(r["lost"] + r["extra"] for r in runs)),
            ]
        )
    print(
        f"python bench/concurrency.py --procs {' '.join(map(str, args.procs))} "
        f"--count {args.count} --runs {args.runs}"
        + (f" --poll {args.poll}" if args.poll else "")
        + f"  ({time.monotonic() - started:.0f} s)"
    )
    print(
        "  durable store (fsync on), one ticket per transaction, every process on the same "
        f"day's counter; medians over {args.runs} runs, latencies in ms; load average at the "
        f"end {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print()
    header = [
        "procs", "tickets", "tickets/s", "(range)", "p50 ms", "p95 ms", "max ms",
        "lock held %", "CPU ms/ticket", "duplicates", "lost",
    ]  # fmt: skip
    print(table(header, rows))
    print()
    if failures:
        print("  FAILED  " + "; ".join(failures))
        raise SystemExit(1)
    print(
        f"  ok     every run: zero duplicate numbers, zero lost tickets, numbers 1..n "
        f"per service, audit chain whole ({len(args.procs) * args.runs} runs)"
    )


if __name__ == "__main__":
    main()
