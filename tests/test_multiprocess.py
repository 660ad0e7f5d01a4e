"""Kiosks and counters as real, separate processes on one store: nothing lost, nothing doubled.

Each worker (``tests/procs/``) is a fresh Python process. All of them import
and open the office first, say so with a ready file, then start together
when the test creates the go file, so their transactions really contend for
the store's lock.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from procs.fleet import TIMEOUT
from procs.storecheck import recover_and_check

from shared.audit import verify_chain
from shared.errors import DomainError, StoreError
from shared.store.filestore import FileStore

pytestmark = pytest.mark.slow


def at(office) -> str:
    return office.clock.now().isoformat()


def test_eight_kiosk_processes_take_400_tickets_numbered_without_gaps(office, fleet):
    root = str(office.store.root)
    gen0 = office.store.marker()["gen"]
    events0 = verify_chain(office.store).events
    # Six kiosks alternate application (KK) and pickup (AMBIL) tickets, two take
    # pickups only: 150 KK tickets, exactly the default daily quota, and 250 AMBIL.
    plans = ["KK,AMBIL"] * 6 + ["AMBIL"] * 2
    for i, plan in enumerate(plans):
        fleet.spawn(
            f"kiosk{i}", "take_tickets.py", "--store", root, "--at", at(office),
            "--services", plan, "--count", "50",
        )  # fmt: skip
    fleet.go()
    returned = fleet.wait()

    assert all(len(lines) == 50 for lines in returned.values())
    ids = [r["id"] for lines in returned.values() for r in lines]
    state = recover_and_check(office.store.root)
    assert len(state.tickets) == len(set(ids)) == 400
    assert set(ids) == set(state.tickets)
    for service, count in (("KK", 150), ("AMBIL", 250)):
        numbers = sorted(t["number"] for t in state.tickets.values() if t["service"] == service)
        assert numbers == list(range(1, count + 1))
        displays = [t["display"] for t in state.tickets.values() if t["service"] == service]
        assert len(set(displays)) == count
    # what each process was told matches what the store kept
    for lines in returned.values():
        for r in lines:
            kept = state.tickets[r["id"]]
            assert (kept["service"], kept["number"], kept["display"]) == (
                r["service"], r["number"], r["display"],
            )  # fmt: skip
    assert state.chain.ok and state.chain.events == events0 + 400
    assert state.events["ticket.take"] == 400
    # and the kiosks really took turns: some kiosk's pickup numbers are not one block
    pickups = [[r["number"] for r in ls if r["service"] == "AMBIL"] for ls in returned.values()]
    assert any(n != sorted(n) or n[-1] - n[0] != len(n) - 1 for n in pickups)
    assert state.gen == gen0 + 400
    with pytest.raises(DomainError) as refused:  # the quota held across processes
        office.queue.take_ticket("KK")
    assert refused.value.key == "queue.quota"


def test_two_counters_never_call_a_ticket_twice_while_four_kiosks_take(office, fleet, tmp_path):
    root = str(office.store.root)
    gen0 = office.store.marker()["gen"]
    stop = tmp_path / "kiosks-done"
    kiosks = [f"kiosk{i}" for i in range(4)]
    for name in kiosks:
        fleet.spawn(
            name, "take_tickets.py", "--store", root, "--at", at(office),
            "--services", "KK", "--count", "30",
        )  # fmt: skip
    for n, staff in ((1, "LOKET1"), (2, "LOKET2")):
        fleet.spawn(
            f"counter{n}", "counter.py", "--store", root, "--at", at(office),
            "--counter", str(n), "--staff", staff, "--stop", str(stop),
        )  # fmt: skip
    fleet.go()
    taken = fleet.wait(*kiosks)
    stop.touch()
    served = fleet.wait("counter1", "counter2")

    taken_ids = {r["id"] for lines in taken.values() for r in lines}
    calls = [(name, r) for name, lines in served.items() for r in lines if "called" in r]
    called_ids = [r["called"] for _, r in calls]
    assert len(taken_ids) == 120
    assert sorted(called_ids) == sorted(taken_ids)  # each ticket called once, none missed
    assert all(len(lines) > 0 for lines in served.values())  # both counters worked

    state = recover_and_check(office.store.root)
    for name, r in calls:
        ticket = state.tickets[r["called"]]
        assert ticket["counter"] == int(name[-1])
        assert ticket["case_id"] == r["case"] and r["case"] in state.cases
        assert ticket["state"] in ("DONE", "SKIPPED")
    finished = Counter(r["how"] for lines in served.values() for r in lines if "how" in r)
    outcomes = Counter(state.cases[r["case"]]["state"] for _, r in calls)
    assert outcomes == {"RETURNED": finished["verify"], "CANCELLED": finished["skip"]}
    assert state.events["ticket.call"] == state.events["case.open"] == 120
    assert state.chain.ok
    assert state.gen == gen0 + 120 * 3  # take, call, skip-or-verify


LOCK_WAIT = 0.5  # seconds a kiosk may wait for the store while another process is busy


def test_a_process_is_not_locked_out_while_another_writes_back_to_back(office, fleet):
    """A busy writer (a bulk import, the simulator, a counter draining the queue) must
    not lock the kiosks out.

    With plain filelock polling (a non-blocking flock, then 50 ms of sleep), a
    process that releases and re-takes the lock within microseconds nearly always
    won: waits of 4-8 s were measured. The store's FairLock makes such a writer
    queue up behind announced waiters.
    """
    root = str(office.store.root)
    gen0 = office.store.marker()["gen"]
    fleet.spawn(
        "busy", "take_tickets.py", "--store", root, "--at", at(office),
        "--services", "AMBIL", "--count", "1000000",
    )  # fmt: skip
    fleet.go()
    deadline = time.monotonic() + TIMEOUT
    while office.store.marker()["gen"] < gen0 + 10:  # the busy writer is under way
        assert time.monotonic() < deadline and fleet.procs["busy"].poll() is None
        time.sleep(0.005)
    waits: list[float | None] = []
    for _ in range(6):
        started = time.monotonic()
        try:
            with FileStore(root, lock_timeout=LOCK_WAIT).snapshot():
                waits.append(round(time.monotonic() - started, 3))
        except StoreError:
            waits.append(None)  # "store busy"
        time.sleep(0.1)  # the kiosk's next action comes a little later
    assert None not in waits, f"waits for the lock (None: gave up after {LOCK_WAIT} s): {waits}"
