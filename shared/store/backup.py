"""Backing up, checking and restoring the store (``kk store backup|check|restore``).

**Backup.** Under the store's lock (so no transaction is half-applied, and
the journal has been replayed), every data file is copied to a staging folder
beside the backups; the lock is then released and the copy packed as
``kk-store-YYYYMMDD-HHMMSS.tar.gz`` (mode 0600, in a 0700 folder), written
under a temporary name and renamed. The oldest backups beyond ``keep`` are
removed. The journal (``wal.log``) and the lock files are not copied: after
the replay the files hold every committed transaction.

**Automatic backups.** :func:`backup_if_due` takes the day's backup the
first time it is called on a day with none in the folder yet (the print
station's loop calls it every pass: :func:`auto_backup`, ``[store]
backup_folder`` and ``backup_keep``, outside opening hours only), rotating as
above.

**Check.** Replays a journal a dead writer left (under the lock), then reads
every file without the lock (a check never holds the office up; run it
when the office is closed, as a check during writes may see a change half
read) and without trusting any of them: each JSON file
and each line of each JSON-lines log parses; the open-case index and the
case files agree; every closed case is in its month's archive where its
locator says; per day and service the tickets are numbered 1..n and the
file's counter says n + 1; the audit chain verifies. Every problem is named
(file, and what is wrong), all of them, not only the first.

**Restore.** A backup is unpacked beside the store (paths checked: nothing
outside the folder), checked, and only then put in place; the store it
replaces is kept as ``<store>.replaced-YYYYMMDD-HHMMSS``, never deleted.
Stop every kiosk and station first: restoring under a running office would
lose what they write meanwhile.
"""

from __future__ import annotations

import json
import os
import shutil
import tarfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from shared.errors import StoreError
from shared.store.files import DIR_MODE, FILE_MODE
from shared.store.filestore import FileStore

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux
    fcntl = None  # type: ignore[assignment]

PREFIX = "kk-store-"
SUFFIX = ".tar.gz"
SKIP = {".lock", ".waiting", "wal.log"}


