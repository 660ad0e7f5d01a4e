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


async def stamp_and_archive(pilot) -> None:
    """The clerk stamps the KK, archives the file and ticks both."""
    for box in ("#stamped", "#archived"):
        await tap(pilot, box)


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
        assert app.screen.button("#register").disabled  # nothing ticked yet
        await tap(pilot, "#stamped")
        assert app.screen.button("#register").disabled  # the file is not archived yet
        await tap(pilot, "#archived")
        await tap(pilot, "#register")
        year = desk.now().year
        case = desk.cases.show(first)
        assert case.state == CaseState.READY and case.agenda_no == f"00001/AGD/{year}"
        assert text(pilot, "#message") == (
            f"{first} (BUDI SANTOSO): buku agenda 00001/AGD/{year}. KK siap diambil."
        )
        assert [r[0] for r in app.screen.query_one(WorkList).texts()] == [second]
        assert app.screen.button("#register").disabled  # the ticks were for the first KK
        await stamp_and_archive(pilot)
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
        await stamp_and_archive(pilot)
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
        await stamp_and_archive(pilot)
        await tap(pilot, "#register")
        assert text(pilot, "#message").startswith(f"Berkas {first} tidak dapat diproses")
        assert app.screen.query_one("#message").has_class("-problem")
        assert desk.cases.show(first).agenda_no.startswith("00001/")


def test_the_domain_refuses_a_register_without_stamp_and_archive(desk, sessions):
    from shared.errors import DomainError

    case_id, _ = case_in(desk, sessions, CaseState.REGISTER)
    for stamped, archived in ((False, True), (True, False)):
        with pytest.raises(DomainError) as err:
            desk.cases.register(sessions["LOKET1"], case_id, stamped=stamped, archived=archived)
        assert "dicap dinas" in err.value.message("id") and "stamped" in err.value.message("en")
    assert desk.cases.show(case_id).state == CaseState.REGISTER
