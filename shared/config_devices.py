"""Building the device sections of the configuration: printers, counters, kiosk,
stations, the document printer and the store folder. References between them (a
counter's printer, the kiosk's printer) are checked here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from shared.config_build import unique
from shared.config_errors import show
from shared.config_read import MISSING, Table
from shared.config_types import (
    SERVED_APPS,
    Counter,
    DisplayConfig,
    KioskConfig,
    PrinterConfig,
    ServeConfig,
    Service,
    StationConfig,
)

RECEIPT_TYPES = ("file", "network", "usb", "serial", "cups")
PRINTER_TYPES = (*RECEIPT_TYPES, "spool")
PAPER_MM = (58, 80)
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
PRINTER_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}"
OPTIONS: dict[str, tuple[str, ...]] = {
    "file": ("path",),
    "spool": ("path",),
    "network": ("host", "port", "timeout"),
    "usb": ("vendor_id", "product_id", "timeout"),
    "serial": ("device", "baudrate", "timeout"),
    "cups": ("queue",),
}
ANY_OPTION = tuple(dict.fromkeys(name for names in OPTIONS.values() for name in names))


def _resolve(base: Path, sec: Table, name: str, default: str) -> Path:
    """The path at ``name`` (or ``default``), absolute: relative ones against ``base``."""
    text = sec.string(name, default)
    try:
        path: Path | None = Path(text).expanduser()
    except RuntimeError:  # "~user/..." naming no user of this computer
        path = None
    if path is None or "\x00" in text:  # no file name holds a NUL character
        raise sec.fail(name, "wrong_value", "path", got=show(text))
    return path if path.is_absolute() else (base / path).absolute()


def _hex_id(sec: Table, name: str) -> int:
    """A USB id: ``"0x04b8"`` (a string) or ``0x04b8`` (a TOML integer)."""
    raw = sec.value(name, (str, int), "hex_id", MISSING)
    if isinstance(raw, int):
        value = raw
    else:
        try:
            value = int(raw, 16) if raw.lower().startswith("0x") else -1
        except ValueError:
            value = -1
    if not 0 <= value <= 0xFFFF:
        raise sec.fail(name, "wrong_value", "hex_id", got=show(raw))
    return value


def _int_choice(sec: Table, name: str, default: int | None, choices: tuple[int, ...]) -> Any:
    value = sec.value(name, int, "choice", default, choices=", ".join(map(str, choices)))
    if sec.has(name) and value not in choices:
        raise sec.fail(
            name, "wrong_value", "choice", got=show(value), choices=", ".join(map(str, choices))
        )
    return value


def _options(sec: Table, name: str, kind: str, base: Path) -> dict[str, Any]:
    if kind == "file":
        return {"path": _resolve(base, sec, "path", f"data/print/{name}")}
    if kind == "spool":
        return {"path": _resolve(base, sec, "path", "data/spool")}
    if kind == "network":
        return {
            "host": sec.string("host", pattern=r"[A-Za-z0-9.:\[\]_-]+", expected="host"),
            "port": sec.integer("port", 9100, minimum=1, maximum=65535),
            "timeout": sec.number("timeout", 10.0),
        }
    if kind == "usb":
        return {
            "vendor_id": _hex_id(sec, "vendor_id"),
            "product_id": _hex_id(sec, "product_id"),
            "timeout": sec.number("timeout", 10.0),
        }
    if kind == "serial":
        return {
            "device": sec.string("device"),
            "baudrate": _int_choice(sec, "baudrate", 9600, BAUDRATES),
            "timeout": sec.number("timeout", 10.0),
        }
    return {"queue": sec.string("queue", pattern=r"[^\s/#]{1,127}", expected="cups_queue")}


def build_printers(root: Table, base: Path) -> dict[str, PrinterConfig]:
    """``[printers.<name>]``: each printer's type, paper and connection."""
    printers = root.table("printers", required=True)
    out: dict[str, PrinterConfig] = {}
    for name in printers.names():
        if re.fullmatch(PRINTER_NAME, name) is None:
            raise printers.fail(name, "wrong_value", "printer_name", got=show(name))
        sec = printers.table(name, required=True)
        sec.allow("type", "paper_mm", *ANY_OPTION)  # typos first ("tpye", "hots")
        kind = sec.string("type", choices=PRINTER_TYPES)
        paper = kind != "spool"
        sec.allow("type", *(("paper_mm",) if paper else ()), *OPTIONS[kind])
        default_mm = None if kind == "cups" else 80
        paper_mm = _int_choice(sec, "paper_mm", default_mm, PAPER_MM) if paper else None
        out[name] = PrinterConfig(name, kind, paper_mm, _options(sec, name, kind, base))
    if not out:
        raise root.fail("printers", "empty", "table")
    return out


def printer_ref(sec: Table, name: str, printers: dict[str, PrinterConfig], *, receipt: bool) -> str:
    """The printer named at ``name``: it must exist and be a receipt (or A4) printer."""
    ref: str = sec.string(name, expected="printer_ref")
    if ref not in printers:
        raise sec.fail(
            name, "unknown_ref", got=show(ref), table="[printers]", known=", ".join(printers)
        )
    if printers[ref].is_receipt != receipt:
        expected = "receipt_printer" if receipt else "document_printer"
        raise sec.fail(name, "wrong_value", expected, got=show(ref))
    return ref


