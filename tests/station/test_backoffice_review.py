"""Steps 4 and 5 in the station: the Kasi's and the Kabid's reviews, paraf or send back."""

from __future__ import annotations

from backoffice_pilot import SIZE, desk, open_case, queue_ids, set_value, station
from helpers import case_in, family
from station_pilot import settle, tap, text

from shared.sop import CaseState
from station.screens.backoffice import BackOfficeScreen
from station.screens.review import ReviewScreen
from station.widgets.case_queue import CaseQueue
from station.widgets.family_view import MemberTable


async def test_the_kasi_sees_the_draft_beside_the_application_and_initials_it(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "KASI1")
        assert queue_ids(pilot) == [case_id]
        await open_case(pilot, case_id)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert "✓ " in text(pilot, "#requirements")
        assert text(pilot, "#changes") == "Konsep pertama (belum pernah dikembalikan)."
        rows = screen.query_one(MemberTable).texts()
        assert [r[2] for r in rows] == ["BUDI SANTOSO", "RINA WATI", "AHMAD FAUZI"]
        assert "JL. GAJAH MADA NO. 12" in text(pilot, "#kk-header")
        await tap(pilot, "#approve")
        await tap(pilot, "#yes")
        assert isinstance(app.screen, BackOfficeScreen)
        case = office.cases.show(case_id)
        assert case.state == CaseState.KABID_REVIEW
        (paraf,) = case.parafs
        assert (paraf.staff_id, paraf.at) == ("KASI1", office.now())
        assert text(pilot, "#message").startswith(f"{case_id}: sekarang ")


async def test_a_rejection_needs_a_note_and_goes_back_to_the_operator(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "KASI1")
        await open_case(pilot, case_id)
        await tap(pilot, "#reject")
        await tap(pilot, "#yes")  # no note yet: refused in the dialog
        assert text(pilot, "#ask-problem") == "Catatan wajib diisi."
        await set_value(pilot, "#answer", "NIK anak tidak sesuai akta")
        await pilot.press("enter")  # a second tap within 0.2 s is ignored by a Button
        await settle(pilot)
        assert isinstance(app.screen, BackOfficeScreen)
        case = office.cases.show(case_id)
        assert case.state == CaseState.INPUT and case.last_note == "NIK anak tidak sesuai akta"


async def test_the_operator_sees_returned_drafts_first_with_the_note(office, sessions):
    older, _ = case_in(office, sessions, CaseState.INPUT)
    office.clock.advance(minutes=5)
    returned, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    office.cases.review(sessions["KASI1"], returned, approve=False, note="Alamat salah")
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "SIAK1")
        assert queue_ids(pilot) == [returned, older]
        rows = app.screen.query_one(CaseQueue).texts()
        assert rows[0][5] == "Dikembalikan: Alamat salah" and rows[1][5] == ""
        await open_case(pilot, returned)
        assert text(pilot, "#returned-note") == "Dikembalikan: Alamat salah"
        assert app.screen.query_one("#h-alamat").value == family()["alamat"]


async def test_the_kabid_sends_back_to_the_kasi_and_approves_a_batch(office, sessions):
    one, _ = case_in(office, sessions, CaseState.KABID_REVIEW)
    two, _ = case_in(office, sessions, CaseState.KABID_REVIEW)
    three, _ = case_in(office, sessions, CaseState.KABID_REVIEW)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "KABID1")
        assert sorted(queue_ids(pilot)) == sorted([one, two, three])
        await open_case(pilot, one)
        assert "Kasi1" in text(pilot, "#parafs")  # the Kasi's paraf, by name
        await tap(pilot, "#reject")
        await set_value(pilot, "#answer", "Tanggal kawin beda dengan buku nikah")
        await tap(pilot, "#yes")
        assert office.cases.show(one).state == CaseState.KASI_REVIEW
        assert sorted(queue_ids(pilot)) == sorted([two, three])
        await tap(pilot, "#all")
        await tap(pilot, "#batch")
        question = text(pilot, ".dialog-title")
        assert "2 konsep" in question and two in question and three in question
        await tap(pilot, "#yes")
        for case_id in (two, three):
            case = office.cases.show(case_id)
            assert case.state == CaseState.FINAL_PRINT
            assert [p.staff_id for p in case.parafs] == ["KASI1", "KABID1"]
        assert text(pilot, "#message") == "2 berkas selesai."
        assert queue_ids(pilot) == []


async def test_a_refusal_is_shown_in_the_station_language_and_nothing_changes(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "KASI1")
        await open_case(pilot, case_id)
        app.lang = "en"
        # another Kasi station initials it first
        office.cases.review(sessions["KASI1"], case_id, approve=True)
        await tap(pilot, "#approve")
        await tap(pilot, "#yes")
        assert isinstance(app.screen, ReviewScreen)  # still here, with the reason
        message = text(pilot, "#message")
        assert "Traceback" not in message
        assert message == office_error_en(office, sessions, case_id)
        assert len(office.cases.show(case_id).parafs) == 1


def office_error_en(office, sessions, case_id: str) -> str:
    from shared.errors import DomainError

    try:
        office.cases.review(sessions["KASI1"], case_id, approve=True)
    except DomainError as err:
        return err.message("en")
    raise AssertionError("the second paraf was accepted")
