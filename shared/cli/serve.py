"""``kk serve APP``: one app of the office served to the browsers of the office network.

APP is ``kiosk``, ``station``, ``display`` or ``print-station``. One web server
(textual-serve) serves one app: every browser page that opens it starts its own
``kk APP`` process on this host, drawn in the page by xterm.js; closing the page
ends that process. The address and port come from ``[serve]`` of config.toml
(``--host`` and ``--port`` override them). Several apps are several servers,
each on its own port (``kk-serve@.service`` runs one per app).

What a browser can reach is only that one command: the server starts
``kk APP`` directly (``exec``, no shell left behind it), with the options given
here, and passes the browser's keys and taps to it. When the app ends (the
kiosk only with the staff key and PIN, a station with ctrl+q) the page shows
"Session ended" with a Restart button, which starts a fresh app; nothing else.
A served station opens on its log-in screen, like on a terminal. The served
display board is silent: its sound would play on this host, once per open page
(run ``kk display`` on the hall's own computer for the voice).

The web server itself (textual-serve) is :mod:`station.serve`, imported only
when the command runs: ``shared`` never loads Textual, textual-serve or aiohttp.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from shared.cli.context import config_of, lang, office_of
from shared.cli.main import Exit
from shared.config_types import SERVED_APPS
from shared.i18n import t

WILDCARDS = ("0.0.0.0", "::", "")
# What a browser may name as this server (Host / X-Forwarded-Host): a host name or an
# IPv4 address, or a bracketed IPv6 address, and a port.
_HOST_HEADER = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
# The name each app's processes record as their station when none is given.
DEFAULT_STATION = {"kiosk": "kiosk-1", "station": "station-1", "print-station": "print-1"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "serve",
        parents=[common],
        help="serve an app to the browsers of the office network (textual-serve)",
    )
    p.add_argument("app", choices=SERVED_APPS, help="the app to serve")
    p.add_argument("--host", help="address to listen on (default: [serve] host)")
    p.add_argument(
        "--port", type=_port, help="port to listen on (default: this app's port in [serve])"
    )
    p.add_argument(
        "--station",
        help="the station name the served app records (default: kiosk-1, station-1, print-1)",
    )
    p.add_argument(
        "--counter",
        type=int,
        default=None,
        help="station only: the counter (default: [station] default_counter)",
    )
    p.set_defaults(handler=cmd_serve)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"1-65535 / not {text!r}")
    return value


def kk_program() -> list[str]:
    """How to start ``kk`` again: the ``kk`` script beside this Python, else Python itself."""
    script = Path(sys.executable).with_name("kk")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-c", "import sys; from shared.cli.main import main; sys.exit(main())"]


def app_argv(args: argparse.Namespace) -> list[str]:
    """The command each browser page runs: ``kk APP`` with this command's options."""
    argv = [*kk_program(), args.app]
    if args.config:
        argv += ["--config", str(Path(args.config).expanduser().absolute())]
    if args.store:
        argv += ["--store", str(Path(args.store).expanduser().absolute())]
    if args.lang:
        argv += ["--lang", args.lang]
    if args.app in DEFAULT_STATION:
        argv += ["--station", args.station or DEFAULT_STATION[args.app]]
    if args.counter is not None:
        argv += ["--counter", str(args.counter)]
    if args.app == "display":
        argv.append("--no-sound")  # the sound would play here, once per open page
    return argv


def shell_command(argv: list[str]) -> str:
    """``argv`` for textual-serve, which runs its command through ``/bin/sh -c``."""
    return "exec " + shlex.join(argv)


def url_of(host: str, port: int) -> str:
    """The address to show for ``host``: this computer's name for a wildcard address."""
    if host in WILDCARDS:
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def cmd_serve(args: argparse.Namespace) -> int:
    if args.counter is not None and args.app != "station":
        raise Exit(t("serve.counter_station_only", lang(args)))
    if args.station is not None and args.app not in DEFAULT_STATION:
        raise Exit(t("serve.no_station_name", lang(args), app=args.app))
    config = config_of(args)
    if args.counter is not None and args.counter not in {c.number for c in config.counters}:
        known = ", ".join(str(c.number) for c in config.counters)
        raise Exit(t("serve.unknown_counter", lang(args), counter=args.counter, known=known))
    office_of(args)  # the config and the store must be usable before any page opens
    host = args.host if args.host is not None else config.serve.host
    port = args.port or config.serve.port(args.app)
    language = lang(args) or config.language
    from station.serve import make_server  # textual-serve, only for this command

    server = make_server(config, args.app, shell_command(app_argv(args)), host, port, language)
    try:
        server.serve()
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise Exit(
            t("serve.cannot_listen", language, host=host, port=port, detail=detail)
        ) from None
    print(t("serve.stopped", language, app=t(f"serve.app.{args.app}", language)), flush=True)
    return 0


def public_url(request: Any, fallback: str) -> str:
    """``scheme://host:port`` as the browser reached this server (through a proxy too)."""
    headers = request.headers
    host = (headers.get("X-Forwarded-Host") or request.host or "").split(",")[0].strip()
    scheme = (headers.get("X-Forwarded-Proto") or request.scheme or "").split(",")[0].strip()
    if scheme not in ("http", "https") or not _HOST_HEADER.fullmatch(host):
        return fallback
    return f"{scheme}://{host}"
