"""``kk station``: registered with the other commands, options passed to the app."""

from __future__ import annotations

import subprocess
import sys

import pytest

import station.app
from shared.cli.main import build_parser, main


def test_kk_station_takes_a_counter_and_a_station_name():
    args = build_parser().parse_args(["station", "--counter", "2", "--station", "meja-2"])
    assert args.command == "station" and args.counter == 2 and args.station == "meja-2"


def test_kk_station_runs_the_app_with_those_options(store, monkeypatch: pytest.MonkeyPatch):
    seen: dict[str, object] = {}

    def fake_run(app: station.app.StationApp) -> None:
        seen.update(counter=app.counter, station=app.station, lang=app.lang)

    monkeypatch.setattr(station.app.StationApp, "run", fake_run)
    argv = ["station", "--store", str(store.root), "--counter", "4", "--lang", "en"]
    assert main(argv) == 0
    assert seen == {"counter": 4, "station": "station-1", "lang": "en"}


def test_the_cli_does_not_load_textual_until_the_station_runs():
    code = "import sys; from shared.cli.main import build_parser; build_parser(); "
    code += "sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
