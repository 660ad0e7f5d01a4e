"""Cek keaslian KK at the kiosk: a scanned KK code is checked offline against the office's key."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import family
from kiosk_pilot import screen_text, settle, tap

from kiosk.screens.receipt import ReceiptScreen
from kiosk.screens.verify_kk import VerifyKKScreen
from shared.counter_receipts import pickup_payload
from shared.signing import qr_payload, sign_kk
from shared.signing_keys import init_keys

NOMOR_KK = "6171012311260001"
ISSUED = date(2026, 11, 23)


@pytest.fixture
def keys(tmp_path, monkeypatch):
    """The office's key pair in a keys folder outside the store (as ``kk keys init`` makes)."""
    folder = tmp_path / "keys"
    monkeypatch.setenv("KK_KEYS", str(folder))
    return init_keys(folder, "kata sandi rahasia")


def signed_code(signer) -> str:
    return qr_payload(sign_kk(signer, family(), NOMOR_KK, ISSUED), NOMOR_KK, ISSUED)


async def scan(pilot, text: str) -> None:
    """What a scanner does: the code's characters, then Enter."""
    await pilot.press(*list(text), "enter")
    await settle(pilot)


async def test_a_genuine_kk_scanned_on_the_start_screen(make_kiosk, keys):
    async with make_kiosk().run_test(size=(120, 40)) as pilot:
        await scan(pilot, signed_code(keys))
        assert isinstance(pilot.app.screen, VerifyKKScreen)
        shown = screen_text(pilot)
        assert "SAH" in shown and NOMOR_KK in shown and "23-11-2026" in shown
        assert "Hanya kode QR yang diperiksa" in shown  # so: compare the print


async def test_an_altered_code_and_a_stranger_s_code(make_kiosk, keys, tmp_path):
    stranger = init_keys(tmp_path / "other-keys", "kunci kantor lain")
    async with make_kiosk().run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#verify")
        assert "Arahkan kode QR" in screen_text(pilot)
        code = signed_code(keys)
        await scan(pilot, code.replace(NOMOR_KK, "6171012311260002"))  # typed, as scanned
        assert "TIDAK SAH" in screen_text(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, VerifyKKScreen)
        for text, verdict in (  # the same check, without typing each code key by key
            (signed_code(stranger), "TIDAK DIKENAL"),
            ("sembarang teks", "TIDAK DIKENAL"),
            (code, "✔ SAH"),
        ):
            screen.check(text)
            await settle(pilot)
            assert verdict in screen_text(pilot)


async def test_in_english(make_kiosk, keys):
    async with make_kiosk(lang="en").run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#verify")
        await scan(pilot, signed_code(keys))
        assert "GENUINE" in screen_text(pilot)


async def test_a_kiosk_without_the_office_s_public_key_says_so(make_kiosk, tmp_path, monkeypatch):
    monkeypatch.setenv("KK_KEYS", str(tmp_path / "no-keys-here"))
    async with make_kiosk().run_test(size=(120, 40)) as pilot:
        await tap(pilot, "#verify")
        await scan(pilot, "KK1|6171012311260001|20261123|abcd|x|y")
        shown = screen_text(pilot)
        assert "belum dapat" in shown and "Kunci publik kantor tidak ada" in shown


async def test_a_pickup_receipt_scanned_on_the_start_screen_opens_the_pickup(make_kiosk):
    async with make_kiosk().run_test(size=(120, 40)) as pilot:
        await scan(pilot, pickup_payload("261123-01-0012-4", "GQ95B0FNCZ"))
        screen = pilot.app.screen
        assert isinstance(screen, ReceiptScreen) and screen.mode == "pickup"
        assert "2611230100124" in screen_text(pilot).replace("-", "").replace(" ", "")
