"""Receipts as data: what a thermal receipt says, built by the domain, drawn by renderers.

A :class:`Receipt` is a title and a tuple of items (:class:`Text`, :class:`Qr`,
:class:`Barcode`, :class:`Rule`, :class:`Feed`); the cut at the end is
implied. It knows nothing of printers: :mod:`shared.receipt_escpos` turns it
into ESC/POS bytes, :mod:`shared.receipt_png` into an image (the kiosk's
on-screen copy, the docs); both break lines the same way
(:mod:`shared.receipt_layout`).

Builders here make the queue tickets (:func:`queue_ticket_receipt`,
:func:`pickup_ticket_receipt`) from the records; every word comes from the
message catalogue (``shared/messages/receipts.toml``). Receipts leave the
office: they carry no name and no full NIK of anyone (a NIK is masked with
:func:`shared.nik.mask_nik`).

:func:`receipt_for_job` builds the receipt of a stored print job, finding
the builder of the job's kind in :data:`JOB_RECEIPTS`.
"""

from __future__ import annotations

import contextlib
import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from shared.errors import DomainError
from shared.i18n import t
from shared.nik import mask_nik

if TYPE_CHECKING:
    from shared.config import Config
    from shared.model import Case, PrintJob, Ticket
    from shared.office import Office