# -- backup ---------------------------------------------------------------------------------
def backup(store: FileStore, dest: Path, *, now: datetime, keep: int = 7) -> Path:
    """Write a backup of ``store`` into ``dest``; returns its path (see the module doc)."""
    store.check_open()
    dest = Path(dest)
    try:
        dest.mkdir(parents=True, exist_ok=True)
        os.chmod(dest, DIR_MODE)
    except OSError as exc:
        raise StoreError("store.backup_failed", path=str(dest), detail=exc.strerror) from None
    name = f"{PREFIX}{now:%Y%m%d-%H%M%S}"
    staging = dest / f".{name}.staging"
    target = dest / f"{name}{SUFFIX}"
    partial = dest / f".{name}{SUFFIX}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with store.snapshot():  # the lock: nobody writes while the files are copied
            shutil.copytree(store.root, staging, ignore=_skip)
        partial.unlink(missing_ok=True)
        # created owner-only before a byte is written (not chmod-ed afterwards)
        with (
            os.fdopen(
                os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb"
            ) as fh,
            tarfile.open(fileobj=fh, mode="w:gz", compresslevel=6) as tar,
        ):
            tar.add(staging, arcname="store")
        os.replace(partial, target)
    except OSError as exc:
        raise StoreError("store.backup_failed", path=str(target), detail=_why(exc)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        partial.unlink(missing_ok=True)
    for old in backups(dest)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target


AUTO_RETRY = timedelta(minutes=15)  # after a failed automatic backup, the next try
_auto_failed: dict[Path, datetime] = {}  # per backup folder, in this process


def _why(exc: OSError) -> str:
    """What went wrong, in the system's words (``shutil.copytree`` gathers its errors)."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        return str(exc.args[0][0][-1])[:200] if exc.args[0] else "?"
    return exc.strerror or str(exc)


def backup_if_due(store: FileStore, folder: Path, *, keep: int, now: datetime) -> Path | None:
    """Today's automatic backup, if ``folder`` holds none from ``now``'s day yet.

    Returns the backup written, or ``None`` (one exists already, ``keep`` is 0,
    another process is writing it, or the last try failed less than
    :data:`AUTO_RETRY` ago). Rotates like :func:`backup`: the newest ``keep``
    are kept, whatever wrote them. Cheap when nothing is due (one listing), so
    a long-running loop may call it every pass. Raises :class:`StoreError` when
    the backup fails (then not again for :data:`AUTO_RETRY`).
    """
    folder = Path(folder)
    if keep <= 0 or _has_backup_of(folder, now):
        return None
    failed = _auto_failed.get(folder)
    if failed is not None and timedelta(0) <= now - failed < AUTO_RETRY:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        fd = os.open(folder / ".auto.lock", os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        _auto_failed[folder] = now
        raise StoreError("store.backup_failed", path=str(folder), detail=exc.strerror) from None
    try:
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # another print station is writing it now
        if _has_backup_of(folder, now):
            return None
        try:
            made = backup(store, folder, now=now, keep=keep)
        except StoreError:
            _auto_failed[folder] = now
            raise
        _auto_failed.pop(folder, None)
        return made
    finally:
        os.close(fd)  # drops the flock


def _has_backup_of(folder: Path, now: datetime) -> bool:
    day = f"{PREFIX}{now:%Y%m%d}-"
    return any(p.name.startswith(day) for p in backups(folder))


def auto_backup(office: Any) -> Path | None:
    """:func:`backup_if_due` with the office's ``[store] backup_folder`` and ``backup_keep``,
    only while the office is closed.

    A backup copies the store under its lock: a year's store (1.1 GB) takes
    about 6 s to copy, every kiosk and counter waiting. So the day's backup is
    taken on the first pass outside opening hours (before opening, at a break,
    after closing), never while citizens queue.
    """
    config = office.config
    now = office.now()
    if config.hours.is_open(now):
        return None
    folder = config.backup_folder or office.store.root.parent / "backups"
    return backup_if_due(office.store, folder, keep=config.backup_keep, now=now)


def _owner_only(top: Path) -> None:
    """Every folder under ``top`` 0700 and every file 0600, as the store makes them."""
    for folder, dirs, files in os.walk(top):
        os.chmod(folder, DIR_MODE)
        for name in dirs:
            os.chmod(os.path.join(folder, name), DIR_MODE)
        for name in files:
            os.chmod(os.path.join(folder, name), FILE_MODE)


def _skip(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in SKIP or n.endswith(".tmp")}


def backups(dest: Path) -> list[Path]:
    """The backups in ``dest``, oldest first."""
    return sorted(Path(dest).glob(f"{PREFIX}*{SUFFIX}"))


# -- check ----------------------------------------------------------------------------------
@dataclass
class Problem:
    """One thing wrong in a store: a catalogue key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        from shared.i18n import t

        return t(self.key, lang, **self.params)


@dataclass
class CheckReport:
    """What :func:`check` found: ``problems`` (empty: the store is whole) and some counts."""

    root: Path
    files: int = 0
    tickets: int = 0
    cases: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(root: Path) -> CheckReport:
    """Check the store at ``root`` file by file (see the module doc)."""
    root = Path(root)
    report = CheckReport(root)
    if not (root / "meta.json").exists():
        report.problems.append(Problem("store.check.no_meta", {"path": str(root)}))
        return report
    store = FileStore(root)
    try:
        with store.snapshot():  # replays a journal a dead writer left, then lets go
            pass
    except StoreError as err:
        report.problems.append(Problem(err.key, dict(err.params)))
        return report
    docs, logs = _parse_all(root, report)
    _check_tickets(docs, report)
    _check_cases(root, docs, logs, report)
    audit_broken = any(
        p.key == "store.check.bad_line" and "audit/" in p.params["path"] for p in report.problems
    )
    if not audit_broken:
        from shared.audit import verify_chain

        try:
            chain = verify_chain(store)
        except StoreError as err:  # a day file that cannot be read at all
            report.problems.append(Problem(err.key, dict(err.params)))
            return report
        report.events = chain.events
        if not chain.ok:
            report.problems.append(
                Problem(
                    "store.check.chain",
                    {"seq": chain.broken_seq, "path": chain.broken_file, "reason": chain.reason},
                )
            )
    return report


def _parse_all(root: Path, report: CheckReport) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    docs: dict[str, Any] = {}
    logs: dict[str, list[Any]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or path.name in SKIP or path.name.startswith("."):
            continue
        report.files += 1
        if path.suffix == ".json":
            try:
                docs[rel] = json.loads(path.read_bytes())
            except ValueError as exc:
                report.problems.append(Problem("store.check.bad_file", _where(rel, exc)))
        elif path.suffix == ".jsonl":
            records = []
            with path.open("rb") as fh:
                for number, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        records.append(json.loads(line))
                    except ValueError:
                        report.problems.append(
                            Problem("store.check.bad_line", {"path": rel, "line": number})
                        )
            logs[rel] = records
    return docs, logs


def _where(rel: str, exc: Exception) -> dict[str, Any]:
    return {"path": rel, "detail": str(exc)[:120]}


def _table(doc: Any, name: str) -> dict[str, Any]:
    table = doc.get(name) if isinstance(doc, dict) else None
    return table if isinstance(table, dict) else {}


def _check_tickets(docs: dict[str, Any], report: CheckReport) -> None:
    for rel, doc in docs.items():
        if not rel.startswith("tickets/"):
            continue
        rows = _table(doc, "tickets")
        numbers = sorted(r.get("number", 0) for r in rows.values())
        report.tickets += len(rows)
        if numbers != list(range(1, len(rows) + 1)):
            report.problems.append(Problem("store.check.ticket_gap", {"path": rel}))
        nxt = _table(doc, "counter").get("next", {}).get("value")
        if nxt != len(rows) + 1:
            report.problems.append(
                Problem(
                    "store.check.ticket_counter", {"path": rel, "next": nxt, "count": len(rows)}
                )
            )


def _check_cases(
    root: Path, docs: dict[str, Any], logs: dict[str, list[Any]], report: CheckReport
) -> None:
    data: dict[str, dict[str, Any]] = {}
    for rel, doc in docs.items():
        if rel.startswith("cases/data/"):
            for cid, row in _table(doc, "case").items():
                data[cid] = row
    index: dict[str, str] = {}
    for rel, doc in docs.items():
        if rel.startswith("cases/open/"):
            for cid, row in _table(doc, "cases").items():
                index[cid] = row.get("state", "")
    for cid in sorted(data.keys() ^ index.keys()):
        where = "store.check.index_missing" if cid in data else "store.check.data_missing"
        report.problems.append(Problem(where, {"case": cid}))
    for cid in sorted(data.keys() & index.keys()):
        if data[cid].get("state") != index[cid]:
            report.problems.append(Problem("store.check.index_stale", {"case": cid}))
    archived = {
        rec.get("id"): (rel, rec)
        for rel, recs in logs.items()
        if rel.startswith("cases/archive/")
        for rec in recs
    }
    located = 0
    for rel, doc in docs.items():
        if not rel.startswith("cases/closed/"):
            continue
        for cid, where in _table(doc, "closed").items():
            located += 1
            rec = _record_at(root / where.get("archive", ""), where.get("offset", -1))
            if rec is None or rec.get("id") != cid:
                report.problems.append(
                    Problem("store.check.locator", {"case": cid, "path": where.get("archive")})
                )
            if cid in data:
                report.problems.append(Problem("store.check.open_and_closed", {"case": cid}))
    if located != len(archived):
        report.problems.append(
            Problem("store.check.archive_count", {"archived": len(archived), "located": located})
        )
    report.cases = len(data) + located


def _plain_member(member: tarfile.TarInfo) -> bool:
    """A file or folder under ``store/``, as :func:`backup` writes them: no link, no device,
    no absolute path, no ``..`` (checked by hand too: ``tarfile``'s filters came in 3.11.4)."""
    parts = PurePosixPath(member.name).parts
    return (
        (member.isfile() or member.isdir())
        and bool(parts)
        and parts[0] == "store"
        and ".." not in parts
        and not member.name.startswith("/")
    )


def _record_at(path: Path, offset: int) -> dict[str, Any] | None:
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            rec = json.loads(fh.readline())
    except (OSError, ValueError):
        return None
    return rec if isinstance(rec, dict) else None


# -- restore --------------------------------------------------------------------------------
def restore(archive: Path, root: Path, *, now: datetime, force: bool = False) -> CheckReport:
    """Put the backup ``archive`` in place as the store at ``root`` (see the module doc).

    Refused if a store exists at ``root`` and not ``force``, or if the backup
    does not check out whole (then nothing is changed).
    """
    archive, root = Path(archive), Path(root).absolute()
    if root.exists() and any(root.iterdir()) and not force:
        raise StoreError("store.restore_exists", path=str(root))
    unpacked = root.with_name(f".{root.name}.restoring")
    shutil.rmtree(unpacked, ignore_errors=True)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            if not members or not all(_plain_member(m) for m in members):
                raise StoreError("store.restore_not_backup", path=str(archive))
            if hasattr(tarfile, "data_filter"):
                tar.extractall(unpacked, filter="data")
            else:  # Python before 3.11.4 (Debian 12's 3.11.2): the members are vetted above
                tar.extractall(unpacked)
        _owner_only(unpacked)  # the "data" filter gives folders the umask's mode
    except (OSError, tarfile.TarError) as exc:
        shutil.rmtree(unpacked, ignore_errors=True)
        raise StoreError("store.restore_not_backup", path=str(archive)) from exc
    report = check(unpacked / "store")
    if not report.ok:
        shutil.rmtree(unpacked, ignore_errors=True)
        raise StoreError(
            "store.restore_broken", path=str(archive), detail=report.problems[0].message()
        )
    if root.exists():
        root.rename(root.with_name(f"{root.name}.replaced-{now:%Y%m%d-%H%M%S}"))
    (unpacked / "store").rename(root)
    shutil.rmtree(unpacked, ignore_errors=True)
    report.root = root
    return report
