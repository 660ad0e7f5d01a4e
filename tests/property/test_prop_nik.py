"""Properties of the NIK and Nomor KK checks (shared/nik.py).

Generated valid numbers are accepted and read back to the parts they were made
of; every kind of malformed input is refused with a :class:`ValidationError`
whose message exists in Indonesian and English, never with another exception.
"""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from bilingual import assert_bilingual
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from shared.config import load_config
from shared.enums import LAKI_LAKI, PEREMPUAN
from shared.errors import ValidationError
from shared.nik import check_nik, check_nomor_kk, make_nik, parse_nik
from shared.regions import DISTRICTS, PONTIANAK_KECAMATAN, PROVINCES

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TODAY = date(2026, 11, 23)

PONTIANAK = [k.code for k in PONTIANAK_KECAMATAN]
KALBAR = sorted(DISTRICTS)
UNKNOWN_PROVINCES = sorted({f"{n:02d}" for n in range(100)} - set(PROVINCES))
# Real codes outside the region table (Surabaya, Jakarta Selatan, Medan): known province.
OUTSIDE_TABLE = ["357801", "317401", "127101"]

# Digits that are digits to ``str.isdigit`` but not the ASCII 0-9 a NIK is made of.
FOREIGN_DIGITS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "extended arabic-indic": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
    "fullwidth": "０１２３４５６７８９",
    "mathematical bold": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
}
WHITESPACE = " \t\n\r\x0b\x0c\xa0\u2003\u3000"

sexes = st.sampled_from([LAKI_LAKI, PEREMPUAN])
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
serials = st.integers(min_value=1, max_value=9999)


PONTIANAK_DISTRICTS = st.sampled_from(PONTIANAK)


@st.composite
def valid_niks(draw, districts=PONTIANAK_DISTRICTS):
    district, born, sex, serial = draw(districts), draw(birth_dates), draw(sexes), draw(serials)
    return make_nik(district, born, sex, serial), (district, born, sex, serial)


def refused(text: object, *, member: int | None = 3) -> ValidationError:
    """The error ``parse_nik`` raises for ``text``; fails on acceptance or another exception."""
    with pytest.raises(ValidationError) as caught:
        parse_nik(text, member=member)  # type: ignore[arg-type]
    err = caught.value
    assert (err.field, err.member) == ("nik", member)
    assert_bilingual(err, prefix="nik.")
    return err


# -- valid NIKs ---------------------------------------------------------------------------


@SETTINGS
@given(valid_niks())
@example(("6171015708900004", ("617101", date(1990, 8, 17), PEREMPUAN, 4)))
@example((make_nik("617106", date(2000, 2, 29), PEREMPUAN, 9999), None))
def test_a_generated_nik_is_accepted_and_reads_back_to_its_parts(case):
    nik, parts = case
    if parts is None:
        parts = ("617106", date(2000, 2, 29), PEREMPUAN, 9999)
    district, born, sex, serial = parts
    assert len(nik) == 16 and nik.isascii() and nik.isdigit()
    info = parse_nik(nik)
    assert info.nik == nik
    assert (info.province, info.regency, info.district) == (district[:2], district[:4], district)
    assert (info.day, info.month, info.year2) == (born.day, born.month, born.year % 100)
    assert info.sex == sex and info.serial == f"{serial:04d}"
    dd = int(nik[6:8])
    assert (dd > 40) == (sex == PEREMPUAN)  # +40 on the day for women
    assert info.matches(born)
    assert info.birth_date(today=TODAY, hint=born) == born
    guessed = info.birth_date(today=TODAY)
    assert (guessed.day, guessed.month, guessed.year % 100) == (
        born.day,
        born.month,
        born.year % 100,
    )
    assert guessed <= TODAY
    result = check_nik(nik, sex=sex, birth_date=born, member=1)
    assert result.ok and not result.warnings and result.info == info


@SETTINGS
@given(valid_niks(st.sampled_from(KALBAR + OUTSIDE_TABLE)))
def test_a_nik_of_any_real_region_parses_and_only_an_unknown_one_warns(case):
    nik, (district, born, sex, _) = case
    assert parse_nik(nik).district == district
    default = check_nik(nik, sex=sex, birth_date=born)
    assert default.ok
    if district in DISTRICTS:
        assert not default.warnings
        assert check_nik(nik, sex=sex, birth_date=born, unknown_region="error").ok
    else:
        assert [w.key for w in default.warnings] == ["nik.region_unknown"]
        assert_bilingual(default.warnings[0], prefix="nik.")
        strict = check_nik(nik, sex=sex, birth_date=born, unknown_region="error")
        assert [e.key for e in strict.errors] == ["nik.region_unknown"]
        quiet = check_nik(nik, sex=sex, birth_date=born, unknown_region="ignore")
        assert quiet.ok and not quiet.warnings


@SETTINGS
@given(valid_niks(), st.text(WHITESPACE, max_size=3), st.text(WHITESPACE, max_size=3))
def test_surrounding_whitespace_is_ignored(case, before, after):
    nik, _ = case
    assert parse_nik(before + nik + after) == parse_nik(nik)