Size = Literal["normal", "large", "huge"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Text:
    """Text in one of three sizes, wrapped to the paper's width by the renderers."""

    text: str
    size: Size = "normal"
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class Qr:
    """A QR code; ``size`` is the width of one module in printer dots (1-16)."""

    data: str
    size: int = 8


@dataclass(frozen=True)
class Barcode:
    """A one-dimensional barcode (CODE128); ``height`` in printer dots."""

    data: str
    kind: str = "CODE128"
    height: int = 64


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the paper."""


@dataclass(frozen=True)
class Feed:
    """Empty lines."""

    lines: int = 1


Item = Text | Qr | Barcode | Rule | Feed


@dataclass(frozen=True)
class Receipt:
    """A small document for a thermal printer. ``title`` names it (file names, logs)."""

    items: tuple[Item, ...]
    title: str


# -- pieces ------------------------------------------------------------------------------
WAIT_STEP_MINUTES = 5  # estimated waits are rounded up to this


def local_time(config: Config, when: datetime) -> str:
    """``23-11-2026 09:05 WIB``: the office's time, its zone's abbreviation."""
    local = when.astimezone(config.office.timezone)
    return f"{local:%d-%m-%Y %H:%M} {local.tzname() or ''}".strip()


def wait_text(wait: timedelta, lang: str) -> str:
    """An estimated wait in words, rounded up to 5 minutes: "25 menit", "1 jam 5 menit"."""
    minutes = max(1, math.ceil(wait.total_seconds() / 60 / WAIT_STEP_MINUTES)) * WAIT_STEP_MINUTES
    if minutes < 60:
        return t("receipt.wait_minutes", lang, minutes=minutes)
    if minutes % 60 == 0:
        return t("receipt.wait_hours_only", lang, hours=minutes // 60)
    return t("receipt.wait_hours", lang, hours=minutes // 60, minutes=minutes % 60)


def _header(config: Config, lang: str) -> list[Item]:
    return [
        Text(config.office.short_name.upper(), bold=True, align="center"),
        Text(config.office.address, align="center"),
        Rule(),
    ]


def _number(config: Config, ticket: Ticket, heading: str, lang: str) -> list[Item]:
    try:
        service = config.service(ticket.service).text(lang)
    except KeyError:
        service = ticket.service
    return [
        Text(t(heading, lang), bold=True, align="center"),
        Text(service, size="large", bold=True, align="center"),
        Text(ticket.display, size="huge", bold=True, align="center"),
    ]


def _waiting(ahead: int, wait: timedelta | None, lang: str) -> list[Item]:
    if ahead <= 0:
        return [Text(t("receipt.ahead_none", lang), align="center")]
    out: list[Item] = [Text(t("receipt.ahead", lang, count=ahead), bold=True, align="center")]
    if wait is not None:
        out.append(
            Text(t("receipt.wait", lang, wait=wait_text(wait, lang)), bold=True, align="center")
        )
    return out


def _footer(config: Config, ticket: Ticket, printed_at: datetime, lang: str) -> list[Item]:
    taken = local_time(config, ticket.taken_at)
    out: list[Item] = [Feed(), Text(t("receipt.taken_at", lang, when=taken), align="center")]
    if printed_at - ticket.taken_at >= timedelta(minutes=1):
        printed = local_time(config, printed_at)
        out.append(Text(t("receipt.printed_at", lang, when=printed), align="center"))
    out += [
        Qr(ticket.id),
        Text(ticket.id, align="center"),
        Rule(),
        Text(t("receipt.valid_today", lang), align="center"),
        Text(t("receipt.privacy", lang), align="center"),
        Text(t("receipt.free", lang), bold=True, align="center"),
    ]
    return out


def _priority(config: Config, ticket: Ticket, lang: str) -> list[Item]:
    if not ticket.priority:
        return []
    try:
        group = config.queue.group(ticket.priority).text(lang)
    except KeyError:
        group = ticket.priority
    return [Text(t("receipt.priority", lang, group=group), bold=True, align="center")]


# -- builders ----------------------------------------------------------------------------
def queue_ticket_receipt(
    config: Config,
    ticket: Ticket,
    *,
    ahead: int,
    wait: timedelta | None,
    lang: str = "id",
    printed_at: datetime,
) -> Receipt:
    """The kiosk's queue ticket: office, service, the number very large, people ahead,
    estimated wait, date and time, a QR with the ticket id, the privacy line."""
    items = [*_header(config, lang), *_number(config, ticket, "receipt.queue.heading", lang)]
    if ticket.kind:
        with contextlib.suppress(KeyError):
            items.append(Text(config.kind(ticket.kind).text(lang), align="center"))
    items += [
        *_priority(config, ticket, lang),
        Feed(),
        *_waiting(ahead, wait, lang),
        *_footer(config, ticket, printed_at, lang),
    ]
    return Receipt(tuple(items), t("receipt.queue.title", lang, number=ticket.display))


def pickup_ticket_receipt(
    config: Config,
    ticket: Ticket,
    *,
    ahead: int,
    wait: timedelta | None,
    lang: str = "id",
    printed_at: datetime,
    case: Case | None = None,
) -> Receipt:
    """The pickup-queue ticket: like the queue ticket, plus the case's pickup receipt
    number and the applicant's masked NIK (never a name, never a full NIK)."""
    items = [*_header(config, lang), *_number(config, ticket, "receipt.pickup.heading", lang)]
    items += [*_priority(config, ticket, lang), Feed()]
    if case is not None and case.receipt_no:
        items.append(
            Text(t("receipt.pickup.receipt_no", lang, number=case.receipt_no), align="center")
        )
    if case is not None and case.applicant_nik:
        nik = mask_nik(case.applicant_nik)
        items.append(Text(t("receipt.pickup.nik", lang, nik=nik), align="center"))
    items += [
        Text(t("receipt.pickup.bring", lang), align="center"),
        Feed(),
        *_waiting(ahead, wait, lang),
        *_footer(config, ticket, printed_at, lang),
    ]
    return Receipt(tuple(items), t("receipt.pickup.title", lang, number=ticket.display))


# -- receipts of print jobs --------------------------------------------------------------
JobReceipt = Callable[["Office", "PrintJob", str], Receipt]

#: Print-job kind -> ``"module:function"`` that builds its receipt from the stored
#: records, called as ``fn(office, job, lang)``. Imported when first used, so a
#: builder module may import anything without an import cycle. The counter issue
#: adds ``return_slip``, ``pickup_receipt`` and ``handover_proof`` here, e.g.
#: ``"return_slip": "shared.receipt_counter:return_slip_for_job"``. Jobs of a kind
#: not listed are not thermal receipts: :mod:`shared.print_service` leaves them alone.
JOB_RECEIPTS: dict[str, str] = {
    "queue_ticket": "shared.receipts:ticket_receipt_for_job",
    "pickup_ticket": "shared.receipts:ticket_receipt_for_job",
    "return_slip": "shared.counter_receipts:return_slip_for_job",
    "pickup_receipt": "shared.counter_receipts:pickup_receipt_for_job",
    "handover_proof": "shared.counter_receipts:handover_proof_for_job",
}


def has_receipt(kind: str) -> bool:
    """Whether print jobs of ``kind`` are receipts a builder is registered for."""
    return kind in JOB_RECEIPTS


def job_receipt_builder(kind: str) -> JobReceipt:
    """The builder registered for ``kind``; :class:`DomainError` if there is none."""
    target = JOB_RECEIPTS.get(kind)
    if target is None:
        raise DomainError("receipt.unknown_kind", kind=kind)
    module, _, name = target.partition(":")
    builder: JobReceipt = getattr(importlib.import_module(module), name)
    return builder


def receipt_for_job(office: Office, job: PrintJob, *, lang: str | None = None) -> Receipt:
    """The receipt a print job prints, from the records as stored now.

    ``lang``: the citizen's language ("id" or "en"); the office's language if ``None``.
    """
    return job_receipt_builder(job.kind)(office, job, lang or office.config.language)


def ticket_receipt_for_job(office: Office, job: PrintJob, lang: str) -> Receipt:
    """A queue or pickup ticket, with the people ahead and the wait as of now."""
    from shared.queue_info import count_ahead, wait_for

    config = office.config
    with office.read() as repo:
        ticket = repo.get_ticket(job.ref)
        tickets = repo.tickets_of_day(ticket.day, [ticket.display.split("-")[0]])
        case = None
        if job.kind == "pickup_ticket" and ticket.case_id and repo.case_exists(ticket.case_id):
            case = repo.get_case(ticket.case_id)
    ahead = count_ahead(ticket, tickets, config.queue)
    wait = wait_for(config, ticket, tickets, ahead)
    now = office.now()
    if job.kind == "pickup_ticket":
        return pickup_ticket_receipt(
            config, ticket, ahead=ahead, wait=wait, lang=lang, printed_at=now, case=case
        )
    return queue_ticket_receipt(config, ticket, ahead=ahead, wait=wait, lang=lang, printed_at=now)
