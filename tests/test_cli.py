"""The kk command line: exit codes, messages, JSON, and nothing stored on bad input."""

from __future__ import annotations

import json

import pytest
from helpers import family

from shared.cli.main import main

NOW = "2026-11-23T09:00"


@pytest.fixture
def kk(tmp_path, monkeypatch, capsys):
    """Run ``kk ARGS`` in-process on a fresh demo store; returns (code, stdout, stderr)."""
    monkeypatch.setenv("KK_NOW", NOW)
    monkeypatch.delenv("KK_PIN", raising=False)
    store = tmp_path / "store"

    def run(*args: str, pin: str | None = None):
        if pin:
            monkeypatch.setenv("KK_PIN", pin)
        else:
            monkeypatch.delenv("KK_PIN", raising=False)
        code = main([*args, "--store", str(store)])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("init", "--demo")
    assert code == 0 and "LOKET1" in out
    return run


def _json(out: str):
    return json.loads(out)


def test_init_twice_changes_nothing(kk):
    code, out, _ = kk("init")
    assert code == 0 and "sudah ada" in out


def test_missing_store_says_how_to_create_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KK_NOW", NOW)
    code = main(["queue", "list", "--store", str(tmp_path / "none")])
    assert code == 1 and "kk init" in capsys.readouterr().err


def _to_step2(kk) -> str:
    code, out, _ = kk("ticket", "take", "--service", "KK", "--kind", "baru_menikah", "--json")
    # at 09:00 the demo families came on the last working day before (shared.demo)
    assert code == 0 and _json(out)["display"] == "A-001"
    code, out, _ = kk(
        "queue", "call-next", "--counter", "1", "--staff", "LOKET1", "--json", pin="111111"
    )
    assert code == 0
    return _json(out)["case"]


def test_walk_to_review_and_show_json(kk, tmp_path):
    case = _to_step2(kk)
    code, out, _ = kk(
        "case",
        "verify",
        case,
        "--staff",
        "LOKET1",
        "--all-present",
        "--name",
        "Budi Santoso",
        "--nik",
        "6171011708900003",
        "--json",
        pin="111111",
    )
    data = _json(out)
    assert code == 0 and data["state"] == "INPUT" and data["step"] == 3 and data["pickup_token"]
    path = tmp_path / "family.json"
    path.write_text(json.dumps(family()))
    code, out, _ = kk("case", "input", case, "--staff", "SIAK1", "--file", str(path), pin="222222")
    assert code == 0 and "langkah 4" in out
    code, out, _ = kk("case", "show", case, "--json")
    shown = _json(out)
    assert (shown["state"], shown["step"]) == ("KASI_REVIEW", 4)
    assert shown["family"]["anggota"][0]["nama_lengkap"] == "BUDI SANTOSO"
    assert [h["action"] for h in shown["history"]] == ["call", "verify_complete", "input"]
    assert "pickup_token_hash" not in shown


def test_bad_family_gets_every_message_and_stores_nothing(kk, tmp_path):
    case = _to_step2(kk)
    kk(
        "case",
        "verify",
        case,
        "--staff",
        "LOKET1",
        "--all-present",
        "--name",
        "Budi",
        "--nik",
        "6171011708900003",
        pin="111111",
    )
    bad = family()
    bad["anggota"][1]["jenis_kelamin"] = "LAKI-LAKI"
    bad["anggota"][2]["nik"] = "61710110071800AB"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    code, _, err = kk("case", "input", case, "--staff", "SIAK1", "--file", str(path), pin="222222")
    assert code == 1
    assert "Anggota ke-2" in err and "Anggota ke-3" in err and "Traceback" not in err
    path.write_text("{not json")
    code, _, err = kk("case", "input", case, "--staff", "SIAK1", "--file", str(path), pin="222222")
    assert code == 1 and "JSON" in err
    code, out, _ = kk("case", "show", case, "--json")
    assert _json(out)["state"] == "INPUT" and _json(out)["family"] is None


def test_wrong_pin_and_missing_pin(kk):
    case = _to_step2(kk)
    code, _, err = kk("case", "verify", case, "--staff", "LOKET1", "--present", "", pin="999999")
    assert code == 1 and "PIN salah" in err
    code, _, err = kk("case", "verify", case, "--staff", "LOKET1", "--present", "")
    assert code == 1 and "KK_PIN" in err


