"""NIK and Nomor KK: structure, the +40 rule for women, consistency, masking."""

from __future__ import annotations

from datetime import date

import pytest

from shared.enums import LAKI_LAKI, PEREMPUAN
from shared.errors import ValidationError
from shared.i18n import catalogue
from shared.nik import check_nik, check_nomor_kk, make_nik, mask_nik, parse_nik

TODAY = date(2026, 11, 23)
BUDI = "6171011708900003"  # man, born 17 Aug 1990, Pontianak Selatan
SITI = "6171015708900004"  # woman, born 17 Aug 1990


def test_woman_born_17_august_1990_has_570890_in_her_nik():
    nik = make_nik("617101", date(1990, 8, 17), PEREMPUAN, 4)
    assert nik[6:12] == "570890"
    info = parse_nik(nik)
    assert (info.sex, info.day, info.month, info.year2) == (PEREMPUAN, 17, 8, 90)


def test_parse_nik_reads_region_sex_birth_and_serial():
    info = parse_nik(" " + BUDI + " ")
    assert info.nik == BUDI
    assert (info.province, info.regency, info.district) == ("61", "6171", "617101")
    assert (info.sex, info.day, info.month, info.year2, info.serial) == (
        LAKI_LAKI,
        17,
        8,
        90,
        "0003",
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "nik.required"),
        ("   ", "nik.required"),
        ("617101170890003", "nik.length"),  # 15 digits
        ("61710117089000031", "nik.length"),  # 17 digits
        ("6171O11708900003", "nik.not_digits"),  # letter O for zero
        ("6171-01-170890-0003", "nik.not_digits"),
        ("6171013208900003", "nik.date_invalid"),  # day 32
        ("6171013102900003", "nik.date_invalid"),  # 31 February
        ("6171010008900003", "nik.date_invalid"),  # day 00
        ("6171014008900003", "nik.date_invalid"),  # 40: day 00 for a woman
        ("6171017208900003", "nik.date_invalid"),  # 72: day 32 for a woman
        ("6171011713900003", "nik.date_invalid"),  # month 13
        ("6171012902010003", "nik.date_invalid"),  # 29 Feb 1901 / 2001: no leap year
        ("6171011708900000", "nik.serial_zero"),
        ("9971011708900003", "nik.province_unknown"),
        ("0071011708900003", "nik.province_unknown"),
        ("6100011708900003", "nik.region_invalid"),  # regency 00
        ("6171001708900003", "nik.region_invalid"),  # kecamatan 00
    ],
)
def test_malformed_nik_is_refused_with_a_specific_reason(text, key):
    with pytest.raises(ValidationError) as caught:
        parse_nik(text, member=2)
    assert caught.value.key == key
    assert (caught.value.field, caught.value.member) == ("nik", 2)


def test_parse_nik_refuses_a_number_instead_of_text():
    with pytest.raises(ValidationError) as caught:
        parse_nik(6171011708900003)  # type: ignore[arg-type]
    assert caught.value.key == "nik.not_text"


@pytest.mark.parametrize("ddmmyy", ["290200", "290296", "690200", "310190", "711299"])
def test_possible_birth_dates_are_accepted(ddmmyy):
    assert parse_nik(f"617101{ddmmyy}0001").day >= 1


def test_nik_matches_the_members_sex_and_birth_date():
    result = check_nik(SITI, sex=PEREMPUAN, birth_date=date(1990, 8, 17))
    assert result.ok and not result.warnings
    assert result.info is not None and result.info.nik == SITI


def test_a_mans_nik_given_to_a_woman_is_a_sex_mismatch():
    result = check_nik(BUDI, sex=PEREMPUAN, birth_date=date(1990, 8, 17), member=3)
    assert [e.key for e in result.errors] == ["nik.sex_mismatch"]
    assert result.errors[0].member == 3
    assert "LAKI-LAKI" in result.errors[0].message()


def test_nik_with_another_birth_date_is_a_birth_mismatch():
    result = check_nik(BUDI, sex=LAKI_LAKI, birth_date=date(1990, 8, 18))
    assert [e.key for e in result.errors] == ["nik.birth_mismatch"]


