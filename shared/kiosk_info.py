"""What the citizen kiosk needs to know, without any UI: plain functions of an :class:`Office`.

- :func:`public_status`: a pickup receipt number → where the case is, in words
  a citizen understands, with only masked personal data (initials, masked NIK);
- :func:`waiting_count` / :func:`waiting_counts`: how many tickets wait today;
- :func:`ticket_refusal`: why no ticket can be taken now (closed, quota used
  up) and when to come back, checked before the citizen chooses anything;
- date and duration wording in both languages.

The pickup receipt number (``261123-01-0012-4``) locates a case; it is not a
secret, so nothing shown for it may identify a person beyond initials and a
masked NIK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from shared.errors import DomainError, NotFound
from shared.i18n import t
from shared.ids import case_id, luhn_digit
from shared.model import Ticket, TicketState
from shared.nik import mask_nik
from shared.sop import STEPS, CaseState, step_of

if TYPE_CHECKING:
    from shared.office import Office

RECEIPT_DIGITS = 13
# The steps a citizen sees on the status progress line (the SOP's own numbers).
PROGRESS_STEPS: tuple[int, ...] = tuple(s.number for s in STEPS if s.state is not None)


# -- wording ---------------------------------------------------------------------------
def format_date(day: date, lang: str | None = None) -> str:
    """``Senin, 23 November 2026`` / ``Monday, 23 November 2026``."""
    return t(
        "kiosk.fmt.date",
        lang,
        weekday=t(f"kiosk.weekday.{day.weekday()}", lang),
        day=day.day,
        month=t(f"kiosk.month.{day.month}", lang),
        year=day.year,
    )


def format_time(when: datetime, lang: str | None = None) -> str:
    """``07.30`` (Indonesian) / ``07:30`` (English)."""
    return t("kiosk.fmt.time", lang, h=f"{when.hour:02d}", m=f"{when.minute:02d}")


def format_when(when: datetime, lang: str | None = None) -> str:
    """``Senin, 23 November 2026 pukul 07.30``."""
    return t(
        "kiosk.fmt.when", lang, date=format_date(when.date(), lang), time=format_time(when, lang)
    )


def format_wait(wait: timedelta, lang: str | None = None) -> str:
    """``± 25 menit`` / ``± 1 jam 40 menit``, rounded up to 5 minutes."""
    minutes = max(5, -(-int(wait.total_seconds()) // 300) * 5)
    if minutes < 60:
        return t("kiosk.fmt.minutes", lang, minutes=minutes)
    return t("kiosk.fmt.hours", lang, hours=minutes // 60, minutes=minutes % 60)


def initials(name: str | None) -> str:
    """``BUDI SANTOSO`` → ``B. S.``: enough to recognise one's own case, no more."""
    parts = [p for p in re.split(r"[\s.]+", name or "") if p and p[0].isalpha()]
    return " ".join(f"{p[0].upper()}." for p in parts) or "-"


# -- refusals with a date to come back ----------------------------------------------------
class ComeBackLater(DomainError):
    """No ticket now (closed, or today's quota used up), with when the office opens again."""

    def __init__(self, key: str, when: datetime | None, **params: Any) -> None:
        self.when = when
        super().__init__(key if when is not None else "kiosk.closed.never", **params)

    def message(self, lang: str | None = None) -> str:
        when = format_when(self.when, lang) if self.when is not None else ""
        return t(self.key, lang, when=when, **self.params)


def ticket_refusal(office: Office, service: str) -> ComeBackLater | None:
    """Why ``service`` gives no ticket now, or ``None`` if a ticket can be taken."""
    cfg = office.config
    now = office.now()
    if not cfg.hours.is_open(now):
        return ComeBackLater("kiosk.closed.hours", cfg.hours.next_opening(now))
    svc = cfg.service(service)
    if svc.daily_quota:
        with office.read() as repo:
            taken = len(repo.tickets_of_day(now.date(), [svc.prefix]))
        if taken >= svc.daily_quota:
            return ComeBackLater(
                "kiosk.closed.quota", next_day_opening(office, now), quota=svc.daily_quota
            )
    return None


def next_day_opening(office: Office, now: datetime) -> datetime | None:
    """The first opening after the day of ``now``."""
    tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
    return office.config.hours.next_opening(tomorrow)


# -- the queue ---------------------------------------------------------------------------
def waiting_counts(office: Office) -> dict[str, int]:
    """Tickets waiting today, per service code (every configured service, zeros included)."""
    counts = {s.code: 0 for s in office.config.services}
    for ticket in office.queue.today():
        if ticket.state == TicketState.WAITING and ticket.service in counts:
            counts[ticket.service] += 1
    return counts


