"""Two print stations as real processes on one queue: every job printed exactly once."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers import case_in

from shared.document_print import file_name
from shared.model import PrintStatus
from shared.sop import CaseState

pytestmark = pytest.mark.slow
JOBS = 20


def test_two_print_stations_racing_print_every_job_exactly_once(office, sessions, fleet, tmp_path):
    for _ in range(JOBS):
        case_in(office, sessions, CaseState.KASI_REVIEW)  # each queues its draft KK
    queued = [j for j in office.printing.jobs() if j.kind == "draft_kk"]
    assert len(queued) == JOBS
    spool = tmp_path / "spool"
    at = office.clock.now().isoformat()
    for name in ("print-1", "print-2"):
        fleet.spawn(
            name,
            "print_docs.py",
            *("--store", str(office.store.root), "--at", at),
            *("--spool", str(spool), "--worker", name),
        )
    fleet.go()
    out = fleet.wait()

    printed = [line["job"] for lines in out.values() for line in lines]
    assert Counter(printed) == Counter({job.id: 1 for job in queued})
    assert all(line["status"] == "PRINTED" for lines in out.values() for line in lines)
    assert all(out[name] for name in out), "both stations printed some of the jobs"
    assert sorted(p.name for p in spool.iterdir()) == sorted(file_name(j) for j in queued)

    with office.read() as repo:
        done, _ = repo.done_jobs(office.now().strftime("%Y-%m"))
    finished = [j for j in done if j.kind == "draft_kk"]
    assert Counter(j.id for j in finished) == Counter({job.id: 1 for job in queued})
    assert {j.status for j in finished} == {PrintStatus.PRINTED}
    assert all(j.attempts == 1 for j in finished)
    assert not [j for j in office.printing.jobs() if j.kind == "draft_kk"]
    with office.read() as repo:
        events = list(repo.audit_events_of_day(office.now().date()))
    prints = Counter(e["entity_id"] for e in events if e["action"] == "print.done")
    assert prints == Counter({job.id: 1 for job in queued})
