"""The web server of ``kk serve`` (textual-serve), with the office's messages and logging.

The command, its options and the checks before serving are
:mod:`shared.cli.serve`; this module is imported only when it runs.
"""

from __future__ import annotations

import logging
from typing import Any

from shared.cli.main import Exit
from shared.cli.serve import WILDCARDS, public_url, url_of
from shared.config import Config
from shared.i18n import t

log = logging.getLogger("kk.serve")  # the name its log lines always had


def make_server(config: Config, app: str, command: str, host: str, port: int, language: str) -> Any:
    """A textual-serve ``Server`` for ``command``, with the office's messages and logging."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise Exit(t("serve.needs_textual_serve", language)) from None

    name = t(f"serve.app.{app}", language)
    shown = url_of(host, port)

    class OfficeServer(Server):
        def initialize_logging(self) -> None:
            # plain lines (journald adds the time), not textual-serve's rich console
            logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s", force=True)

        async def on_startup(self, _web_app: Any) -> None:
            pass  # textual-serve's banner; ours is printed once the port is bound

        def serve(self, debug: bool = False) -> None:
            # textual-serve's serve(), with our line printed when the socket is bound
            import asyncio
            import signal

            from aiohttp import web

            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, self.request_exit)
            web.run_app(
                self._make_app(), host=self.host, port=self.port, handle_signals=False,
                loop=loop, print=lambda *_: listening(),
            )  # fmt: skip

        async def handle_index(self, request: Any) -> Any:
            # The page connects its websocket back to the address the browser used.
            self.public_url = public_url(request, shown)
            return await super().handle_index(request)

        async def handle_websocket(self, request: Any) -> Any:
            peer = request.remote or "?"
            log.info(t("serve.session_opened", language, app=name, peer=peer))
            try:
                return await super().handle_websocket(request)
            finally:
                log.info(t("serve.session_closed", language, app=name, peer=peer))

    def listening() -> None:
        print(t("serve.listening", language, app=name, url=shown), flush=True)
        if host in WILDCARDS:
            print(t("serve.all_interfaces", language, host=host or "*", port=port), flush=True)

    title = f"{name} - {config.office.short_name}"
    return OfficeServer(command, host=host, port=port, title=title, public_url=shown)