def waiting_count(office: Office, service: str | None = None) -> int:
    """Tickets waiting today for ``service``, or for every service."""
    counts = waiting_counts(office)
    return counts.get(service, 0) if service else sum(counts.values())


def pending_pickup_ticket(office: Office, case: str) -> Ticket | None:
    """Today's pickup ticket for ``case`` that still waits, if one was already taken."""
    for ticket in office.queue.today():
        if ticket.case_id == case and ticket.state == TicketState.WAITING:
            return ticket
    return None


# -- status by receipt number --------------------------------------------------------------
@dataclass(frozen=True)
class PublicStatus:
    """Where a case is, as a citizen may see it at the kiosk: no full name, no full NIK."""

    case_id: str
    receipt: str  # grouped: 261123-01-0012-4
    kind: str  # the application kind's code
    state: CaseState
    step: int | None  # the SOP step the case waits at; None once it has ended
    initials: str
    masked_nik: str
    expected_ready: date | None
    since: date  # the day the case entered its current state
    late: bool  # not ready and past its expected date

    @property
    def ready(self) -> bool:
        """The KK waits for its owner at the pickup counter."""
        return self.state == CaseState.READY

    def words(self, lang: str | None = None) -> str:
        """The state in plain words."""
        return t(f"kiosk.citizen.{self.state.value}", lang)

    def when(self, lang: str | None = None) -> str:
        """The date line: expected ready (or late), ready since, handed over."""
        if self.state == CaseState.READY:
            return t("kiosk.status.ready_since", lang, date=format_date(self.since, lang))
        if self.state == CaseState.HANDED_OVER:
            return t("kiosk.status.handed_over", lang, date=format_date(self.since, lang))
        if self.step is None or self.expected_ready is None:
            return ""
        key = "kiosk.status.late" if self.late else "kiosk.status.expected"
        return t(key, lang, date=format_date(self.expected_ready, lang))


def receipt_digits(text: str) -> str:
    """The digits of a typed or scanned receipt number (spaces and dashes dropped)."""
    return "".join(ch for ch in text if ch.isdigit())


def group_receipt(digits: str) -> str:
    """``2611230100124`` → ``261123-01-0012-4`` (as far as typed)."""
    parts = [digits[:6], digits[6:8], digits[8:-1] if len(digits) >= RECEIPT_DIGITS else digits[8:]]
    if len(digits) >= RECEIPT_DIGITS:
        parts.append(digits[-1])
    return "-".join(p for p in parts if p)


def case_of(text: str) -> str:
    """The case id behind a receipt number, or a :class:`DomainError` telling what is wrong."""
    digits = receipt_digits(text)
    if len(digits) != RECEIPT_DIGITS:
        raise DomainError("kiosk.receipt.length", count=len(digits))
    body, check = digits[:-1], digits[-1]
    if luhn_digit(body) != check:
        raise DomainError("kiosk.receipt.check_digit")
    unknown = DomainError("kiosk.receipt.unknown", receipt=group_receipt(digits))
    try:
        day = date(2000 + int(body[:2]), int(body[2:4]), int(body[4:6]))
    except ValueError:
        raise unknown from None
    letter = int(body[6:8])
    if not 1 <= letter <= 26:
        raise unknown
    return case_id(day, chr(64 + letter), int(body[8:]))


def public_status(office: Office, receipt_text: str) -> PublicStatus:
    """The :class:`PublicStatus` of the case behind a pickup receipt number."""
    cid = case_of(receipt_text)
    digits = receipt_digits(receipt_text)
    with office.read() as repo:
        try:
            case = repo.get_case(cid)
        except NotFound:
            case = None
    if case is None or not case.receipt_no or receipt_digits(case.receipt_no) != digits:
        raise DomainError("kiosk.receipt.unknown", receipt=group_receipt(digits))
    today = office.now().date()
    step = step_of(case.state)
    late = bool(
        step is not None
        and case.state != CaseState.READY
        and case.expected_ready is not None
        and case.expected_ready < today
    )
    return PublicStatus(
        case_id=case.id,
        receipt=case.receipt_no,
        kind=case.kind,
        state=case.state,
        step=step,
        initials=initials(case.applicant_name),
        masked_nik=mask_nik(case.applicant_nik) if case.applicant_nik else "-",
        expected_ready=case.expected_ready,
        since=(case.closed_at or case.state_since).date(),
        late=late,
    )
