"""Step 2 at the counter: a complete file is registered, an incomplete one goes back."""

from __future__ import annotations

import pytest
from counter_pilot import (
    GS_CUT,
    GS_QR,
    at_counter,
    offline,
    printed,
    printing_office,
    station,
)
from station_pilot import settle, tap, text
from textual.widgets import Input, Select

from shared.counter_receipts import grouped_token
from shared.model import PrintStatus, TicketState
from shared.sop import CaseState
from station.screens.counter import CounterScreen
from station.screens.verify import VerifyScreen
from station.widgets import RequirementList

NIK = "6171011708900003"
KIND = "baru_menikah"


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "print"


@pytest.fixture
def desk(office, folder):
    desk = printing_office(office, folder)
    desk.queue.take_ticket("KK", kind=KIND)
    return desk


async def open_file(pilot) -> VerifyScreen:
    """Call the next ticket and open its file check."""
    await at_counter(pilot)
    await tap(pilot, "#call-next")
    await tap(pilot, "#serve")
    screen = pilot.app.screen
    assert isinstance(screen, VerifyScreen)
    return screen


async def tick(pilot, *codes: str) -> None:
    for code in codes:
        await tap(pilot, f"#req-{code} Say")  # the document's name is a big enough target


async def fill_applicant(pilot, name: str = "Budi Santoso", nik: str = NIK) -> None:
    await pilot.click("#name")
    await pilot.press(*name, "enter", *nik)
    await pilot.pause()


def all_codes(office, kind: str = KIND) -> list[str]:
    return [r.code for r in office.config.kind(kind).requirements]


async def test_a_complete_file_is_registered_with_a_pickup_receipt(desk, office, folder):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        case_id = screen.case.id
        await tick(pilot, *all_codes(desk))
        await fill_applicant(pilot)
        await tap(pilot, "#complete")
        case = desk.cases.show(case_id)
        assert case.state == CaseState.INPUT
        assert case.register_no == "00001/REG/2026" and case.receipt_no
        assert case.applicant_name == "BUDI SANTOSO" and case.applicant_nik == NIK
        result = text(pilot, "#result")
        assert "Buku register: 00001/REG/2026" in result
        assert f"Tanda bukti: {case.receipt_no}" in result
        assert "Perkiraan KK siap: " in result and f"{case.expected_ready.year}" in result
        assert text(pilot, "#message") == "Tanda bukti pengambilan tercetak."
        assert not screen.button("#reprint-receipt").display
        (receipt,) = printed(folder, "loket1")
        assert receipt.startswith(b"\x1b@") and receipt.endswith(GS_CUT + b"\x00")
        assert case.receipt_no.encode() in receipt and GS_QR in receipt
        job = [e for e in _audit(office) if e["action"] == "print.done"][-1]
        assert job["data"]["kind"] == "pickup_receipt"
        assert b"KKPICKUP|" + case.receipt_no.encode() + b"|" in receipt
        assert b"BUDI SANTOSO" in receipt and b"6171**********03" in receipt
        assert NIK.encode() not in receipt
        assert f"{case.expected_ready:%d-%m-%Y}".encode() in receipt
        assert b"Jam pengambilan" in receipt
        assert desk.printing.jobs({"loket1"}) == []  # printed, its token gone
        await tap(pilot, "#done")
        assert isinstance(app.screen, CounterScreen)
        assert desk.queue.today()[0].state == TicketState.DONE
        assert text(pilot, "#current-info") == "Belum ada nomor yang dipanggil."


async def test_an_incomplete_file_goes_back_with_a_return_slip(desk, folder):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        codes = all_codes(desk)
        await tick(pilot, codes[1])  # only the second document is there
        await tap(pilot, "#incomplete")
        case = desk.cases.show(screen.case.id)
        assert case.state == CaseState.RETURNED
        assert case.missing == [codes[0], codes[2]]
        assert case.register_no is None and case.applicant_nik is None
        kind = desk.config.kind(KIND)
        result = text(pilot, "#result")
        assert result.startswith("Berkas dikembalikan kepada pemohon. Yang kurang:")
        for code in (codes[0], codes[2]):
            assert f"- {kind.requirement(code).text('id')}" in result
        assert kind.requirement(codes[1]).text("id") not in result
        assert text(pilot, "#message") == "Surat pengembalian berkas tercetak."
        (slip,) = printed(folder, "loket1")
        assert slip.startswith(b"\x1b@") and slip.endswith(GS_CUT + b"\x00")
        assert b"Berkas belum lengkap" in slip and b"Dokumen yang belum ada:" in slip
        for code in (codes[0], codes[2]):
            assert kind.requirement(code).text("id")[:20].encode() in slip
        assert kind.requirement(codes[1]).text("id")[:20].encode() not in slip
        assert b"Senin-Kamis:" in slip and b"07.30-12.00, 13.00-15.30" in slip
        assert GS_QR not in slip and b"REG" not in slip


