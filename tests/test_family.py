"""The family record: exchange shape, every rule of domain-kk.md, garbage never crashes."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import helpers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.errors import FamilyInvalid, ValidationError
from shared.family import HEADER_FIELDS, MEMBER_FIELDS, Family, validate_family
from shared.i18n import LANGUAGES, catalogue

TODAY = date(2026, 11, 23)

# The family of tests/helpers.py, with an existing Nomor KK.
FAMILY: dict[str, Any] = {**helpers.FAMILY, "nomor_kk": "6171012311260001"}

REQUIRED_HEADER = [f for f in HEADER_FIELDS if f not in ("nomor_kk", "anggota")]
OPTIONAL_MEMBER = ("tanggal_perkawinan", "no_paspor", "no_kitas_kitap")
REQUIRED_MEMBER = [f for f in MEMBER_FIELDS if f not in OPTIONAL_MEMBER]


def family() -> dict[str, Any]:
    return copy.deepcopy(FAMILY)


def errors_of(data: object) -> list[ValidationError]:
    """Every error ``data`` raises; fails the test if it validates."""
    with pytest.raises(FamilyInvalid) as caught:
        validate_family(data, today=TODAY)
    return caught.value.errors


def problems(data: object) -> list[tuple[str, int | None, str]]:
    """(key, member, field) of every error ``data`` raises."""
    return [(e.key, e.member, e.field) for e in errors_of(data)]


def only_problem(data: object) -> tuple[str, int | None, str]:
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


def test_valid_family_passes_and_round_trips_to_the_identical_exchange_dict():
    fam = validate_family(family(), today=TODAY)
    assert isinstance(fam, Family)
    assert fam.to_dict() == FAMILY
    assert list(fam.to_dict()) == list(FAMILY)
    assert list(fam.to_dict()["anggota"][0]) == list(FAMILY["anggota"][0])
    assert fam.kepala_keluarga.nama_lengkap == "BUDI SANTOSO"
    assert fam.warnings == ()


def test_family_and_members_are_frozen():
    fam = validate_family(family(), today=TODAY)
    with pytest.raises(AttributeError):
        fam.alamat = "X"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        fam.anggota[0].nik = "X"  # type: ignore[misc]


def test_new_family_without_nomor_kk_is_valid():
    data = family()
    data["nomor_kk"] = None
    assert validate_family(data, today=TODAY).nomor_kk is None
    data["nomor_kk"] = "  "
    assert validate_family(data, today=TODAY).to_dict()["nomor_kk"] is None


def test_typed_values_are_normalised_not_rejected():
    data = family()
    data["alamat"] = "  jl.  gajah mada   no. 12 "
    data["rt"], data["rw"] = "3", "11"
    data["kelurahan"], data["kecamatan"] = "Benuamelayu Darat", "pontianak selatan"
    head = data["anggota"][0]
    head["nama_lengkap"] = "budi  santoso"
    head["agama"], head["pendidikan"] = "islam", "diploma iv / strata i"
    data["anggota"][1]["nama_lengkap"] = "Rina Wati"
    assert validate_family(data, today=TODAY).to_dict() == FAMILY


def test_accents_are_dropped_from_names():
    data = family()
    data["anggota"][2]["nama_lengkap"] = "Ahmad Fauzì"
    assert validate_family(data, today=TODAY).anggota[2].nama_lengkap == "AHMAD FAUZI"


def test_parent_name_may_be_a_dash_for_not_known():
    data = family()
    data["anggota"][0]["nama_ayah"] = "-"
    assert validate_family(data, today=TODAY).anggota[0].nama_ayah == "-"


# -- One rule broken at a time: the error names the member and the field -------------


def test_family_without_kepala_keluarga_is_refused():
    data = family()
    data["anggota"][0]["status_hubungan"] = "FAMILI LAIN"
    assert only_problem(data) == ("family.no_head", None, "status_hubungan")


def test_second_kepala_keluarga_is_refused_on_that_member():
    data = family()
    data["anggota"][2]["status_hubungan"] = "KEPALA KELUARGA"
    assert only_problem(data) == ("family.many_heads", 3, "status_hubungan")


def test_invalid_nik_names_the_member():
    data = family()
    data["anggota"][1]["nik"] = "617101450392000"
    assert only_problem(data) == ("nik.length", 2, "nik")


def test_same_nik_twice_is_refused_on_the_later_member():
    data = family()
    data["anggota"][2]["nik"] = data["anggota"][0]["nik"]
    data["anggota"][2]["tanggal_lahir"] = "1990-08-17"
    assert only_problem(data) == ("family.nik_duplicate", 3, "nik")


def test_nik_not_matching_the_sex_is_refused():
    data = family()
    data["anggota"][2]["jenis_kelamin"] = "PEREMPUAN"
    assert only_problem(data) == ("nik.sex_mismatch", 3, "nik")


def test_nik_not_matching_the_birth_date_is_refused():
    data = family()
    data["anggota"][2]["tanggal_lahir"] = "2018-07-11"
    assert only_problem(data) == ("nik.birth_mismatch", 3, "nik")


def test_birth_date_in_the_future_is_refused():
    data = family()
    child = data["anggota"][2]
    child["tanggal_lahir"], child["nik"] = "2027-01-05", "6171010501270001"
    assert only_problem(data) == ("family.date_future", 3, "tanggal_lahir")


def test_marriage_date_for_an_unmarried_member_is_refused():
    data = family()
    data["anggota"][2]["tanggal_perkawinan"] = "2020-01-01"
    assert only_problem(data) == ("family.marriage_date_unmarried", 3, "tanggal_perkawinan")


@pytest.mark.parametrize("status", ["CERAI HIDUP TERCATAT", "CERAI MATI", "KAWIN BELUM TERCATAT"])
def test_divorced_or_widowed_member_may_keep_a_marriage_date(status):
    data = family()
    data["anggota"][0]["status_perkawinan"] = status
    validate_family(data, today=TODAY)


def test_marriage_before_birth_is_refused():
    data = family()
    data["anggota"][1]["tanggal_perkawinan"] = "1991-01-01"
    assert only_problem(data) == ("family.marriage_before_birth", 2, "tanggal_perkawinan")


def test_marriage_in_the_future_is_refused():
    data = family()
    data["anggota"][0]["tanggal_perkawinan"] = "2027-01-01"
    assert only_problem(data) == ("family.date_future", 1, "tanggal_perkawinan")


def test_foreign_member_needs_a_passport_or_kitas_kitap():
    data = family()
    data["anggota"][1]["kewarganegaraan"] = "WNA"
    assert only_problem(data) == ("family.wna_document", 2, "no_paspor")
    data["anggota"][1]["no_kitas_kitap"] = "2c21je1234-aa"
    assert validate_family(data, today=TODAY).anggota[1].no_kitas_kitap == "2C21JE1234-AA"


@pytest.mark.parametrize("name", REQUIRED_HEADER)
def test_missing_header_field_is_refused(name):
    for missing in (None, "", "   "):
        data = family()
        data[name] = missing
        assert only_problem(data) == ("family.required", None, name)
    data = family()
    del data[name]
    assert only_problem(data) == ("family.required", None, name)


@pytest.mark.parametrize("name", REQUIRED_MEMBER)
def test_missing_member_field_is_refused(name):
    data = family()
    del data["anggota"][2][name]
    assert ("family.required", 3, name) in problems(data)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("jenis_kelamin", "PRIA"),
        ("agama", "ATHEIS"),
        ("pendidikan", "SMA"),
        ("golongan_darah", "C"),
        ("status_perkawinan", "KAWIN"),
        ("status_hubungan", "SEPUPU"),
        ("kewarganegaraan", "ASING"),
    ],
)
def test_value_outside_the_official_list_is_refused_and_the_list_shown(name, value):
    data = family()
    data["anggota"][2][name] = value
    error = next(e for e in errors_of(data) if e.key == "family.choice")
    assert (error.member, error.field) == (3, name)
    assert value in error.message() and "," in error.params["choices"]


def test_occupation_outside_siak_list_is_refused_without_listing_89_values():
    data = family()
    data["anggota"][0]["jenis_pekerjaan"] = "YOUTUBER"
    assert only_problem(data) == ("family.choice_long", 1, "jenis_pekerjaan")


@pytest.mark.parametrize("value", ["0", "000", "12a", "1234", "-1", "3.0"])
def test_rt_rw_must_be_one_to_three_digits(value):
    data = family()
    data["rw"] = value
    assert only_problem(data) == ("family.rt_rw_format", None, "rw")


@pytest.mark.parametrize("value", ["7812", "781222", "78 122", "ABCDE"])
def test_kode_pos_must_be_five_digits(value):
    data = family()
    data["kode_pos"] = value
    assert only_problem(data) == ("family.kode_pos_format", None, "kode_pos")


@pytest.mark.parametrize("value", ["BUDI 2", "BUDI_SANTOSO", "BUDI@SANTOSO", "-", "王小明"])
def test_name_with_characters_a_name_cannot_have_is_refused(value):
    data = family()
    data["anggota"][0]["nama_lengkap"] = value
    assert only_problem(data) == ("family.name_chars", 1, "nama_lengkap")


def test_overlong_name_is_refused():
    data = family()
    data["anggota"][0]["nama_lengkap"] = "A" * 81
    assert only_problem(data) == ("family.too_long", 1, "nama_lengkap")


@pytest.mark.parametrize(
    "value", ["17-08-1990", "1990/08/17", "19900817", "1990-02-30", "1990-8-17"]
)
def test_dates_must_be_iso_and_exist(value):
    data = family()
    data["anggota"][0]["tanggal_lahir"] = value
    assert only_problem(data) == ("family.date_format", 1, "tanggal_lahir")


@pytest.mark.parametrize(
    ("value", "key"),
    [("617101231126001", "nomor_kk.length"), ("9971012311260001", "nomor_kk.province_unknown")],
)
def test_nomor_kk_if_present_must_be_valid(value, key):
    data = family()
    data["nomor_kk"] = value
    assert only_problem(data) == (key, None, "nomor_kk")


def test_wife_must_be_a_woman_and_married():
    data = family()
    wife = data["anggota"][1]
    wife["jenis_kelamin"], wife["nik"] = "LAKI-LAKI", "6171010503920002"
    assert only_problem(data) == ("family.spouse_sex", 2, "jenis_kelamin")
    data = family()
    data["anggota"][1]["status_perkawinan"] = "BELUM KAWIN"
    data["anggota"][1]["tanggal_perkawinan"] = None
    assert only_problem(data) == ("family.spouse_unmarried", 2, "status_perkawinan")


def test_empty_member_list_is_refused():
    data = family()
    data["anggota"] = []
    assert only_problem(data) == ("family.empty", None, "anggota")


def test_too_many_members_are_refused():
    data = family()
    data["anggota"] = data["anggota"] * 11
    assert only_problem(data) == ("family.too_many", None, "anggota")


def test_unknown_keys_are_refused_as_likely_typos():
    data = family()
    data["alamt"] = "JL. X"
    data["anggota"][0]["tangal_lahir"] = "1990-08-17"
    assert problems(data) == [
        ("family.unknown_field", None, "family"),
        ("family.unknown_field", 1, "anggota"),
    ]


def test_every_failure_is_reported_at_once():
    data = family()
    data["kode_pos"] = "7812"
    data["anggota"][0]["agama"] = "X"
    data["anggota"][1]["nik"] = "abc"
    data["anggota"][2]["tanggal_lahir"] = "kemarin"
    assert problems(data) == [
        ("family.kode_pos_format", None, "kode_pos"),
        ("family.choice", 1, "agama"),
        ("nik.not_digits", 2, "nik"),
        ("family.date_format", 3, "tanggal_lahir"),
    ]


def test_family_invalid_message_lists_every_error_in_both_languages():
    data = family()
    data["anggota"][1]["nik"] = "617101450392000"
    data["rt"] = "x"
    with pytest.raises(FamilyInvalid) as caught:
        validate_family(data, today=TODAY)
    text = caught.value.message()
    assert text.startswith("Data keluarga belum benar (2 kesalahan):")
    assert "Anggota ke-2, NIK: NIK harus 16 digit angka; yang diisi 15 digit." in text
    assert caught.value.message("en").startswith("The family record has 2 problem(s):")
    assert caught.value.to_dict()["errors"][1]["member"] == 2


# -- Warnings: shown, never blocking -------------------------------------------------


def test_nik_from_outside_the_region_table_is_a_warning_on_that_member():
    data = family()
    data["anggota"][1]["nik"] = "3578014503920002"
    fam = validate_family(data, today=TODAY)
    assert [(w.key, w.member, w.field) for w in fam.warnings] == [("nik.region_unknown", 2, "nik")]


def test_address_outside_pontianak_or_wrong_postcode_is_a_warning():
    data = family()
    data["kode_pos"] = "78123"
    fam = validate_family(data, today=TODAY)
    assert [w.key for w in fam.warnings] == ["address.kode_pos_mismatch"]
    data = family()
    data["kelurahan"], data["kecamatan"] = "SUNGAI RAYA", "SUNGAI RAYA"
    data["kabupaten_kota"] = "KABUPATEN KUBU RAYA"
    data["provinsi"] = "KALIMANTAN TENGAH"
    fam = validate_family(data, today=TODAY)
    assert [w.key for w in fam.warnings] == [
        "address.kecamatan_unknown",
        "address.outside_city",
        "address.outside_province",
    ]
    data = family()
    data["kelurahan"] = "SIANTAN HULU"
    fam = validate_family(data, today=TODAY)
    assert [w.key for w in fam.warnings] == ["address.kelurahan_unknown"]


# -- Garbage in: always FamilyInvalid, never another exception -----------------------


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "keluarga",
        42,
        3.5,
        True,
        {},
        {"anggota": None},
        {"anggota": "BUDI"},
        {"anggota": [1, "x", None, []]},
        {"anggota": [{}]},
        {"rt": 3, "rw": ["1"], "kode_pos": 78122, "anggota": [{"nik": 6171011708900003}]},
        {"anggota": [{"tanggal_lahir": 19900817, "nama_lengkap": {"a": 1}}]},
        {1: 2, None: "x"},
        {"alamat": object(), "rt": 10**5000, "anggota": [[[[[]]]]]},
        {"anggota": [{"nama_lengkap": "X" * 1_000_000, "nik": "\x00" * 16}]},
    ],
)
def test_garbage_gives_family_invalid(data):
    assert problems(data)


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )


def _check_outcome(data: object) -> None:
    try:
        fam = validate_family(data, today=TODAY)
    except FamilyInvalid as err:
        assert err.errors
        for lang in LANGUAGES:
            assert err.message(lang)
        return
    assert isinstance(fam, Family)
    assert validate_family(fam.to_dict(), today=TODAY) == fam


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json_values())
def test_random_json_either_validates_or_raises_family_invalid(data):
    _check_outcome(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, 0, 1, 2]),  # header, or a member
            st.sampled_from(HEADER_FIELDS + MEMBER_FIELDS + ("extra",)),
            _json_values(),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_valid_family_with_random_fields_replaced_never_crashes(changes):
    data = family()
    members = data["anggota"]  # kept even if "anggota" itself is replaced
    for member, name, value in changes:
        (data if member is None else members[member])[name] = value
    _check_outcome(data)


# Changes that each break (or warn about) something: (member or None, field) -> value.
BREAKAGES: list[dict[tuple[int | None, str], Any]] = [
    {(None, "nomor_kk"): "61710123112600O1"},
    {(None, "nomor_kk"): "123"},
    {(None, "nomor_kk"): "9971012311260001"},
    {(None, "nomor_kk"): "6171002311260001"},
    {(None, "nomor_kk"): "6171013213260001"},
    {(None, "alamat"): "JL. X\x07", (None, "rt"): 3, (None, "rw"): "0", (None, "kode_pos"): "1"},
    {(None, "alamat"): "X" * 121, (None, "anggota"): "BUDI", (None, "alamt"): 1},
    {(None, "anggota"): []},
    {(None, "anggota"): [None] * 31},
    {(None, "anggota"): [None]},
    {(None, "kelurahan"): "SIANTAN HULU"},
    {(None, "kode_pos"): "78123"},
    {(None, "kecamatan"): "SUNGAI RAYA", (None, "kabupaten_kota"): "X", (None, "provinsi"): "Y"},
    {(None, "kelurahan"): "SUNGAI?RAYA"},
    {(0, "nik"): "", (1, "nik"): "6171014503920000", (2, "nik"): "61710110O7180001"},
    {(2, "nik"): "6171011708900003"},
    {(0, "nik"): "6171013208900003", (1, "nik"): "0071014503920002"},
    {(0, "nik"): "6100011708900003", (1, "nik"): "6171011708900003"},
    {(0, "nik"): "3578011708900003"},
    {(1, "nik"): "61710145039200021"},
    {(0, "nama_lengkap"): "B0D1", (0, "tanggal_lahir"): "1890-08-17"},
    {(0, "tanggal_lahir"): "17-08-1990", (0, "agama"): "X", (0, "jenis_pekerjaan"): "X"},
    {(0, "status_hubungan"): "ANAK", (2, "tanggal_perkawinan"): "2000-01-01"},
    {(1, "status_hubungan"): "KEPALA KELUARGA", (1, "tanggal_perkawinan"): "1980-01-01"},
    {(1, "tanggal_lahir"): "2030-03-05", (1, "tanggal_perkawinan"): "2030-01-01"},
    {(1, "kewarganegaraan"): "WNA", (1, "jenis_kelamin"): "LAKI-LAKI"},
    {(1, "status_perkawinan"): "BELUM KAWIN", (2, "no_paspor"): "A 12/345#"},
    {(2, "no_kitas_kitap"): "X" * 31, (2, "tempat_lahir"): "PONTIANAK#", (2, "extra"): 1},
]


def _broken(changes: dict[tuple[int | None, str], Any]) -> dict[str, Any]:
    data = family()
    for (member, name), value in changes.items():
        (data if member is None else data["anggota"][member])[name] = value
    return data


def test_every_message_used_exists_in_both_languages_with_a_field_label():
    messages = catalogue()
    found: list[ValidationError] = errors_of("not a family")
    for changes in BREAKAGES:
        try:
            found.extend(validate_family(_broken(changes), today=TODAY).warnings)
        except FamilyInvalid as err:
            found.extend(err.errors)
    keys = {e.key for e in found}
    assert len(keys) >= 47, sorted(keys)
    for problem in found:
        for key in (problem.key, f"field.{problem.field}"):
            assert key in messages, key
            assert all(messages[key][lang] for lang in LANGUAGES), key
        for lang in LANGUAGES:
            assert "{" not in problem.message(lang), problem.message(lang)
    for name in HEADER_FIELDS + MEMBER_FIELDS:
        assert f"field.{name}" in messages