@SETTINGS
@given(valid_niks(), sexes, birth_dates)
def test_a_nik_checked_against_another_sex_or_birth_date_names_the_mismatch(case, sex, born):
    nik, (_, real_born, real_sex, _) = case
    result = check_nik(nik, sex=sex, birth_date=born, member=2)
    expected = []
    if sex != real_sex:
        expected.append("nik.sex_mismatch")
    if (born.day, born.month, born.year % 100) != (
        real_born.day,
        real_born.month,
        real_born.year % 100,
    ):
        expected.append("nik.birth_mismatch")
    assert [e.key for e in result.errors] == expected
    for err in result.errors:
        assert err.member == 2
        assert_bilingual(err, prefix="nik.")


# -- malformed NIKs -------------------------------------------------------------------------


@SETTINGS
@given(st.text("0123456789", min_size=1, max_size=40).filter(lambda s: len(s) != 16))
def test_a_digit_string_of_the_wrong_length_is_refused(text):
    err = refused(text)
    assert err.key == "nik.length" and err.params["length"] == len(text)


@SETTINGS
@given(
    valid_niks(),
    st.integers(min_value=1, max_value=14),
    st.characters(codec="utf-8", exclude_characters="0123456789"),
)
@example(("6171011708900003", None), 5, "\u00a0")
@example(("6171011708900003", None), 4, "O")
@example(("6171011708900003", None), 9, "١")
def test_any_non_ascii_digit_inside_a_nik_is_refused(case, position, char):
    nik, _ = case
    err = refused(nik[:position] + char + nik[position + 1 :])
    assert err.key == "nik.not_digits"


@SETTINGS
@given(valid_niks(), st.integers(min_value=1, max_value=15), st.sampled_from(WHITESPACE))
def test_whitespace_inside_a_nik_is_refused(case, position, space):
    nik, _ = case
    assert refused(nik[:position] + space + nik[position:]).key == "nik.not_digits"


@SETTINGS
@given(valid_niks(), st.sampled_from(sorted(FOREIGN_DIGITS)))
def test_a_nik_written_in_other_scripts_digits_is_refused(case, script):
    nik, _ = case
    foreign = nik.translate(str.maketrans("0123456789", FOREIGN_DIGITS[script]))
    assert refused(foreign).key == "nik.not_digits"
    assert check_nomor_kk(foreign)[0].key == "nomor_kk.not_digits"


@st.composite
def impossible_ddmm(draw):
    """(DD as written in the NIK, MM, YY) naming no real day, for a man or for a woman."""
    offset = draw(st.sampled_from([0, 40]))
    kind = draw(st.sampled_from(["day0", "day_high", "month", "past_month_end", "feb29"]))
    yy = draw(st.integers(0, 99))
    mm = draw(st.integers(1, 12))
    if kind == "day0":
        dd = 0
    elif kind == "day_high":  # 32-40 is no day for a man, 72-99 none for a woman
        dd = draw(st.integers(32, 40)) if offset == 0 else draw(st.integers(72, 99))
        offset = 0
    elif kind == "month":
        dd, mm = (
            draw(st.integers(1, 31)),
            draw(st.integers(0, 99).filter(lambda m: m > 12 or m == 0)),
        )
    elif kind == "past_month_end":
        mm = draw(st.sampled_from([2, 4, 6, 9, 11]))
        longest = 29 if mm == 2 else 30
        dd = draw(st.integers(longest + 1, 31))
    else:  # 29 February of a year that is a leap year in neither century
        yy = draw(
            st.integers(0, 99).filter(
                lambda y: not (calendar.isleap(1900 + y) or calendar.isleap(2000 + y))
            )
        )
        dd, mm = 29, 2
    return dd + offset, mm, yy


@SETTINGS
@given(st.sampled_from(PONTIANAK), impossible_ddmm(), serials)
@example("617101", (31, 2, 90), 3)  # 31 February
@example("617101", (0, 8, 90), 3)  # day 0
@example("617101", (72, 8, 90), 3)  # day 32 for a woman
@example("617101", (40, 8, 90), 3)  # day 0 for a woman
def test_a_birth_date_that_does_not_exist_is_refused(district, ddmmyy, serial):
    dd, mm, yy = ddmmyy
    err = refused(f"{district}{dd:02d}{mm:02d}{yy:02d}{serial:04d}")
    assert err.key == "nik.date_invalid"


@SETTINGS
@given(valid_niks(), st.sampled_from(UNKNOWN_PROVINCES))
def test_an_unknown_province_is_refused(case, province):
    nik, _ = case
    assert refused(province + nik[2:]).key == "nik.province_unknown"


@SETTINGS
@given(valid_niks(), st.sampled_from(["regency", "kecamatan"]))
def test_a_00_regency_or_kecamatan_is_refused(case, where):
    nik, _ = case
    broken = nik[:2] + "00" + nik[4:] if where == "regency" else nik[:4] + "00" + nik[6:]
    assert refused(broken).key == "nik.region_invalid"


