"""Print station fixtures: the office printing into a spool folder, an async test runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from print_pilot import with_printer

from shared.config import PrinterConfig
from shared.office import Office
from station.print_station import PrintStationApp


@pytest.fixture
def spool(tmp_path: Path) -> Path:
    return tmp_path / "spool"


@pytest.fixture
def desk(office: Office, spool: Path) -> Office:
    """The test office printing its A4 documents into ``spool``."""
    return with_printer(office, PrinterConfig("kantor", "spool", None, {"path": spool}))


@pytest.fixture
def make_app(desk: Office) -> Callable[..., PrintStationApp]:
    """A print station over ``desk`` (or ``office=``), looking for jobs every 50 ms."""

    def make(**kwargs: Any) -> PrintStationApp:
        office = kwargs.pop("office", desk)
        kwargs.setdefault("interval", 0.05)
        kwargs.setdefault("idle_seconds", 3600)
        return PrintStationApp(office, **kwargs)

    return make
