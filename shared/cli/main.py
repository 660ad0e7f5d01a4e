"""``kk``: the one command of the KK service.

Every subcommand takes ``--config`` and ``--store``; those that return data
take ``--json``. Errors a person can cause print one clear message (in the
office's language, or ``--lang``) and exit 1; a bad config or store exits 2.
Nothing prints a traceback unless ``KK_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from shared.errors import DomainError

Handler = Callable[[argparse.Namespace], Any]


class Exit(Exception):
    """Stop with a message and an exit code (used by the command modules)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    from shared.cli import (
        admin,
        cases,
        display,
        keys,
        kiosk,
        office,
        print_station,
        queue,
        report,
        serve,
        simulate,
        station,
        store,
        verify,
    )

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="config.toml to use (default: the embedded one)")
    common.add_argument("--store", help="store folder (overrides [store] path)")
    common.add_argument("--json", action="store_true", help="print results as JSON")
    common.add_argument("--lang", choices=("id", "en"), help="language of messages")

    parser = argparse.ArgumentParser(
        prog="kk",
        description="Pelayanan Kartu Keluarga (KK) Umum - Disdukcapil Kota Pontianak",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (
        admin,
        queue,
        cases,
        keys,
        verify,
        simulate,
        report,
        kiosk,
        station,
        display,
        print_station,
        store,
        office,
        serve,
    ):
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        result = handler(args)
    except Exit as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except DomainError as exc:
        lang = args.lang or getattr(args, "_lang", None)
        if args.json:
            print(json.dumps(exc.to_dict(lang), ensure_ascii=False, indent=2))
        else:
            print(exc.message(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("KK_DEBUG"):
            raise
        from shared.config import ConfigError

        if isinstance(exc, ConfigError):
            if args.json:
                print(json.dumps(exc.to_dict(args.lang), ensure_ascii=False, indent=2, default=str))
            else:
                print(exc.message(args.lang), file=sys.stderr)
            return 2
        print(f"kk: kesalahan tak terduga / unexpected error: {exc!r}", file=sys.stderr)
        print("Jalankan ulang dengan KK_DEBUG=1 untuk rinciannya.", file=sys.stderr)
        return 3
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
