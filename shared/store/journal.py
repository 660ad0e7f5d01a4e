"""The write-ahead log that makes a multi-file transaction all-or-nothing.

A transaction's changes (the full new content of each replaced file, each
deletion, each append with the offset it starts at) are appended to
``wal.log`` as one line and fsynced: that fsync is the commit point, and the
only one a transaction waits for. The files are then changed without fsync;
``meta.json``, changed last, records the generation applied.

Recovery, at every lock acquisition:

- a process killed mid-apply leaves a log whose last generation is newer
  than ``meta.json``'s: those records are applied again (every operation is
  idempotent);
- a torn last line (killed mid-append, before the commit returned) has a bad
  checksum and is cut off: that transaction never happened;
- after a machine restart (the log's header holds the boot id), files
  written without fsync may have lost data, so every record since the last
  checkpoint is replayed in order.

A checkpoint, when the log passes ``CHECKPOINT_BYTES``, fsyncs every file the
log names and starts a new log. Record line format::

    {"gen": 7, "paths": [...]}<TAB>[changes...]<TAB><crc32 hex> <gen, 12 digits>\\n

The fixed-width tail lets the newest generation be read from the last 22
bytes of the log without parsing anything.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from shared.errors import StoreCorrupt
from shared.store.files import (
    FILE_MODE,
    append_at,
    ensure_dir,
    fsync_dir,
    overwrite,
    remove,
    write_atomic,
)

log = logging.getLogger(__name__)

WAL_NAME = "wal.log"
META_NAME = "meta.json"
CHECKPOINT_BYTES = 4 * 1024 * 1024
_TAIL = 22  # "\t" + 8 hex + " " + 12 digits  (the newline excluded)


@dataclass
class Change:
    """One file operation: ``put`` (replace), ``delete``, or ``append`` at ``offset``.

    ``data`` is the file's new text (put) or the text appended (append).
    """

    op: str
    path: str  # relative to the store root, with forward slashes
    data: str | None = None
    offset: int = 0


@dataclass
class Journal:
    """The ordered changes of one transaction."""

    changes: list[Change] = field(default_factory=list)
    gen: int = 0

    def to_line(self) -> bytes:
        head = json.dumps({"gen": self.gen, "paths": [c.path for c in self.changes]})
        parts = []
        for c in self.changes:
            # a put's data is JSON already: embed it as a value, not re-escaped as a string
            value = c.data if c.op == "put" else orjson.dumps(c.data).decode()
            parts.append(
                f'{{"op":"{c.op}","path":{json.dumps(c.path)},"offset":{c.offset},"data":{value}}}'
            )
        body = f"{head}\t[{','.join(parts)}]".encode()
        crc = zlib.crc32(body)
        return body + f"\t{crc:08x} {self.gen:012d}\n".encode()

    @classmethod
    def from_line(cls, line: bytes) -> Journal | None:
        """Parse one log line; ``None`` if it is torn or fails its checksum."""
        if not line.endswith(b"\n") or len(line) < _TAIL + 1:
            return None
        body, tail = line[: -_TAIL - 1], line[-_TAIL - 1 : -1]
        try:
            crc, gen = tail[1:9].decode(), int(tail[10:])
            if tail[:1] != b"\t" or int(crc, 16) != zlib.crc32(body):
                return None
            _head, changes = body.split(b"\t", 1)
            raw = orjson.loads(changes)
        except ValueError:
            return None
        out = []
        for c in raw:
            data = c["data"]
            if c["op"] == "put":
                data = orjson.dumps(data).decode()
            out.append(Change(c["op"], c["path"], data, c["offset"]))
        return cls(out, gen)


def apply(root: Path, journal: Journal, *, durable: bool = False) -> None:
    """Carry out every change (fsynced only when ``durable``).

    ``meta.json`` is replaced by rename (stations read it without the lock);
    every other file is overwritten in place, which is safe because it is
    only read under the lock and the log can always redo it.
    """
    for change in journal.changes:
        target = root / change.path
        if change.op == "delete":
            remove(target)
            continue
        ensure_dir(target.parent)
        data = (change.data or "").encode()
        if change.op == "put":
            if change.path == META_NAME or durable:
                write_atomic(target, data, sync=durable)
            else:
                overwrite(target, data)
        elif change.op == "append":
            append_at(target, change.offset, data, sync=durable)
        else:
            raise ValueError(f"unknown journal operation {change.op!r}")


# -- the log ---------------------------------------------------------------------------
def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return "unknown"


BOOT_ID = _boot_id()
_checked_boot: set[Path] = set()


def _header() -> bytes:
    return (json.dumps({"wal": 1, "boot_id": BOOT_ID}) + "\n").encode()


def _read_meta_gen(root: Path) -> int:
    try:
        return int(json.loads((root / META_NAME).read_bytes()).get("gen", 0))
    except FileNotFoundError:
        return 0
    except ValueError as exc:
        raise StoreCorrupt(path=str(root / META_NAME), detail=f"JSON: {exc}") from exc


def _last_gen(wal: Path) -> tuple[int, int]:
    """(newest generation in the log or -1, log size)."""
    try:
        with wal.open("rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size < _TAIL + 1:
                return -1, size
            fh.seek(size - _TAIL - 1)
            tail = fh.read()
    except FileNotFoundError:
        return -1, 0
    try:
        if tail.endswith(b"\n") and tail[:1] == b"\t":
            return int(tail[10:-1]), size
    except ValueError:
        pass
    return -2, size  # a torn last line, or only the header


def _records(wal: Path) -> tuple[dict, list[Journal], int]:
    """Header, the intact records, and the byte length they cover (a torn tail is dropped)."""
    raw = wal.read_bytes()
    lines = raw.splitlines(keepends=True)
    if not lines:
        return {}, [], 0
    try:
        header = json.loads(lines[0])
    except ValueError as exc:
        raise StoreCorrupt("store.journal_corrupt", path=str(wal), detail=str(exc)) from exc
    good = len(lines[0])
    records = []
    for line in lines[1:]:
        rec = Journal.from_line(line)
        if rec is None:
            break
        records.append(rec)
        good += len(line)
    return header, records, good


def _header_of(wal: Path) -> dict:
    with wal.open("rb") as fh:
        first = fh.readline()
    try:
        header = json.loads(first)
    except ValueError as exc:
        raise StoreCorrupt("store.journal_corrupt", path=str(wal), detail=str(exc)) from exc
    if not isinstance(header, dict):
        raise StoreCorrupt("store.journal_corrupt", path=str(wal), detail="no header")
    return header


def _new_log(root: Path, *, durable: bool) -> None:
    write_atomic(root / WAL_NAME, _header(), sync=durable)
    if durable:
        fsync_dir(root)


def _logged_paths(wal: Path) -> set[str]:
    """Every path the log's records name (reads only each line's small head)."""
    paths: set[str] = set()
    try:
        with wal.open("rb") as fh:
            fh.readline()  # the header
            for line in fh:
                head = line.split(b"\t", 1)[0]
                try:
                    paths.update(json.loads(head)["paths"])
                except (ValueError, KeyError):
                    break  # a torn tail
    except FileNotFoundError:
        pass
    return paths


def checkpoint(root: Path, *, durable: bool = True) -> None:
    """Make every file the log names durable, then start a new, empty log."""
    if durable:
        dirs: set[Path] = {root}
        for path in sorted(_logged_paths(root / WAL_NAME)):
            target = root / path
            parent = target.parent
            while parent != root and root in parent.parents:
                dirs.add(parent)
                parent = parent.parent
            if target.exists():
                fd = os.open(target, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        for d in sorted(dirs, key=lambda p: len(p.parts), reverse=True):
            if d.exists():
                fsync_dir(d)
    _new_log(root, durable=durable)


def commit(root: Path, journal: Journal, *, durable: bool = True) -> None:
    """Append the transaction to the log (fsync: the commit point), then apply it.

    The caller puts ``meta.json`` (with ``journal.gen``) last among the changes.
    An ``OSError`` (disk full, file too large) before the commit point is
    raised with the log cut back to where it was: nothing was stored. One
    after it (while applying) is only logged: the transaction is committed,
    and the next process to take the lock redoes it (and reports the fault if
    it persists).
    """
    wal = root / WAL_NAME
    if not wal.exists():
        _new_log(root, durable=durable)
    fd = os.open(wal, os.O_WRONLY | os.O_APPEND, FILE_MODE)
    try:
        start = os.fstat(fd).st_size
        try:
            line = memoryview(journal.to_line())
            while line:
                n = os.write(fd, line)
                line = line[n:]
            if durable:
                os.fdatasync(fd)
        except OSError:
            with contextlib.suppress(OSError):  # a torn line is cut off at recovery anyway
                os.ftruncate(fd, start)
            raise
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    try:
        apply(root, journal)
        if size > CHECKPOINT_BYTES:
            checkpoint(root, durable=durable)
    except OSError as exc:
        log.warning("store %s: generation %s committed, applying it failed: %s", root,
                    journal.gen, exc)  # fmt: skip


def recover(root: Path) -> bool:
    """Bring the files up to the newest committed transaction. True if anything was redone."""
    wal = root / WAL_NAME
    if not wal.exists():
        _checked_boot.add(root)
        return False
    if root not in _checked_boot:
        _checked_boot.add(root)
        if _header_of(wal).get("boot_id") != BOOT_ID:
            header, records, good = _records(wal)
            # The machine restarted: unsynced writes may be lost; redo the whole log.
            for rec in records:
                apply(root, rec)
            checkpoint(root)
            return bool(records)
    last, size = _last_gen(wal)
    if last >= 0 and last <= _read_meta_gen(root):
        return False
    header, records, good = _records(wal)
    redone = False
    if good < size:  # a torn tail: that transaction never committed
        os.truncate(wal, good)
    applied = _read_meta_gen(root)
    for rec in records:
        if rec.gen > applied:
            apply(root, rec)
            redone = True
    return redone


def redo_appends(root: Path, path: str) -> bool:
    """Rewrite the cut-off last line of the log ``path`` from the journal; ``False`` if it can't.

    A line of an append-only file cut short (by a copy, an editor, a damaged
    disk) is written again from the journal's record of that append, with
    every later append to the file, when the journal still holds it (it holds
    everything since the last checkpoint).
    """
    target = root / path
    raw = target.read_bytes()
    cut = raw.rfind(b"\n") + 1  # where the cut-off line starts
    wal = root / WAL_NAME
    if not wal.exists():
        return False
    _header, records, _good = _records(wal)
    appends = [c for r in records for c in r.changes if c.op == "append" and c.path == path]
    for i, change in enumerate(appends):
        end = change.offset + len((change.data or "").encode())
        if change.offset <= cut < end and change.offset <= len(raw):
            for later in appends[i:]:
                append_at(target, later.offset, (later.data or "").encode())
            return True
    return False
