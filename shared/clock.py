"""Where the time comes from: one place, so a simulated month runs in seconds.

Every timestamp the domain stores is timezone-aware in the office's zone
(WIB, ``Asia/Pontianak``). The workflow never calls ``datetime.now()``
itself; it asks its :class:`Clock`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Asia/Pontianak")


class Clock(Protocol):
    """Something that tells the current time."""

    tz: tzinfo

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, in the office's time zone."""

    def __init__(self, tz: tzinfo = OFFICE_TZ) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz)


class ManualClock:
    """A clock that only moves when told to: for tests and the simulator."""

    def __init__(self, start: datetime, tz: tzinfo = OFFICE_TZ) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=tz)
        self.tz = tz
        self._now = start.astimezone(tz)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.tz)
        self._now = when.astimezone(self.tz)

    def advance(self, delta: timedelta | None = None, /, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now


def parse_time(text: str) -> datetime:
    """Parse an ISO timestamp written by :func:`format_time`."""
    return datetime.fromisoformat(text)


def format_time(when: datetime) -> str:
    """ISO 8601 with offset, second precision (what the store keeps)."""
    return when.isoformat(timespec="seconds")
