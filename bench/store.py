"""Store latency: does an action cost the same after a year of service, and with 5,000 open cases?

Run from the repository root::

    /tmp/venv/bin/python bench/store.py            # full: a year at 300 families a day
    /tmp/venv/bin/python bench/store.py --quick    # small histories, a sanity run

It measures, through the real service layer with fsync on (durable store):

(a) taking a ticket at the kiosk,
(b) one workflow action (the Kasi's paraf on a draft, step 4),
(c) loading the Kabid's work list (``office.cases.work_list(Role.KABID)``),
(d) a station's poll when nothing changed (``store.marker()``),

on an empty store, on a store after a simulated year, and on a store with
about 5,000 open cases (most waiting at the Kabid's review, each with its
family), and the same transactions on SQLite (WAL, ``synchronous=FULL``)
loaded with the same data. The histories are built once with the simulator
(``durable=False``, no fsync) into ``~/.cache/kk-bench/`` (``KK_BENCH_CACHE``)
and copied for each run, so a run never changes them. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _common import Metric, SqliteRef, ms, ratio, sample, table  # noqa: E402

from shared.clock import ManualClock  # noqa: E402
from shared.config import Config, Counter, load_config  # noqa: E402
from shared.fake import fake_family  # noqa: E402
from shared.office import Office, Session  # noqa: E402
from shared.simulate import Profile, ensure_staff, last_activity, simulate  # noqa: E402
from shared.sop import Role  # noqa: E402
from shared.store.filestore import FileStore  # noqa: E402

# Outside the work tree by default, so a simulated year (about an hour to build)
# survives a fresh checkout on the same machine; KK_BENCH_CACHE overrides it.
CACHE = Path(os.environ.get("KK_BENCH_CACHE") or Path.home() / ".cache" / "kk-bench")
TARGETS = {"ticket": 5.0, "action": 10.0, "list": 50.0}  # ms, p95 on the 5k-open store


@dataclass(frozen=True)
class History:
    """A simulated history the benchmark measures on, built once and cached."""

    name: str
    start: date
    days: int
    per_day: int
    profile: Profile
    seed: int = 1

    @property
    def folder(self) -> Path:
        return CACHE / self.name

    def spec(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "days": self.days,
            "per_day": self.per_day,
            "seed": self.seed,
            "profile": _changed(self.profile),
            "config": "5+3 counters, no quota",
        }

    def built(self) -> bool:
        """Whether the cache holds this history, built with the same settings."""
        done = self.folder / "history.json"
        return done.exists() and json.loads(done.read_text())["spec"] == self.spec()


def _changed(profile: Profile) -> dict[str, str]:
    """The profile's settings that differ from the defaults (new defaulted fields: no rebuild)."""
    default = Profile()
    return {
        f.name: repr(getattr(profile, f.name))
        for f in dataclasses.fields(profile)
        if getattr(profile, f.name) != getattr(default, f.name)
    }


# A Kabid who never gets to the drafts within the run: they pile up at step 5.
_NO_KABID = Profile(kabid_days=(60, 60), drain_days=0)
HISTORIES = {
    "year": History("year-300", date(2026, 1, 5), 365, 300, Profile(drain_days=45)),
    "open": History("open-5000", date(2026, 1, 5), 30, 300, _NO_KABID),
}
QUICK = {
    "year": History("quick-year", date(2026, 1, 5), 40, 100, Profile(drain_days=30)),
    "open": History("quick-open", date(2026, 1, 5), 9, 150, _NO_KABID),
}


def bench_config() -> Config:
    """The default config of a busier office: no daily quota, 5 + 3 counters.

    300 families a day need about 2,700 counter-minutes of verification and,
    once their KKs are ready, 1,700 of handovers: five application counters
    and three pickup counters serve that within the day (with overtime).
    """
    config = load_config(None)
    services = tuple(dataclasses.replace(s, daily_quota=None) for s in config.services)
    app = config.application_services()[0]
    pickup = config.pickup_services()[0]
    counters = tuple(
        Counter(n, f"Loket {n}", (app.code,), config.counters[0].printer) for n in range(1, 6)
    ) + tuple(
        Counter(n, f"Loket {n}", (pickup.code,), config.counters[-1].printer) for n in (6, 7, 8)
    )
    return dataclasses.replace(config, services=services, counters=counters)


