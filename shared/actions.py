"""The SOP's case actions as data: who may do what, from where, to where.

``ACTIONS`` is the table the workflow engine enforces: which role may take
an action, from which states, to which state, completing which SOP step.
Rejections follow the SOP table's ``reject_to``: the Kasi sends a draft back
to input (step 3), the Kabid back to the Kasi (step 4). Screens read
:func:`work_states` to know which cases wait for a role.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from shared.ids import normalise_token
from shared.sop import FINAL_STATES, CaseState, Role, state_of, step


@dataclass(frozen=True)
class Action:
    """One move of the SOP: who, from where, to where, and which step it completes."""

    name: str
    role: Role
    from_states: frozenset[CaseState]
    to_state: CaseState
    step: int | None
    needs_note: bool = False


def _reject_target(number: int) -> CaseState:
    target = step(number).reject_to
    assert target is not None
    return state_of(target)


_OPEN = frozenset(CaseState) - FINAL_STATES
ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "verify_complete",
            Role.PENGOLAH_DATA,
            frozenset({CaseState.VERIFYING}),
            CaseState.INPUT,
            2,
        ),
        Action(
            "verify_incomplete",
            Role.PENGOLAH_DATA,
            frozenset({CaseState.VERIFYING}),
            CaseState.RETURNED,
            2,
        ),
        Action("input", Role.ADMIN_SIAK, frozenset({CaseState.INPUT}), CaseState.KASI_REVIEW, 3),
        Action(
            "kasi_approve", Role.KASI, frozenset({CaseState.KASI_REVIEW}), CaseState.KABID_REVIEW, 4
        ),
        Action(
            "kasi_reject",
            Role.KASI,
            frozenset({CaseState.KASI_REVIEW}),
            _reject_target(4),
            4,
            needs_note=True,
        ),
        Action(
            "kabid_approve",
            Role.KABID,
            frozenset({CaseState.KABID_REVIEW}),
            CaseState.FINAL_PRINT,
            5,
        ),
        Action(
            "kabid_reject",
            Role.KABID,
            frozenset({CaseState.KABID_REVIEW}),
            _reject_target(5),
            5,
            needs_note=True,
        ),
        Action(
            "final_print", Role.ADMIN_SIAK, frozenset({CaseState.FINAL_PRINT}), CaseState.SIGNING, 7
        ),
        Action("sign", Role.KEPALA_DINAS, frozenset({CaseState.SIGNING}), CaseState.REGISTER, 8),
        Action("register", Role.PENGOLAH_DATA, frozenset({CaseState.REGISTER}), CaseState.READY, 9),
        Action(
            "handover", Role.PENGOLAH_DATA, frozenset({CaseState.READY}), CaseState.HANDED_OVER, 10
        ),
        Action("cancel", Role.SUPERVISOR, _OPEN, CaseState.CANCELLED, None, needs_note=True),
    )
}


def work_states(role: Role) -> set[CaseState]:
    """The states whose cases wait for ``role`` (its station's work list)."""
    return {
        s for a in ACTIONS.values() if a.role == role and a.name != "cancel" for s in a.from_states
    }


def token_hash(token: str) -> str:
    return hashlib.sha256(normalise_token(token).encode()).hexdigest()