@SETTINGS
@given(valid_niks())
def test_serial_0000_is_refused(case):
    nik, _ = case
    assert refused(nik[:12] + "0000").key == "nik.serial_zero"


@SETTINGS
@given(st.none() | st.integers() | st.floats() | st.binary() | st.lists(st.text(max_size=3)))
def test_anything_but_text_is_refused(value):
    assert refused(value).key == "nik.not_text"
    assert [e.key for e in check_nomor_kk(value)] == ["nomor_kk.not_text"]  # type: ignore[arg-type]


@SETTINGS
@given(st.text(max_size=24) | st.text("0123456789 ", min_size=14, max_size=18))
def test_any_text_is_a_nik_or_a_bilingual_refusal(text):
    try:
        info = parse_nik(text, member=1)
    except ValidationError as err:
        assert err.key in {
            "nik.required",
            "nik.not_digits",
            "nik.length",
            "nik.province_unknown",
            "nik.region_invalid",
            "nik.date_invalid",
            "nik.serial_zero",
        }
        assert_bilingual(err, prefix="nik.")
        return
    assert info.nik == text.strip() and info.nik.isascii() and len(info.nik) == 16
    result = check_nik(text, sex=None, birth_date=None, member=1, unknown_region="error")
    for problem in result.errors + result.warnings:
        assert_bilingual(problem, prefix="nik.")


# -- Nomor KK -------------------------------------------------------------------------------


@st.composite
def valid_nomor_kk(draw):
    region = draw(st.sampled_from(PONTIANAK))
    issued = draw(st.dates(min_value=date(1990, 1, 1), max_value=TODAY))
    serial = draw(st.integers(min_value=0, max_value=9999))
    return f"{region}{issued:%d%m%y}{serial:04d}"


@SETTINGS
@given(valid_nomor_kk())
def test_a_nomor_kk_with_a_real_registration_date_passes_every_date_rule(number):
    for rule in ("strict", "lenient", "off"):
        assert check_nomor_kk(number, date_rule=rule) == []  # type: ignore[arg-type]


@SETTINGS
@given(
    st.sampled_from(PONTIANAK),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(min_value=1, max_value=9999),
    st.sampled_from(["{region}{ddmmyy}{serial}", "{region}{yymmdd}{serial}"]),
)
def test_every_nomor_kk_the_office_issues_passes_its_own_check(region, issued, serial, pattern):
    from dataclasses import replace

    rules = replace(load_config(None).nomor_kk, pattern=pattern)
    number = rules.format(region, issued, serial)
    assert len(number) == 16
    assert check_nomor_kk(number, date_rule="off") == []
    if pattern == "{region}{ddmmyy}{serial}":
        assert check_nomor_kk(number, date_rule="strict") == []


@st.composite
def broken_nomor_kk(draw):
    good = draw(valid_nomor_kk())
    kind = draw(
        st.sampled_from(["length", "char", "province", "region00", "day", "month", "empty"])
    )
    if kind == "length":
        n = draw(st.integers(1, 30).filter(lambda n: n != 16))
        return (good * 2)[:n], "nomor_kk.length"
    if kind == "char":
        pos = draw(st.integers(1, 14))
        char = draw(st.characters(codec="utf-8", exclude_characters="0123456789"))
        return good[:pos] + char + good[pos + 1 :], "nomor_kk.not_digits"
    if kind == "province":
        return draw(st.sampled_from(UNKNOWN_PROVINCES)) + good[2:], "nomor_kk.province_unknown"
    if kind == "region00":
        return good[:4] + "00" + good[6:], "nomor_kk.region_invalid"
    if kind == "day":
        day = draw(st.sampled_from([0, *range(32, 100)]))
        return f"{good[:6]}{day:02d}{good[8:]}", "nomor_kk.date_invalid"
    if kind == "month":
        month = draw(st.sampled_from([0, *range(13, 100)]))
        return f"{good[:8]}{month:02d}{good[10:]}", "nomor_kk.date_invalid"
    return draw(st.text(WHITESPACE, max_size=3)), "nomor_kk.required"


@SETTINGS
@given(broken_nomor_kk())
def test_a_malformed_nomor_kk_is_refused_with_one_bilingual_reason(case):
    text, key = case
    found = check_nomor_kk(text)
    assert [e.key for e in found] == [key]
    assert found[0].field == "nomor_kk"
    assert_bilingual(found[0], prefix="nomor_kk.")


@SETTINGS
@given(st.sampled_from(PONTIANAK), st.integers(1, 12), st.integers(0, 99), serials)
def test_the_strict_rule_refuses_a_day_past_the_end_of_the_month(region, month, yy, serial):
    last = max(calendar.monthrange(1900 + yy, month)[1], calendar.monthrange(2000 + yy, month)[1])
    assume(last < 31)
    number = f"{region}31{month:02d}{yy:02d}{serial:04d}"
    assert check_nomor_kk(number, date_rule="lenient") == []
    assert [e.key for e in check_nomor_kk(number, date_rule="strict")] == ["nomor_kk.date_invalid"]
