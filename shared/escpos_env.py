"""python-escpos, imported the one way this project imports it.

Import escpos from here, never directly::

    from shared.escpos_env import Dummy, Escpos

Two things must happen around python-escpos's import, and only here:

- ``ESCPOS_CAPABILITIES_PICKLE_DIR`` is set *before* the import. python-escpos
  3.1 caches its printer database as a pickle in that folder and, when the
  variable is unset, makes a new temporary folder on every import (one more
  ``/tmp/tmpXXXX`` per kiosk start, never removed). We use a stable cache
  folder: ``$XDG_CACHE_HOME/kk-escpos`` (``~/.cache/kk-escpos``), or a folder
  under the system temp dir when the home folder is not writable. A value
  already set in the environment wins.
- python-escpos calls ``logging.basicConfig()`` when imported, which would
  make every later log record of the application go to stderr (and stop the
  application's own ``basicConfig`` from working). The handlers it adds to
  the root logger are removed again.
"""

from __future__ import annotations

import logging
import os
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
