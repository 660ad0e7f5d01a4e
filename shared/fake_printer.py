"""Stand-ins for a network receipt printer, for tests, benchmarks and trying things out.

:class:`FakeNetworkPrinter` listens on ``127.0.0.1`` like a thermal printer's
raw port 9100: it accepts connections, records every byte each one sends,
answers the real-time status queries (``DLE EOT 1`` online, ``DLE EOT 4``
paper sensor) like an Epson printer with paper, or without paper, or not at
all, and closes a connection when the sender has finished::

    with FakeNetworkPrinter() as printer:
        cfg = printer.config("kiosk", paper_mm=80)
        ...                                   # print to cfg
        printer.wait_for(1)                   # one whole receipt received
        data = printer.jobs[0]

:func:`closed_port` gives a port nobody listens on (connection refused);
:class:`SilentPort` one that never completes a connection (connect times out).
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType
from typing import Self

from shared.config import PrinterConfig

PAPER_OK, PAPER_OUT = 0x12, 0x72  # status bytes: fixed bits, and with the paper-end bits
QUERIES = (b"\x10\x04\x01", b"\x10\x04\x04")


class FakeNetworkPrinter:
    """A thread serving a fake printer on ``127.0.0.1:<port>``; ``jobs``: bytes per connection.

    ``status``: ``"ok"`` (answers: online, paper present), ``"paper_out"``, or
    ``"silent"`` (never answers a status query, like printers without status).
    """

    def __init__(self, status: str = "ok") -> None:
        self.status = status
        self.jobs: list[bytes] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port: int = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._done = threading.Condition()
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)

    def config(
        self, name: str = "net", *, paper_mm: int = 80, timeout: float = 3.0
    ) -> PrinterConfig:
        """A ``network`` printer entry pointing at this fake."""
        options = {"host": "127.0.0.1", "port": self.port, "timeout": timeout}
        return PrinterConfig(name, "network", paper_mm, options)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()

    def wait_for(self, count: int, timeout: float = 5.0) -> bool:
        """Wait until ``count`` connections have been received whole."""
        with self._done:
            return self._done.wait_for(lambda: len(self.jobs) >= count, timeout=timeout)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                data = self._receive(conn)
            with self._done:
                self.jobs.append(data)
                self._done.notify_all()

    def _receive(self, conn: socket.socket) -> bytes:
        conn.settimeout(5.0)
        data = bytearray()
        answered = 0
        while True:
            try:
                chunk = conn.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            answered = self._answer(conn, bytes(data), answered)
        return bytes(data)

    def _answer(self, conn: socket.socket, data: bytes, answered: int) -> int:
        """Answer the status queries at the start of ``data`` not answered yet."""
        if self.status == "silent":
            return answered
        count = 0
        while data[count * 3 : count * 3 + 3] in QUERIES:
            count += 1
        for _ in range(answered, count):
            conn.sendall(bytes([PAPER_OUT if self.status == "paper_out" else PAPER_OK]))
        return max(answered, count)


def closed_port() -> int:
    """A local TCP port with nothing listening on it (connecting is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class SilentPort:
    """A local port whose connections never complete: its one-slot backlog is kept full."""

    def __init__(self) -> None:
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(0)
        self.port: int = self._server.getsockname()[1]
        self._filler = socket.create_connection(("127.0.0.1", self.port), timeout=1)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._filler.close()
        self._server.close()
