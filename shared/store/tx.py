"""A transaction over the store's files, with TinyDB as the document API.

Inside a transaction, files are read once from disk (and parsed), changed in
memory, and written together at commit through the journal. TinyDB sees the
files through :class:`TxStorage`, which never touches the disk itself; each
transaction builds fresh TinyDB objects, so TinyDB's per-table query cache
and next-id counter never outlive the lock.

Document ids are strings (ticket, case and job ids), so the tables use
:class:`KeyedTable`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from shared.errors import StoreCorrupt
from shared.store.journal import Change, Journal, redo_appends


def dumps(doc: Any) -> str:
    """How every JSON file of the store is written (UTF-8, compact)."""
    return orjson.dumps(doc).decode()


class KeyedTable(Table):
    """A TinyDB table whose document ids are strings chosen by the domain."""

    document_id_class = str  # type: ignore[assignment]

    # TinyDB's type hints say ids are ints; this table's are strings (document_id_class).
    def put(self, key: str, doc: dict[str, Any]) -> None:
        """Insert the document ``key``, replacing any earlier one whole."""
        doc_id: Any = key
        if self.contains(doc_id=doc_id):
            self.remove(doc_ids=[doc_id])
        self.insert(Document(doc, doc_id=doc_id))

    def fetch(self, key: str) -> dict[str, Any] | None:
        """The document ``key`` as a plain dict, or ``None``."""
        doc_id: Any = key
        found = self.get(doc_id=doc_id)
        return dict(found) if isinstance(found, dict) else None

    def delete(self, key: str) -> bool:
        """Remove ``key``; ``False`` if it was not there."""
        doc_id: Any = key
        if self.contains(doc_id=doc_id):
            self.remove(doc_ids=[doc_id])
            return True
        return False

    def rows(self) -> list[dict[str, Any]]:
        """Every document as a plain dict, in insertion order."""
        raw = self._read_table()
        return [dict(v) for v in raw.values()]


class TxStorage(Storage):
    """TinyDB storage that reads and writes through the current transaction."""

    def __init__(self, tx: Transaction, path: str) -> None:
        self._tx = tx
        self._path = path

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._tx.load(self._path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._tx.stage(self._path, data)

    def close(self) -> None:
        pass


class _TxTinyDB(TinyDB):
    table_class = KeyedTable


class Transaction:
    """The files one transaction has read and the changes it will commit."""

    def __init__(self, root: Path, *, writable: bool) -> None:
        self.root = root
        self.writable = writable
        self._docs: dict[str, Any] = {}
        self._dirty: set[str] = set()
        self._deleted: set[str] = set()
        self._appends: dict[str, list[str]] = {}
        self._dbs: dict[str, TinyDB] = {}
        self.changed_areas: set[str] = set()

    # -- whole JSON documents -------------------------------------------------
    def load(self, path: str) -> Any:
        """The parsed content of ``path`` (``None`` if the file does not exist)."""
        if path in self._docs:
            return self._docs[path]
        full = self.root / path
        try:
            raw = full.read_bytes()
        except FileNotFoundError:
            doc = None
        except OSError as exc:  # a folder where the file should be, a bad disk block
            raise unreadable(full, exc) from exc
        else:
            try:
                doc = orjson.loads(raw)
            except ValueError as exc:
                raise StoreCorrupt(path=str(full), detail=f"JSON: {exc}") from exc
            if not isinstance(doc, dict):
                raise StoreCorrupt(path=str(full), detail="not a JSON object")
        self._docs[path] = doc
        return doc

    def stage(self, path: str, doc: Any) -> None:
        """Replace ``path`` with ``doc`` at commit."""
        self._require_writable()
        self._docs[path] = doc
        self._dirty.add(path)
        self._deleted.discard(path)

    def delete(self, path: str) -> None:
        """Remove the file ``path`` at commit."""
        self._require_writable()
        self._docs[path] = None
        self._dirty.discard(path)
        self._deleted.add(path)
        self._dbs.pop(path, None)

    # -- TinyDB tables ----------------------------------------------------------
    def table(self, path: str, name: str = "_default") -> KeyedTable:
        """The TinyDB table ``name`` in the file ``path``."""
        db = self._dbs.get(path)
        if db is None:
            db = _TxTinyDB(tx=self, path=path, storage=TxStorage)
            self._dbs[path] = db
        return db.table(name, cache_size=0)  # type: ignore[return-value]

    # -- append-only logs (JSON lines) ------------------------------------------
    def append(self, path: str, record: dict[str, Any]) -> int:
        """Append ``record`` as one line to the log ``path`` at commit.

        Returns the byte offset the line will start at, so a record can be
        found again without reading the whole log.
        """
        self._require_writable()
        if path not in self._appends:
            self.mend(path)  # never append a record to half a line
        pending = self._appends.setdefault(path, [])
        offset = self.log_size(path) + sum(len(line.encode()) for line in pending)
        pending.append(dumps(record) + "\n")
        return offset

    def read_log(self, path: str) -> Iterator[dict[str, Any]]:
        """The records of the log ``path`` (committed ones only)."""
        self.mend(path)
        return read_log(self.root / path)

    def read_log_at(self, path: str, offset: int) -> dict[str, Any] | None:
        """The one record starting at byte ``offset`` of the log ``path``."""
        full = self.root / path
        self.mend(path)
        try:
            with full.open("rb") as fh:
                fh.seek(offset)
                line = fh.readline()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise unreadable(full, exc) from exc
        try:
            rec = orjson.loads(line)
        except ValueError as exc:
            raise StoreCorrupt(path=str(full), detail=f"offset {offset}: {exc}") from exc
        return rec if isinstance(rec, dict) else None

    def log_size(self, path: str) -> int:
        """The committed size of the log ``path`` in bytes (0 if absent)."""
        try:
            return (self.root / path).stat().st_size
        except FileNotFoundError:
            return 0

    def mend(self, path: str) -> bool:
        """A log whose last line is cut short: rewritten from the journal (True), else refused.

        Appending after half a line would glue the next record onto it (both
        lost); reading it would fail on that line. Under the store's lock, as
        recovery. ``False``: the log is whole (or absent).
        """
        full = self.root / path
        try:
            with full.open("rb") as fh:
                size = fh.seek(0, 2)
                if size == 0:
                    return False
                fh.seek(size - 1)
                if fh.read(1) == b"\n":
                    return False
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise unreadable(full, exc) from exc
        try:
            redone = redo_appends(self.root, path)
        except OSError as exc:  # a full disk while rewriting it: nothing lost, try again later
            from shared.store.filestore import io_error

            raise io_error(exc, self.root, "store.unusable") from exc
        if not redone:
            lines = full.read_bytes().count(b"\n") + 1
            raise StoreCorrupt("store.torn_log", path=str(full), line=lines)
        return True

    # -- folders ----------------------------------------------------------------
    def list(self, folder: str, suffix: str = ".json") -> list[str]:
        """Relative paths of the files in ``folder`` ending in ``suffix``, sorted."""
        base = self.root / folder
        try:
            names = sorted(e.name for e in base.iterdir() if e.name.endswith(suffix))
        except FileNotFoundError:
            return []
        names = [n for n in names if not n.startswith(".")]
        listed = [f"{folder}/{n}" for n in names if f"{folder}/{n}" not in self._deleted]
        staged = [p for p in self._dirty if p.rsplit("/", 1)[0] == folder and p.endswith(suffix)]
        return sorted(set(listed) | set(staged))

    def touch(self, *areas: str) -> None:
        """Record that ``areas`` changed, for the stations' change marker."""
        self.changed_areas.update(areas)

    # -- commit -----------------------------------------------------------------
    @property
    def has_changes(self) -> bool:
        return bool(self._dirty or self._deleted or self._appends)

    def journal(self, gen: int, last: str) -> Journal:
        """The changes to commit as generation ``gen``; the file ``last`` goes last."""
        changes: list[Change] = []
        for path in sorted(self._dirty, key=lambda p: (p == last, p)):
            changes.append(Change("put", path, dumps(self._docs[path])))
        for path in sorted(self._deleted):
            changes.insert(0, Change("delete", path))
        appends = [
            Change("append", path, "".join(lines), self.log_size(path))
            for path, lines in self._appends.items()
        ]
        return Journal(appends + changes, gen)

    def _require_writable(self) -> None:
        if not self.writable:
            raise RuntimeError("this is a read-only transaction")


def read_log(full: Path) -> Iterator[dict[str, Any]]:
    """Parse a JSON-lines log; a line that does not parse is corruption."""
    try:
        fh = full.open("rb")
    except FileNotFoundError:
        return
    except OSError as exc:
        raise unreadable(full, exc) from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = orjson.loads(line)
            except ValueError as exc:
                raise StoreCorrupt(path=str(full), detail=f"line {lineno}: {exc}") from exc
            yield rec


def unreadable(full: Path, exc: OSError) -> StoreCorrupt:
    """The refusal for a store file that exists but cannot be read."""
    return StoreCorrupt(path=str(full), detail=exc.strerror or type(exc).__name__)
