"""The front office live: a kiosk, two counters and the display board as separate processes.

One store, four processes, one running office clock (``procs.common.LiveClock``):
the kiosk issues tickets the way its screen does (stored, then printed), two
counters call, recall and finish them, and the real ``kk display`` board
(headless, its own poll timer) announces every call. Checked: every ticket
called once by exactly one counter, every call and recall shown on the board
within one second of the counter's call returning, nothing announced twice,
and the store and its audit chain intact afterwards.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from helpers import MONDAY_9
from procs.storecheck import recover_and_check

pytestmark = pytest.mark.slow
TICKETS = 16
PACE = "1.1"  # seconds a counter spends on a ticket (and after a recall): a real call lasts
# minutes; the board announces only tickets still being served when it looks
SHOWN_WITHIN = 1.0  # seconds from a counter's call to the board announcing it


def test_kiosk_two_counters_and_the_display_as_separate_processes(office, fleet, tmp_path):
    root = str(office.store.root)
    clock = ["--store", root, "--at", MONDAY_9.isoformat(), "--live-t0", str(time.time())]
    counters_stop, display_stop = tmp_path / "counters-stop", tmp_path / "display-stop"
    fleet.spawn("display", "display_board.py", *clock, "--stop", str(display_stop))
    fleet.spawn("kiosk", "kiosk_issue.py", *clock, "--count", str(TICKETS), "--every", "0.3")
    for n, staff, recall in ((1, "LOKET1", "3"), (2, "LOKET2", "0")):
        fleet.spawn(
            f"counter{n}", "counter.py", *clock, "--counter", str(n), "--staff", staff,
            "--stop", str(counters_stop), "--pace", PACE, "--recall-every", recall,
        )  # fmt: skip
    fleet.go()
    issued = fleet.wait("kiosk")["kiosk"]
    counters_stop.touch()
    served = fleet.wait("counter1", "counter2")
    display_stop.touch()
    board = fleet.wait("display")["display"]

    # the kiosk: every ticket stored and printed, numbered without gaps
    assert [r["display"] for r in issued] == [f"A-{n:03d}" for n in range(1, TICKETS + 1)]
    assert all(r["printed"] for r in issued)
    taken = {r["id"] for r in issued}

    # the counters: every ticket called once, by one counter; both worked
    calls = {
        r["called"]: (int(name[-1]), r) for name, rs in served.items() for r in rs if "called" in r
    }
    called = [r["called"] for rs in served.values() for r in rs if "called" in r]
    assert sorted(called) == sorted(taken) and len(called) == len(set(called))
    assert all(any("called" in r for r in rs) for rs in served.values())
    recalls = [r for rs in served.values() for r in rs if "recalled" in r]
    assert recalls, "counter 1 recalls every third ticket"

    # the display: each call announced once, to the right counter, within a second
    *announced, final = board
    first_calls = [e for e in announced if not e["recall"]]
    assert Counter(e["ticket"] for e in first_calls) == Counter(taken)
    late = []
    for e in first_calls:
        counter, call = calls[e["ticket"]]
        assert (e["counter"], e["display"]) == (counter, call["display"])
        if e["wall"] - call["wall"] > SHOWN_WITHIN:
            late.append((e["display"], round(e["wall"] - call["wall"], 2)))
    assert not late, f"calls shown later than {SHOWN_WITHIN} s: {late}"
    # every recall announced again, within a second of the counter's recall
    shown_recalls = {e["ticket"]: e for e in announced if e["recall"]}
    assert set(shown_recalls) == {r["recalled"] for r in recalls}
    for r in recalls:
        assert shown_recalls[r["recalled"]]["wall"] - r["wall"] <= SHOWN_WITHIN
    # at the end no counter serves anyone: the board is empty again
    assert final == {"serving": {"1": "", "2": "", "3": ""}}

    state = recover_and_check(office.store.root, claims=TICKETS)  # each print claimed once
    assert state.chain.ok
    assert state.events["ticket.take"] == TICKETS
    assert state.events["ticket.call"] == TICKETS
    assert state.events["ticket.recall"] == len(recalls)
    assert {t["state"] for t in state.tickets.values()} <= {"DONE", "SKIPPED"}
