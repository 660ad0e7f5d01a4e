"""``kk print-station``: ``--once`` prints the queue without a screen; otherwise the app runs."""

from __future__ import annotations

import json

import pytest
from helpers import case_in

import station.print_station.app
from shared.cli.main import main
from shared.sop import CaseState


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run where the default config's spool folder (data/spool) is a temporary one."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data" / "spool"


def test_once_prints_what_is_ready_and_says_so(office, sessions, in_tmp, capsys):
    cid, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    signing, _ = case_in(office, sessions, CaseState.SIGNING)
    assert main(["print-station", "--once", "--store", str(office.store.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and out[0].endswith(f"Konsep KK {cid}: Tercetak")
    assert out[-1] == "2 tercetak, 0 gagal, 0 dibatalkan, 1 menunggu tanda tangan."
    assert len(list(in_tmp.iterdir())) == 2

    argv = ["print-station", "--once", "--store", str(office.store.root), "--json"]
    assert main([*argv, "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["jobs"] == [] and len(data["waiting_signature"]) == 1


def test_once_exits_1_when_a_job_failed(office, sessions, in_tmp, capsys):
    case_in(office, sessions, CaseState.KASI_REVIEW)
    in_tmp.parent.mkdir(parents=True)
    in_tmp.write_text("not a folder")  # the spool folder cannot be made
    assert main(["print-station", "--once", "--store", str(office.store.root)]) == 1
    out = capsys.readouterr().out
    assert "Gagal" in out and "1 gagal" in out


def test_without_once_the_app_runs_with_the_station_name(store, monkeypatch):
    seen: dict[str, object] = {}

    def fake_run(app: station.print_station.app.PrintStationApp) -> None:
        seen.update(station=app.station, lang=app.lang, worker=app.worker)

    monkeypatch.setattr(station.print_station.app.PrintStationApp, "run", fake_run)
    argv = ["print-station", "--store", str(store.root), "--station", "cetak-2", "--lang", "en"]
    assert main(argv) == 0
    assert seen["station"] == "cetak-2" and seen["lang"] == "en"
    assert str(seen["worker"]).startswith("cetak-2#")
