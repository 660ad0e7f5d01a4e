"""Receipt printers: from a ``[printers.<name>]`` entry of config.toml to printed paper.

Built from our own :class:`~shared.config.PrinterConfig` (python-escpos 3.1's
YAML loader cannot build ``CupsPrinter`` or ``LP``), one escpos object per
print (:func:`open_device`):

- ``network``: ``escpos.printer.Network`` (raw TCP, port 9100), ``timeout``
  seconds for connecting and sending;
- ``usb``: ``escpos.printer.Usb`` by vendor and product id (needs ``pyusb``);
- ``serial``: ``escpos.printer.Serial`` (needs ``pyserial``);
- ``cups``: ``escpos.printer.CupsPrinter`` on a raw queue when ``pycups`` is
  installed; otherwise the bytes are collected and piped to
  ``lp -d QUEUE -o raw`` (the ``cups-client`` package);
- ``file``: the bytes are collected and written as ``<job>.bin`` plus a
  ``<job>.png`` picture in the folder named by ``path`` without its suffix
  (``data/print/kiosk.bin`` -> ``data/print/kiosk/PJ-0000001.bin``), so a
  fresh install "prints" with no printer at all.

:func:`send` opens the device, asks a network or USB printer for its paper
and online status (``DLE EOT``; a printer that does not answer within half
a second is assumed fine), sends the whole receipt at once, and closes.
Every failure becomes a :class:`PrinterError` with a ``kind`` (offline,
paper_out, unplugged, timeout, error) and a message in both languages;
nothing here raises anything else.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
from pathlib import Path
from typing import Any

from shared.config import PrinterConfig
from shared.errors import DomainError
from shared.escpos_env import CupsPrinter, Dummy, Escpos, Network, Serial, Usb, escpos_exceptions
from shared.receipt_escpos import PROFILE, receipt_bytes
from shared.receipts import Receipt

log = logging.getLogger(__name__)

KINDS = ("offline", "paper_out", "unplugged", "timeout", "error")
STATUS_TIMEOUT = 0.5  # seconds a printer has to answer a status query
DRAIN_TIMEOUT = 0.5  # seconds to wait for a network printer to close after the receipt
LP_TIMEOUT = 15.0
DLE_EOT_ONLINE, DLE_EOT_PAPER = b"\x10\x04\x01", b"\x10\x04\x04"
OFFLINE_BIT, PAPER_END_BITS = 0x08, 0x60


class PrinterError(DomainError):
    """A receipt printer could not print; ``kind`` says why, the message says what to do."""

    key = "printer.error"

    def __init__(self, kind: str, key: str | None = None, /, **params: Any) -> None:
        self.kind = kind if kind in KINDS else "error"
        super().__init__(key or f"printer.{self.kind}", **params)


class FilePrinter(Dummy):
    """Collects the bytes; :func:`send` writes them (and a PNG) into ``folder``."""

    def __init__(self, folder: Path) -> None:
        super().__init__(profile=PROFILE)
        self.folder = folder


class LpPrinter(Dummy):
    """Collects the bytes; :func:`send` pipes them to ``lp -d QUEUE -o raw``."""

    def __init__(self, queue: str) -> None:
        super().__init__(profile=PROFILE)
        self.queue = queue


def file_folder(cfg: PrinterConfig) -> Path:
    """Where a file printer writes: its ``path`` without the suffix."""
    path = Path(cfg.options["path"])
    return path.with_suffix("") if path.suffix else path


def open_device(cfg: PrinterConfig) -> Escpos:
    """A python-escpos printer object for ``cfg``, not yet connected."""
    opts, timeout = cfg.options, float(cfg.options.get("timeout", 10.0))
    if cfg.type == "network":
        return Network(host=opts["host"], port=opts["port"], timeout=timeout, profile=PROFILE)
    if cfg.type == "usb":
        if not Usb.is_usable():
            raise PrinterError(
                "unplugged", "printer.driver_missing", printer=cfg.name, package="pyusb"
            )
        return Usb(
            opts["vendor_id"], opts["product_id"], timeout=int(timeout * 1000), profile=PROFILE
        )
    if cfg.type == "serial":
        if not Serial.is_usable():
            raise PrinterError(
                "unplugged", "printer.driver_missing", printer=cfg.name, package="pyserial"
            )
        return Serial(opts["device"], baudrate=opts["baudrate"], timeout=timeout, profile=PROFILE)
    if cfg.type == "cups" and cfg.is_receipt:
        if CupsPrinter.is_usable():
            return CupsPrinter(printer_name=opts["queue"], profile=PROFILE)
        return LpPrinter(opts["queue"])
    if cfg.type == "file":
        return FilePrinter(file_folder(cfg))
    raise PrinterError("error", "printer.not_receipt", printer=cfg.name)


def print_receipt(cfg: PrinterConfig, receipt: Receipt, *, name: str) -> int:
    """Print ``receipt`` on ``cfg`` as job ``name``; the number of bytes sent."""
    if cfg.paper_mm is None:
        raise PrinterError("error", "printer.not_receipt", printer=cfg.name)
    data = receipt_bytes(receipt, paper_mm=cfg.paper_mm)
    send(cfg, data, name=name, receipt=receipt)
    return len(data)


def send(cfg: PrinterConfig, data: bytes, *, name: str, receipt: Receipt | None = None) -> None:
    """Send ESC/POS ``data`` to the printer; :class:`PrinterError` if it did not take it."""
    device = open_device(cfg)
    try:
        try:
            _open(device, name)
            _check_status(device, cfg)
            device._raw(data)
            _finish(device, cfg, name, data, receipt)
        except PrinterError:
            raise
        except Exception as exc:  # noqa: BLE001 - every device fault becomes a PrinterError
            raise fault(cfg, exc) from exc
    finally:
        with contextlib.suppress(Exception):
            device.close()


def _open(device: Escpos, name: str) -> None:
    if isinstance(device, Dummy):
        return
    if isinstance(device, CupsPrinter):
        device.open(job_name=name)
    else:
        device.open()


def _query(device: Escpos, command: bytes) -> int | None:
    """The status byte answering ``command``; ``None`` if the printer does not say."""
    sock = getattr(device, "device", None) if isinstance(device, Network) else None
    old = sock.gettimeout() if isinstance(sock, socket.socket) else None
    try:
        if isinstance(sock, socket.socket):
            sock.settimeout(STATUS_TIMEOUT)
        answer = device.query_status(command)
    except (OSError, NotImplementedError, escpos_exceptions.Error):
        return None
    except Exception:  # noqa: BLE001 - pyusb's errors: USB status unknown, go on
        return None
    finally:
        if isinstance(sock, socket.socket):
            sock.settimeout(old)
    return answer[0] if answer else None


def _check_status(device: Escpos, cfg: PrinterConfig) -> None:
    """Paper out or cover open: refuse before sending (network and USB printers only)."""
    if cfg.type not in ("network", "usb"):
        return
    paper = _query(device, DLE_EOT_PAPER)
    if paper is None:
        return  # the printer does not answer status queries
    if paper & PAPER_END_BITS == PAPER_END_BITS:
        raise PrinterError("paper_out", printer=cfg.name)
    online = _query(device, DLE_EOT_ONLINE)
    if online is not None and online & OFFLINE_BIT:
        raise PrinterError("paper_out", printer=cfg.name)


def _finish(
    device: Escpos, cfg: PrinterConfig, name: str, data: bytes, receipt: Receipt | None
) -> None:
    if isinstance(device, FilePrinter):
        _write_files(device.folder, name, data, receipt, cfg)
    elif isinstance(device, LpPrinter):
        _lp(device.queue, name, data, cfg)
    elif isinstance(device, CupsPrinter):
        device.send()
    elif isinstance(device, Network):
        _drain(device)


def _drain(device: Network) -> None:
    """Half-close and wait briefly for the printer to close: it has read every byte.

    A printer that keeps the connection open is taken to have printed, once
    its side has acknowledged every byte. One that resets the connection
    (unplugged, or switched off, mid-receipt: bytes were left unread) or has
    not taken every byte when the wait ends did not print the receipt whole.
    """
    sock = device.device
    if not isinstance(sock, socket.socket):
        return
    sock.shutdown(socket.SHUT_WR)
    sock.settimeout(DRAIN_TIMEOUT)
    try:
        while sock.recv(256):
            pass
    except TimeoutError:
        if _unsent(sock):
            raise TimeoutError("the printer has not taken the whole receipt") from None


def _unsent(sock: socket.socket) -> int:
    """Bytes sent that the printer has not acknowledged yet (0 where unknown)."""
    try:
        import fcntl
        import struct
        import termios

        raw = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, struct.pack("i", 0))  # SIOCOUTQ
    except (ImportError, OSError, AttributeError):
        return 0
    return int(struct.unpack("i", raw)[0])


def _write_files(
    folder: Path, name: str, data: bytes, receipt: Receipt | None, cfg: PrinterConfig
) -> None:
    from shared.store.files import create_private, ensure_dir, write_atomic

    ensure_dir(folder)
    write_atomic(folder / f"{name}.bin", data, sync=False)
    if receipt is not None and cfg.paper_mm is not None:
        from shared.receipt_png import render_png

        tmp = folder / f".{name}.png.tmp"
        with create_private(tmp) as fh:  # owner-only, like the .bin
            render_png(receipt, paper_mm=cfg.paper_mm).save(fh, format="PNG", compress_level=1)
        tmp.replace(folder / f"{name}.png")


def _lp(queue: str, name: str, data: bytes, cfg: PrinterConfig) -> None:
    try:
        done = subprocess.run(
            ["lp", "-d", queue, "-o", "raw", "-t", name],
            input=data,
            capture_output=True,
            timeout=LP_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise PrinterError("error", "printer.lp_missing", printer=cfg.name) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        raise PrinterError(
            "error", "printer.lp_failed", printer=cfg.name, queue=queue, detail=(detail or ["?"])[0]
        )


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in out:
        out.append(seen)
        seen = seen.__cause__ or seen.__context__
    return out


def fault(cfg: PrinterConfig, exc: BaseException) -> PrinterError:
    """The :class:`PrinterError` for an exception a device raised."""
    chain = _chain(exc)
    seconds = f"{float(cfg.options.get('timeout', LP_TIMEOUT)):g}"
    if any(isinstance(e, TimeoutError | subprocess.TimeoutExpired) for e in chain):
        return PrinterError("timeout", printer=cfg.name, seconds=seconds)
    if any("timeout" in type(e).__name__.lower() for e in chain):  # pyusb's USBTimeoutError
        return PrinterError("timeout", printer=cfg.name, seconds=seconds)
    if cfg.type in ("usb", "serial"):
        return PrinterError("unplugged", printer=cfg.name)
    if cfg.type == "file" and isinstance(exc, OSError):
        detail = f"{exc.strerror or type(exc).__name__} ({exc.filename or file_folder(cfg)})"
        return PrinterError("error", printer=cfg.name, detail=detail)
    if any(isinstance(e, OSError | escpos_exceptions.DeviceNotFoundError) for e in chain):
        return PrinterError("offline", printer=cfg.name)
    log.warning("printer %s: unexpected %s: %s", cfg.name, type(exc).__name__, exc)
    detail = f"{type(exc).__name__}: {exc}"[:120]
    return PrinterError("error", printer=cfg.name, detail=detail)