# -- building the histories ------------------------------------------------------------
def build(history: History, config: Config, *, rebuild: bool = False) -> Path:
    """The cached store of ``history``, simulated now if missing or stale."""
    if not rebuild and history.built():
        return history.folder / "store"
    tmp = history.folder.with_name(history.folder.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    store = FileStore(tmp / "store", durable=False)
    store.initialise()
    clock = ManualClock(
        datetime.combine(history.start, datetime.min.time(), config.office.timezone)
    )
    office = Office(store, config, clock)
    began = time.perf_counter()
    print(f"building {history.name}: {history.days} days x {history.per_day} families (no fsync)")

    def progress(day: date, report: Any) -> None:
        if report.working_days % 10 == 0:
            spent = time.perf_counter() - began
            tx = store.marker()["gen"]
            print(
                f"  {day}: {report.tickets} tickets ({report.unserved} not served), "
                f"{tx} transactions, {spent:.0f} s",
                flush=True,
            )

    report = simulate(
        office,
        start=history.start,
        days=history.days,
        per_day=history.per_day,
        seed=history.seed,
        profile=history.profile,
        progress=progress,
    )
    print(f"  done in {report.wall_seconds:.0f} s ({report.days_per_second:.2f} days/s)")
    ref = SqliteRef(tmp / "ref.sqlite")
    loaded = ref.load_store(tmp / "store")
    ref.close()
    info = {"spec": history.spec(), "report": report.to_dict(), "sqlite": loaded}
    (tmp / "history.json").write_text(json.dumps(info, indent=2))
    shutil.rmtree(history.folder, ignore_errors=True)
    tmp.rename(history.folder)
    return history.folder / "store"


def folder_size(path: Path) -> tuple[int, float]:
    """Files and megabytes under ``path``."""
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files) / 1e6


# -- one store under test ----------------------------------------------------------------
class Target:
    """A TinyDB store and its SQLite twin, with the staff sessions to act."""

    def __init__(self, name: str, root: Path, ref: SqliteRef, config: Config) -> None:
        self.name = name
        self.root = root
        self.config = config
        self.clock = ManualClock(datetime(2000, 1, 1, tzinfo=config.office.timezone))
        self.office = Office(FileStore(root, durable=True), config, self.clock)
        self.ref = ref
        self.sessions: dict[Role, list[Session]] = {}
        self.service = config.application_services()[0]
        self.counter = next(c.number for c in config.counters if self.service.code in c.services)
        self.metrics: dict[str, Metric] = {}
        self.list_rows = 0

    def start(self, day: date) -> None:
        """Set the clock to ``day`` (after the store's history) and make sure of the staff."""
        self.clock.set(datetime.combine(day, datetime.min.time(), self.config.office.timezone))
        self.sessions = ensure_staff(self.office)

    def metric(self, key: str) -> Metric:
        return self.metrics.setdefault(key, Metric(key))

    def session(self, role: Role) -> Session:
        return self.sessions[role][0]

    def rep(self, day: date, sizes: dict[str, int], families: list[dict[str, Any]]) -> None:
        """One repetition of every measurement, on ``day``."""
        tz = self.config.office.timezone
        opening = self.config.hours.periods_on(day)[0][0]
        self.clock.set(datetime.combine(day, opening, tz) + timedelta(minutes=1))
        office, clock = self.office, self.clock
        kind = self.config.kinds[0]

        def take() -> None:
            clock.advance(seconds=10)
            office.queue.take_ticket(self.service.code, kind=kind.code)

        self.metric("ticket").add(sample(take for _ in range(sizes["tickets"])))
        drafts = self._drafts(sizes["cases"], families, kind.code)
        cases = [office.cases.show(cid) for cid in drafts]
        kasi = self.session(Role.KASI)
        self.metric("action").add(
            sample((lambda cid=cid: office.cases.review(kasi, cid, approve=True)) for cid in drafts)
        )
        lists = sample(lambda: office.cases.work_list(Role.KABID) for _ in range(sizes["lists"]))
        self.metric("list").add(lists)
        self.list_rows = len(office.cases.work_list(Role.KABID))
        self.metric("poll").add(sample(office.store.marker for _ in range(sizes["polls"])))
        self._rep_sqlite(sizes, cases)

    def _drafts(self, count: int, families: list[dict[str, Any]], kind: str) -> list[str]:
        """``count`` cases brought to the Kasi's review through the real workflow (untimed)."""
        office = self.office
        clerk, siak = self.session(Role.PENGOLAH_DATA), self.session(Role.ADMIN_SIAK)
        present = [r.code for r in self.config.kind(kind).requirements]
        out = []
        calls: list[float] = []  # the counter's "call next" is timed on the way
        for family in families[:count]:
            began = time.perf_counter()
            ticket = office.queue.call_next(clerk, self.counter)
            calls.append(time.perf_counter() - began)
            assert ticket is not None and ticket.case_id
            head = family["anggota"][0]
            office.cases.verify(
                clerk,
                ticket.case_id,
                present=present,
                applicant_name=head["nama_lengkap"],
                applicant_nik=head["nik"],
            )
            office.cases.input_family(siak, ticket.case_id, family)
            self.clock.advance(seconds=5)
            out.append(ticket.case_id)
        self.metric("call").add(calls)
        return out

    def _rep_sqlite(self, sizes: dict[str, int], cases: list[Any]) -> None:
        """The same four measurements on the SQLite twin, with the same drafts."""
        ref, clock = self.ref, self.clock
        for case in cases:  # untimed: the drafts as they were at the Kasi
            ref.put_case(case)
        prefix = self.service.prefix

        def take() -> None:
            clock.advance(seconds=10)
            ref.take_ticket(clock.now(), self.service.code, prefix)

        self.metric("sql.ticket").add(sample(take for _ in range(sizes["tickets"])))
        kasi = self.session(Role.KASI).staff_id
        self.metric("sql.action").add(
            sample((lambda c=c.id: ref.kasi_approve(c, kasi, clock.now())) for c in cases)
        )
        states = {"KABID_REVIEW"}
        lists = sample(lambda: ref.work_list(states) for _ in range(sizes["lists"]))
        self.metric("sql.list").add(lists)
        self.metric("sql.poll").add(sample(ref.marker for _ in range(sizes["polls"])))


