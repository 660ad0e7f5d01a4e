"""Working time: the office's opening hours, weekends and holidays.

The Mutu Baku standard times are counted in working time: minutes and hours
inside opening periods, days and weeks as working days (a week is five
working days). ``add_working_time`` answers "if this step starts now and
takes its standard time, when should it be done?".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Protocol

WORKING_DAYS_PER_WEEK = 5


class OpeningHours(Protocol):
    """What the calendar needs from the config's ``Hours``."""

    def periods_on(self, d: date) -> tuple[tuple[time, time], ...]: ...

    def is_working_day(self, d: date) -> bool: ...


def _at(d: date, t: time, like: datetime) -> datetime:
    return datetime.combine(d, t, tzinfo=like.tzinfo)


def add_working_days(start: datetime, days: int, hours: OpeningHours) -> datetime:
    """``days`` working days after ``start``, at the same time of day (or the close)."""
    d = start.date()
    left = days
    for _ in range(days * 7 + 370):
        if left == 0:
            break
        d += timedelta(days=1)
        if hours.is_working_day(d):
            left -= 1
    periods = hours.periods_on(d)
    if periods and start.timetz().replace(tzinfo=None) > periods[-1][1]:
        return _at(d, periods[-1][1], start)
    return datetime.combine(d, start.timetz())


def add_working_minutes(start: datetime, minutes: float, hours: OpeningHours) -> datetime:
    """``minutes`` of opening time after ``start`` (skipping nights, weekends, holidays)."""
    left = timedelta(minutes=minutes)
    d = start.date()
    cursor = start
    for _ in range(400):
        for open_, close in hours.periods_on(d) if hours.is_working_day(d) else ():
            begin = max(cursor, _at(d, open_, start))
            end = _at(d, close, start)
            if begin >= end:
                continue
            if begin + left <= end:
                return begin + left
            left -= end - begin
            cursor = end
        d += timedelta(days=1)
        cursor = _at(d, time(0), start)
    raise ValueError("no opening hours in the next 400 days")


def add_working_time(start: datetime, standard: timedelta, hours: OpeningHours) -> datetime:
    """Add a Mutu Baku standard time: whole days as working days, the rest as open minutes."""
    whole_days = standard.days
    if standard >= timedelta(weeks=1) and whole_days % 7 == 0:
        whole_days = whole_days // 7 * WORKING_DAYS_PER_WEEK
    rest = standard - timedelta(days=standard.days)
    when = add_working_days(start, whole_days, hours) if whole_days else start
    if rest:
        when = add_working_minutes(when, rest.total_seconds() / 60, hours)
    return when
