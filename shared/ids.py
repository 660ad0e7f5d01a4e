"""Identifiers: readable, unique, and each one says where its record lives.

- Ticket id ``T-261123-A012``: unique for ever (the day is in it); the
  display number ``A-012`` repeats every day.
- Case id ``KK-261123-A012``: one case per application ticket, so the case
  of a ticket is found without a lookup table.
- Pickup receipt number ``261123-01-0012-4``: digits only, so it can be typed
  on the kiosk's numeric keypad; the last digit is a Luhn check digit that
  catches a mistyped digit or a swap. It locates the case but is not enough
  to collect the KK: that needs the receipt's secret token.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

_TICKET = re.compile(r"^T-(\d{6})-([A-Z])(\d{3,})$")
_CASE = re.compile(r"^KK-(\d{6})-([A-Z])(\d{3,})$")
_TOKEN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32


@dataclass(frozen=True)
class QueueRef:
    """The day, service prefix and daily number behind a ticket or case id."""

    day: date
    prefix: str
    number: int

    @property
    def display(self) -> str:
        return f"{self.prefix}-{self.number:03d}"


def _yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


def _parse_day(text: str) -> date | None:
    try:
        return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def display_number(prefix: str, number: int) -> str:
    return f"{prefix}-{number:03d}"


def ticket_id(day: date, prefix: str, number: int) -> str:
    return f"T-{_yymmdd(day)}-{prefix}{number:03d}"


def case_id(day: date, prefix: str, number: int) -> str:
    return f"KK-{_yymmdd(day)}-{prefix}{number:03d}"


def _parse(pattern: re.Pattern[str], text: str) -> QueueRef | None:
    m = pattern.match(text.strip().upper())
    if not m:
        return None
    day = _parse_day(m.group(1))
    if day is None:
        return None
    return QueueRef(day, m.group(2), int(m.group(3)))


def parse_ticket_id(text: str) -> QueueRef | None:
    return _parse(_TICKET, text)


def parse_case_id(text: str) -> QueueRef | None:
    return _parse(_CASE, text)


def luhn_digit(digits: str) -> str:
    """The Luhn check digit for ``digits``."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def receipt_no(case: str) -> str:
    """The pickup receipt number of a case id, grouped for reading."""
    ref = parse_case_id(case)
    if ref is None:
        raise ValueError(f"not a case id: {case!r}")
    body = f"{_yymmdd(ref.day)}{ord(ref.prefix) - 64:02d}{ref.number:04d}"
    check = luhn_digit(body)
    return f"{body[:6]}-{body[6:8]}-{body[8:]}-{check}"


def case_of_receipt(text: str) -> str | None:
    """The case id a typed or scanned receipt number points to, or ``None``.

    Spaces and dashes are ignored; a wrong check digit gives ``None``.
    """
    digits = re.sub(r"[\s\-]", "", text)
    if not digits.isdigit() or len(digits) < 13:
        return None
    body, check = digits[:-1], digits[-1]
    if luhn_digit(body) != check:
        return None
    day = _parse_day(body[:6])
    letter = int(body[6:8])
    if day is None or not 1 <= letter <= 26:
        return None
    return case_id(day, chr(64 + letter), int(body[8:]))


def new_token(length: int = 10) -> str:
    """An unguessable token (50 bits for 10 characters), easy to read aloud."""
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(length))


def normalise_token(text: str) -> str:
    """Upper-case, drop separators, and map the look-alikes I→1, L→1, O→0."""
    text = re.sub(r"[\s\-]", "", text).upper()
    return text.translate(str.maketrans("ILO", "110"))