# -- the run -------------------------------------------------------------------------------
FULL_SIZES = {"reps": 5, "tickets": 100, "cases": 50, "lists": 20, "polls": 300}
QUICK_SIZES = {"reps": 3, "tickets": 40, "cases": 20, "lists": 8, "polls": 100}
ROWS = (
    ("ticket", "(a) take a ticket"),
    ("action", "(b) Kasi paraf, step 4"),
    ("list", "(c) Kabid work list"),
    ("poll", "(d) poll, no change"),
    ("call", "(e) counter: call next"),
)


def working_days(after: date, count: int, config: Config) -> list[date]:
    """The next ``count`` working days after ``after``."""
    out: list[date] = []
    day = after
    while len(out) < count:
        day += timedelta(days=1)
        if config.hours.is_working_day(day):
            out.append(day)
    return out


def prepare(work: Path, roots: dict[str, Path], config: Config) -> list[Target]:
    """Copies of the cached histories (and a fresh empty store), each with its SQLite twin."""
    empty = work / "empty"
    FileStore(empty).initialise()
    targets = [Target("empty", empty, SqliteRef(work / "empty.sqlite"), config)]
    for key, root in roots.items():
        shutil.copytree(root, work / key)
        shutil.copy2(root.parent / "ref.sqlite", work / f"{key}.sqlite")
        targets.append(Target(key, work / key, SqliteRef(work / f"{key}.sqlite"), config))
    return targets


