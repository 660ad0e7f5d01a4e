"""Step 9 at the counter: the signed KKs entered in the buku agenda, ready for pickup."""

from __future__ import annotations

import pytest
from counter_pilot import at_counter, printing_office, station
from helpers import case_in
from station_pilot import tap, text

from shared.sop import CaseState
from station.screens.counter import CounterScreen
from station.screens.register import RegisterScreen
from station.widgets import WorkList


@pytest.fixture
def desk(office, tmp_path):
    return printing_office(office, tmp_path / "print")


async def test_each_signed_kk_gets_the_next_agenda_number(desk, sessions):
    first, _ = case_in(desk, sessions, CaseState.REGISTER)
    second, _ = case_in(desk, sessions, CaseState.REGISTER)
    case_in(desk, sessions, CaseState.SIGNING)  # not signed yet: not in the pile
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        assert "2 KK menunggu" in app.screen.button("#registers").text
        await tap(pilot, "#registers")
        assert isinstance(app.screen, RegisterScreen)
        rows = app.screen.query_one(WorkList).texts()
        assert [r[0] for r in rows] == [first, second]
        assert rows[0][1] == "Langkah 9"
        await tap(pilot, "#register")
        year = desk.now().year
        case = desk.cases.show(first)
        assert case.state == CaseState.READY and case.agenda_no == f"00001/AGD/{year}"
        assert text(pilot, "#message") == (
            f"{first} (BUDI SANTOSO): buku agenda 00001/AGD/{year}. "
            "Cap dinas dan arsipkan berkasnya; KK siap diambil."
        )
        assert [r[0] for r in app.screen.query_one(WorkList).texts()] == [second]
        await tap(pilot, "#register")
        assert desk.cases.show(second).agenda_no == f"00002/AGD/{year}"
        assert text(pilot, "#register-hint") == "Tidak ada KK yang menunggu dicatat."
        assert app.screen.button("#register").disabled
        await tap(pilot, "#back")
        assert isinstance(app.screen, CounterScreen)
        assert "0 KK menunggu" in app.screen.button("#registers").text


async def test_the_clerk_picks_which_kk_to_register(desk, sessions):
    first, _ = case_in(desk, sessions, CaseState.REGISTER)
    second, _ = case_in(desk, sessions, CaseState.REGISTER)
    app = station(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#registers")
        app.screen.query_one(WorkList).move_cursor(row=1)
        await tap(pilot, "#register")
        assert desk.cases.show(second).state == CaseState.READY
        assert desk.cases.show(first).state == CaseState.REGISTER


async def test_a_kk_registered_meanwhile_at_another_counter_is_refused_in_words(desk, sessions):
    first, _ = case_in(desk, sessions, CaseState.REGISTER)
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot)
        await tap(pilot, "#registers")
        desk.cases.register(sessions["LOKET2"], first)  # the other counter was quicker
        await tap(pilot, "#register")
        assert text(pilot, "#message").startswith(f"Berkas {first} tidak dapat diproses")
        assert app.screen.query_one("#message").has_class("-problem")
        assert desk.cases.show(first).agenda_no.startswith("00001/")
