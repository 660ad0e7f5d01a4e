"""The audit viewer at the supervisor's station: filters, and the chain check in words."""

from __future__ import annotations

import json

from station_pilot import settle, tap, text
from supervisor_pilot import as_supervisor, rows, type_into
from supervisor_scenario import busy_morning


async def test_the_audit_tab_lists_the_last_week_newest_first(
    make_station, office, sessions, clock
):
    busy_morning(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "audit")
        shown = rows(pilot, "#au-table")
        seqs = [int(r[1]) for r in shown]
        assert seqs == sorted(seqs, reverse=True) and len(seqs) > 20
        assert shown[0][2] == "masuk" and shown[0][4] == "SPV1"  # the supervisor's own log-in
        assert text(pilot, "#au-summary") == (
            f"{len(seqs)} peristiwa, 2026-11-17 s/d 2026-11-23 (terbaru dulu)"
        )


async def test_filter_by_case(make_station, office, sessions, clock):
    m = busy_morning(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "audit")
        await type_into(pilot, "#au-case", m.returned.lower())
        await tap(pilot, "#au-search")
        assert [(r[0], r[2], r[3], r[4]) for r in rows(pilot, "#au-table")] == [
            ("2026-11-23 09:04", "berkas tidak lengkap, dikembalikan", m.returned, "LOKET1"),
            ("2026-11-23 09:04", "berkas dibuka", m.returned, "LOKET1"),
        ]
        assert rows(pilot, "#au-table")[0][5] == "→ berkas dikembalikan (tidak lengkap)"
        app.screen.query_one("#au-table").focus()
        await pilot.press("enter")  # the case's timeline
        await settle(pilot)
        assert text(pilot, "#tl-head").startswith(f"{m.returned} — berkas dikembalikan")


async def test_filter_by_staff_and_dates(make_station, office, sessions, clock):
    busy_morning(office, sessions, clock)
    clock.advance(days=1)
    office.staff.set_active("SIAK2", False, by=sessions["SPV1"])
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "audit")
        await type_into(pilot, "#au-staff", "LOKET2")
        await tap(pilot, "#au-search")
        assert {r[2] for r in rows(pilot, "#au-table")} == {
            "petugas ditambahkan",
            "tiket dipanggil",
            "berkas dibuka",
            "berkas lengkap, diregister",
        }
        await type_into(pilot, "#au-staff", "")
        await type_into(pilot, "#au-from", "2026-11-24")
        await pilot.press("enter")  # Enter in any filter searches
        await settle(pilot)
        assert [(r[2], r[3]) for r in rows(pilot, "#au-table")] == [
            ("masuk", "SPV1"),
            ("akun dinonaktifkan", "SIAK2"),
        ]
        await type_into(pilot, "#au-to", "24-11-2026")
        await tap(pilot, "#au-search")
        assert text(pilot, "#message") == (
            "Tanggal '24-11-2026' tidak dikenal; tulis TTTT-BB-HH, misalnya 2026-11-23."
        )


async def test_chain_check_intact_then_tampered(make_station, office, sessions, clock, store):
    busy_morning(office, sessions, clock)
    app = make_station()
    async with app.run_test(size=(120, 36)) as pilot:
        await as_supervisor(pilot, "audit")
        await tap(pilot, "#au-check")
        assert text(pilot, "#au-chain").startswith("Rantai audit UTUH:")
        assert app.screen.query_one("#au-chain").has_class("-ok")
        path = store.root / "audit" / "2026-11" / "2026-11-23.jsonl"
        lines = path.read_text().splitlines()
        event = json.loads(lines[10])
        event["staff_id"] = "KASI1"  # someone rewrites who did it
        lines[10] = json.dumps(event)
        path.write_text("\n".join(lines) + "\n")
        await tap(pilot, "#au-check")
        assert text(pilot, "#au-chain") == (
            "Rantai audit RUSAK pada peristiwa no. 11 (audit/2026-11/2026-11-23.jsonl:11):"
            " isi peristiwa diubah"
        )
        assert app.screen.query_one("#au-chain").has_class("-problem")
        await tap(pilot, "#lang")
        assert text(pilot, "#au-chain").startswith("Audit chain BROKEN at event no. 11")
