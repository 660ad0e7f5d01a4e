"""Step 3 in the station: the SIAK operator's KK form, checked as typed and on save."""

from __future__ import annotations

from backoffice_pilot import (
    SIZE,
    add_member,
    desk,
    enter_family,
    fill_header,
    open_case,
    queue_ids,
    set_value,
    station,
)
from helpers import case_in, family
from station_pilot import settle, tap, text

from shared.i18n import t
from shared.sop import CaseState
from station.screens.backoffice import BackOfficeScreen
from station.screens.input_form import InputScreen
from station.widgets.family_view import MemberTable


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
    with office.read() as repo:
        drafts = [j for j in repo.open_jobs() if j.ref == case_id and j.kind == "draft_kk"]
    assert [j.params["version"] for j in drafts] == [1]  # the draft waits for the A4 printer


async def test_leaving_a_changed_form_asks_first(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.INPUT)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "SIAK1")
        await open_case(pilot, case_id)
        await set_value(pilot, "#h-alamat", "JL. SUNGAI RAYA DALAM")
        await pilot.press("escape")
        await settle(pilot)
        await tap(pilot, "#no")  # "Batal": the form and what was typed stay
        assert isinstance(app.screen, InputScreen)
        assert app.screen.query_one("#h-alamat").value == "JL. SUNGAI RAYA DALAM"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # yes, leave
        await settle(pilot)
        assert isinstance(app.screen, BackOfficeScreen)
        assert office.cases.show(case_id).family is None


# (field typed in, value, the error expected, the field it names) for member 2, the wife.
MEMBER_RULES = [
    ("nik", "617101450392", "nik.length", "nik"),
    ("nik", "6171011708900003", "family.nik_duplicate", "nik"),  # the head's NIK
    ("jenis_kelamin", "LAKI-LAKI", "nik.sex_mismatch", "nik"),
    ("tanggal_lahir", "1992-03-06", "nik.birth_mismatch", "nik"),
    ("tanggal_lahir", "2099-03-05", "family.date_future", "tanggal_lahir"),
    ("tanggal_lahir", "1992-13-05", "family.date_format", "tanggal_lahir"),
    ("status_perkawinan", "BELUM KAWIN", "family.marriage_date_unmarried", "tanggal_perkawinan"),
    ("tanggal_perkawinan", "1980-01-01", "family.marriage_before_birth", "tanggal_perkawinan"),
    ("kewarganegaraan", "WNA", "family.wna_document", "no_paspor"),
    ("status_hubungan", "KEPALA KELUARGA", "family.many_heads", "status_hubungan"),
    ("nama_lengkap", None, "family.required", "nama_lengkap"),
    ("agama", None, "family.required", "agama"),
]


async def test_each_rule_is_shown_as_typed_naming_the_member_and_field(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.INPUT)
    head, wife = family()["anggota"][:2]
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "SIAK1")
        await open_case(pilot, case_id)
        await fill_header(pilot, family())
        await add_member(pilot, head)
        dialog = await add_member(pilot, wife, keep=False)
        assert text(pilot, "#member-problems") == ""
        for field, typed, key, named in MEMBER_RULES:
            await set_value(pilot, f"#m-{field}", typed)
            found = {(p.key, p.member, p.field) for p in dialog.problems}
            assert (key, 2, named) in found, (field, typed, found)
            label = t(f"field.{named}", "id")
            assert f"Anggota ke-2, {label}: " in text(pilot, "#member-problems")
            assert dialog.query_one(f"#m-{named}").has_class("-invalid")
            await pilot.press("f5")  # "Simpan anggota": refused, the dialog stays
            await settle(pilot)
            assert app.screen is dialog
            await set_value(pilot, f"#m-{field}", wife[field])
            assert not dialog.problems, (field, dialog.problems)
        await set_value(pilot, "#m-tanggal_lahir", "05-03-1992")  # day first, turned round
        assert not dialog.problems
        await tap(pilot, "#member-save")
        assert isinstance(app.screen, InputScreen)
        assert app.screen.family["anggota"][1]["tanggal_lahir"] == "1992-03-05"
        app.screen.query_one("#h-rt").value = "1234"
        await pilot.pause()
        assert "RT" in text(pilot, "#problems") and app.screen.query_one("#h-rt").has_class(
            "-invalid"
        )
        await tap(pilot, "#save")
        assert isinstance(app.screen, InputScreen)
        assert office.cases.show(case_id).state == CaseState.INPUT


