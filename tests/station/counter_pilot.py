"""Driving the counter screens: an office whose receipt printers write files, logging in."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from station_pilot import log_in, settle
from textual.pilot import Pilot

from shared.config import PrinterConfig
from shared.fake_printer import closed_port
from shared.office import Office
from station.app import StationApp

PIN = "123456"
GS_QR, GS_CUT = b"\x1d(k", b"\x1dV"


def printing_office(office: Office, folder: Path, **printers: PrinterConfig) -> Office:
    """``office`` on the same store and clock, its receipt printers writing under ``folder``.

    ``printers`` replace some of them (e.g. ``loket1=offline()``).
    """
    table = {
        name: PrinterConfig(name, "file", cfg.paper_mm, {"path": folder / f"{name}.bin"})
        if cfg.is_receipt
        else cfg
        for name, cfg in office.config.printers.items()
    }
    table.update({name: dataclasses.replace(cfg, name=name) for name, cfg in printers.items()})
    return Office(office.store, dataclasses.replace(office.config, printers=table), office.clock)


def offline() -> PrinterConfig:
    """A network printer nobody listens for: connection refused at once."""
    return PrinterConfig(
        "", "network", 80, {"host": "127.0.0.1", "port": closed_port(), "timeout": 2.0}
    )


def printed(folder: Path, printer: str) -> list[bytes]:
    """The receipts ``printer`` wrote under ``folder``, oldest first."""
    return [p.read_bytes() for p in sorted((folder / printer).glob("*.bin"))]


def station(office: Office, counter: int = 1) -> StationApp:
    """A station at ``counter`` (no idle log-out during a test)."""
    return StationApp(office, counter=counter, idle_seconds=3600)


async def at_counter(pilot: Pilot, staff_id: str = "LOKET1") -> None:
    """Log in and wait until the counter has been read."""
    await log_in(pilot, staff_id, PIN)
    await settle(pilot)
