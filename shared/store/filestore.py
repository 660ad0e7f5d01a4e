"""The store: a folder of TinyDB files shared by every process on one host.

One inter-process lock (``filelock``) serialises every transaction, reads
included, so a reader never sees half of a multi-file commit. A write
transaction commits through the write-ahead log (:mod:`shared.store.journal`);
a process that died mid-commit is repaired by the next one to take the lock.

``meta.json`` holds the store's format, counters, the audit chain's head and
the change marker: a generation number per area ("tickets", "cases",
"print", "staff"). Stations poll :meth:`FileStore.marker`, a lock-free read
of that small file, and reload only what changed.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import Timeout

from shared.errors import StoreCorrupt, StoreError
from shared.store import journal
from shared.store.files import ensure_dir
from shared.store.lock import FairLock
from shared.store.tx import Transaction

FORMAT = 2
META = "meta.json"
LOCK_NAME = ".lock"


class FileStore:
    """The TinyDB-backed store rooted at ``root``."""

    def __init__(
        self, root: str | Path, *, lock_timeout: float = 30.0, durable: bool = True
    ) -> None:
        self.root = Path(root).absolute()
        self.lock_timeout = lock_timeout
        self.durable = durable
        self._lock = FairLock(self.root, lock_timeout)

    # -- lifecycle -----------------------------------------------------------------
    def exists(self) -> bool:
        return (self.root / META).exists()

    def initialise(self) -> bool:
        """Create an empty store; ``False`` (and nothing changed) if one exists."""
        with self._locked():  # makes the folder
            if self.exists():
                return False
            tx = Transaction(self.root, writable=True)
            tx.stage(META, {"format": FORMAT, "gen": 0, "changes": {}, "counters": {}})
            try:
                journal.commit(self.root, tx.journal(0, META))
            except OSError as exc:
                raise io_error(exc, self.root, "store.write_failed") from exc
            return True

    def check_open(self) -> None:
        """Refuse a missing, unreadable or newer-format store with a clear message.

        Also finishes a commit a dead writer left half applied (the journal).
        """
        if not self.exists():
            raise StoreError("store.not_initialised", path=str(self.root))
        with self.snapshot():
            pass

    # -- transactions ----------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A write transaction: all its changes are stored, or none of them."""
        with self._locked():
            tx = Transaction(self.root, writable=True)
            meta = self._meta(tx)
            if meta["format"] < FORMAT:
                self._upgrade(tx, meta)
                tx = Transaction(self.root, writable=True)
                meta = self._meta(tx)
            yield tx
            if tx.has_changes:
                meta["gen"] = meta.get("gen", 0) + 1
                changes = meta.setdefault("changes", {})
                for area in tx.changed_areas:
                    changes[area] = meta["gen"]
                tx.stage(META, meta)
                try:
                    journal.commit(self.root, tx.journal(meta["gen"], META), durable=self.durable)
                except OSError as exc:  # nothing was stored (see journal.commit)
                    raise io_error(exc, self.root, "store.write_failed") from exc

    @contextmanager
    def snapshot(self) -> Iterator[Transaction]:
        """A consistent read-only view (taken under the lock, released at once after)."""
        with self._locked():
            tx = Transaction(self.root, writable=False)
            meta = self._meta(tx)
            if meta["format"] < FORMAT:
                self._upgrade(Transaction(self.root, writable=True), meta)
                tx = Transaction(self.root, writable=False)
            yield tx

    def marker(self) -> dict[str, Any]:
        """The change marker, read without the lock: ``{"gen": n, "changes": {area: n}}``.

        Cheap enough to poll several times a second. Files are replaced by
        rename, so this read never sees a torn file.
        """
        try:
            raw = (self.root / META).read_bytes()
            doc = json.loads(raw)
        except FileNotFoundError:
            return {"gen": -1, "changes": {}}
        except ValueError:
            return {"gen": -1, "changes": {}}
        return {"gen": doc.get("gen", 0), "changes": doc.get("changes", {})}

    # -- internals ------------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            ensure_dir(self.root)
            self._lock.acquire()
        except Timeout:
            raise StoreError("store.busy", seconds=int(self.lock_timeout)) from None
        except OSError as exc:
            raise io_error(exc, self.root, "store.unusable") from exc
        try:
            try:
                journal.recover(self.root)
            except OSError as exc:  # disk full while redoing a commit: nothing is lost
                raise io_error(exc, self.root, "store.unusable") from exc
            yield
        finally:
            self._lock.release()

    def _upgrade(self, tx: Transaction, meta: dict[str, Any]) -> None:
        """Bring an older store's files to this version's format (one transaction)."""
        from shared.store.migrate import upgrade

        meta = dict(meta)
        upgrade(tx, meta, FORMAT)
        meta["gen"] = meta.get("gen", 0) + 1
        meta.setdefault("changes", {})["cases"] = meta["gen"]
        tx.stage(META, meta)
        journal.commit(self.root, tx.journal(meta["gen"], META), durable=self.durable)

    def _meta(self, tx: Transaction) -> dict[str, Any]:
        meta = tx.load(META)
        if meta is None:
            raise StoreError("store.not_initialised", path=str(self.root))
        found = meta.get("format")
        if not isinstance(found, int):
            raise StoreCorrupt(path=str(self.root / META), detail="no format version")
        if found > FORMAT:
            raise StoreError(
                "store.newer_format", path=str(self.root), found=found, expected=FORMAT
            )
        return meta


FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def io_error(exc: OSError, root: Path, key: str) -> StoreError:
    """The :class:`StoreError` for an ``OSError`` of the store's files (``key``: what failed).

    A full disk (or a file-size limit) gets its own message: free some space.
    """
    if exc.errno in FULL:
        key = f"{key}_full"
    detail = exc.strerror or str(exc)
    if exc.filename:  # which file: a folder where the lock file should be, say
        detail = f"{detail}: {exc.filename}"
    return StoreError(key, path=str(root), detail=detail)
