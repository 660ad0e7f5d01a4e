"""The supervisor's live overview at the station: the day's numbers, live, in both languages."""

from __future__ import annotations

from station_pilot import settle, tap, text
from supervisor_pilot import as_supervisor, rows
from supervisor_scenario import busy_morning

from station.screens.backoffice import BackOfficeScreen
from station.screens.login import LoginScreen


async def test_supervisor_logs_in_to_the_overview_with_the_days_numbers(
    make_station, office, sessions, clock
):
    m = busy_morning(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot)
        assert text(pilot, "#ov-summary") == (
            "Menunggu 1 · Dilayani hari ini 2 · Median tunggu 4 mnt · Loket buka 2/3"
            " · Berkas terbuka 1, terlambat 1"
        )
        assert text(pilot, "#ov-counters") == "Loket: Loket 1 buka, Loket 2 buka, Loket 3 tutup"
        assert rows(pilot, "#ov-services") == [
            ("Permohonan KK", "1", "0", "2", "1", "4 mnt"),
            ("Pengambilan KK", "0", "0", "0", "0", "-"),
        ]
        steps = {r[0]: r for r in rows(pilot, "#ov-steps")}
        assert steps["3"] == ("3", "5m", "1", "1", "10 mnt")
        assert steps["5"] == ("5", "3w", "0", "0", "-")
        assert rows(pilot, "#ov-cases") == [
            (m.late, "3", "BUDI SANTOSO", "10 mnt", "09:15", "TERLAMBAT")
        ]
        await tap(pilot, "#lang")
        assert text(pilot, "#ov-summary").startswith(
            "Waiting 1 · Served today 2 · Median wait 4 min"
        )
        assert rows(pilot, "#ov-cases")[0][-1] == "LATE"


async def test_the_overview_follows_the_store_live(make_station, office, sessions, clock):
    busy_morning(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await as_supervisor(pilot)
        office.queue.take_ticket("KK", kind="baru_menikah")  # another process, say the kiosk
        screen.poll()  # what the two-second timer does
        await settle(pilot)
        assert text(pilot, "#ov-summary").startswith("Menunggu 2 ·")
        office.queue.call_next(sessions["LOKET2"], 2)
        screen.poll()
        await settle(pilot)
        assert text(pilot, "#ov-summary").startswith("Menunggu 1 ·")
        assert "Loket 2 melayani A-004" in text(pilot, "#ov-counters")


async def test_logout_returns_to_login_and_other_roles_keep_their_home(make_station):
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot)
        await tap(pilot, "#logout")
        assert isinstance(app.screen, LoginScreen)
        from station_pilot import log_in

        await log_in(pilot, "KASI1", "123456")
        assert isinstance(app.screen, BackOfficeScreen)


async def test_the_overview_fits_80x24(make_station, office, sessions, clock):
    busy_morning(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(80, 24)) as pilot:
        await as_supervisor(pilot)
        for selector in ("#ov-summary", "#logout", "#report", "#lang", "#ov-services"):
            widget = app.screen.query_one(selector)
            region = widget.region
            assert region.width > 0 and region.height > 0, selector
            assert region.right <= 80 and region.bottom <= 24, selector
