"""Print station: time to queue a KK and to print it from the queue, for 4 and 12 members.

Run from the repository root::

    /tmp/venv/bin/python bench/print_station.py               # 3 repetitions of 10 KKs
    /tmp/venv/bin/python bench/print_station.py --runs 3      # a quick look
    /tmp/venv/bin/python bench/print_station.py --cups KANTOR # lp to a real CUPS queue

Everything goes through the real service layer on a durable store (one fsync
a transaction), as in the office:

- ``queue draft``: step 3, :meth:`CaseFlow.input_family`: the family
  validated and stored, a Nomor KK issued, the ``draft_kk`` job queued, the
  audit event (one transaction);
- ``print draft``: :func:`shared.document_print.print_document_job` on that
  job: claim, read the case, render the draft (watermark), write the PDF to
  the spool folder (or hand it to ``lp``), record it printed;
- ``queue final``: step 7, :meth:`CaseFlow.final_print` (the ``final_kk`` job);
- ``print final``: the KK after the Kepala Dinas signed (step 8): rendered
  with the signature's QR code, written, recorded;
- ``queue+print``: ``queue final`` + ``print final``, what one KK costs from
  the SIAK operator's click to the PDF in the spool.

Families with names as long as the record allows
(:func:`shared.kk_samples.long_names_family`, the worst case for wrapping).
The cases are moved between the timed steps by the real workflow, untimed.
Figures: the median over repetitions of each repetition's median and p95, in ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _common import Metric, ms, sample, table  # noqa: E402

from shared.clock import OFFICE_TZ, ManualClock  # noqa: E402
from shared.config import PrinterConfig, load_config  # noqa: E402
from shared.document_print import print_document_job  # noqa: E402
from shared.kk_samples import long_names_family  # noqa: E402
from shared.model import PrintStatus  # noqa: E402
from shared.office import Office, Session  # noqa: E402
from shared.signing import sign_kk  # noqa: E402
from shared.signing_keys import init_keys  # noqa: E402
from shared.sop import Role  # noqa: E402
from shared.store.filestore import FileStore  # noqa: E402

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=OFFICE_TZ)
METRICS = ("queue draft", "print draft", "queue final", "print final", "queue+print")
STAFF = {
    "LOKET1": Role.PENGOLAH_DATA,
    "SIAK1": Role.ADMIN_SIAK,
    "KASI1": Role.KASI,
    "KABID1": Role.KABID,
    "KADIS": Role.KEPALA_DINAS,
}


class Bench:
    """One durable store, its office printing to ``printer``, staff and a signing key."""

    def __init__(self, root: Path, printer: PrinterConfig) -> None:
        config = load_config(None)
        config = dataclasses.replace(
            config, printers={**config.printers, config.document_printer: printer}
        )
        store = FileStore(root / "store", durable=True)
        store.initialise()
        self.clock = ManualClock(MONDAY_9)
        self.office = Office(store, config, self.clock)
        for sid, role in STAFF.items():
            self.office.staff.add(sid, sid.title(), role, "135790")
        self.s = {sid: Session(sid, role, "bench") for sid, role in STAFF.items()}
        self.signer = init_keys(root / "keys", "bench-passphrase")
        svc = config.application_services()[0].code
        self.service = svc
        self.counter = next(c.number for c in config.counters if svc in c.services)

    def case_at_input(self) -> str:
        """A new case waiting for step 3 (untimed)."""
        self.clock.advance(timedelta(seconds=20))
        office, kind = self.office, self.office.config.kinds[0]
        office.queue.take_ticket(self.service, kind=kind.code)
        ticket = office.queue.call_next(self.s["LOKET1"], self.counter)
        assert ticket is not None and ticket.case_id
        present = [r.code for r in kind.requirements]
        office.cases.verify(
            self.s["LOKET1"], ticket.case_id, present=present,
            applicant_name="Bench", applicant_nik="6171011708900003",
        )  # fmt: skip
        return ticket.case_id

    def job(self, case_id: str, kind: str) -> str:
        jobs = [j for j in self.office.printing.jobs() if j.ref == case_id and j.kind == kind]
        return jobs[-1].id

    def printed(self, job_id: str) -> None:
        done = print_document_job(self.office, job_id, worker="bench")
        if done.status != PrintStatus.PRINTED:
            raise SystemExit(f"{job_id} not printed: {done.error}")

    def reviewed_and_signed(self, case_id: str) -> None:
        """Steps 4 and 5 (untimed), ready for step 7."""
        self.office.cases.review(self.s["KASI1"], case_id, approve=True)
        self.office.cases.review(self.s["KABID1"], case_id, approve=True)

    def sign(self, case_id: str) -> None:
        case = self.office.cases.show(case_id)
        signature = sign_kk(self.signer, case.family, case.nomor_kk, case.issued_on)
        self.office.cases.sign(self.s["KADIS"], case_id, signature)


def once(fn: Callable[..., object], *args: object) -> float:
    """Seconds one call ``fn(*args)`` takes (garbage collection paused)."""
    return sample([functools.partial(fn, *args)])[0]


def measure(bench: Bench, members: int, runs: int, reps: int) -> list[Metric]:
    """The figures of :data:`METRICS` for families of ``members``."""
    metrics = {name: Metric(name) for name in METRICS}
    today = MONDAY_9.date()
    for rep in range(reps):
        times: dict[str, list[float]] = {name: [] for name in METRICS}
        for run in range(runs):
            family = long_names_family(rep * runs + run, members, today=today)
            cid = bench.case_at_input()
            siak = bench.s["SIAK1"]
            times["queue draft"].append(once(bench.office.cases.input_family, siak, cid, family))
            times["print draft"].append(once(bench.printed, bench.job(cid, "draft_kk")))
            bench.reviewed_and_signed(cid)
            queued = once(bench.office.cases.final_print, siak, cid)
            bench.sign(cid)
            printed = once(bench.printed, bench.job(cid, "final_kk"))
            times["queue final"].append(queued)
            times["print final"].append(printed)
            times["queue+print"].append(queued + printed)
        for name in METRICS:
            metrics[name].add(times[name])
    return [metrics[name] for name in METRICS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="KKs per repetition")
    parser.add_argument("--reps", type=int, default=3, help="repetitions")
    parser.add_argument("--cups", metavar="QUEUE", help="print with lp to this CUPS queue")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.cups:
            printer = PrinterConfig("kantor", "cups", None, {"queue": args.cups})
        else:
            printer = PrinterConfig("kantor", "spool", None, {"path": root / "spool"})
        for members in (4, 12):
            bench = Bench(root / f"m{members}", printer)
            measure(bench, members, 1, 1)  # warm up: fonts loaded, first files made
            cells = [f"{members} members, long names"]
            for m in measure(bench, members, args.runs, args.reps):
                cells += [ms(m.median), ms(m.p95)]
            rows.append(cells)
    header = ["family"]
    for name in METRICS:
        header += [f"{name} p50", "p95"]
    where = f"CUPS queue {args.cups}" if args.cups else "spool folder"
    print(f"A4 printer: {where}; store durable; milliseconds")
    print(table(header, rows))


if __name__ == "__main__":
    main()
