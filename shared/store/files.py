"""Durable file primitives: atomic replace, durable append, directory fsync.

Every file the store writes goes through here. A replaced file is written to
a temporary sibling, fsynced, and renamed over the old one, so a reader or a
crash sees the old content or the new one, never a mix. Files and folders are
created owner-only (0600 / 0700): they hold personal data.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO

FILE_MODE = 0o600
DIR_MODE = 0o700


def fsync_dir(path: Path) -> None:
    """Make the directory entries of ``path`` (renames, unlinks) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(path: Path) -> list[Path]:
    """Create ``path`` and missing parents owner-only; return the folders created."""
    created: list[Path] = []
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            os.mkdir(d, DIR_MODE)
            created.append(d)
        except FileExistsError:
            pass
    return created


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Replace ``path`` with ``data``: temp file, fsync, rename (dir fsync is the caller's)."""
    tmp = path.with_name("." + path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def overwrite(path: Path, data: bytes) -> None:
    """Write ``data`` over ``path`` in place, without fsync (the write-ahead log covers it).

    Cheaper than a rename (no new inode, no flush forced by the file system's
    replace-by-rename heuristic). Only for files read under the store's lock:
    a crash mid-write leaves a torn file that recovery rewrites from the log.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        view = memoryview(data)
        offset = 0
        while offset < len(data):
            offset += os.pwrite(fd, view[offset:], offset)
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def append_at(path: Path, offset: int, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` at ``offset`` of ``path`` and cut what follows; fsync.

    Replaying the same call gives the same file, so a journal can repeat it
    after a crash that tore the first attempt.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        size = os.fstat(fd).st_size
        if size < offset:
            raise OSError(f"{path} is shorter ({size}) than the journal expects ({offset})")
        os.ftruncate(fd, offset)
        os.lseek(fd, offset, os.SEEK_SET)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def create_private(path: Path) -> BinaryIO:
    """A new file at ``path`` (any old one removed), owner-only from its first byte."""
    remove(path)
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb")


def remove(path: Path) -> None:
    """Unlink ``path`` if it is there."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
