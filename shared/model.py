"""The domain records: tickets, cases, staff, audit events and print jobs.

Plain dataclasses that convert to and from the JSON the store keeps
(``to_dict`` / ``from_dict``): timestamps as ISO 8601 with the office's
offset, enumerations by value. The family record itself (the KK's content) is
kept in the exchange shape of ``domain-kk.md`` and checked by
:mod:`shared.family`.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any, Self

from shared.sop import CaseState, Role, step_of


class Record:
    """Mixin: dict round trip for the dataclasses below."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _dump(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        kwargs = {}
        for name, load in _loaders_of(cls):  # type: ignore[arg-type]
            if name in data:
                value = data[name]
                kwargs[name] = None if value is None else load(value)
        return cls(**kwargs)


@functools.cache
def _fields_of(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, type hint) of each field, resolved once per class."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


@functools.cache
def _loaders_of(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """(name, loader) of each field: the type hints are read once per class, not per record."""
    return tuple((name, _loader(hint)) for name, hint in _fields_of(cls))


def _dump(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def _same(value: Any) -> Any:
    return value


@functools.cache
def _loader(hint: Any) -> Callable[[Any], Any]:
    """The function turning stored JSON into a value of type ``hint`` (never given None)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _loader(args[0]) if len(args) == 1 else _same
    if origin is list:
        (item,) = typing.get_args(hint)
        inner = _loader(item)
        if inner is _same:
            return list
        return lambda value: [None if v is None else inner(v) for v in value]
    if origin is dict:
        return dict
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return hint
        if hint is datetime:
            return datetime.fromisoformat
        if hint is date:
            return date.fromisoformat
        if issubclass(hint, Record):
            return hint.from_dict
    return _same


def _load(hint: Any, value: Any) -> Any:
    """``value`` (stored JSON) as a value of type ``hint``."""
    return None if value is None else _loader(hint)(value)


class TicketState(StrEnum):
    """A queue ticket's life: waiting, called to a counter, then done or skipped."""

    WAITING = "WAITING"
    CALLED = "CALLED"
    DONE = "DONE"
    SKIPPED = "SKIPPED"  # called, did not come (no-show)
    EXPIRED = "EXPIRED"  # never called before the day closed


class PrintStatus(StrEnum):
    """What happened to a document sent to a printer."""

    PENDING = "PENDING"
    PRINTING = "PRINTING"
    PRINTED = "PRINTED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


@dataclass
class Ticket(Record):
    """A queue ticket. ``id`` is unique for ever; ``display`` (``A-012``) only per day.

    ``number`` counts per day and per service, from 1, without gaps.
    """

    id: str
    day: date
    service: str
    number: int
    display: str
    taken_at: datetime
    state: TicketState = TicketState.WAITING
    kind: str | None = None
    priority: str | None = None
    phone: str | None = None
    case_id: str | None = None  # the case it opened (application) or collects (pickup)
    counter: int | None = None
    called_at: datetime | None = None
    called_by: str | None = None
    recalls: int = 0
    last_called_at: datetime | None = None
    done_at: datetime | None = None
    print_job: str | None = None
    print_status: PrintStatus = PrintStatus.PENDING
    print_error: str | None = None

    @property
    def is_priority(self) -> bool:
        return self.priority is not None


@dataclass
class Paraf(Record):
    """A reviewer's initials on a draft: who, in which role, when."""

    role: Role
    staff_id: str
    at: datetime
    draft_version: int


@dataclass
class HistoryEntry(Record):
    """One transition of a case, kept with the case for its timeline."""

    action: str
    at: datetime
    staff_id: str | None
    role: Role | None
    from_state: CaseState | None
    to_state: CaseState
    step: int | None  # the SOP step the action completed (or the one rejected at)
    note: str | None = None
    station: str | None = None


@dataclass
class Case(Record):
    """An application for a KK, from the counter (step 2) to the handover (step 10).

    Created when its ticket is called to a counter; step 1 (the applicant
    submitting) is the time from taking the ticket to that call.
    """

    id: str
    ticket_id: str
    ticket_display: str
    service: str
    kind: str
    state: CaseState
    created_at: datetime
    submitted_at: datetime  # when the ticket was taken: step 1 starts
    state_since: datetime
    counter: int | None = None
    requirements: dict[str, bool] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    applicant_name: str | None = None
    applicant_nik: str | None = None
    phone: str | None = None
    register_no: str | None = None
    receipt_no: str | None = None
    pickup_token_hash: str | None = None
    expected_ready: date | None = None
    family: dict[str, Any] | None = None
    previous_family: dict[str, Any] | None = None  # the draft before the last re-input
    nomor_kk: str | None = None
    draft_version: int = 0
    input_by: str | None = None
    parafs: list[Paraf] = field(default_factory=list)
    last_note: str | None = None
    rejections: int = 0
    printed_by: str | None = None
    issued_on: date | None = None
    signed_by: str | None = None
    signature: dict[str, Any] | None = None
    agenda_no: str | None = None
    pickup_ticket_id: str | None = None
    handed_over_by: str | None = None
    closed_at: datetime | None = None
    close_reason: str | None = None
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def step(self) -> int | None:
        """The SOP step number the case waits at, ``None`` once ended."""
        return step_of(self.state)

    def summary(self) -> dict[str, Any]:
        """The small row kept in the open-case index (lists never load families)."""
        head = None
        if self.family:
            for m in self.family.get("anggota", []):
                if m.get("status_hubungan") == "KEPALA KELUARGA":
                    head = m.get("nama_lengkap")
        return {
            "id": self.id,
            "state": self.state.value,
            "step": self.step,
            "kind": self.kind,
            "service": self.service,
            "ticket_display": self.ticket_display,
            "created_at": self.created_at.isoformat(),
            "state_since": self.state_since.isoformat(),
            "applicant_name": self.applicant_name,
            "head_name": head,
            "members": len(self.family.get("anggota", [])) if self.family else 0,
            "input_by": self.input_by,
            "draft_version": self.draft_version,
            "rejections": self.rejections,
            "last_note": self.last_note,
            "register_no": self.register_no,
            "receipt_no": self.receipt_no,
            "expected_ready": self.expected_ready.isoformat() if self.expected_ready else None,
        }


@dataclass
class Staff(Record):
    """A staff account. The PIN is kept only as a salted slow hash."""

    id: str
    name: str
    role: Role
    pin_hash: str
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime | None = None


@dataclass
class AuditEvent(Record):
    """One change, chained by hash to the one before it.

    ``hash`` is SHA-256 over the canonical JSON of every other field,
    ``prev_hash`` included, so editing, removing or reordering any stored
    event breaks the chain from that point on. No personal data: ids only.
    """

    seq: int
    at: datetime
    action: str
    entity: str  # "ticket", "case", "staff", "print", "store"
    entity_id: str
    staff_id: str | None
    role: Role | None
    station: str | None
    from_state: str | None = None
    to_state: str | None = None
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""


@dataclass
class PrintJob(Record):
    """A document waiting for, or sent to, a printer.

    Stored in the same transaction as the action that needs it, so a printer
    that fails never loses the action; the job is retried or reprinted.
    """

    id: str
    # queue_ticket, pickup_ticket, return_slip, pickup_receipt, draft_kk, final_kk,
    # handover_proof, report
    kind: str
    printer: str  # a printer name from config.toml
    ref: str  # the ticket or case id the document is about
    created_at: datetime
    status: PrintStatus = PrintStatus.PENDING
    params: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0
    error: str | None = None
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    done_at: datetime | None = None
