"""The write-ahead journal that makes a multi-file transaction all-or-nothing.

A transaction that changes several files first writes one journal file
holding every change (the full new content of each replaced file, each
deletion, and each append with the offset it starts at), fsyncs it and
renames it into place: that rename is the commit point. Only then are the
files themselves changed. If the process dies half-way, the next process to
take the store's lock finds the journal and applies it again; every
operation is idempotent, so applying it twice is harmless. The journal is
removed once every change is durable.

Only the newest transaction can have a journal (the lock serialises them,
and each commit renames its journal over any older one), so replaying
whatever journal is present is always correct.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from shared.errors import StoreCorrupt
from shared.store.files import append_at, ensure_dir, fsync_dir, remove, write_atomic

JOURNAL_NAME = "journal.json"


@dataclass
class Change:
    """One file operation: ``put`` (replace), ``delete``, or ``append`` at ``offset``."""

    op: str
    path: str  # relative to the store root, with forward slashes
    data: str | None = None
    offset: int = 0


@dataclass
class Journal:
    """The ordered changes of one transaction."""

    changes: list[Change] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        body = [c.__dict__ for c in self.changes]
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(text.encode()).hexdigest()
        return json.dumps({"sha256": digest, "changes": body}, ensure_ascii=False).encode()

    @classmethod
    def from_bytes(cls, raw: bytes, where: Path) -> Journal:
        try:
            doc = json.loads(raw)
            body = doc["changes"]
            text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
            if hashlib.sha256(text.encode()).hexdigest() != doc["sha256"]:
                raise ValueError("checksum mismatch")
            return cls([Change(**c) for c in body])
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreCorrupt("store.journal_corrupt", path=str(where), detail=str(exc)) from exc


def apply(root: Path, journal: Journal, *, durable: bool = True) -> None:
    """Carry out every change durably (data fsynced, then each folder touched)."""
    dirs: set[Path] = set()
    for change in journal.changes:
        target = root / change.path
        if change.op == "delete":
            remove(target)
            dirs.add(target.parent)
            continue
        for created in ensure_dir(target.parent):
            dirs.add(created.parent)
        data = (change.data or "").encode()
        if change.op == "put":
            write_atomic(target, data, sync=durable)
            dirs.add(target.parent)
        elif change.op == "append":
            if not target.exists():
                dirs.add(target.parent)
            append_at(target, change.offset, data, sync=durable)
        else:
            raise ValueError(f"unknown journal operation {change.op!r}")
    if not durable:
        return
    for d in sorted(dirs, key=lambda p: len(p.parts), reverse=True):
        if d.exists():
            fsync_dir(d)


def commit(root: Path, journal: Journal, *, durable: bool = True) -> None:
    """Write the journal durably, apply it, then drop it.

    ``durable=False`` skips every fsync: only for bulk-loading simulated
    history (benchmarks), where a power cut costs nothing but a rerun.
    """
    path = root / JOURNAL_NAME
    write_atomic(path, journal.to_bytes(), sync=durable)
    if durable:
        fsync_dir(root)
    apply(root, journal, durable=durable)
    remove(path)


def recover(root: Path) -> bool:
    """Re-apply a journal left by a process that died mid-commit. True if one was found."""
    path = root / JOURNAL_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return False
    apply(root, Journal.from_bytes(raw, path))
    remove(path)
    return True
