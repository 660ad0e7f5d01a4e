"""What the office's menu looks like on a new store (with the demo staff) and in English.

Deterministic: the test office's manual clock, a fresh store each. Update after an
intended change with ``pytest tests/office/test_office_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from station.office import OfficeApp

DEMO = [
    ("LOKET1", "111111", "Pengolah Data Identitas Penduduk", "Rina Marlina"),
    ("KASI1", "333333", "Kasi Identitas Penduduk", "Yohanes Atok"),
    ("KUNCI", "kunci-demo-kk", "Kata sandi kunci tanda tangan KADIS", "data/keys"),
]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_the_menu_of_a_new_office(snap_compare, office, size):
    app = OfficeApp(office, demo_staff=DEMO, print_auto=False, sound=False)
    assert snap_compare(app, terminal_size=size)


def test_the_menu_in_english_after_a_counter_logged_in(snap_compare, office):
    app = OfficeApp(office, print_auto=False, sound=False)

    async def run_before(pilot):
        from pilot_steps import settle, tap
        from textual.widgets import Input

        await pilot.press("f2")
        await settle(pilot)
        pilot.app.screen.query_one("#staff-id", Input).value = "LOKET1"
        pilot.app.screen.query_one("#pin", Input).value = "123456"
        await tap(pilot, "#login")
        await pilot.press("f12", "f9")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