async def test_lengkap_with_a_document_unticked_is_refused_and_nothing_is_stored(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        await tick(pilot, *all_codes(desk)[:2])
        await fill_applicant(pilot)
        await tap(pilot, "#complete")
        assert "Belum semua persyaratan wajib dicentang" in text(pilot, "#message")
        assert desk.cases.show(screen.case.id).state == CaseState.VERIFYING


async def test_tidak_lengkap_with_everything_ticked_is_refused(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        await tick(pilot, *all_codes(desk))
        await tap(pilot, "#incomplete")
        assert text(pilot, "#message").startswith("Semua persyaratan wajib sudah dicentang")
        assert desk.cases.show(screen.case.id).state == CaseState.VERIFYING


async def test_a_bad_nik_is_refused_in_words_and_the_file_stays_open(desk, folder):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        await tick(pilot, *all_codes(desk))
        await fill_applicant(pilot, nik="617101170890")
        await tap(pilot, "#complete")
        message = text(pilot, "#message")
        assert message == "NIK: NIK harus 16 digit angka; yang diisi 12 digit."
        assert screen.query_one("#message").has_class("-problem")
        assert desk.cases.show(screen.case.id).state == CaseState.VERIFYING
        assert printed(folder, "loket1") == []
        await tap(pilot, "#lang")
        assert text(pilot, "#message").startswith("NIK: ") and "16" in text(pilot, "#message")
        assert text(pilot, "#message") != message  # in English now
        # corrected, the same screen registers it
        nik = screen.query_one("#nik", Input)
        nik.value = NIK
        await tap(pilot, "#complete")
        assert desk.cases.show(screen.case.id).state == CaseState.INPUT


async def test_changing_the_kind_shows_its_requirements(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        other = "pisah_kk"
        screen.query_one("#kind", Select).value = other
        await settle(pilot)
        requirements = screen.query_one(RequirementList)
        assert [row.requirement.code for row in requirements.rows()] == all_codes(desk, other)
        await tick(pilot, *all_codes(desk, other))
        await fill_applicant(pilot)
        await tap(pilot, "#complete")
        case = desk.cases.show(screen.case.id)
        assert case.kind == other and case.state == CaseState.INPUT


async def test_optional_documents_are_marked_and_never_make_a_file_incomplete(desk, office):
    optional = [
        (kind.code, r) for kind in office.config.kinds for r in kind.requirements if r.optional
    ]
    if not optional:
        pytest.skip("no optional requirement in the config")
    kind_code, requirement = optional[0]
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        screen.query_one("#kind", Select).value = kind_code
        await settle(pilot)
        row = pilot.app.screen.query_one(f"#req-{requirement.code} Say")
        assert "(bila diperlukan)" in row.text
        required = [r.code for r in office.config.kind(kind_code).requirements if not r.optional]
        await tick(pilot, *required)
        await fill_applicant(pilot)
        await tap(pilot, "#complete")
        assert desk.cases.show(screen.case.id).state == CaseState.INPUT


async def test_a_failed_receipt_print_keeps_the_case_and_can_be_reprinted(office, folder):
    broken = printing_office(office, folder, loket1=offline())
    broken.queue.take_ticket("KK", kind=KIND)
    app = station(broken)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        await tick(pilot, *all_codes(broken))
        await fill_applicant(pilot)
        await tap(pilot, "#complete")
        case = broken.cases.show(screen.case.id)
        assert case.state == CaseState.INPUT  # stored whatever the printer did
        message = text(pilot, "#message")
        assert message.startswith("Tanda bukti pengambilan gagal dicetak: Printer struk loket1")
        assert screen.button("#reprint-receipt").display
        (job,) = broken.printing.jobs({"loket1"})
        assert job.status == PrintStatus.FAILED and job.kind == "pickup_receipt"
        app.office = screen.station.office = printing_office(office, folder)  # printer back
        await tap(pilot, "#reprint-receipt")
        assert text(pilot, "#message") == "Tanda bukti pengambilan tercetak."
        assert not screen.button("#reprint-receipt").display
        (receipt,) = printed(folder, "loket1")
        assert case.receipt_no.encode() in receipt and GS_QR in receipt
        token = job.params["token"]
        assert grouped_token(token).encode() in receipt


async def test_the_file_check_fits_80x24(desk):
    app = station(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_file(pilot)
        for selector in ("#kind", "#name", "#nik", "#phone", "#complete", "#incomplete", "#back"):
            region = screen.query_one(selector).region
            assert region.bottom <= 24 and region.right <= 80 and region.height > 0, selector
        await tick(pilot, *all_codes(desk))
        await fill_applicant(pilot)
        await tap(pilot, "#complete")
        assert "00001/REG/2026" in text(pilot, "#result")


def _audit(office):
    with office.read() as repo:
        return list(repo.audit_events_of_day(office.now().date()))


async def test_the_file_check_speaks_english_too(desk):
    app = station(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        await tap(pilot, "#lang")
        assert text(pilot, "#complete") == "Complete" and text(pilot, "#incomplete") == "Incomplete"
        kind = desk.config.kind(KIND)
        select = screen.query_one("#kind", Select)
        assert select.value == KIND
        assert select.selection == KIND and kind.text("en") in str(select._options)
        first = kind.requirements[0]
        assert screen.query_one(f"#req-{first.code} Say").text == first.text("en")
        await tap(pilot, "#complete")
        assert text(pilot, "#message").startswith("Not every required document is ticked.")
