"""Take the store's lock inside a write transaction and keep it until killed.

    python tests/procs/hold_lock.py --store DIR

Prints ``{"locked": true}`` once it holds the lock, then waits on stdin.
"""

from __future__ import annotations

import argparse
import sys

from common import emit

from shared.store.filestore import FileStore


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--store", required=True)
    args = p.parse_args()
    with FileStore(args.store).transaction() as tx:
        tx.table("held.json", "t").put("by", {"pid": "killed holder"})
        emit(locked=True)
        sys.stdin.read()  # until the test kills this process


if __name__ == "__main__":
    main()
