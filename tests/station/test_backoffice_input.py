"""Step 3 in the station: the SIAK operator's KK form, checked as typed and on save."""

from __future__ import annotations

from backoffice_pilot import SIZE, desk, enter_family, open_case, queue_ids, station
from helpers import case_in, family
from station_pilot import settle, tap, text

from shared.sop import CaseState
from station.screens.backoffice import BackOfficeScreen
from station.screens.input_form import InputScreen


async def test_a_valid_family_is_saved_printed_as_draft_and_passed_to_the_kasi(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.INPUT)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "SIAK1")
        assert queue_ids(pilot) == [case_id]
        await open_case(pilot, case_id)
        assert isinstance(app.screen, InputScreen)
        await enter_family(pilot, family())
        assert text(pilot, "#problems") == ""
        assert app.screen.query_one("#h-kode_pos").value == "78122"  # filled from the kelurahan
        await tap(pilot, "#save")
        await settle(pilot)
        assert isinstance(app.screen, BackOfficeScreen)
        case = office.cases.show(case_id)
        assert case.state == CaseState.KASI_REVIEW and case.draft_version == 1
        assert case.nomor_kk and case.nomor_kk.startswith("617101")
        assert [m["nik"] for m in case.family["anggota"]] == [m["nik"] for m in family()["anggota"]]
        assert "diteruskan ke Kasi" in text(pilot, "#message")
        assert queue_ids(pilot) == []
