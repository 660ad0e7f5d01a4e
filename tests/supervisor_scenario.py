"""A morning with known numbers, for the supervisor's overview (domain and screen tests).

Monday from 09:00, service KK (tickets A), counters 1 and 2:

- A-001 taken 09:00, called 09:04 at counter 1 (wait 4), file incomplete: returned;
- A-002 taken 09:04, called 09:10 at counter 2 (wait 6), file complete: the case
  goes to SIAK input (step 3) at 09:10;
- A-003 taken 09:10, called 09:12 at counter 1 (wait 2), did not come: skipped;
- A-004 taken 09:12, still waiting;
- a pickup (B) ticket: none.

At 09:20 (the clock is left there): 1 waiting, 2 served, 1 no-show, median
wait 4 minutes; counters 1 and 2 open (called within 30 minutes), counter 3
closed; one open case at step 3, 10 working minutes old against 5: late.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers import all_present

from shared.clock import ManualClock
from shared.office import Office, Session


@dataclass
class Morning:
    returned: str  # the case of A-001
    late: str  # the case of A-002, at step 3 since 09:10
    skipped: str  # the case of A-003, cancelled as a no-show


def busy_morning(office: Office, s: dict[str, Session], clock: ManualClock) -> Morning:
    queue, cases = office.queue, office.cases
    queue.take_ticket("KK", kind="baru_menikah")  # 09:00
    clock.advance(minutes=4)
    first = queue.call_next(s["LOKET1"], 1)  # 09:04, waited 4
    queue.take_ticket("KK", kind="baru_menikah")  # 09:04
    assert first is not None and first.case_id
    cases.verify(s["LOKET1"], first.case_id, present=[])
    clock.advance(minutes=6)
    second = queue.call_next(s["LOKET2"], 2)  # 09:10, waited 6
    assert second is not None and second.case_id
    cases.verify(
        s["LOKET2"],
        second.case_id,
        present=all_present(office, "baru_menikah"),
        applicant_name="Budi Santoso",
        applicant_nik="6171011708900003",
    )
    queue.take_ticket("KK", kind="baru_menikah")  # 09:10
    clock.advance(minutes=2)
    third = queue.call_next(s["LOKET1"], 1)  # 09:12, waited 2
    assert third is not None and third.case_id
    queue.skip(s["LOKET1"], 1)
    queue.take_ticket("KK", kind="baru_menikah")  # 09:12, waiting
    clock.advance(minutes=8)  # 09:20
    return Morning(first.case_id, second.case_id, third.case_id)