def test_nik_birth_year_is_compared_on_two_digits_whatever_the_century():
    assert check_nik(BUDI, sex=LAKI_LAKI, birth_date=date(1990, 8, 17)).ok
    assert not check_nik(BUDI, sex=LAKI_LAKI, birth_date=date(1991, 8, 17)).ok


def test_unknown_sex_or_birth_date_skips_that_comparison():
    assert check_nik(BUDI, sex=None, birth_date=None).ok


def test_malformed_nik_in_check_is_an_error_not_an_exception():
    result = check_nik("123", sex=LAKI_LAKI, birth_date=None)
    assert [e.key for e in result.errors] == ["nik.length"]


def test_nik_from_a_region_outside_the_table_is_only_a_warning():
    surabaya = make_nik("357801", date(1985, 1, 2), LAKI_LAKI, 12)
    result = check_nik(surabaya, sex=LAKI_LAKI, birth_date=date(1985, 1, 2), member=1)
    assert result.ok
    assert [w.key for w in result.warnings] == ["nik.region_unknown"]
    assert "JAWA TIMUR" in result.warnings[0].message()


def test_unknown_region_can_be_configured_as_an_error_or_ignored():
    surabaya = make_nik("357801", date(1985, 1, 2), LAKI_LAKI, 12)
    strict = check_nik(surabaya, sex=None, birth_date=None, unknown_region="error")
    assert [e.key for e in strict.errors] == ["nik.region_unknown"]
    quiet = check_nik(surabaya, sex=None, birth_date=None, unknown_region="ignore")
    assert quiet.ok and not quiet.warnings


def test_nik_from_elsewhere_in_kalimantan_barat_raises_no_warning():
    kubu_raya = make_nik("611201", date(1985, 1, 2), LAKI_LAKI, 12)
    assert not check_nik(kubu_raya, sex=None, birth_date=None).warnings


def test_birth_year_is_the_most_recent_past_one_unless_the_member_says_otherwise():
    young = parse_nik("6171010101250001")
    assert young.birth_date(today=TODAY) == date(2025, 1, 1)
    old = parse_nik("6171010101270001")
    assert old.birth_date(today=TODAY) == date(1927, 1, 1)
    hinted = parse_nik("6171010101250001")
    assert hinted.birth_date(today=TODAY, hint=date(1925, 1, 1)) == date(1925, 1, 1)


def test_valid_nomor_kk_passes():
    assert check_nomor_kk("6171012311260001") == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "nomor_kk.required"),
        ("617101231126001", "nomor_kk.length"),
        ("61710123112600011", "nomor_kk.length"),
        ("61710123112600O1", "nomor_kk.not_digits"),
        ("9971012311260001", "nomor_kk.province_unknown"),
        ("6171002311260001", "nomor_kk.region_invalid"),
        ("6171013211260001", "nomor_kk.date_invalid"),  # day 32
        ("6171012313260001", "nomor_kk.date_invalid"),  # month 13
    ],
)
def test_malformed_nomor_kk_is_refused(text, key):
    assert [e.key for e in check_nomor_kk(text)] == [key]


def test_nomor_kk_date_check_is_configurable():
    thirty_first_of_february = "6171013102260001"
    assert check_nomor_kk(thirty_first_of_february) == []  # lenient: 01-31 / 01-12 only
    strict = check_nomor_kk(thirty_first_of_february, date_rule="strict")
    assert [e.key for e in strict] == ["nomor_kk.date_invalid"]
    assert check_nomor_kk("6171019999260001", date_rule="off") == []


def test_nomor_kk_that_is_not_text_is_refused():
    assert [e.key for e in check_nomor_kk(6171012311260001)] == ["nomor_kk.not_text"]  # type: ignore[arg-type]


def test_mask_nik_keeps_the_first_four_and_last_two_digits():
    assert mask_nik(BUDI) == "6171**********03"
    assert mask_nik("6171 0117 0890 0003") == "6171**********03"
    assert mask_nik("12345") == "*****"
    assert mask_nik("") == ""


def test_every_nik_message_exists_in_both_languages():
    keys = [k for k in catalogue() if k.startswith(("nik.", "nomor_kk."))]
    assert len(keys) >= 15
    for key in keys:
        assert catalogue()[key]["id"] and catalogue()[key]["en"]
