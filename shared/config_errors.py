"""The error a bad configuration file stops the program with.

It names the file, the line and the key, and says what was expected, in
Bahasa Indonesia (``str(err)``) or English (``err.message("en")``), so the
person who edited ``config.toml`` can fix it without reading a traceback.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from shared.config_locate import KeyPath
from shared.i18n import t

_GOT_MAX = 40


def dotted(path: KeyPath) -> str:
    """``("services", 1, "prefix")`` → ``"services[1].prefix"`` (indexes from 0)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else f'"{part}"'
            out += f".{name}" if out else name
    return out


def show(value: Any) -> str:
    """A value as the person wrote it in TOML, shortened: ``'AB'``, ``[1, 2]``, ``{…}``."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = "'" + value + "'"
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k} = {show(v)}" for k, v in value.items()) + "}"
    elif isinstance(value, list):
        text = "[" + ", ".join(show(v) for v in value) + "]"
    else:
        text = str(value)
    return text if len(text) <= _GOT_MAX else text[: _GOT_MAX - 1] + "…"


class ConfigError(Exception):
    """A configuration file that cannot be used.

    - ``path``: the file (``None`` for the embedded default);
    - ``line``: 1-based line of the offending key, or of its enclosing table
      when the key is missing; ``None`` when unknown (missing file);
    - ``key``: dotted key path, array indexes from 0: ``services[1].prefix``
      is the ``prefix`` of the second ``[[services]]`` block; ``""`` for a
      problem with the whole file;
    - ``expected``: what was expected, in English (``None`` if not applicable);
    - ``problem``: the catalogue key of the problem (``config.problem.*``).
    """

    def __init__(
        self,
        *,
        path: Path | None,
        display: str,
        line: int | None,
        key: KeyPath | str,
        problem: str,
        expected: str | None = None,
        **params: Any,
    ) -> None:
        self.path = path
        self.display = display
        self.line = line
        self.key = key if isinstance(key, str) else dotted(key)
        self.problem = problem
        self.expected_key = expected
        self.params = params
        super().__init__(self.message())

    @property
    def expected(self) -> str | None:
        """What was expected, in English."""
        return self.expected_text("en")

    def expected_text(self, lang: str | None = None) -> str | None:
        """What was expected, in ``lang`` (Indonesian by default)."""
        if self.expected_key is None:
            return None
        return t(self.expected_key, lang, **self._rendered(lang))

    def _rendered(self, lang: str | None) -> dict[str, Any]:
        """The parameters, with each ``<name>_key`` catalogue key rendered as ``<name>``."""
        out = dict(self.params)
        for name, value in self.params.items():
            if name.endswith("_key") and isinstance(value, str):
                out[name[: -len("_key")]] = t(value, lang)
        return out

    def detail(self, lang: str | None = None) -> str:
        """The problem without the file, line and key."""
        return t(
            self.problem,
            lang,
            **{**self._rendered(lang), "expected": self.expected_text(lang) or ""},
        )

    def where(self, lang: str | None = None) -> str:
        """``config.toml baris 42, kunci services[1].prefix`` (or what of it is known)."""
        form = ("full" if self.line else "key") if self.key else ("line" if self.line else "file")
        return t(f"config.where.{form}", lang, file=self.display, line=self.line, key=self.key)

    def message(self, lang: str | None = None) -> str:
        """The whole message: where, then what is wrong."""
        return f"{self.where(lang)}: {self.detail(lang)}"

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """For ``--json`` output."""
        return {
            "error": self.problem,
            "message": self.message(lang),
            "file": str(self.path) if self.path else self.display,
            "line": self.line,
            "key": self.key,
            "expected": self.expected,
        }
