"""The counter is the Pengolah Data's: other roles are refused by the domain, not only hidden."""

from __future__ import annotations

import pytest
from counter_pilot import at_counter, printing_office, station
from helpers import case_in
from station_pilot import settle, tap, text

from shared.counter_desk import locate_pickup
from shared.errors import NotAllowed
from shared.sop import CaseState
from station.screens.counter import CounterScreen
from station.screens.register import RegisterScreen

REFUSED = "Tindakan ini bukan wewenang Kasi Identitas Penduduk (hanya Pengolah Data"


@pytest.fixture
def desk(office, tmp_path):
    desk = printing_office(office, tmp_path / "print")
    desk.queue.take_ticket("KK", kind="baru_menikah")
    return desk


def snapshot(office) -> list[tuple[str, str, int]]:
    return [(t.id, t.state.value, t.recalls) for t in office.queue.today()]


def test_the_domain_refuses_the_counters_actions_to_a_kasi(desk, sessions):
    kasi, before = sessions["KASI1"], snapshot(desk)
    for act in (
        lambda: desk.queue.call_next(kasi, 1),
        lambda: desk.queue.call_ticket(kasi, 1, desk.queue.today()[0].id),
    ):
        with pytest.raises(NotAllowed) as err:
            act()
        assert err.value.message("id").startswith(REFUSED)
    assert snapshot(desk) == before  # nothing changed
    desk.queue.call_next(sessions["LOKET1"], 1)
    called = snapshot(desk)
    for act in (lambda: desk.queue.recall(kasi, 1), lambda: desk.queue.skip(kasi, 1)):
        with pytest.raises(NotAllowed):
            act()
    assert snapshot(desk) == called


def test_the_domain_refuses_steps_2_9_and_10_to_a_kasi(office, tmp_path, sessions):
    desk, kasi = printing_office(office, tmp_path / "print"), sessions["KASI1"]
    to_register, _ = case_in(desk, sessions, CaseState.REGISTER)
    ready, token = case_in(desk, sessions, CaseState.READY)
    verifying, _ = case_in(desk, sessions, CaseState.VERIFYING)  # last: it keeps counter 1
    receipt = desk.cases.show(ready).receipt_no
    with pytest.raises(NotAllowed):
        desk.cases.verify(kasi, verifying, present=[])
    with pytest.raises(NotAllowed):
        desk.cases.register(kasi, to_register)
    with pytest.raises(NotAllowed):
        desk.cases.handover(kasi, ready, token)
    with pytest.raises(NotAllowed):  # not even a look at the applicant's full NIK
        locate_pickup(desk, kasi, receipt, token)
    assert desk.cases.show(verifying).state == CaseState.VERIFYING
    assert desk.cases.show(to_register).state == CaseState.REGISTER
    assert desk.cases.show(ready).state == CaseState.READY


async def test_a_kasi_logging_in_does_not_get_the_counter(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot, "KASI1")
        assert app.session is not None  # logged in, at the Kasi's own home
        assert not isinstance(app.screen, CounterScreen)
        assert not app.screen.query("#call-next")


async def test_a_counter_screen_opened_for_a_kasi_is_refused_by_the_domain(desk, sessions):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_counter(pilot, "KASI1")
        before = snapshot(desk)
        app.push_screen(CounterScreen(app.session, "Kasi1"))  # not offered; forced here
        await settle(pilot)
        await tap(pilot, "#call-next")
        assert text(pilot, "#message").startswith(REFUSED)
        assert app.screen.query_one("#message").has_class("-problem")
        assert snapshot(desk) == before
        case_id, _ = case_in(desk, sessions, CaseState.REGISTER)
        app.push_screen(RegisterScreen(app.session))
        await settle(pilot)
        for box in ("#stamped", "#archived"):
            await tap(pilot, box)
        await tap(pilot, "#register")
        assert text(pilot, "#message").startswith(REFUSED)
        assert desk.cases.show(case_id).state == CaseState.REGISTER
