"""``kk keys init|show``, ``kk case sign`` with the key, ``kk verify``: messages and exit codes."""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import date

import pytest
from PIL import Image

from shared.cli.main import main
from shared.signing import qr_payload

NOW = "2026-11-23T09:00"
PASS = "rahasia-kantor"
KADIS_PIN = "555555"  # the demo store's Kepala Dinas


@pytest.fixture
def kk(tmp_path, monkeypatch, capsys):
    """Run ``kk ARGS`` in-process on a fresh demo store; returns (code, stdout, stderr)."""
    monkeypatch.setenv("KK_NOW", NOW)
    monkeypatch.setenv("KK_PASSPHRASE", PASS)
    monkeypatch.delenv("KK_PIN", raising=False)
    monkeypatch.delenv("KK_KEYS", raising=False)
    store = tmp_path / "store"

    def run(*args: str, pin: str | None = None, passphrase: str | None = PASS):
        for name, value in (("KK_PIN", pin), ("KK_PASSPHRASE", passphrase)):
            if value:
                monkeypatch.setenv(name, value)
            else:
                monkeypatch.delenv(name, raising=False)
        code = main([*args, "--store", str(store)])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, _ = run("init", "--demo")
    assert code == 0
    return run


@pytest.fixture
def signed(kk):
    """A demo case waiting for the signature, signed by the Kepala Dinas; its case view."""
    assert kk("keys", "init")[0] == 0
    code, out, _ = kk("case", "list", "--state", "SIGNING", "--json")
    case = json.loads(out)[0]["id"]
    code, out, err = kk("case", "sign", case, "--staff", "KADIS", "--json", pin=KADIS_PIN)
    assert code == 0, err
    return json.loads(out)


def _payload(view: dict) -> str:
    return qr_payload(view["signature"], view["nomor_kk"], date.fromisoformat(view["issued_on"]))


def _qr_png(path, text: str) -> None:
    import qrcode

    qrcode.make(text).save(path)


def test_keys_init_creates_the_pair_next_to_the_store(kk, tmp_path):
    code, out, _ = kk("keys", "init", "--json")
    data = json.loads(out)
    assert code == 0 and data["folder"] == str(tmp_path / "keys") and len(data["key_id"]) == 8
    mode = stat.S_IMODE(os.stat(tmp_path / "keys" / "signing-key.pem").st_mode)
    assert mode == 0o600
    assert not any("signing-key" in p.name for p in (tmp_path / "store").rglob("*"))
    code, out, _ = kk("keys", "show", "--json")
    assert code == 0 and json.loads(out)["key_id"] == data["key_id"]
    assert json.loads(out)["fingerprint"].replace(":", "").startswith(data["key_id"])


def test_keys_init_refuses_to_replace_a_key_unless_forced(kk, tmp_path):
    kk("keys", "init")
    code, _, err = kk("keys", "init", "--lang", "en")
    assert code == 1 and "--force" in err and "already exists" in err
    code, out, _ = kk("keys", "init", "--force", passphrase="another-passphrase")
    assert code == 0
    code, out, _ = kk("keys", "show", "--lang", "en")
    assert code == 0 and "Old keys" in out


def test_keys_init_without_a_passphrase_says_how_to_give_one(kk, tmp_path):
    code, _, err = kk("keys", "init", passphrase=None)
    assert code == 1 and "KK_PASSPHRASE" in err
    code, _, err = kk("keys", "init", "--keys", str(tmp_path / "store" / "k"))
    assert code == 1 and "--keys" in err and not (tmp_path / "store" / "k").exists()


def test_case_sign_stores_a_signature_that_verifies(kk, signed):
    assert signed["state"] == "REGISTER" and signed["signature"]["algorithm"] == "Ed25519"
    code, out, _ = kk("verify", "--case", signed["id"], "--lang", "en")
    assert code == 0 and out.startswith("VALID.") and "KK data is what was signed" in out
    code, out, _ = kk("verify", "--payload", _payload(signed), "--json")
    data = json.loads(out)
    assert code == 0 and data["outcome"] == "VALID" and data["nomor_kk"] == signed["nomor_kk"]


