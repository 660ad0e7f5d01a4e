"""python-escpos, imported the one way this project imports it.

Import escpos from here, never directly::

    from shared.escpos_env import Dummy, Escpos

Two things must happen around python-escpos's import, and only here:

- ``ESCPOS_CAPABILITIES_PICKLE_DIR`` is set *before* the import. python-escpos
  3.1 caches its printer database as a pickle in that folder. We use a
  stable cache folder: ``$XDG_CACHE_HOME/kk-escpos`` (``~/.cache/kk-escpos``),
  or a folder under the system temp dir when the home folder is not
  writable. A value already set in the environment wins.
- The variable alone is not enough: python-escpos 3.1 reads it as
  ``environ.get(NAME, mkdtemp())``, so ``mkdtemp()`` runs, and leaves an empty
  ``/tmp/tmpXXXX`` behind, on every import even when it is set. While
  escpos is first imported, ``tempfile.mkdtemp`` answers with the cache
  folder instead of creating a folder.
- python-escpos calls ``logging.basicConfig()`` when imported, which would
  make every later log record of the application go to stderr (and stop the
  application's own ``basicConfig`` from working). The handlers it adds to
  the root logger are removed again.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

ENV_VAR = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def cache_dir() -> Path:
    """A stable, writable folder for python-escpos's capabilities pickle."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    for folder in (Path(base) / "kk-escpos", Path(tempfile.gettempdir()) / f"kk-escpos-{_uid()}"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    return Path(tempfile.gettempdir())


def _uid() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid else "user"


os.environ.setdefault(ENV_VAR, str(cache_dir()))

_root = logging.getLogger()
_handlers_before = list(_root.handlers)
_mkdtemp = tempfile.mkdtemp
if "escpos.capabilities" not in sys.modules:
    tempfile.mkdtemp = lambda *args, **kwargs: os.environ[ENV_VAR]  # type: ignore[assignment]
try:
    import escpos.capabilities  # noqa: F401
finally:
    tempfile.mkdtemp = _mkdtemp

from escpos import exceptions as escpos_exceptions  # noqa: E402
from escpos.constants import QR_ECLEVEL_M  # noqa: E402
from escpos.escpos import Escpos  # noqa: E402
from escpos.printer import CupsPrinter, Dummy, Network, Serial, Usb  # noqa: E402

for _handler in list(_root.handlers):
    if _handler not in _handlers_before:
        _root.removeHandler(_handler)

__all__ = [
    "QR_ECLEVEL_M",
    "CupsPrinter",
    "Dummy",
    "Escpos",
    "Network",
    "Serial",
    "Usb",
    "cache_dir",
    "escpos_exceptions",
]
