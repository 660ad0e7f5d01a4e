"""Checking the audit chain: every stored event, in order, hashes to its successor's link.

What :func:`verify_chain` detects, and where it says the break is (file and line):

- an event edited (its hash no longer matches its content);
- an event removed, inserted, or two events swapped (the sequence jumps, or
  the link to the previous event's hash breaks);
- an event re-hashed after an edit without re-hashing every later event
  (the next event's link breaks);
- an event moved into another day's file, a day file renamed, or replaced by
  another day's file (each event is filed under the later of its own day and
  the previous event's file day: anything else is out of place);
- events removed at the end, the last day file truncated or deleted (the
  chain stops before the head that ``meta.json`` records), or events added
  after that head;
- with anchors (``kk audit verify --anchor SEQ:HASH`` or ``--backup FILE``):
  a history rewritten consistently, ``meta.json``'s head included, before an
  anchor taken earlier and kept outside the store (see docs/security.md).

It cannot detect a consistent rewrite of the events after the newest anchor
by someone who can write the store's files: only an anchor kept elsewhere
bounds that.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from shared.errors import DomainError
from shared.store.filestore import FileStore
from shared.store.repo import GENESIS, Repo, event_hash

MIN_ANCHOR_HEX = 16  # a 64-bit prefix: short enough to write down, too long to forge


@dataclass
class ChainReport:
    """The result of :func:`verify_chain`: ``ok``, how many events, and the first break.

    ``head`` is the last event checked (``{"seq", "hash"}``): written down or
    printed, it is an anchor for a later check.
    """

    ok: bool
    events: int
    broken_seq: int | None = None
    broken_file: str | None = None
    reason: str | None = None
    broken_line: int | None = None
    head: dict[str, Any] = field(default_factory=dict)

    @property
    def location(self) -> str | None:
        """``file:line`` of the break (``file`` alone when no line applies)."""
        if self.broken_file is None:
            return None
        return f"{self.broken_file}:{self.broken_line}" if self.broken_line else self.broken_file

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "location": self.location}


def parse_anchor(text: str) -> tuple[int, str]:
    """``"SEQ:HASH"`` (the hash, or its first 16 or more hex digits) as ``(seq, hash)``."""
    seq, _, digest = text.strip().partition(":")
    digest = digest.strip().lower()
    try:
        number = int(seq.strip().lstrip("#"))
        int(digest, 16)
    except ValueError:
        raise DomainError("audit.bad_anchor", anchor=text) from None
    if number < 1 or not MIN_ANCHOR_HEX <= len(digest) <= 64:
        raise DomainError("audit.bad_anchor", anchor=text)
    return number, digest


def backup_anchor(archive: Path) -> tuple[int, str]:
    """The audit head recorded in the ``meta.json`` of a ``kk store backup`` archive."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("store/meta.json")
            raw = member.read() if member is not None else b""
        head = json.loads(raw)["audit"]
        return int(head["seq"]), str(head["hash"])
    except (OSError, tarfile.TarError, KeyError, ValueError, TypeError):
        raise DomainError("audit.bad_backup", path=str(archive)) from None


def verify_chain(store: FileStore, anchors: Iterable[tuple[int, str]] = ()) -> ChainReport:
    """Walk every audit file in order and check sequence, links, hashes and day files.

    Also compares the last event with the head recorded in ``meta.json``, so
    removing events at the end (or a whole day's file) is detected too, and
    each of ``anchors`` (``(seq, hash or hash prefix)``) with its event.
    """
    wanted = dict(anchors)
    with store.snapshot() as tx:
        repo = Repo(tx)
        head = repo.meta.get("audit") or {"seq": 0, "hash": GENESIS}
        seq, prev, count, filed = 0, GENESIS, 0, ""
        last_file, last_line = None, 0
        for path in repo.audit_files():
            for lineno, event in _events(tx.root / path):
                if event is None:
                    return ChainReport(
                        False, count, seq + 1, path, "line is not a JSON event", lineno
                    )
                count += 1
                day = max(filed, str(event.get("at", ""))[:10])
                problem = _check(event, seq, prev) or _filed(path, day)
                digest = str(event.get("hash", ""))
                if not problem and seq + 1 in wanted and not digest.startswith(wanted[seq + 1]):
                    problem = f"anchor #{seq + 1} does not match: history was rewritten"
                if problem:
                    return ChainReport(False, count, event.get("seq"), path, problem, lineno)
                seq, prev, filed = event["seq"], event["hash"], day
                last_file, last_line = path, lineno
        tip = {"seq": seq, "hash": prev}
        missing = sorted(n for n in wanted if n > seq)
        if seq < head["seq"]:
            where = _day_file(head.get("day")) or last_file
            return ChainReport(False, count, seq + 1, where, "missing events at the end", None, tip)
        if seq > head["seq"]:
            return ChainReport(
                False,
                count,
                head["seq"] + 1,
                last_file,
                f"events after the head meta.json records (#{head['seq']})",
                None,
                tip,
            )
        if prev != head["hash"]:
            reason = "the last event differs from the head meta.json records"
            return ChainReport(False, count, seq, last_file, reason, last_line, tip)
        if missing:
            return ChainReport(
                False,
                count,
                missing[0],
                last_file,
                f"anchor #{missing[0]} is beyond the chain: events at the end were removed",
                None,
                tip,
            )
        return ChainReport(True, count, head=tip)


def _events(full: Path) -> Iterable[tuple[int, dict[str, Any] | None]]:
    """``(line number, event)`` of a day file; ``None`` for a line that is not an event."""
    try:
        data = full.read_bytes()
    except FileNotFoundError:
        return
    except OSError as exc:  # a folder where the day file should be, a bad disk block
        from shared.store.tx import unreadable

        raise unreadable(full, exc) from exc
    for lineno, line in enumerate(io.BytesIO(data), 1):
        if not line.strip():
            continue
        try:
            event = orjson.loads(line)
        except ValueError:
            event = None
        yield lineno, event if isinstance(event, dict) else None


def _day_file(day: str | None) -> str | None:
    return f"audit/{day[:7]}/{day}.jsonl" if day else None


def _filed(path: str, day: str) -> str | None:
    if path != _day_file(day):
        return f"event filed in the wrong day file (belongs in {_day_file(day)})"
    return None


def _check(event: dict[str, Any], seq: int, prev: str) -> str | None:
    if event.get("seq") != seq + 1:
        return f"sequence jumps from {seq} to {event.get('seq')}"
    if event.get("prev_hash") != prev:
        return "link to the previous event is broken"
    if event_hash(event) != event.get("hash"):
        return "event content was changed"
    return None
