"""``kk simulate``: placeholder registration; the simulator lives in shared.simulate."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("simulate", parents=[common], help="simulate days of office traffic")
    p.add_argument("--days", type=int, default=1)
    p.add_argument("--per-day", type=int, default=60)
    p.add_argument("--start", help="first day (YYYY-MM-DD), default: today")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=cmd_simulate)


def cmd_simulate(args: argparse.Namespace) -> int:
    from shared.simulate import run_cli

    return run_cli(args)
