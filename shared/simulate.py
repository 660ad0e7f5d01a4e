"""``kk simulate``: days of realistic office traffic through the real workflow.

:func:`simulate` drives an :class:`~shared.office.Office` whose clock is a
:class:`~shared.clock.ManualClock`: families arrive at the kiosk over the
morning, counters call and verify them, the back office inputs, initials,
prints, signs and registers, and citizens come back to collect their KK,
each act one real service-layer call stored with its audit event. Time
only moves when the simulator moves the clock, so a simulated month takes
seconds and every stored timestamp is a simulated one. Used for demos, for
tests, and to build the benchmarks' history.

Working days only (weekends and the configured holidays are skipped); the
rates and delays are in :class:`~shared.simulate_data.Profile`.
"""

from __future__ import annotations

import argparse
import random
import time as wall
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from shared.clock import ManualClock
from shared.errors import DomainError
from shared.office import Office, Session
from shared.simulate_data import EXTRA_STAFF, Profile, SimReport
from shared.simulate_engine import Engine
from shared.sop import Role

__all__ = ["Profile", "SimReport", "ensure_staff", "last_activity", "run_cli", "simulate"]

# Kinds after which a new Nomor KK is issued (the family brings no number).
NEW_NUMBER_KINDS = ("baru_menikah", "baru_ganti_kepala", "pisah_kk", "pindah_datang")


def simulate(
    office: Office,
    *,
    start: date,
    days: int,
    per_day: int,
    seed: int = 1,
    progress: Callable[[date, SimReport], None] | None = None,
    profile: Profile | None = None,
) -> SimReport:
    """Run ``days`` calendar days from ``start`` with ``per_day`` new families a working day.

    ``office.clock`` must be a :class:`ManualClock` not later than ``start``;
    it ends at the time of the last simulated act. The store must exist;
    missing demo staff are added. ``progress(day, report)`` is called as each
    working day begins and once at the end. The same seed on the same store
    content gives the same run.
    """
    clock = office.clock
    if not isinstance(clock, ManualClock):
        raise TypeError("simulate() needs an Office whose clock is a ManualClock")
    if days < 1 or per_day < 0:
        raise ValueError("days must be at least 1 and per_day not negative")
    if clock.now().date() > start:
        raise ValueError(f"the clock ({clock.now():%Y-%m-%d}) is already past the start ({start})")
    if clock.now().date() < start:
        clock.set(datetime.combine(start, time(0), tzinfo=clock.tz))
    last = last_activity(office)
    if last is not None and last.date() > start:
        raise DomainError("simulate.store_ahead", last=last.strftime("%d-%m-%Y"))
    if last is not None and last > clock.now():
        clock.set(last)  # the clock never goes back behind what the store already holds
    began = wall.perf_counter()
    gen_before = office.store.marker()["gen"]
    staff = ensure_staff(office)
    engine = Engine(
        office,
        clock,
        start=start,
        days=days,
        per_day=per_day,
        seed=seed,
        profile=profile or Profile(),
        staff=staff,
        family_of=_family,
        progress=progress,
    )
    report = engine.run()
    report.transactions = office.store.marker()["gen"] - gen_before
    report.wall_seconds = wall.perf_counter() - began
    return report


def last_activity(office: Office) -> datetime | None:
    """The time of the store's last audit event (``None`` for an empty store)."""
    with office.read() as repo:
        head = repo.meta.get("audit")
        if not head:
            return None
        path = f"audit/{head['day'][:7]}/{head['day']}.jsonl"
        last = None
        for event in repo.tx.read_log(path):
            last = event
    return datetime.fromisoformat(last["at"]) if last else None


def ensure_staff(office: Office) -> dict[Role, list[Session]]:
    """Add the demo staff (and one clerk per counter) if missing; sessions by role.

    The simulator acts through :class:`Session` objects directly, without PINs.
    """
    from shared.demo import DEMO_STAFF

    existing = {s.id: s for s in office.staff.list()}
    clerks_needed = len(office.config.counters) + 1
    wanted = list(DEMO_STAFF)
    extra_clerks = [s for s in EXTRA_STAFF if s[2] == Role.PENGOLAH_DATA]
    demo_clerks = sum(1 for s in DEMO_STAFF if s[2] == Role.PENGOLAH_DATA)
    wanted += extra_clerks[: max(0, clerks_needed - demo_clerks)]
    wanted += [s for s in EXTRA_STAFF if s[2] != Role.PENGOLAH_DATA]
    for sid, name, role, pin in wanted:
        if sid not in existing:
            existing[sid] = office.staff.add(sid, name, role, pin)
    by_role: dict[Role, list[Session]] = {r: [] for r in Role}
    for s in sorted(existing.values(), key=lambda s: (len(s.id), s.id)):
        if s.active:
            by_role[s.role].append(Session(s.id, s.role, s.role.value.lower()))
    for role in (Role.PENGOLAH_DATA, Role.ADMIN_SIAK, Role.KASI, Role.KABID, Role.KEPALA_DINAS):
        if not by_role[role]:
            raise ValueError(f"no active staff with role {role.value}")
    clerks = by_role[Role.PENGOLAH_DATA]
    while len(clerks) < len(office.config.counters):
        clerks.append(clerks[len(clerks) % len(clerks)])
    return by_role


def _family(rng: random.Random, today: date, kind: str) -> dict[str, Any]:
    """An invented family; kinds that make a new KK bring no Nomor KK."""
    from shared.fake import fake_family

    family = fake_family(rng, today=today)
    if kind in NEW_NUMBER_KINDS:
        family["nomor_kk"] = None
    return family


# -- the command line ------------------------------------------------------------------
def run_cli(args: argparse.Namespace) -> int:
    """``kk simulate``: open (or create) the store, run, print a summary."""
    from shared.cli.context import config_of, emit, lang
    from shared.cli.context import store_path as path_of
    from shared.i18n import t
    from shared.store.filestore import FileStore

    config = config_of(args)
    tz = config.office.timezone
    store = FileStore(path_of(args, config), durable=not getattr(args, "fast", False))
    store.initialise()
    office = Office(store, config, ManualClock(datetime.now(tz), tz))
    if args.start:
        try:
            start = date.fromisoformat(args.start)
        except ValueError:
            raise DomainError("simulate.bad_start", start=args.start) from None
    else:
        last = last_activity(office)
        start = datetime.now(tz).date()
        if last is not None and last.date() >= start:  # simulate on after what is stored
            start = last.date() + timedelta(days=1)
    office.clock = ManualClock(datetime.combine(start, time(0), tzinfo=tz), tz)
    profile = Profile(real_print=bool(getattr(args, "print", False)))
    report = simulate(
        office, start=start, days=args.days, per_day=args.per_day, seed=args.seed, profile=profile
    )
    text = t("simulate.summary", lang(args), **_summary_params(report, str(store.root)))
    emit(args, {"store": str(store.root), **report.to_dict()}, text)
    return 0


def _summary_params(report: SimReport, store: str) -> dict[str, Any]:
    params = report.to_dict()
    params["store"] = store
    params["start"] = report.start.strftime("%d-%m-%Y")
    params["end"] = report.end.strftime("%d-%m-%Y")
    params["wall_seconds"] = f"{report.wall_seconds:.1f}"
    params["days_per_second"] = f"{report.days_per_second:.1f}"
    return params
