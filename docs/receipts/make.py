"""Render the sample receipts of the docs into this folder (PNG, 203 dpi, 58 and 80 mm).

    /tmp/venv/bin/python docs/receipts/make.py

Each receipt is built by the same builders the kiosk uses, from made-up
records (no real person): a queue ticket in Indonesian and in English, a
priority ticket, a pickup-queue ticket, and the counter's receipts (return slip,
pickup receipt in both languages, proof of handover). The ``.bin`` next to each PNG is
what the printer receives.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from shared.clock import OFFICE_TZ  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.counter_receipts import handover_proof, pickup_receipt, return_slip  # noqa: E402
from shared.model import Case, Ticket  # noqa: E402
from shared.receipt_escpos import receipt_bytes  # noqa: E402
from shared.receipt_png import render_png  # noqa: E402
from shared.receipts import Receipt, pickup_ticket_receipt, queue_ticket_receipt  # noqa: E402
from shared.sop import CaseState  # noqa: E402

TAKEN = datetime(2026, 11, 23, 9, 5, tzinfo=OFFICE_TZ)


def samples() -> dict[str, Receipt]:
    """The receipts shown in the docs, by file stem."""
    config = load_config(None)
    day = TAKEN.date()
    queue = Ticket("T-261123-A012", day, "KK", 12, "A-012", TAKEN, kind="baru_menikah")
    prio = Ticket("T-261123-A013", day, "KK", 13, "A-013", TAKEN, priority="lansia")
    pickup = Ticket("T-261123-B003", day, "AMBIL", 3, "B-003", TAKEN, case_id="KK-261020-A007")
    case = Case(
        id="KK-261020-A007", ticket_id="T-261020-A007", ticket_display="A-007",
        service="KK", kind="pisah_kk", state=CaseState.READY, created_at=TAKEN,
        submitted_at=TAKEN, state_since=TAKEN, receipt_no="261020-01-0007-5",
        applicant_nik="6171011708900003",
    )  # fmt: skip
    wait = timedelta(minutes=37)
    return {
        "queue_ticket_id": queue_ticket_receipt(
            config, queue, ahead=4, wait=wait, lang="id", printed_at=TAKEN
        ),
        "queue_ticket_en": queue_ticket_receipt(
            config, queue, ahead=4, wait=wait, lang="en", printed_at=TAKEN
        ),
        "queue_ticket_priority_id": queue_ticket_receipt(
            config, prio, ahead=0, wait=timedelta(0), lang="id", printed_at=TAKEN
        ),
        "pickup_ticket_id": pickup_ticket_receipt(
            config,
            pickup,
            ahead=2,
            wait=timedelta(minutes=8),
            lang="id",
            printed_at=TAKEN + timedelta(minutes=20),
            case=case,
        ),  # fmt: skip
        **counter_samples(config),
    }


def counter_samples(config) -> dict[str, Receipt]:  # noqa: ANN001
    """The counter's receipts for a made-up case checked at counter 2."""
    at = TAKEN + timedelta(minutes=20)
    base = dict(
        id="KK-261123-A012", ticket_id="T-261123-A012", ticket_display="A-012", service="KK",
        kind="baru_menikah", created_at=at, submitted_at=TAKEN, state_since=at, counter=2,
        register_no="00123/REG/2026", receipt_no="261123-01-0012-4",
        applicant_name="BUDI SANTOSO", applicant_nik="6171011708900003",
    )  # fmt: skip
    returned = Case(**{**base, "register_no": None, "receipt_no": None,
                       "applicant_name": None, "applicant_nik": None},
                    state=CaseState.RETURNED, missing=["kk_asal", "f101"])  # fmt: skip
    pickup = Case(**base, state=CaseState.INPUT, expected_ready=date(2026, 12, 21))
    done = Case(**base, state=CaseState.HANDED_OVER, agenda_no="00077/AGD/2026",
                nomor_kk="6171012112260001", handed_over_by="LOKET3")  # fmt: skip
    token = "GQ95B0FNCZ"  # made up
    return {
        "return_slip_id": return_slip(config, returned, at=at, counter=2, lang="id"),
        "return_slip_en": return_slip(config, returned, at=at, counter=2, lang="en"),
        "pickup_receipt_id": pickup_receipt(config, pickup, token, at=at, lang="id"),
        "pickup_receipt_en": pickup_receipt(config, pickup, token, at=at, lang="en"),
        "handover_proof_id": handover_proof(config, done, at=at, counter=3, lang="id"),
    }


def main() -> None:
    for stem, receipt in samples().items():
        for mm in (58, 80):
            render_png(receipt, paper_mm=mm).save(HERE / f"{stem}_{mm}mm.png", optimize=True)
            (HERE / f"{stem}_{mm}mm.bin").write_bytes(receipt_bytes(receipt, paper_mm=mm))
            print(f"{stem}_{mm}mm.png")


if __name__ == "__main__":
    main()
