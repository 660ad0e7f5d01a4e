"""Worker processes started together behind one barrier, their output kept in files.

Each worker (``tests/procs/<script>.py``) is a fresh Python process. All of
them import and open the office first, say so with a ready file, then start
together when the test creates the go file, so their transactions really
contend for the store's lock.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROCS = Path(__file__).parent
TIMEOUT = 60.0  # seconds for a whole fleet; a hang fails the test instead of blocking CI


class Fleet:
    """Worker processes started behind one barrier, their stdout kept in files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.go_file = folder / "go"
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def spawn(self, name: str, script: str, *args: str, cwd: Path | None = None) -> None:
        """Start ``tests/procs/<script>`` as ``name`` (in ``cwd``, default: this folder)."""
        out = (self.folder / f"{name}.out").open("wb")
        err = (self.folder / f"{name}.err").open("wb")
        with out, err:
            self.procs[name] = subprocess.Popen(
                [sys.executable, str(PROCS / script), *args]
                + ["--ready", str(self.folder / f"{name}.ready"), "--go", str(self.go_file)],
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                cwd=cwd or self.folder,
            )

    def go(self) -> None:
        """Wait until every worker is ready (imports done), then start them all at once."""
        deadline = time.monotonic() + TIMEOUT
        for name, proc in self.procs.items():
            while not (self.folder / f"{name}.ready").exists():
                assert proc.poll() is None, f"{name} died before the start: {self.stderr(name)}"
                assert time.monotonic() < deadline, f"{name} never got ready"
                time.sleep(0.005)
        self.go_file.touch()

    def wait(self, *names: str) -> dict[str, list[dict]]:
        """Wait for ``names`` (default: all) to exit 0; their JSON lines by name."""
        deadline = time.monotonic() + TIMEOUT
        out = {}
        for name in names or tuple(self.procs):
            proc = self.procs[name]
            try:
                code = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pytest.fail(f"{name} did not finish within {TIMEOUT} s")
            assert code == 0, f"{name} exited {code}: {self.stderr(name)}"
            text = (self.folder / f"{name}.out").read_text()
            out[name] = [json.loads(line) for line in text.splitlines()]
        return out

    def stderr(self, name: str) -> str:
        return (self.folder / f"{name}.err").read_text()[-3000:]

    def kill_leftovers(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