def test_case_sign_with_a_wrong_passphrase_signs_nothing(kk):
    kk("keys", "init")
    _, out, _ = kk("case", "list", "--state", "SIGNING", "--json")
    case = json.loads(out)[0]["id"]
    code, _, err = kk(
        "case", "sign", case, "--staff", "KADIS", pin=KADIS_PIN, passphrase="nope-nope"
    )
    assert code == 1 and "Kata sandi kunci salah" in err
    _, out, _ = kk("case", "show", case, "--json")
    assert json.loads(out)["state"] == "SIGNING" and json.loads(out)["signature"] is None


def test_verify_a_png_of_the_qr_code(kk, signed, tmp_path):
    png = tmp_path / "kk.png"
    _qr_png(png, _payload(signed))
    code, out, _ = kk("verify", str(png))
    assert code == 0 and out.startswith("SAH.")
    code, out, _ = kk("verify", str(png), "--case", signed["id"])
    assert code == 0 and "data KK sama" in out


def test_verify_altered_data_or_payload_exits_1(kk, signed, tmp_path):
    record = tmp_path / "record.json"
    signed["family"]["anggota"][0]["nama_lengkap"] = "ORANG LAIN"
    record.write_text(json.dumps(signed))
    code, out, _ = kk("verify", "--payload", _payload(signed), "--family", str(record))
    assert code == 1 and out.startswith("DIUBAH.")
    tampered = _payload(signed).replace(signed["nomor_kk"], "6171010101010001")
    png = tmp_path / "tampered.png"
    _qr_png(png, tampered)
    code, out, _ = kk("verify", str(png), "--lang", "en")
    assert code == 1 and out.startswith("ALTERED.")


def test_verify_someone_elses_code_exits_1(kk, signed, tmp_path):
    png = tmp_path / "other.png"
    _qr_png(png, "https://example.org/not-a-kk")
    code, out, _ = kk("verify", str(png), "--json")
    assert code == 1 and json.loads(out)["outcome"] == "NOT_OURS"
    kk("keys", "init", "--keys", str(tmp_path / "other"), passphrase="their-passphrase")
    code, out, _ = kk("verify", "--payload", _payload(signed), "--keys", str(tmp_path / "other"))
    assert code == 1 and out.startswith("BUKAN DARI KANTOR INI.")


def test_verify_usage_and_file_errors_exit_2(kk, signed, tmp_path):
    blank = tmp_path / "blank.png"
    Image.new("L", (200, 200), 255).save(blank)
    text = tmp_path / "note.png"
    text.write_text("not an image")
    cases = [
        ((), "--payload"),
        ((str(blank),), "Tidak ada kode QR"),
        ((str(text),), "bukan gambar"),
        ((str(tmp_path / "missing.png"),), "Tidak dapat membuka"),
        ((str(blank), "--payload", "x"), "tidak keduanya"),
        (("--payload", "x", "--keys", str(tmp_path / "nokeys")), "Kunci publik"),
        (("--payload", "x", "--family", str(tmp_path / "missing.json")), "bukan data keluarga"),
    ]
    for args, message in cases:
        code, _, err = kk("verify", *args)
        assert code == 2 and message in err, (args, err)


def test_verify_the_printed_kk_pdf(kk, signed, tmp_path):
    kk_document = pytest.importorskip("shared.kk_document")
    from shared.config import load_config
    from shared.kk_pdf import write_pdf
    from shared.model import Case

    case = Case.from_dict(signed)
    pages = kk_document.document_for_case(
        load_config().office, case, draft=False, qr_payload=_payload(signed)
    )
    pdf = write_pdf(pages, tmp_path / "kk.pdf")
    code, out, err = kk("verify", str(pdf), "--case", signed["id"], "--json")
    assert code == 0 and json.loads(out)["outcome"] == "VALID", err
    assert json.loads(out)["data_checked"]


def test_verify_pdf_without_the_pdf_reader_is_a_clear_error(kk, signed, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "shared.kk_document", None)  # as if not installed
    pdf = tmp_path / "kk.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    code, _, err = kk("verify", str(pdf), "--lang", "en")
    assert code == 2 and "--payload" in err and "Traceback" not in err


def test_verify_a_damaged_pdf_exits_2(kk, signed, tmp_path):
    pytest.importorskip("shared.kk_document")
    pdf = tmp_path / "kk.pdf"
    pdf.write_bytes(b"%PDF-1.4\nnothing here\n")
    code, _, err = kk("verify", str(pdf))
    assert code == 2 and err.strip() and "Traceback" not in err
