"""Receipt printers: network (refused, silent, paper out, whole receipt), file, USB, CUPS."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import shared.printers
from shared.config import PrinterConfig
from shared.escpos_env import ENV_VAR, escpos_exceptions
from shared.fake_printer import FakeNetworkPrinter, SilentPort, closed_port
from shared.printers import PrinterError, file_folder, open_device, print_receipt, send
from shared.receipt_escpos import receipt_bytes
from shared.receipts import Qr, Receipt, Text

RECEIPT = Receipt(
    (
        Text("DISDUKCAPIL KOTA PONTIANAK", bold=True, align="center"),
        Text("A-012", size="huge", bold=True, align="center"),
        Qr("T-261123-A012"),
    ),
    "Tiket antrian A-012",
)
CUT = b"\x1dV\x00"


def network(port: int, *, timeout: float = 3.0, paper_mm: int = 58) -> PrinterConfig:
    return PrinterConfig(
        "net", "network", paper_mm, {"host": "127.0.0.1", "port": port, "timeout": timeout}
    )


def fails(cfg: PrinterConfig, kind: str) -> PrinterError:
    with pytest.raises(PrinterError) as caught:
        print_receipt(cfg, RECEIPT, name="PJ-0000001")
    assert caught.value.kind == kind, caught.value.message("en")
    return caught.value


# -- network ---------------------------------------------------------------------------------
def test_a_closed_port_is_offline_at_once():
    began = time.perf_counter()
    err = fails(network(closed_port()), "offline")
    assert time.perf_counter() - began < 1.0
    assert err.message() == "Printer struk net tidak menyala atau tidak terhubung."
    assert err.message("en") == "Receipt printer net is switched off or not connected."


def test_a_printer_that_never_answers_times_out_after_its_timeout():
    with SilentPort() as silent:
        began = time.perf_counter()
        err = fails(network(silent.port, timeout=0.5), "timeout")
        assert time.perf_counter() - began < 3.0
    assert "0.5" in err.message("en")


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_a_listening_printer_receives_the_whole_receipt(paper_mm):
    with FakeNetworkPrinter() as printer:
        sent = print_receipt(printer.config(paper_mm=paper_mm), RECEIPT, name="PJ-0000001")
        assert printer.wait_for(1)
    received = printer.jobs[0]
    expected = receipt_bytes(RECEIPT, paper_mm=paper_mm)
    assert sent == len(expected)
    assert received == b"\x10\x04\x04\x10\x04\x01" + expected  # status queries, then the receipt
    assert b"A-012" in received and b"\x1d(k" in received and received.endswith(CUT)


def test_paper_out_is_refused_before_sending():
    with FakeNetworkPrinter(status="paper_out") as printer:
        err = fails(printer.config(), "paper_out")
        assert printer.wait_for(1)
    assert printer.jobs[0] == b"\x10\x04\x04"  # asked, told "no paper", sent nothing
    assert "kertas" in err.message().lower()


def test_a_printer_that_does_not_answer_status_queries_still_prints():
    with FakeNetworkPrinter(status="silent") as printer:
        print_receipt(printer.config(), RECEIPT, name="PJ-0000001")
        assert printer.wait_for(1)
    assert printer.jobs[0].endswith(receipt_bytes(RECEIPT, paper_mm=80))


# -- file ------------------------------------------------------------------------------------
def test_the_file_printer_writes_the_bytes_and_a_picture(tmp_path):
    cfg = PrinterConfig("kiosk", "file", 58, {"path": tmp_path / "print" / "kiosk.bin"})
    print_receipt(cfg, RECEIPT, name="PJ-0000007")
    folder = tmp_path / "print" / "kiosk"
    assert file_folder(cfg) == folder
    assert (folder / "PJ-0000007.bin").read_bytes() == receipt_bytes(RECEIPT, paper_mm=58)
    from PIL import Image

    with Image.open(folder / "PJ-0000007.png") as image:
        assert image.width == 384
    assert sorted(p.name for p in folder.iterdir()) == ["PJ-0000007.bin", "PJ-0000007.png"]


def test_a_file_printer_path_that_is_a_file_is_an_error(tmp_path):
    (tmp_path / "kiosk").write_text("not a folder")
    err = fails(PrinterConfig("kiosk", "file", 80, {"path": tmp_path / "kiosk.bin"}), "error")
    assert "kiosk" in err.message("en")


# -- USB, serial, anything else ---------------------------------------------------------------
def test_usb_without_the_device_is_unplugged(monkeypatch):
    cfg = PrinterConfig(
        "usb1", "usb", 58, {"vendor_id": 0x04B8, "product_id": 0x0202, "timeout": 1.0}
    )
    fails(cfg, "unplugged")  # here: pyusb is not installed, or no such device

    class Missing(shared.printers.Usb):  # pyusb installed, cable unplugged
        @staticmethod
        def is_usable() -> bool:
            return True

        def open(self, raise_not_found: bool = True) -> None:
            raise escpos_exceptions.DeviceNotFoundError("Device not found or cable not plugged in.")

        def close(self) -> None:
            pass

    monkeypatch.setattr(shared.printers, "Usb", Missing)
    err = fails(cfg, "unplugged")
    assert err.message("en") == "Receipt printer usb1 not found: check the USB or serial cable."


def test_usb_without_pyusb_says_which_package_is_missing(monkeypatch):
    monkeypatch.setattr(shared.printers.Usb, "is_usable", staticmethod(lambda: False))
    cfg = PrinterConfig("usb1", "usb", 58, {"vendor_id": 1, "product_id": 2, "timeout": 1.0})
    assert "pyusb" in fails(cfg, "unplugged").message("en")


def test_serial_without_the_device_is_unplugged():
    cfg = PrinterConfig(
        "ser1", "serial", 80, {"device": "/dev/ttyKK404", "baudrate": 9600, "timeout": 1.0}
    )
    fails(cfg, "unplugged")


def test_the_a4_spool_is_not_a_receipt_printer(tmp_path):
    err = fails(PrinterConfig("kantor", "spool", None, {"path": tmp_path}), "error")
    assert err.message("en") == "kantor is not a receipt printer."
    with pytest.raises(PrinterError):
        open_device(PrinterConfig("x", "laser", 80, {}))


# -- CUPS --------------------------------------------------------------------------------------
def fake_lp(folder: Path, script: str) -> None:
    lp = folder / "lp"
    lp.write_text("#!/bin/sh\n" + script)
    lp.chmod(0o755)


@pytest.fixture
def without_pycups(monkeypatch):
    monkeypatch.setattr(shared.printers.CupsPrinter, "is_usable", staticmethod(lambda: False))


def test_cups_without_pycups_pipes_the_raw_bytes_to_lp(tmp_path, monkeypatch, without_pycups):
    out = tmp_path / "job.bin"
    fake_lp(tmp_path, f'echo "$@" > {tmp_path}/args\ncat > {out}\necho "request id is STRUK-1"\n')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    print_receipt(PrinterConfig("c1", "cups", 80, {"queue": "STRUK"}), RECEIPT, name="PJ-0000009")
    assert out.read_bytes() == receipt_bytes(RECEIPT, paper_mm=80)
    assert (tmp_path / "args").read_text().split() == [
        "-d",
        "STRUK",
        "-o",
        "raw",
        "-t",
        "PJ-0000009",
    ]


def test_cups_queue_refusing_the_job_is_an_error(tmp_path, monkeypatch, without_pycups):
    fake_lp(
        tmp_path, 'cat >/dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n'
    )
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    err = fails(PrinterConfig("c1", "cups", 80, {"queue": "NOPE"}), "error")
    assert "does not exist" in err.message("en") and "NOPE" in err.message("en")


def test_cups_without_lp_says_what_to_install(tmp_path, monkeypatch, without_pycups):
    monkeypatch.setenv("PATH", str(tmp_path))
    err = fails(PrinterConfig("c1", "cups", 80, {"queue": "STRUK"}), "error")
    assert "cups-client" in err.message("en")


# -- python-escpos itself ----------------------------------------------------------------------
def test_importing_escpos_leaves_no_temp_folder_and_no_log_handler(tmp_path):
    code = (
        "import logging, shared.escpos_env, escpos.printer, os;"
        "print(len(logging.getLogger().handlers), os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'])"
    )
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop(ENV_VAR, None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    handlers, folder = done.stdout.split()
    assert handlers == "0"  # python-escpos's logging.basicConfig() undone
    assert Path(folder) == tmp_path / "cache" / "kk-escpos"
    assert list(temp.iterdir()) == []  # python-escpos 3.1 would leave a tmpXXXX here
    assert list(Path(folder).glob("*.capabilities.pickle"))


def test_send_turns_an_unexpected_device_fault_into_an_error(monkeypatch):
    class Broken(shared.printers.FilePrinter):
        def _raw(self, msg: bytes) -> None:
            raise ValueError("bad byte")

    monkeypatch.setattr(shared.printers, "open_device", lambda cfg: Broken(Path("/nonexistent")))
    with pytest.raises(PrinterError) as caught:
        send(
            PrinterConfig("k", "file", 80, {"path": Path("/nonexistent/k.bin")}), b"x", name="PJ-1"
        )
    assert caught.value.kind == "error" and "bad byte" in caught.value.message("en")
