"""Reading a parsed TOML document key by key, with errors that name file, line and key.

A :class:`Table` wraps one table of the document and its key path. Each
``table.string("prefix", ...)``-style call checks presence and type and
returns a plain Python value, or raises :class:`ConfigError` pointing at the
key's line. ``table.allow(...)`` rejects keys the section does not know
(with a "did you mean" for typos), before anything else is read.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from shared.config_errors import ConfigError, show
from shared.config_locate import KeyPath, index_lines, locate

MISSING: Any = object()

_PERIOD = re.compile(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")
_DURATION_PART = re.compile(r"\s*(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Source:
    """The text being loaded and where it came from; turns problems into errors."""

    def __init__(self, path: Path | None, display: str, text: str) -> None:
        self.path = path
        self.display = display
        self.text = text
        self._index: dict[KeyPath, int] | None = None

    def line_of(self, key: KeyPath) -> int | None:
        """The line of ``key``, or of its nearest enclosing key or table."""
        if self._index is None:
            self._index = index_lines(self.text)
        return locate(self._index, key)

    def error(
        self, key: KeyPath, problem: str, expected: str | None = None, **params: Any
    ) -> ConfigError:
        """A :class:`ConfigError` for ``key`` (to raise)."""
        return ConfigError(
            path=self.path,
            display=self.display,
            line=self.line_of(key),
            key=key,
            problem=f"config.problem.{problem}",
            expected=f"config.expect.{expected}" if expected else None,
            **params,
        )


class Table:
    """One table of the document, read key by key."""

    def __init__(self, src: Source, data: Mapping[str, Any], path: KeyPath = ()) -> None:
        self.src = src
        self.data = data
        self.path = path

    def names(self) -> list[str]:
        """The keys written in this table, in order."""
        return list(self.data)

    def has(self, name: str) -> bool:
        """Whether ``name`` is written here."""
        return name in self.data

    def fail(
        self, name: str | int | None, problem: str, expected: str | None = None, **params: Any
    ) -> ConfigError:
        """An error about ``name`` in this table (or the table itself if ``None``)."""
        key = self.path if name is None else self.path + (name,)
        return self.src.error(key, problem, expected, **params)

    def allow(self, *names: str) -> None:
        """Refuse any key not in ``names`` (typos are caught here, with a hint)."""
        for key in self.data:
            if key not in names:
                hint = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
                if hint:
                    raise self.fail(key, "unknown_key_hint", hint=hint[0])
                raise self.fail(key, "unknown_key", allowed=", ".join(names))

    def value(
        self,
        name: str,
        types: type | tuple[type, ...],
        expected: str,
        default: Any,
        **params: Any,
    ) -> Any:
        """The raw value of ``name`` if it has one of ``types``; ``default`` if absent."""
        if name not in self.data:
            if default is MISSING:
                raise self.fail(name, "missing", expected, **params)
            return default
        value = self.data[name]
        if isinstance(value, bool) and bool not in _as_tuple(types):
            raise self.fail(name, "wrong_value", expected, got=show(value), **params)
        if not isinstance(value, types):
            raise self.fail(name, "wrong_value", expected, got=show(value), **params)
        return value

    def string(
        self,
        name: str,
        default: Any = MISSING,
        *,
        pattern: str | None = None,
        expected: str = "text",
        choices: tuple[str, ...] | None = None,
        **params: Any,
    ) -> Any:
        """A non-empty string, matching ``pattern`` or one of ``choices`` if given."""
        if choices:
            expected, params = "choice", {**params, "choices": ", ".join(choices)}
        value = self.value(name, str, expected, default, **params)
        if value is default and name not in self.data:
            return value
        ok = bool(value.strip())
        if pattern is not None:
            ok = re.fullmatch(pattern, value) is not None
        if choices is not None:
            ok = value in choices
        if not ok:
            raise self.fail(name, "wrong_value", expected, got=show(value), **params)
        return value

    def integer(
        self, name: str, default: Any = MISSING, *, minimum: int = 0, maximum: int | None = None
    ) -> Any:
        """An integer in ``minimum..maximum``."""
        expected = "integer_range" if maximum is not None else "integer_min"
        value = self.value(name, int, expected, default, minimum=minimum, maximum=maximum)
        if name in self.data and (value < minimum or (maximum is not None and value > maximum)):
            raise self.fail(
                name, "wrong_value", expected, got=show(value), minimum=minimum, maximum=maximum
            )
        return value

    def number(self, name: str, default: Any = MISSING) -> Any:
        """A positive, finite number (int or float), as a float."""
        value = self.value(name, (int, float), "positive_number", default)
        if name in self.data and not (value > 0 and math.isfinite(value)):
            raise self.fail(name, "wrong_value", "positive_number", got=show(value))
        return float(value) if value is not None else None

    def strings(self, name: str, default: Any = MISSING, *, expected: str = "text_list") -> Any:
        """A list of strings."""
        value = self.value(name, list, expected, default)
        for i, item in enumerate(value if name in self.data else ()):
            if not isinstance(item, str):
                raise self.src.error(self.path + (name, i), "wrong_value", expected, got=show(item))
        return value

    def table(self, name: str, *, required: bool = False) -> Table:
        """The sub-table ``name``; an empty one if absent and not ``required``."""
        value = self.value(name, dict, "table", MISSING if required else {})
        return Table(self.src, value, self.path + (name,))

    def tables(self, name: str, *, required: bool = False) -> list[Table]:
        """The array of tables ``name`` (``[[name]]`` blocks or a list of inline tables)."""
        value = self.value(name, list, "table_list", MISSING if required else [])
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.src.error(self.path + (name, i), "wrong_value", "table", got=show(item))
            out.append(Table(self.src, item, self.path + (name, i)))
        return out

    def label(self, id_key: str = "id", en_key: str = "en") -> dict[str, str]:
        """``{"id": ..., "en": ...}`` from two keys; English defaults to the Indonesian."""
        text_id = self.string(id_key)
        return {"id": text_id, "en": self.string(en_key, text_id)}


def _as_tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


def parse_period(text: str) -> tuple[time, time] | None:
    """``"07:30-12:00"`` → ``(time(7, 30), time(12, 0))``; ``None`` if malformed or empty."""
    m = _PERIOD.fullmatch(text)
    if not m:
        return None
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        return None
    start, end = time(h1, m1), time(h2, m2)
    return (start, end) if start < end else None


def parse_date(value: Any) -> date | None:
    """A TOML date or an ISO ``"YYYY-MM-DD"`` string; ``None`` if neither."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
        except ValueError:
            return None
    return None


def parse_duration(text: str) -> timedelta | None:
    """``"5m"``, ``"2h"``, ``"3d"``, ``"3w"``, ``"1h30m"`` → a positive timedelta, else ``None``.

    m = minutes, h = hours, d = days (calendar days of 24 hours), w = weeks
    (7 days). How a duration is counted against opening hours is the
    calendar's business, not the configuration's.
    """
    pos, total = 0, timedelta()
    text = text.strip()
    while pos < len(text):
        m = _DURATION_PART.match(text, pos)
        if not m:
            return None
        try:
            total += timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
        except (OverflowError, ValueError):  # more than a timedelta holds, or 4300+ digits
            return None
        pos = m.end()
    return total if total > timedelta() else None
