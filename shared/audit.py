"""Checking the audit chain: every stored event, in order, hashes to its successor's link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.errors import StoreCorrupt
from shared.store.filestore import FileStore
from shared.store.repo import GENESIS, Repo, event_hash


@dataclass
class ChainReport:
    """The result of :func:`verify_chain`: ``ok``, how many events, and the first break."""

    ok: bool
    events: int
    broken_seq: int | None = None
    broken_file: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def verify_chain(store: FileStore) -> ChainReport:
    """Walk every audit file in order and check sequence, links and hashes.

    Also compares the last event with the head recorded in ``meta.json``, so
    removing events at the end (or a whole day's file) is detected too.
    """
    with store.snapshot() as tx:
        repo = Repo(tx)
        head = repo.meta.get("audit") or {"seq": 0, "hash": GENESIS}
        seq, prev, count = 0, GENESIS, 0
        for path in repo.audit_files():
            try:
                for event in tx.read_log(path):
                    count += 1
                    problem = _check(event, seq, prev)
                    if problem:
                        return ChainReport(False, count, event.get("seq"), path, problem)
                    seq, prev = event["seq"], event["hash"]
            except StoreCorrupt as exc:
                return ChainReport(False, count, seq + 1, path, exc.params.get("detail"))
        if seq != head["seq"] or prev != head["hash"]:
            return ChainReport(False, count, seq + 1, None, "missing events at the end")
        return ChainReport(True, count)


def _check(event: dict[str, Any], seq: int, prev: str) -> str | None:
    if event.get("seq") != seq + 1:
        return f"sequence jumps from {seq} to {event.get('seq')}"
    if event.get("prev_hash") != prev:
        return "link to the previous event is broken"
    if event_hash(event) != event.get("hash"):
        return "event content was changed"
    return None