def build_counters(
    root: Table, services: tuple[Service, ...], printers: dict[str, PrinterConfig]
) -> tuple[Counter, ...]:
    """``[[counters]]``: counters (loket), their services and receipt printers."""
    tables = root.tables("counters", required=True)
    if not tables:
        raise root.fail("counters", "empty", "table_list")
    codes = [s.code for s in services]
    numbers: dict[Any, str] = {}
    out: list[Counter] = []
    for sec in tables:
        sec.allow("number", "name", "services", "printer")
        number = sec.integer("number", minimum=1, maximum=99)
        unique(sec, "number", number, numbers)
        serves = sec.strings("services")
        if not serves:
            raise sec.fail("services", "empty", "text_list")
        for i, code in enumerate(serves):
            if code not in codes:
                raise sec.src.error(
                    sec.path + ("services", i),
                    "unknown_ref",
                    got=show(code),
                    table="[[services]]",
                    known=", ".join(codes),
                )
        out.append(
            Counter(
                number=number,
                name=sec.string("name", f"Loket {number}"),
                services=tuple(serves),
                printer=printer_ref(sec, "printer", printers, receipt=True),
            )
        )
    return tuple(out)


def build_kiosk(root: Table, printers: dict[str, PrinterConfig]) -> KioskConfig:
    """``[kiosk]``: the ticket printer and the idle time before the kiosk resets."""
    sec = root.table("kiosk", required=True)
    sec.allow("printer", "idle_seconds")
    return KioskConfig(
        printer=printer_ref(sec, "printer", printers, receipt=True),
        idle_seconds=sec.integer("idle_seconds", 60, minimum=10, maximum=3600),
    )


def build_station(root: Table, counters: tuple[Counter, ...]) -> StationConfig:
    """``[station]``: staff stations' idle logout and default counter."""
    sec = root.table("station")
    sec.allow("idle_logout_minutes", "default_counter")
    default = sec.integer("default_counter", None, minimum=1, maximum=99)
    known = [c.number for c in counters]
    if default is not None and default not in known:
        raise sec.fail(
            "default_counter",
            "unknown_ref",
            got=show(default),
            table="[[counters]]",
            known=", ".join(map(str, known)),
        )
    return StationConfig(
        idle_logout_minutes=sec.integer("idle_logout_minutes", 15, minimum=1, maximum=24 * 60),
        default_counter=default,
    )


def build_display(root: Table) -> DisplayConfig:
    """``[display]``: the public board's list of past calls, chime and voice."""
    sec = root.table("display")
    sec.allow("recent_calls", "chime", "voice", "player")
    voice = sec.value("voice", str, "text", "id").strip()
    if voice and not re.fullmatch(r"[A-Za-z0-9_+\-]+", voice):
        raise sec.fail("voice", "wrong_value", "text", got=show(voice))
    return DisplayConfig(
        recent_calls=sec.integer("recent_calls", 5, minimum=0, maximum=12),
        chime=sec.value("chime", bool, "boolean", True),
        voice=voice,
        player=sec.value("player", str, "text", "aplay -q").strip(),
    )


def build_documents(root: Table, printers: dict[str, PrinterConfig]) -> str:
    """``[documents]``: the A4 printer for the KK, the draft KK and reports."""
    sec = root.table("documents", required=True)
    sec.allow("printer")
    return printer_ref(sec, "printer", printers, receipt=False)


def build_store(root: Table, base: Path) -> Path:
    """``[store]``: the data store folder, absolute."""
    sec = root.table("store")
    sec.allow("path", "backup_folder", "backup_keep")
    return _resolve(base, sec, "path", "data/store")


def build_backups(root: Table, base: Path) -> tuple[Path | None, int]:
    """``[store]``: the backup folder (absolute; ``None``: ``backups`` beside the store in
    use) and how many automatic daily backups to keep (0: none are taken)."""
    sec = root.table("store")
    keep = sec.integer("backup_keep", 7, minimum=0, maximum=3650)
    if "backup_folder" not in sec.data:
        return None, keep
    return _resolve(base, sec, "backup_folder", ""), keep


LISTEN_HOST = r"[A-Za-z0-9][A-Za-z0-9.-]{0,252}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*"


def build_serve(root: Table) -> ServeConfig:
    """``[serve]``: where ``kk serve`` listens: one address, one port per app (all different).

    ``port`` is the kiosk's; the station, the display and the print station
    follow it (``port`` + 1, 2, 3) unless ``station_port``, ``display_port``
    or ``print_station_port`` name their own.
    """
    sec = root.table("serve")
    keys = {app: f"{app.replace('-', '_')}_port" for app in SERVED_APPS[1:]}
    sec.allow("host", "port", *keys.values())
    host = sec.string("host", "127.0.0.1", pattern=LISTEN_HOST, expected="listen_host")
    first = sec.integer("port", 8000, minimum=1, maximum=65535)
    ports = {SERVED_APPS[0]: first}
    seen: dict[Any, str] = {first: "serve.port"}
    for i, (app, key) in enumerate(keys.items(), start=1):
        port = sec.integer(key, None, minimum=1, maximum=65535)
        if port is None:
            port = first + i
            if port > 65535:
                raise sec.fail("port", "wrong_value", "serve_first_port", got=show(first))
        if port in seen:  # a default port + i too: named by the app's own key
            raise sec.fail(key, "duplicate", got=show(port), other=seen[port])
        seen[port] = f"serve.{key}"
        ports[app] = port
    return ServeConfig(host=host, ports=ports)