def test_english_messages(kk):
    code, _, err = kk("ticket", "take", "--service", "NOPE", "--lang", "en")
    assert code == 1 and "Unknown service" in err


def test_closed_hours_refused_with_next_opening(kk, monkeypatch):
    monkeypatch.setenv("KK_NOW", "2026-11-23T22:00")
    code, _, err = kk("ticket", "take", "--service", "KK")
    assert code == 1 and "24-11-2026" in err


def test_json_error_output(kk):
    code, out, _ = kk("ticket", "take", "--service", "NOPE", "--json")
    assert code == 1 and _json(out)["error"] == "queue.unknown_service"


def test_broken_config_names_file_line_and_key(kk, tmp_path):
    from pathlib import Path

    text = (Path(__file__).parents[1] / "config.toml").read_text()
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace('prefix = "A"', 'prefix = "AB"', 1))
    code, _, err = kk("queue", "list", "--config", str(broken))
    line = next(i for i, s in enumerate(broken.read_text().splitlines(), 1) if "AB" in s)
    assert code == 2
    assert str(broken) in err and f"baris {line}" in err and "prefix" in err


def test_bad_now_is_a_message(kk, monkeypatch):
    monkeypatch.setenv("KK_NOW", "tomorrow")
    code, _, err = kk("queue", "list")
    assert code == 1 and "KK_NOW" in err


def test_audit_verify_detects_tampering(kk, tmp_path):
    _to_step2(kk)
    code, out, _ = kk("audit", "verify", "--json")
    assert code == 0 and _json(out)["ok"]
    log = next((tmp_path / "store" / "audit").rglob("*.jsonl"))
    lines = log.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if '"ticket.take"' in line)
    seq = json.loads(lines[at])["seq"]
    lines[at] = lines[at].replace('"ticket.take"', '"ticket.tampered"')
    log.write_text("\n".join(lines) + "\n")
    code, out, _ = kk("audit", "verify")
    assert code == 1 and "RUSAK" in out and f"#{seq} " in out


def test_staff_commands(kk):
    code, out, _ = kk("staff", "add", "NEW1", "--name", "Ani", "--role", "KASI", "--pin", "246810")
    assert code == 0
    code, out, _ = kk("staff", "disable", "NEW1")
    code, out, _ = kk("staff", "list", "--json")
    rows = {r["id"]: r for r in _json(out)}
    assert rows["NEW1"]["active"] is False and rows["LOKET1"]["active"] is True
    code, _, err = kk("staff", "set-pin", "NEW1", "--pin", "12")
    assert code == 1 and "PIN" in err


def test_demo_store_has_cases_waiting_at_several_steps(kk):
    code, out, _ = kk("case", "list", "--json")
    rows = _json(out)
    assert {r["state"] for r in rows} >= {"INPUT", "KASI_REVIEW", "KABID_REVIEW", "READY"}
    code, out, _ = kk("case", "list", "--role", "KABID", "--json")
    assert code == 0 and all(r["state"] == "KABID_REVIEW" for r in _json(out))
    code, out, _ = kk("audit", "verify")
    assert code == 0


def test_simulate_with_print_writes_receipt_files(kk, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the default config's file printers write under ./data/print
    code, out, _ = kk("simulate", "--days", "1", "--per-day", "5", "--print", "--json")
    assert code == 0
    receipts = list((tmp_path / "data" / "print").rglob("*.png"))
    assert receipts and all(p.with_suffix(".bin").exists() for p in receipts)


def test_a_pickup_ticket_by_receipt_number(kk, tmp_path):
    from shared.config import load_config
    from shared.office import Office
    from shared.sop import CaseState
    from shared.store.filestore import FileStore

    office = Office(FileStore(tmp_path / "store"), load_config(None))
    with office.read() as repo:
        ready = repo.open_case_rows({CaseState.READY})
    assert ready, "the demo has a KK ready for pickup"
    code, out, _ = kk("ticket", "take", "--receipt", ready[0]["receipt_no"], "--json")
    assert code == 0 and _json(out)["display"].startswith("B-")
    assert _json(out)["case"] == ready[0]["id"]
    code, _, err = kk("ticket", "take", "--receipt", "999999-99-9999-9")
    assert code == 1 and "tidak dikenal" in err
    code, _, err = kk("ticket", "take")
    assert code == 2 and "--receipt" in err
