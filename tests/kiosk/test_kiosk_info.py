"""The kiosk's domain helpers, without a terminal."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from helpers import case_in

from shared.clock import OFFICE_TZ
from shared.errors import DomainError
from shared.kiosk_info import (
    ComeBackLater,
    case_of,
    format_date,
    format_wait,
    group_receipt,
    initials,
    public_status,
    ticket_refusal,
    waiting_count,
    waiting_counts,
)
from shared.office import Office
from shared.sop import CaseState


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("BUDI SANTOSO", "B. S."),
        ("siti", "S."),
        ("H. AHMAD  FAUZI", "H. A. F."),
        ("", "-"),
        (None, "-"),
    ],
)
def test_initials_are_all_a_name_shows(name, shown):
    assert initials(name) == shown


def test_receipt_numbers_are_grouped_as_printed():
    assert group_receipt("2611230100124") == "261123-01-0012-4"
    assert group_receipt("26112301") == "261123-01"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("2611", "kiosk.receipt.length"),
        ("261123-01-0001-1", "kiosk.receipt.check_digit"),
        ("261323-01-0001-6", "kiosk.receipt.unknown"),  # month 13, check digit right
    ],
)
def test_a_bad_receipt_number_says_what_is_wrong(typed, key):
    with pytest.raises(DomainError) as err:
        case_of(typed)
    assert err.value.key == key


def test_the_public_status_shows_masked_data_only(office, sessions):
    cid, _ = case_in(office, sessions, CaseState.KASI_REVIEW)
    status = public_status(office, office.cases.show(cid).receipt_no or "")
    assert (status.step, status.initials, status.masked_nik) == (4, "B. S.", "6171**********03")
    assert status.words("en") == "Your draft KK is being checked by the head of section."
    assert status.expected_ready == date(2026, 12, 14) and not status.late
    assert "BUDI" not in repr(status) and "6171011708900003" not in repr(status)


def test_a_case_without_a_receipt_is_unknown(office, sessions):
    from shared.ids import receipt_no

    cid, _ = case_in(office, sessions, CaseState.VERIFYING)
    with pytest.raises(DomainError) as err:
        public_status(office, receipt_no(cid))
    assert err.value.key == "kiosk.receipt.unknown"


@pytest.mark.parametrize("state", [CaseState.INPUT, CaseState.SIGNING, CaseState.READY])
def test_every_state_has_citizen_words_in_both_languages(office, sessions, state):
    cid, _ = case_in(office, sessions, state)
    status = public_status(office, office.cases.show(cid).receipt_no or "")
    assert status.state == state
    assert status.words("id") != status.words("en")
    assert not status.words("id").startswith("kiosk.")


def test_waiting_counts_per_service(office, sessions):
    office.queue.take_ticket("KK", kind="hilang_rusak")
    office.queue.take_ticket("KK", kind="ubah_data")
    office.queue.call_next(sessions["LOKET1"], 1)
    assert waiting_counts(office) == {"KK": 1, "AMBIL": 0}
    assert waiting_count(office) == 1 and waiting_count(office, "AMBIL") == 0


def test_closed_on_a_holiday_says_the_next_opening(office, clock):
    clock.set(datetime(2026, 12, 25, 9, 0, tzinfo=OFFICE_TZ))  # Natal, a Friday
    refusal = ticket_refusal(office, "KK")
    assert isinstance(refusal, ComeBackLater)
    assert refusal.message("id").endswith("Senin, 28 Desember 2026 pukul 07.30.")
    assert refusal.message("en").endswith("Monday, 28 December 2026 at 07:30.")


def test_quota_refusal_names_the_next_working_day(office, clock):
    clock.set(datetime(2026, 11, 27, 10, 0, tzinfo=OFFICE_TZ))  # a Friday
    services = tuple(dataclasses.replace(s, daily_quota=1) for s in office.config.services)
    small = Office(office.store, dataclasses.replace(office.config, services=services), clock)
    assert ticket_refusal(small, "KK") is None
    small.queue.take_ticket("KK", kind="hilang_rusak")
    refusal = ticket_refusal(small, "KK")
    assert refusal is not None and "Senin, 30 November 2026 pukul 07.30" in refusal.message()


def test_dates_and_waits_in_both_languages():
    assert format_date(date(2026, 8, 17), "id") == "Senin, 17 Agustus 2026"
    assert format_date(date(2026, 8, 17), "en") == "Monday, 17 August 2026"
    assert format_wait(timedelta(minutes=12), "id") == "± 15 menit"
    assert format_wait(timedelta(minutes=100), "en") == "about 1 h 40 min"
    assert format_wait(timedelta(0), "id") == "± 5 menit"
