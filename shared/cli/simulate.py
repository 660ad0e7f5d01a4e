"""``kk simulate``: days of realistic traffic through the real workflow (see shared.simulate)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "simulate",
        parents=[common],
        help="simulate days of office traffic",
        description=(
            "Run simulated office days (kiosk, counters, back office, pickups) through the "
            "real workflow on the store, with a simulated clock: a month takes minutes, "
            "not a month. Weekends and configured holidays are skipped."
        ),
    )
    p.add_argument("--days", type=int, default=1, help="calendar days to simulate (default 1)")
    p.add_argument(
        "--per-day", type=int, default=60, help="new families per working day (default 60)"
    )
    p.add_argument(
        "--start",
        help=(
            "first day (YYYY-MM-DD); default: today in the office's time zone, or the day "
            "after the store's last activity if that is today or later (to simulate on)"
        ),
    )
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same run)")
    p.add_argument(
        "--fast",
        action="store_true",
        help=(
            "no fsync (FileStore durable=False): for building big benchmark histories only; "
            "a power cut during the run can lose or tear the simulated data"
        ),
    )
    p.add_argument(
        "--print",
        action="store_true",
        help=(
            "print the receipts for real through the print service (with the default "
            "config: written as .bin and .png files under data/print/)"
        ),
    )
    p.set_defaults(handler=cmd_simulate)


def cmd_simulate(args: argparse.Namespace) -> int:
    from shared.simulate import run_cli

    return run_cli(args)
