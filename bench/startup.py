"""Cold start and memory of each app: `kk kiosk`, `kk station`, `kk display`, ...

Run from the repository root::

    /tmp/venv/bin/python bench/startup.py             # 7 runs of each app
    /tmp/venv/bin/python bench/startup.py --runs 3    # a quick look

Each run is a fresh Python process (this script with ``--child``) that runs
the real command line (``shared.cli.main.main(["kiosk", ...])``: config,
store, office, the app's own imports) with Textual's ``App.run`` replaced by
a headless ``run_test`` (120 x 40): the app starts exactly as on a terminal,
and the child notes the moment ``run_test`` hands over the pilot (the app
is running and its first screen mounted and refreshed) plus its peak
resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``), then quits.
The store is a demo store (``kk init --demo``: staff, no cases) in a new
temporary folder, also the working folder (the default file printers write
under ``./data``); a second store can be given with ``--store`` (for
instance a copy of a simulated history) to see whether the store's size
matters.

Columns, medians over ``--runs`` runs (the apps take turns, so each sees
the same noise):

- ``python``: the interpreter's own start (from spawning the process to its
  first line of this script), the same for every app;
- ``import``: importing ``shared.cli.main`` and the app's package (Textual
  included), before anything runs;
- ``first screen``: from spawning the process to the first screen ready,
  what a person waits after typing the command (excludes the terminal's
  own drawing of that first frame);
- ``peak RSS``: the process's peak resident memory at that moment.

The first row, ``python -c pass`` plus ``import textual``, is the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

T0 = time.time()  # as early as this script can note it

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# command, the module its handler imports (timed as "import")
APPS = {
    "kiosk": ("kiosk", "kiosk.app"),
    "station": ("station", "station.app"),
    "display": ("display", "station.display"),
    "print-station": ("print-station", "station.print_station"),
    "office": ("office", "station.office"),
}


# -- the child ----------------------------------------------------------------------------
def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    result: dict[str, float] = {"start": T0}
    t = time.perf_counter()
    if args.child == "floor":
        import textual.app  # noqa: F401

        result["import"] = time.perf_counter() - t
        result["ready"] = time.time()
        result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        Path(args.out).write_text(json.dumps(result))
        return
    command, module = APPS[args.child]
    import importlib

    from shared.cli.main import main

    importlib.import_module(module)
    result["import"] = time.perf_counter() - t

    import asyncio

    from textual.app import App

    def headless_run(self: App, *_a: object, **_k: object) -> None:
        async def go() -> None:
            async with self.run_test(size=(120, 40)) as pilot:
                result["ready"] = time.time()
                result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                result["screen"] = type(self.screen).__name__
                await pilot.pause()

        asyncio.run(go())

    App.run = headless_run  # type: ignore[method-assign]
    code = main([command, "--store", args.store])
    result["code"] = code
    Path(args.out).write_text(json.dumps(result))


# -- the parent ---------------------------------------------------------------------------
def run_child(name: str, store: Path, cwd: Path) -> dict[str, float]:
    out = cwd / f"{name}.json"
    out.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, "--store", str(store), "--out", str(out)],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"{name} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    res = json.loads(out.read_text())
    if res.get("code", 0) != 0 or "ready" not in res:
        raise SystemExit(f"{name} did not start: {res} {done.stderr.decode()[-2000:]}")
    res["python"] = res["start"] - spawned
    res["first"] = res["ready"] - spawned
    return res


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--store", help="measure on this store too (copied; default: a demo store)")
    p.add_argument("--runs", type=int, default=7, help="runs per app (default 7)")
    p.add_argument("--apps", nargs="+", default=list(APPS), choices=list(APPS))
    args = p.parse_args()
    if args.child:
        child(args)
        return

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kk-bench-start-") as tmp:
        cwd = Path(tmp)
        stores = {"demo": cwd / "store"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "shared.cli.main",
                "init",
                "--demo",
                "--store",
                str(cwd / "store"),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        if args.store:
            import shutil

            shutil.copytree(args.store, cwd / "given", ignore=shutil.ignore_patterns(".lock"))
            stores[Path(args.store).name] = cwd / "given"
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        names = ["floor", *args.apps]
        for _ in range(args.runs):  # the apps take turns
            for label, store in stores.items():
                for name in names:
                    if name == "floor" and label != "demo":
                        continue
                    runs.setdefault((label, name), []).append(run_child(name, store, cwd))

    def med(rs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rs)

    print(
        f"python bench/startup.py --runs {args.runs}"
        + (f" --store {args.store}" if args.store else "")
        + f"  ({time.monotonic() - started:.0f} s)"
    )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"  Python {sys.version.split()[0]}; medians over {args.runs} fresh processes per row; "
        f"load average at the end {load}"
    )
    print()
    header = ["store", "app", "python s", "import s", "first screen s", "(range)", "peak RSS MB"]
    rows = []
    for (label, name), rs in runs.items():
        firsts = [r["first"] for r in rs]
        what = "python + import textual" if name == "floor" else f"kk {APPS[name][0]}"
        rows.append(
            [
                label,
                what,
                f"{med(rs, 'python'):.3f}",
                f"{med(rs, 'import'):.3f}",
                f"{med(rs, 'first'):.2f}",
                f"{min(firsts):.2f}-{max(firsts):.2f}",
                f"{med(rs, 'rss_kb') / 1024:.0f}",
            ]
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, None, *rows]:
        if row is None:
            print("  ".join("-" * w for w in widths))
            continue
        cells = [c.ljust(widths[j]) if j < 2 else c.rjust(widths[j]) for j, c in enumerate(row)]
        print("  ".join(cells).rstrip())
    screens = {name: rs[-1].get("screen") for (label, name), rs in runs.items() if name != "floor"}
    print()
    print("  first screens: " + ", ".join(f"{n} {s}" for n, s in screens.items()))


if __name__ == "__main__":
    main()
