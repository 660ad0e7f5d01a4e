"""The SOP "Pelayanan Kartu Keluarga (KK) Umum" as data.

Disdukcapil Kota Pontianak, Seksi Identitas Kependudukan (made 24 March 2014,
revised 28 January 2015). The step numbers are the SOP's own: the paper has
no step 6, and screens say "Langkah 7" so staff can match the SOP on the wall.

Terms kept from the SOP:

- *Pemohon*: the applicant, usually the head of the family.
- *Pengolah Data Identitas Penduduk*: the front-counter clerk (steps 2, 9).
- *Administrator SIAK*: the operator of SIAK, the national population
  registry system (steps 3, 7).
- *Kasi* (Kepala Seksi) Identitas Penduduk: head of the identity section (4).
- *Kabid* (Kepala Bidang) Pelayanan Pendaftaran Penduduk: head of the
  registration division (5).
- *Kepala Dinas*: head of the office, who signs (8).
- *Paraf*: a reviewer's initials approving a draft.
- *Konsep KK*: the draft Kartu Keluarga.
- *Mutu Baku*: the quality standard, here the standard time per file.

The workflow engine, the screens and the reports all read this table; nobody
hard-codes "step 5 is the Kabid".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class Role(StrEnum):
    """A staff member's role; each workflow action belongs to exactly one."""

    PENGOLAH_DATA = "PENGOLAH_DATA"
    ADMIN_SIAK = "ADMIN_SIAK"
    KASI = "KASI"
    KABID = "KABID"
    KEPALA_DINAS = "KEPALA_DINAS"
    SUPERVISOR = "SUPERVISOR"


class Actor(StrEnum):
    """Who the SOP says acts in a step (the applicant is not a staff role)."""

    PEMOHON = "PEMOHON"
    PENGOLAH_DATA = "PENGOLAH_DATA"
    ADMIN_SIAK = "ADMIN_SIAK"
    KASI = "KASI"
    KABID = "KABID"
    KEPALA_DINAS = "KEPALA_DINAS"


class CaseState(StrEnum):
    """Where a case (an application, from the counter to the handover) is."""

    VERIFYING = "VERIFYING"  # step 2: called to a counter, file being checked
    RETURNED = "RETURNED"  # step 2 said incomplete: given back (final)
    INPUT = "INPUT"  # step 3: waiting for SIAK input and the draft
    KASI_REVIEW = "KASI_REVIEW"  # step 4
    KABID_REVIEW = "KABID_REVIEW"  # step 5
    FINAL_PRINT = "FINAL_PRINT"  # step 7
    SIGNING = "SIGNING"  # step 8
    REGISTER = "REGISTER"  # step 9: register, stamp, archive the file
    READY = "READY"  # step 10: ready for pickup
    HANDED_OVER = "HANDED_OVER"  # the applicant has the KK (final)
    CANCELLED = "CANCELLED"  # withdrawn, no-show, or cancelled by a supervisor (final)


FINAL_STATES = frozenset({CaseState.RETURNED, CaseState.HANDED_OVER, CaseState.CANCELLED})


@dataclass(frozen=True)
class Step:
    """One row of the SOP.

    ``state`` is the state a case is in while it waits at this step (step 1
    has none: the applicant is still a ticket in the queue). ``standard`` is
    the Mutu Baku default; ``config.toml`` may override it. ``reject_to`` is
    the step a rejection sends the case back to; ``returns_to_applicant``
    marks step 2's "incomplete: back to the applicant".
    """

    number: int
    actor: Actor
    state: CaseState | None
    standard: timedelta
    equipment: str
    output: str
    reject_to: int | None = None
    returns_to_applicant: bool = False

    @property
    def title_key(self) -> str:
        return f"sop.step{self.number}.title"

    @property
    def output_key(self) -> str:
        return f"sop.step{self.number}.output"


WEEK = timedelta(weeks=1)
MIN = timedelta(minutes=1)

STEPS: tuple[Step, ...] = (
    Step(1, Actor.PEMOHON, None, 5 * MIN, "Berkas Permohonan", "Berkas permohonan diterima"),
    Step(
        2,
        Actor.PENGOLAH_DATA,
        CaseState.VERIFYING,
        10 * MIN,
        "Berkas Permohonan, Buku Register",
        "Berkas permohonan sudah dikoreksi; tanda bukti pengambilan",
        returns_to_applicant=True,
    ),
    Step(3, Actor.ADMIN_SIAK, CaseState.INPUT, 5 * MIN, "Komputer SIAK, ATK", "Konsep KK"),
    Step(
        4,
        Actor.KASI,
        CaseState.KASI_REVIEW,
        5 * MIN,
        "ATK dan konsep KK",
        "Konsep KK yang disetujui",
        reject_to=3,
    ),
    Step(
        5,
        Actor.KABID,
        CaseState.KABID_REVIEW,
        3 * WEEK,
        "ATK dan konsep KK",
        "Konsep KK yang disetujui",
        reject_to=4,
    ),
    Step(
        7,
        Actor.ADMIN_SIAK,
        CaseState.FINAL_PRINT,
        5 * MIN,
        "ATK dan Komputer SIAK",
        "Kartu Keluarga",
    ),
    Step(8, Actor.KEPALA_DINAS, CaseState.SIGNING, 3 * MIN, "ATK", "KK yang sudah ditandatangani"),
    Step(
        9,
        Actor.PENGOLAH_DATA,
        CaseState.REGISTER,
        10 * MIN,
        "Cap Dinas, Buku Agenda",
        "Bukti penyerahan dan berkas yang sudah diarsipkan",
    ),
    Step(10, Actor.PEMOHON, CaseState.READY, 5 * MIN, "Bukti Pengambilan", "Kartu Keluarga (KK)"),
)

STEP_BY_NUMBER: dict[int, Step] = {s.number: s for s in STEPS}
STEP_BY_STATE: dict[CaseState, Step] = {s.state: s for s in STEPS if s.state is not None}


def step(number: int) -> Step:
    """The SOP row with this number (1-5, 7-10)."""
    try:
        return STEP_BY_NUMBER[number]
    except KeyError:
        raise KeyError(f"the SOP has no step {number}") from None


def step_of(state: CaseState) -> int | None:
    """The SOP step a case in ``state`` waits at; ``None`` once it has ended."""
    s = STEP_BY_STATE.get(state)
    return s.number if s else None


def state_of(number: int) -> CaseState:
    """The state of a case waiting at SOP step ``number`` (2-10)."""
    s = step(number)
    if s.state is None:
        raise KeyError(f"step {number} has no case state")
    return s.state
