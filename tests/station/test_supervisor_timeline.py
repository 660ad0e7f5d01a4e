"""A case's timeline at the supervisor's station, and the charts tab."""

from __future__ import annotations

from helpers import case_in, family
from station_pilot import settle, tap, text
from supervisor_pilot import as_supervisor, rows, type_into
from textual_plotext import PlotextPlot

from shared.sop import CaseState


def rejected_once(office, sessions, clock) -> str:
    cid, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    clock.advance(minutes=7)
    office.cases.review(sessions["KASI1"], cid, approve=False, note="Cek NIK anak")
    clock.advance(minutes=3)
    office.cases.input_family(sessions["SIAK1"], cid, family())
    clock.advance(minutes=2)
    office.cases.review(sessions["KASI1"], cid, approve=True)
    return cid


async def test_timeline_of_a_rejected_draft(make_station, office, sessions, clock):
    cid = rejected_once(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "timeline")
        await pilot.press(*cid.lower(), "enter")  # the field has the focus, typing upper-cases
        await settle(pilot)
        assert text(pilot, "#tl-head") == (
            f"{cid} — pemeriksaan oleh Kabid — KK baru karena menikah — BUDI SANTOSO"
        )
        ok, late = "tepat", "TERLAMBAT"
        siak, kasi = "Siak1", "Kasi1"
        inputted = "data diinput, konsep dicetak"
        assert rows(pilot, "#tl-rows") == [
            ("1", "dipanggil ke loket", "-", "09:00", "0 mnt / 5m", ok, ""),
            ("2", "berkas lengkap, diregister", "Loket1", "09:00", "0 mnt / 10m", ok, ""),
            ("3", inputted, siak, "09:00", "0 mnt / 5m", ok, ""),
            ("4", "ditolak Kasi", kasi, "09:07", "7 mnt / 5m", late, "Cek NIK anak"),
            ("3", inputted, siak, "09:10", "3 mnt / 5m", ok, ""),
            ("4", "diparaf Kasi", kasi, "09:12", "2 mnt / 5m", ok, ""),
            ("5", "masih di langkah ini", "-", "09:12", "0 mnt / 3w", "-", ""),
        ]
        await tap(pilot, "#lang")
        assert rows(pilot, "#tl-rows")[3][1:2] == ("rejected by the Kasi",)


async def test_an_unknown_case_number_is_said_in_words(make_station):
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "timeline")
        await type_into(pilot, "#tl-case", "KK-261123-A999")
        await tap(pilot, "#tl-show")
        assert text(pilot, "#message") == "Berkas KK-261123-A999 tidak ditemukan."
        assert rows(pilot, "#tl-rows") == []


async def test_charts_draw_the_day_and_the_month(make_station, office, sessions, clock):
    from supervisor_scenario import busy_morning

    busy_morning(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "charts")
        pane = app.screen.query_one("#charts-pane")
        assert pane.data is not None
        assert pane.data.per_hour == [{"hour": 9, "taken": 4, "called": 3, "wait_median": 4.0}]
        assert [r["tickets"] for r in pane.data.per_day] == [4]
        for chart in app.screen.query(PlotextPlot):
            assert chart.region.width > 20 and chart.region.height > 8
        office.queue.take_ticket("KK", kind="baru_menikah")
        clock.advance(minutes=1)
        app.screen.poll()  # a minute later, what the two-second timer does
        await settle(pilot)
        assert pane.data.per_hour[0]["taken"] == 5


async def test_the_months_report_is_written_beside_the_store(
    make_station, office, sessions, clock, store
):
    from supervisor_scenario import busy_morning

    busy_morning(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot)
        await tap(pilot, "#report")
        folder = store.root.parent / "reports" / "2026-11"
        assert text(pilot, "#message").startswith(f"Laporan 2026-11 ditulis ke {folder}")
        assert (folder / "steps_2026-11.csv").exists()
        assert (folder / "laporan_2026-11.pdf").read_bytes().startswith(b"%PDF")


async def test_a_case_chosen_in_the_overview_opens_its_timeline(
    make_station, office, sessions, clock
):
    from supervisor_scenario import busy_morning

    m = busy_morning(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await as_supervisor(pilot)
        table = screen.query_one("#ov-cases")
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#spv-tabs").active == "tab-timeline"
        assert text(pilot, "#tl-head").startswith(f"{m.late} — menunggu input data SIAK")
        assert [r[0] for r in rows(pilot, "#tl-rows")] == ["1", "2", "3"]
