"""A network receipt printer (raw port 9100) as its own process, well or failing.

    python tests/procs/printer_server.py --mode ok --out DIR

Listens on ``127.0.0.1`` (a free port), prints ``{"port": P}`` and serves
until killed. Answers the status queries like an Epson with paper. Modes:

- ``ok``: reads each connection to its end and saves the bytes as
  ``DIR/job-N.bin`` (N from 1);
- ``cut:N``: reads N bytes, waits a moment (the sender is waiting for the
  printer to finish), then closes with the rest unread: unplugged mid-job;
- ``deaf``: accepts and never reads (its receive buffer kept tiny), holding
  each connection open: a printer that hung.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

from common import emit

from shared.fake_printer import PAPER_OK, QUERIES


def serve(conn: socket.socket, mode: str, out: Path, n: int) -> None:
    with conn:
        if mode == "deaf":
            time.sleep(3600)
            return
        limit = int(mode.split(":")[1]) if mode.startswith("cut:") else None
        data = bytearray()
        answered = 0
        while limit is None or len(data) < limit:
            chunk = conn.recv(65536 if limit is None else limit - len(data))
            if not chunk:
                break
            data += chunk
            while data[answered * 3 : answered * 3 + 3] in QUERIES:
                conn.sendall(bytes([PAPER_OK]))
                answered += 1
        if limit is not None:
            time.sleep(0.15)  # the sender is draining now: the close resets it
            return
        (out / f"job-{n}.bin").write_bytes(bytes(data))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--mode", required=True)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = socket.socket()
    if args.mode == "deaf":
        server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    emit(port=server.getsockname()[1])
    n = 0
    while True:
        conn, _ = server.accept()
        n += 1
        threading.Thread(target=serve, args=(conn, args.mode, args.out, n), daemon=True).start()


if __name__ == "__main__":
    main()
