"""The simulator: real traffic through the real workflow, checked against the store itself."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

import shared.auth
from shared.audit import verify_chain
from shared.clock import OFFICE_TZ, ManualClock, SystemClock
from shared.config import load_config
from shared.errors import DomainError
from shared.model import Case, TicketState
from shared.office import Office
from shared.simulate import Profile, SimReport, simulate
from shared.sop import FINAL_STATES, CaseState
from shared.store.filestore import FileStore
from shared.store.repo import Repo
from shared.workflow import ACTIONS

START = date(2026, 11, 23)  # a Monday; five working days follow
DAYS, PER_DAY, SEED = 5, 20, 7
# Short Kabid delays and generous rejection rates, so five days see every loop.
PROFILE = Profile(
    kasi_reject_rate=0.2,
    kabid_reject_rate=0.25,
    kabid_days=(0, 1),
    kabid_again_days=(0, 1),
    pickup_days=(0, 1),
)


def _run(root: Path, config: Any = None, **kwargs: Any) -> tuple[Office, SimReport]:
    config = config or load_config(None)
    store = FileStore(root, durable=False)
    store.initialise()
    clock = ManualClock(datetime.combine(START, time(0), tzinfo=OFFICE_TZ))
    office = Office(store, config, clock)
    args = {"start": START, "days": DAYS, "per_day": PER_DAY, "seed": SEED, "profile": PROFILE}
    args.update(kwargs)
    return office, simulate(office, **args)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Office, SimReport]]:
    """The same simulation twice, on two fresh stores (PIN hashing made cheap)."""
    saved = shared.auth.SCRYPT_N
    shared.auth.SCRYPT_N = 2**4
    try:
        return [_run(tmp_path_factory.mktemp(f"sim{i}") / "store") for i in range(2)]
    finally:
        shared.auth.SCRYPT_N = saved


@pytest.fixture(scope="module")
def run(runs: list[tuple[Office, SimReport]]) -> tuple[Office, SimReport]:
    return runs[0]


def _all_cases(repo: Repo) -> list[Case]:
    cases = [repo.get_case(row["id"]) for row in repo.open_case_rows()]
    for month in repo.archive_months():
        cases.extend(repo.archived_cases(month))
    return cases


def _all_tickets(repo: Repo) -> list[Any]:
    return [t for d in repo.ticket_days() for t in repo.tickets_of_day(date.fromisoformat(d))]


def test_same_seed_gives_the_same_run(runs: list[tuple[Office, SimReport]]) -> None:
    (a_office, a), (b_office, b) = runs
    strip = {"wall_seconds", "days_per_second"}
    assert {k: v for k, v in a.to_dict().items() if k not in strip} == {
        k: v for k, v in b.to_dict().items() if k not in strip
    }
    with a_office.read() as ra, b_office.read() as rb:
        states_a = sorted((c.id, c.state.value, len(c.history)) for c in _all_cases(ra))
        states_b = sorted((c.id, c.state.value, len(c.history)) for c in _all_cases(rb))
    assert states_a == states_b


def test_every_loop_of_the_sop_happens(run: tuple[Office, SimReport]) -> None:
    _, report = run
    assert report.working_days == DAYS
    assert report.returned >= 1
    assert report.kasi_rejections >= 1
    assert report.kabid_rejections >= 1
    assert report.cancelled >= 1
    assert report.handed_over >= 1


def test_report_agrees_with_the_store(run: tuple[Office, SimReport]) -> None:
    office, report = run
    pickup = {s.code for s in office.config.pickup_services()}
    with office.read() as repo:
        tickets = _all_tickets(repo)
        cases = _all_cases(repo)
        open_rows = repo.open_case_rows()
        gen = repo.meta["gen"]
        open_jobs = repo.open_jobs()
    states = Counter(c.state for c in cases)
    actions = Counter(h.action for c in cases for h in c.history)
    assert report.tickets == len(tickets)
    assert report.pickup_tickets == sum(t.service in pickup for t in tickets)
    assert report.unserved == sum(t.state == TicketState.WAITING for t in tickets)
    assert report.cases_opened == len(cases)
    assert report.returned == states[CaseState.RETURNED]
    assert report.cancelled == states[CaseState.CANCELLED]
    assert report.handed_over == states[CaseState.HANDED_OVER]
    assert (
        report.open_at_end
        == len(open_rows)
        == sum(n for s, n in states.items() if s not in FINAL_STATES)
    )
    assert report.kasi_rejections == actions["kasi_reject"]
    assert report.kabid_rejections == actions["kabid_reject"]
    assert report.ready == actions["register"]
    assert report.transactions == gen
    assert open_jobs == []  # the simulated print station printed everything


def test_ticket_numbers_are_gapless_per_day_and_service(run: tuple[Office, SimReport]) -> None:
    office, _ = run
    with office.read() as repo:
        tickets = _all_tickets(repo)
    numbers: dict[tuple[date, str], list[int]] = {}
    for t in tickets:
        numbers.setdefault((t.day, t.service), []).append(t.number)
    assert numbers
    for key, got in numbers.items():
        assert sorted(got) == list(range(1, len(got) + 1)), key
    assert all(office.config.hours.is_working_day(day) for day, _ in numbers)


def test_no_ticket_is_left_called_at_a_counter(run: tuple[Office, SimReport]) -> None:
    office, _ = run
    with office.read() as repo:
        assert not [t.id for t in _all_tickets(repo) if t.state == TicketState.CALLED]


def test_case_histories_follow_the_sop_in_time_order(run: tuple[Office, SimReport]) -> None:
    office, _ = run
    with office.read() as repo:
        cases = _all_cases(repo)
    for case in cases:
        first, *rest = case.history
        assert first.to_state == CaseState.VERIFYING and first.step == 1, case.id
        state, at = first.to_state, first.at
        for h in rest:
            assert h.from_state == state, (case.id, h.action)
            assert h.at >= at, (case.id, h.action)
            if h.action in ACTIONS:
                action = ACTIONS[h.action]
                assert state in action.from_states and h.to_state == action.to_state, case.id
                assert h.step == action.step and h.role == action.role, case.id
            else:
                assert h.action == "no_show" and h.to_state == CaseState.CANCELLED
            state, at = h.to_state, h.at
        assert state == case.state
        if case.input_by:
            reviewers = {p.staff_id for p in case.parafs}
            assert case.input_by not in reviewers  # four eyes


def test_audit_chain_verifies_and_time_never_goes_back(run: tuple[Office, SimReport]) -> None:
    office, _ = run
    report = verify_chain(office.store)
    assert report.ok, report
    with office.read() as repo:
        stamps = [
            datetime.fromisoformat(e["at"])
            for path in repo.audit_files()
            for e in repo.tx.read_log(path)
        ]
    assert len(stamps) == report.events
    assert stamps == sorted(stamps)
    assert all(office.config.hours.is_working_day(s.date()) for s in stamps[1:])


def test_daily_quota_stops_the_kiosk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared.auth, "SCRYPT_N", 2**4)
    config = load_config(None)
    services = tuple(
        dataclasses.replace(s, daily_quota=6) if s.kind == "application" else s
        for s in config.services
    )
    config = dataclasses.replace(config, services=services)
    _, report = _run(tmp_path / "store", config, days=1, per_day=10)
    assert report.tickets - report.pickup_tickets == 6
    assert report.refused == 4


def test_simulate_needs_a_manual_clock(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "store")
    store.initialise()
    office = Office(store, load_config(None), SystemClock())
    with pytest.raises(TypeError):
        simulate(office, start=START, days=1, per_day=1)


def test_kk_simulate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from shared.cli.main import main

    store = tmp_path / "store"
    argv = ["simulate", "--store", str(store), "--start", "2026-11-23", "--per-day", "4"]
    assert main([*argv, "--fast", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["working_days"] == 1 and data["tickets"] >= 4
    assert main([*argv, "--start", "2026-11-24"]) == 0
    assert "hari kerja" in capsys.readouterr().out
    assert main([*argv, "--start", "2026-11-20"]) == 1  # before what the store holds
    assert "24-11-2026" in capsys.readouterr().err


def test_a_second_run_moves_on_the_cases_a_first_run_left_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shared.auth, "SCRYPT_N", 2**4)
    office, first = _run(tmp_path / "store", days=1, per_day=8)
    assert first.open_at_end > 0
    second = simulate(office, start=date(2026, 11, 24), days=4, per_day=0, seed=2, profile=PROFILE)
    assert second.adopted > 0 and second.ready > 0
    assert verify_chain(office.store).ok
    with office.read() as repo:
        stuck = [r for r in repo.open_case_rows() if r["state"] not in ("READY", "VERIFYING")]
    assert len(stuck) < first.open_at_end
    clock = ManualClock(datetime.combine(START, time(0), tzinfo=OFFICE_TZ))
    again = Office(office.store, office.config, clock)
    with pytest.raises(DomainError):  # never back in time behind what the store holds
        simulate(again, start=START, days=1, per_day=1)