async def test_a_family_without_a_head_is_not_saved(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.INPUT)
    child = family()["anggota"][2]
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "SIAK1")
        await open_case(pilot, case_id)
        await fill_header(pilot, family())
        await add_member(pilot, child)
        assert isinstance(app.screen, InputScreen)
        problems = text(pilot, "#problems")
        assert t("family.no_head", "id") in problems
        await tap(pilot, "#save")
        assert t("backoffice.input.fix_first", "id") == text(pilot, "#message")
        case = office.cases.show(case_id)
        assert case.state == CaseState.INPUT and case.family is None


async def test_members_are_edited_removed_and_reordered(office, sessions):
    case_id, _ = case_in(office, sessions, CaseState.INPUT)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "SIAK1")
        await open_case(pilot, case_id)
        await enter_family(pilot, family())
        screen = app.screen
        table = screen.query_one(MemberTable)
        table.move_cursor(row=2)
        await tap(pilot, "#up")
        assert [m["nama_lengkap"] for m in screen.family["anggota"]] == [
            "BUDI SANTOSO",
            "AHMAD FAUZI",
            "RINA WATI",
        ]
        assert table.texts()[1][2] == "AHMAD FAUZI"
        await tap(pilot, "#edit")
        await set_value(pilot, "#m-pendidikan", "TAMAT SD / SEDERAJAT")
        await tap(pilot, "#member-save")
        assert screen.family["anggota"][1]["pendidikan"] == "TAMAT SD / SEDERAJAT"
        table.move_cursor(row=2)
        await tap(pilot, "#remove")
        assert len(screen.family["anggota"]) == 2
        await tap(pilot, "#save")
        case = office.cases.show(case_id)
        assert [m["nama_lengkap"] for m in case.family["anggota"]] == [
            "BUDI SANTOSO",
            "AHMAD FAUZI",
        ]


async def test_a_change_of_data_loads_the_previous_kk_by_its_number(office, sessions):
    old_id, _ = case_in(office, sessions, CaseState.HANDED_OVER)
    nomor = office.cases.show(old_id).nomor_kk
    case_id, _ = case_in(office, sessions, CaseState.INPUT)
    app = station(office)
    async with app.run_test(size=SIZE) as pilot:
        await desk(pilot, "SIAK1")
        await open_case(pilot, case_id)
        await tap(pilot, "#load-old")
        await set_value(pilot, "#answer", "6171010101010009")
        await tap(pilot, "#yes")
        assert "6171010101010009" in text(pilot, "#message")  # not in the archive: said so
        await pilot.press("f6")
        await settle(pilot)
        await set_value(pilot, "#answer", nomor)
        await tap(pilot, "#yes")
        screen = app.screen
        assert isinstance(screen, InputScreen)
        assert nomor in text(pilot, "#nomor")
        assert screen.query_one("#h-alamat").value == "JL. GAJAH MADA NO. 12"
        assert screen.query_one("#h-kelurahan").value == "BENUA MELAYU DARAT"
        screen.query_one(MemberTable).move_cursor(row=0)
        await tap(pilot, "#edit")
        await set_value(pilot, "#m-jenis_pekerjaan", "WIRASWASTA")
        await tap(pilot, "#member-save")
        await tap(pilot, "#save")
        case = office.cases.show(case_id)
        assert case.state == CaseState.KASI_REVIEW
        assert case.nomor_kk == nomor
        assert case.family["anggota"][0]["jenis_pekerjaan"] == "WIRASWASTA"


async def test_the_members_table_shows_the_nik_whole():
    from textual.app import App

    from station.widgets.family_view import MemberTable

    class Host(App[None]):
        lang = "id"

        def compose(self):
            yield MemberTable(id="members")

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(MemberTable)
        table.members = [{"nik": "6171011708900003", "nama_lengkap": "BUDI SANTOSO"}]
        await pilot.pause()
        assert table.columns["nik"].width >= 16
        assert table.texts()[0][1] == "6171011708900003"
