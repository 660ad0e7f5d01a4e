"""Upgrading a store written by an older version, in place, in one transaction.

``meta.json`` records the store's format. The first process of a newer
version to take the lock upgrades the store, through the write-ahead log
like any other transaction, so a crash mid-upgrade leaves the old format or
the new one, never a mix.

- format 1 -> 2: the open-case summary index moved from shards by creation
  day (``cases/open/261123-A00.json``) to shards by state and hash bucket
  (``cases/open/KABID_REVIEW/07.json``).
"""

from __future__ import annotations

from typing import Any

from shared.store.repo import CASES_OPEN, Repo
from shared.store.tx import Transaction


def _v1_to_v2(tx: Transaction) -> None:
    for path in tx.list(CASES_OPEN):  # the flat format-1 shards (files, not folders)
        for row in tx.table(path, "cases").rows():
            tx.table(Repo.index_path(row["id"], row["state"]), "cases").put(row["id"], row)
        tx.delete(path)


STEPS = {1: _v1_to_v2}


def upgrade(tx: Transaction, meta: dict[str, Any], target: int) -> None:
    """Run every step from ``meta["format"]`` up to ``target`` inside ``tx``."""
    while meta["format"] < target:
        STEPS[meta["format"]](tx)
        meta["format"] += 1
    tx.stage("meta.json", meta)
    tx.touch("cases")