def run(args: argparse.Namespace) -> int:
    histories = QUICK if args.quick else HISTORIES
    sizes = dict(QUICK_SIZES if args.quick else FULL_SIZES)
    if args.reps:
        sizes["reps"] = args.reps
    config = bench_config()
    if args.build:
        build(histories[args.build], config, rebuild=args.rebuild)
        return 0
    roots = {key: build(h, config, rebuild=args.rebuild) for key, h in histories.items()}
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=CACHE))
    try:
        began = time.perf_counter()
        targets = prepare(work, roots, config)
        last = max(
            (a for a in (last_activity(t.office) for t in targets) if a is not None),
            default=datetime.now(config.office.timezone),
        )
        days = working_days(last.date() + timedelta(days=1), sizes["reps"], config)
        for t in targets:
            t.start(days[0] - timedelta(days=1))
            if t.name == "empty":
                t.ref.load_store(t.root)  # the staff the SQLite twin needs
        families = [fake_family(random.Random(i), today=days[0]) for i in range(sizes["cases"])]
        for i, day in enumerate(days):
            # each repetition starts with a different store, so none is always measured first
            for t in targets[i % len(targets) :] + targets[: i % len(targets)]:
                t.rep(day, sizes, families)
        print_report(targets, histories, sizes, args, time.perf_counter() - began)
    finally:
        for t in locals().get("targets", []):
            t.ref.db.close()
        if args.keep:
            print(f"kept the stores under {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def print_report(
    targets: list[Target],
    histories: dict[str, History],
    sizes: dict[str, int],
    args: argparse.Namespace,
    seconds: float,
) -> None:
    """The figures as a table, then each target checked."""
    by = {t.name: t for t in targets}
    empty, year, many = by["empty"], by["year"], by["open"]
    print()
    print(f"python bench/store.py{' --quick' if args.quick else ''}  ({seconds:.0f} s)")
    for key, h in histories.items():
        info = json.loads((h.folder / "history.json").read_text())
        files, mb = folder_size(h.folder / "store")
        r, sql = info["report"], info["sqlite"]
        print(
            f"  {key:<5} {h.name}: {h.days} days x {h.per_day} families from {h.start}; "
            f"{r['tickets']} tickets, {sql['cases']} cases ({r['open_at_end']} open), "
            f"{sql['audit']} audit events; {files} files, {mb:.0f} MB"
        )
    print(
        f"  {sizes['reps']} repetitions (one working day each) of: {sizes['tickets']} tickets, "
        f"{sizes['cases']} Kasi parafs, {sizes['lists']} Kabid lists, {sizes['polls']} polls "
        "per store; figures are medians over the repetitions, in ms; durable (fsync on)"
    )
    print(
        f"  Kabid list rows at the end: empty {empty.list_rows}, year {year.list_rows}, "
        f"open {many.list_rows}"
    )
    print()
    header = ["", "empty", "year", "year/empty", "5k open", "SQL empty", "SQL year", "SQL y/e"]
    header.append("SQL 5k open")
    rows = []
    for key, label in ROWS:
        for stat in ("median", "p95"):
            fs = [getattr(t.metric(key), stat) for t in (empty, year, many)]
            sq = [getattr(t.metric("sql." + key), stat) for t in (empty, year, many)]  # NaN: none
            rows.append(
                [f"{label} {'p50' if stat == 'median' else stat}", ms(fs[0]), ms(fs[1]),
                 ratio(fs[1], fs[0]), ms(fs[2]), ms(sq[0]), ms(sq[1]), ratio(sq[1], sq[0]),
                 ms(sq[2])]
            )  # fmt: skip
    print(table(header, rows))
    print()
    checks = [
        ("ticket p95, 5k open", many.metric("ticket").p95 * 1000, TARGETS["ticket"]),
        ("Kasi paraf p95, 5k open", many.metric("action").p95 * 1000, TARGETS["action"]),
        ("Kabid list of the 5k drafts, p95", many.metric("list").p95 * 1000, TARGETS["list"]),
    ]
    for label, got, want in checks:
        verdict = "ok" if got <= want else "MISSED"
        print(f"  {verdict:<6} {label}: {got:.2f} ms (target <= {want:g} ms)")
    for key, label in ROWS[:4]:
        for stat in ("median", "p95"):
            a, b = getattr(year.metric(key), stat), getattr(empty.metric(key), stat)
            verdict = "ok" if a / b <= 1.2 else "MISSED"
            print(f"  {verdict:<6} {label} {stat}: year/empty {a / b:.2f} (target <= 1.2)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="small histories: a fast sanity run")
    p.add_argument("--reps", type=int, help="repetitions (default 5, quick 3)")
    p.add_argument("--rebuild", action="store_true", help="simulate the histories again")
    p.add_argument(
        "--build", choices=("year", "open"), help="only build (or find) that history, then stop"
    )
    p.add_argument("--keep", action="store_true", help="keep the measured copies (for profiling)")
    return run(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
