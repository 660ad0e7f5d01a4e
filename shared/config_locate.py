"""Find the line of a key in a TOML text, for error messages.

``tomllib`` reports a line only for syntax errors; a value that parses but
makes no sense (a two-letter ticket prefix, a printer nobody defined) needs
its line found separately. :func:`index_lines` scans the text once and maps
every key path it sees to the line where it is written:

- ``[office]`` → ``("office",)``; ``[[services]]`` (the second one) →
  ``("services", 1)``; ``[printers.kantor]`` → ``("printers", "kantor")``;
- ``key = value`` under a header → header path + the (dotted) key;
- inside inline arrays and tables, each element and each inner key, so a
  requirement written on its own line inside ``requirements = [ ... ]`` is
  found too.

The scanner is forgiving: it is only used on text that ``tomllib`` has already
accepted, and if it meets something it does not understand it stops and keeps
what it has. :func:`locate` then falls back from the full key path to the
nearest enclosing key or table header it knows, then to ``None``.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Sequence

KeyPath = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t\r]*")
_BLANK = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_LITERAL = re.compile(r"'([^'\n]*)'")
_SCALAR = re.compile(r"[^,\]}\n#]+")


class _Stop(Exception):
    """The scanner met something it does not understand; keep what was indexed."""


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.index: dict[KeyPath, int] = {}
        self.arrays: dict[KeyPath, int] = {}  # array-of-tables path -> last index

    @property
    def line(self) -> int:
        """1-based line of the current position."""
        return bisect.bisect_left(self.newlines, self.pos) + 1

    def peek(self, ahead: int = 0) -> str:
        i = self.pos + ahead
        return self.text[i] if i < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        if self.pos + count > len(self.text):
            raise _Stop
        self.pos += count

    def skip(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        m = pattern.match(self.text, self.pos)
        if m:
            self.pos = m.end()
        return m

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces (and newlines and comments, if ``newlines``)."""
        self.skip(_BLANK if newlines else _SPACE)

    def record(self, path: KeyPath, line: int) -> None:
        self.index.setdefault(path, line)

    # -- keys and strings ------------------------------------------------------------
    def string(self) -> str:
        quote = self.peek()
        if self.text.startswith(quote * 3, self.pos):
            end = self.text.find(quote * 3, self.pos + 3)
            while end != -1 and quote == '"' and _escaped(self.text, end):
                end = self.text.find(quote * 3, end + 1)
            if end == -1:
                raise _Stop
            end += 3
            while self.text.startswith(quote, end):  # up to two quotes may close it
                end += 1
            value = self.text[self.pos + 3 : end - 3]
            self.pos = end
            return value
        m = self.skip(_BASIC if quote == '"' else _LITERAL)
        if m is None:
            raise _Stop
        return m.group(1)

    def key(self) -> tuple[str, ...]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            if self.peek() in ('"', "'"):
                parts.append(self.string())
            else:
                m = self.skip(_BARE)
                if m is None:
                    raise _Stop
                parts.append(m.group())
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return tuple(parts)
            self.advance()

    # -- values ----------------------------------------------------------------------
    def value(self, path: KeyPath) -> None:
        self.skip_blank(newlines=False)
        c = self.peek()
        if c in ('"', "'"):
            self.string()
        elif c == "[":
            self.advance()
            i = 0
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == "]":
                    self.advance()
                    return
                self.record(path + (i,), self.line)
                self.value(path + (i,))
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.advance()
                i += 1
        elif c == "{":
            self.advance()
            while True:
                self.skip_blank(newlines=False)
                if self.peek() == "}":
                    self.advance()
                    return
                self.pair(path)
                self.skip_blank(newlines=False)
                if self.peek() == ",":
                    self.advance()
        elif self.skip(_SCALAR) is None:
            raise _Stop

    def pair(self, table: KeyPath) -> None:
        line = self.line
        path = table + self.key()
        for depth in range(len(table) + 1, len(path) + 1):
            self.record(path[:depth], line)
        self.skip_blank(newlines=False)
        if self.peek() != "=":
            raise _Stop
        self.advance()
        self.value(path)

    # -- the document ----------------------------------------------------------------
    def header(self) -> KeyPath:
        line = self.line
        is_array = self.peek(1) == "["
        self.advance(2 if is_array else 1)
        names = self.key()
        self.advance(2 if is_array else 1)
        resolved: list[str | int] = []
        for name in names:
            resolved.append(name)
            if tuple(resolved) in self.arrays:
                resolved.append(self.arrays[tuple(resolved)])
        path = tuple(resolved)
        if is_array:
            if path[-1:] and isinstance(path[-1], int):  # re-opened: strip the old index
                path = path[:-1]
            nxt = self.arrays.get(path, -1) + 1
            self.arrays[path] = nxt
            path = path + (nxt,)
        for depth in range(1, len(path) + 1):
            self.record(path[:depth], line)
        return path

    def document(self) -> None:
        table: KeyPath = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return
            if self.peek() == "[":
                table = self.header()
            else:
                self.pair(table)


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - 1 - backslashes >= 0 and text[at - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def index_lines(text: str) -> dict[KeyPath, int]:
    """Every key path written in ``text``, mapped to its 1-based line."""
    scanner = _Scanner(text)
    with contextlib.suppress(_Stop, IndexError, RecursionError):
        scanner.document()
    return scanner.index


def locate(index: dict[KeyPath, int], path: Sequence[str | int]) -> int | None:
    """The line of ``path``, else of its nearest enclosing key or table, else ``None``."""
    keys = tuple(path)
    for depth in range(len(keys), 0, -1):
        line = index.get(keys[:depth])
        if line is not None:
            return line
    return None
