"""Properties of the family rules (shared/family.py) on generated families.

tests/test_family.py already feeds random JSON and randomly replaced fields to
the validator (never a crash). Here families are *built*: plausible members
(relations, sexes, birth dates, NIKs made from them, marriages, citizenship)
with zero or more known faults injected. The properties:

- a family without an injected fault is accepted, one with a fault is refused
  with (at least) that fault's named problem on the right member;
- an accepted family respects every rule of domain-kk.md (one Kepala Keluarga,
  NIKs valid, unique and consistent with sex and birth date, dates in order,
  WNA documents, spouses' sex and status, normalised ASCII numbers) and
  round-trips through its exchange shape;
- a refusal is a :class:`FamilyInvalid` whose every problem names a field (and
  a member row in range) and reads in Indonesian and English.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from bilingual import assert_bilingual
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from shared.enums import (
    BELUM_KAWIN,
    ENUMS,
    KEPALA_KELUARGA,
    LAKI_LAKI,
    PEREMPUAN,
    STATUS_HUBUNGAN,
    STATUS_PERKAWINAN,
    WNA,
)
from shared.errors import FamilyInvalid
from shared.family import EARLIEST_BIRTH, MAX_MEMBERS, Family, validate_family
from shared.i18n import LANGUAGES
from shared.nik import check_nomor_kk, make_nik, parse_nik
from shared.regions import PONTIANAK_KECAMATAN

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TODAY = date(2026, 11, 23)
PONTIANAK = [k.code for k in PONTIANAK_KECAMATAN]
MARRIED = [s for s in STATUS_PERKAWINAN if s != BELUM_KAWIN]
SPOUSE_SEX = {"SUAMI": LAKI_LAKI, "ISTRI": PEREMPUAN}
OTHER_SEX = {LAKI_LAKI: PEREMPUAN, PEREMPUAN: LAKI_LAKI}
ASCII_DIGITS = re.compile(r"[0-9]+")

HEADER: dict[str, Any] = {
    "nomor_kk": None,
    "alamat": "JL. GAJAH MADA NO. 12",
    "rt": "003",
    "rw": "011",
    "kelurahan": "BENUA MELAYU DARAT",
    "kecamatan": "PONTIANAK SELATAN",
    "kabupaten_kota": "KOTA PONTIANAK",
    "provinsi": "KALIMANTAN BARAT",
    "kode_pos": "78122",
}

# Words and names drawn from lists (regex strategies are too slow for a CI budget).
WORDS = ["BUDI", "siti", "Nur'aini", "O'NEIL", "A.", "JOSÉ", "MUH.", "ABDUL-RAHMAN", "LIE", "X"]
names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
places = st.sampled_from(["PONTIANAK", "singkawang", "KUBU RAYA (KAB.)", "JAKARTA/TIMUR", "X1"])
adult_birth = st.dates(min_value=EARLIEST_BIRTH, max_value=TODAY - timedelta(days=17 * 365))
any_birth = st.dates(min_value=EARLIEST_BIRTH, max_value=TODAY)
documents = st.sampled_from(["A1234567", "c 987654", "2C21AB0001-X", "KITAS/2024.01"])


def typed(value: str) -> st.SearchStrategy[str]:
    """``value`` as a clerk might type it: case and spacing changed, which is forgiven."""
    return st.sampled_from([value, value.lower(), value.title(), f"  {value} "])


@st.composite
def clean_member(draw, relation: str, serial: int) -> dict[str, Any]:
    """A member that breaks no rule, with the given relation and a NIK serial of its own."""
    sex = SPOUSE_SEX.get(relation) or draw(st.sampled_from([LAKI_LAKI, PEREMPUAN]))
    born = draw(adult_birth if relation in ("KEPALA KELUARGA", "SUAMI", "ISTRI") else any_birth)
    if relation in SPOUSE_SEX:
        status = draw(st.sampled_from(MARRIED))
    else:
        status = draw(st.sampled_from(STATUS_PERKAWINAN))
    married = None
    if status != BELUM_KAWIN and draw(st.booleans()):
        married = draw(st.dates(min_value=born, max_value=TODAY))
    citizen = draw(st.sampled_from(["WNI", "WNI", "WNA"]))
    paspor = kitas = None
    if citizen == WNA:
        paspor, kitas = draw(st.sampled_from([(True, False), (False, True), (True, True)]))
        paspor = draw(documents) if paspor else None
        kitas = draw(documents) if kitas else None
    return {
        "nik": make_nik(draw(st.sampled_from(PONTIANAK)), born, sex, serial),
        "nama_lengkap": draw(names),
        "jenis_kelamin": draw(typed(sex)),
        "tempat_lahir": draw(places),
        "tanggal_lahir": born.isoformat(),
        "agama": draw(st.sampled_from(ENUMS["agama"]).flatmap(typed)),
        "pendidikan": draw(st.sampled_from(ENUMS["pendidikan"])),
        "jenis_pekerjaan": draw(st.sampled_from(ENUMS["jenis_pekerjaan"])),
        "golongan_darah": draw(st.sampled_from(ENUMS["golongan_darah"])),
        "status_perkawinan": draw(typed(status)),
        "tanggal_perkawinan": married.isoformat() if married else None,
        "status_hubungan": draw(typed(relation)),
        "kewarganegaraan": citizen,
        "no_paspor": paspor,
        "no_kitas_kitap": kitas,
        "nama_ayah": draw(names | st.just("-")),
        "nama_ibu": draw(names | st.just("-")),
    }


@st.composite
def clean_family(draw) -> dict[str, Any]:
    """A family that breaks no rule: one head anywhere among 1-6 members."""
    others = draw(st.lists(st.sampled_from(STATUS_HUBUNGAN[1:]), max_size=5))
    order = draw(st.permutations([KEPALA_KELUARGA, *others]))
    base = draw(st.integers(min_value=1, max_value=9000))
    members = [draw(clean_member(rel, base + i)) for i, rel in enumerate(order)]
    header = dict(HEADER)
    header["rt"] = draw(st.sampled_from(["3", "03", "003", "12", "999"]))
    header["rw"] = draw(st.sampled_from(["1", "011", "100"]))
    if draw(st.booleans()):
        issued = draw(st.dates(min_value=date(1990, 1, 1), max_value=TODAY))
        header["nomor_kk"] = f"617101{issued:%d%m%y}{draw(st.integers(1, 9999)):04d}"
    return {**header, "anggota": members}


def _index_of(family: dict[str, Any], relation: str | None = None) -> int:
    for i, m in enumerate(family["anggota"]):
        if relation is None or m["status_hubungan"].strip().upper() == relation:
            return i
    raise AssertionError(relation)


@st.composite
def faulty_family(draw) -> tuple[dict[str, Any], set[tuple[str, int | None]]]:
    """A clean family with 0-2 faults injected; returns it and the problems each must raise.

    A problem is (key, member row) with rows 1-based and ``None`` for the family as a
    whole. A fault may raise more problems than the one expected (a copied NIK also
    mismatches its new owner's birth date): the expectation is a lower bound.
    """
    fam = draw(clean_family())
    members = fam["anggota"]
    expected: set[tuple[str, int | None]] = set()
    faults = draw(st.lists(st.sampled_from(sorted(FAULTS)), max_size=2, unique=True))
    if {"no_head", "two_heads"} <= set(faults):
        faults.remove("two_heads")  # the one would undo the other
    faults.sort(key=lambda name: name == "duplicate_nik")  # last: it copies a final NIK
    targets = draw(st.permutations(range(len(members))))  # each fault its own member
    for fault, i in zip(faults, targets, strict=False):
        key = FAULTS[fault](draw, fam, members, i)
        if key is not None:
            expected.add(key)
    return fam, expected


def _with_nik(m: dict[str, Any], *, born: date | None = None, sex: str | None = None) -> None:
    info = parse_nik(m["nik"])
    born = born or date.fromisoformat(m["tanggal_lahir"])
    m["nik"] = make_nik(info.district, born, sex or info.sex, int(info.serial))


def _no_head(draw, fam, members, i):
    for m in members:
        if m["status_hubungan"].strip().upper() == KEPALA_KELUARGA:
            m["status_hubungan"] = "ANAK"
    return ("family.no_head", None)


def _two_heads(draw, fam, members, i):
    head = _index_of(fam, KEPALA_KELUARGA)
    if i == head:
        return None
    members[i]["status_hubungan"] = draw(typed(KEPALA_KELUARGA))
    return ("family.many_heads", max(head, i) + 1)


def _duplicate_nik(draw, fam, members, i):
    if len(members) < 2:
        return None
    k = draw(st.sampled_from([j for j in range(len(members)) if j != i]))
    members[i]["nik"] = members[k]["nik"]
    return ("family.nik_duplicate", max(i, k) + 1)


def _nik_other_sex(draw, fam, members, i):
    m = members[i]
    _with_nik(m, sex=OTHER_SEX[parse_nik(m["nik"]).sex])
    return ("nik.sex_mismatch", i + 1)


def _nik_other_birth(draw, fam, members, i):
    m = members[i]
    born = date.fromisoformat(m["tanggal_lahir"])
    _with_nik(m, born=born + timedelta(days=draw(st.integers(1, 300))))
    return ("nik.birth_mismatch", i + 1)


def _nik_serial_zero(draw, fam, members, i):
    members[i]["nik"] = members[i]["nik"][:12] + "0000"
    return ("nik.serial_zero", i + 1)


def _born_in_future(draw, fam, members, i):
    m = members[i]
    born = TODAY + timedelta(days=draw(st.integers(1, 3000)))
    m["tanggal_lahir"] = born.isoformat()
    m["tanggal_perkawinan"] = None
    _with_nik(m, born=born)
    return ("family.date_future", i + 1)


def _born_too_early(draw, fam, members, i):
    m = members[i]
    born = draw(st.dates(min_value=date(1800, 1, 1), max_value=EARLIEST_BIRTH - timedelta(1)))
    m["tanggal_lahir"] = born.isoformat()
    _with_nik(m, born=born)
    return ("family.birth_too_early", i + 1)


def _unmarried_with_date(draw, fam, members, i):
    m = members[i]
    m["status_perkawinan"] = BELUM_KAWIN
    m["tanggal_perkawinan"] = m["tanggal_lahir"]
    return ("family.marriage_date_unmarried", i + 1)


def _married_before_birth(draw, fam, members, i):
    m = members[i]
    if m["status_perkawinan"].strip().upper() == BELUM_KAWIN:
        m["status_perkawinan"] = MARRIED[0]
    born = date.fromisoformat(m["tanggal_lahir"])
    m["tanggal_perkawinan"] = (born - timedelta(days=draw(st.integers(1, 1000)))).isoformat()
    return ("family.marriage_before_birth", i + 1)


def _married_in_future(draw, fam, members, i):
    m = members[i]
    if m["status_perkawinan"].strip().upper() == BELUM_KAWIN:
        m["status_perkawinan"] = MARRIED[0]
    m["tanggal_perkawinan"] = (TODAY + timedelta(days=draw(st.integers(1, 999)))).isoformat()
    return ("family.date_future", i + 1)


def _foreigner_without_documents(draw, fam, members, i):
    m = members[i]
    m["kewarganegaraan"] = draw(typed(WNA))
    m["no_paspor"] = draw(st.sampled_from([None, "", "   "]))
    m["no_kitas_kitap"] = None
    return ("family.wna_document", i + 1)


def _spouse_of_the_wrong_sex(draw, fam, members, i):
    m = members[i]
    relation = draw(st.sampled_from(sorted(SPOUSE_SEX)))
    if m["status_hubungan"].strip().upper() == KEPALA_KELUARGA:
        return None
    sex = OTHER_SEX[SPOUSE_SEX[relation]]
    m["status_hubungan"], m["jenis_kelamin"] = relation, sex
    m["status_perkawinan"] = MARRIED[0]
    _with_nik(m, sex=sex)
    return ("family.spouse_sex", i + 1)


def _unmarried_spouse(draw, fam, members, i):
    m = members[i]
    if m["status_hubungan"].strip().upper() == KEPALA_KELUARGA:
        return None
    relation = draw(st.sampled_from(sorted(SPOUSE_SEX)))
    m["status_hubungan"], m["jenis_kelamin"] = relation, SPOUSE_SEX[relation]
    m["status_perkawinan"], m["tanggal_perkawinan"] = BELUM_KAWIN, None
    _with_nik(m, sex=SPOUSE_SEX[relation])
    return ("family.spouse_unmarried", i + 1)


def _unknown_religion(draw, fam, members, i):
    members[i]["agama"] = draw(st.sampled_from(["KRISTIANI", "ATEIS", "-", "1"]))
    return ("family.choice", i + 1)


def _date_not_iso(draw, fam, members, i):
    m = members[i]
    born = date.fromisoformat(m["tanggal_lahir"])
    m["tanggal_lahir"] = draw(
        st.sampled_from([born.strftime("%d-%m-%Y"), born.strftime("%Y/%m/%d"), "1990-02-30"])
    )
    return ("family.date_format", i + 1)


def _missing_field(draw, fam, members, i):
    name = draw(st.sampled_from(["nama_lengkap", "tanggal_lahir", "agama", "nama_ibu"]))
    del members[i][name]
    return ("family.required", i + 1)


def _unknown_key(draw, fam, members, i):
    members[i][draw(st.sampled_from(["nama", "nik2", "Agama", "tgl_lahir"]))] = "X"
    return ("family.unknown_field", i + 1)


def _foreign_digits_in_rt(draw, fam, members, i):
    field, value = draw(st.sampled_from([("rt", "٣"), ("rw", "١١"), ("rt", "０３"), ("rw", "۰۱۱")]))
    fam[field] = value
    return ("family.rt_rw_format", None)


def _foreign_digits_in_kode_pos(draw, fam, members, i):
    fam["kode_pos"] = draw(st.sampled_from(["٧٨١٢٢", "７８１２２", "78١22"]))
    return ("family.kode_pos_format", None)


def _bad_nomor_kk(draw, fam, members, i):
    fam["nomor_kk"] = draw(
        st.sampled_from(["617101231126000", "9971012311260001", "٦١٧١٠١٢٣١١٢٦٠٠٠١"])
    )
    return ("nomor_kk.*", None)  # the key depends on the value: any nomor_kk problem


FAULTS = {
    f.__name__.lstrip("_"): f
    for f in (
        _no_head,
        _two_heads,
        _duplicate_nik,
        _nik_other_sex,
        _nik_other_birth,
        _nik_serial_zero,
        _born_in_future,
        _born_too_early,
        _unmarried_with_date,
        _married_before_birth,
        _married_in_future,
        _foreigner_without_documents,
        _spouse_of_the_wrong_sex,
        _unmarried_spouse,
        _unknown_religion,
        _date_not_iso,
        _missing_field,
        _unknown_key,
        _foreign_digits_in_rt,
        _foreign_digits_in_kode_pos,
        _bad_nomor_kk,
    )
}


def assert_invariants(fam: Family) -> None:
    """Every rule an accepted family must respect."""
    members = fam.anggota
    assert 1 <= len(members) <= MAX_MEMBERS
    heads = [m for m in members if m.status_hubungan == KEPALA_KELUARGA]
    assert len(heads) == 1 and fam.kepala_keluarga is heads[0]
    niks = [m.nik for m in members]
    assert len(set(niks)) == len(niks)
    for m in members:
        info = parse_nik(m.nik)
        assert info.nik == m.nik
        assert info.sex == m.jenis_kelamin and info.matches(m.tanggal_lahir)
        assert EARLIEST_BIRTH <= m.tanggal_lahir <= TODAY
        for name, allowed in ENUMS.items():
            assert getattr(m, name) in allowed, (name, getattr(m, name))
        if m.tanggal_perkawinan is not None:
            assert m.status_perkawinan != BELUM_KAWIN
            assert m.tanggal_lahir <= m.tanggal_perkawinan <= TODAY
        if m.status_hubungan in SPOUSE_SEX:
            assert m.jenis_kelamin == SPOUSE_SEX[m.status_hubungan]
            assert m.status_perkawinan != BELUM_KAWIN
        if m.kewarganegaraan == WNA:
            assert m.no_paspor or m.no_kitas_kitap
        for text in (m.nama_lengkap, m.nama_ayah, m.nama_ibu, m.tempat_lahir):
            assert text == text.upper() and text == " ".join(text.split()) and text.isascii()
    for name, size in (("rt", 3), ("rw", 3), ("kode_pos", 5)):
        value = getattr(fam, name)
        assert len(value) == size and ASCII_DIGITS.fullmatch(value), (name, value)
    assert fam.rt != "000" and fam.rw != "000"
    if fam.nomor_kk is not None:
        assert check_nomor_kk(fam.nomor_kk) == []
    assert validate_family(fam.to_dict(), today=TODAY) == fam


def assert_named_problems(err: FamilyInvalid, size: int) -> None:
    assert err.errors
    for problem in err.errors:
        assert problem.member is None or 1 <= problem.member <= size, problem.member
        assert_bilingual(problem)
    for lang in LANGUAGES:
        assert err.message(lang).count("\n- ") == len(err.errors)


@SETTINGS
@given(clean_family())
def test_a_family_that_breaks_no_rule_is_accepted_and_keeps_every_invariant(data):
    fam = validate_family(data, today=TODAY)
    assert_invariants(fam)
    assert len(fam.anggota) == len(data["anggota"])
    assert [m.nik for m in fam.anggota] == [m["nik"] for m in data["anggota"]]


def assert_outcome(data: dict[str, Any], expected: set[tuple[str, int | None]]) -> None:
    """Refused with at least the ``expected`` problems, or accepted if none is expected."""
    try:
        fam = validate_family(data, today=TODAY)
    except FamilyInvalid as err:
        assert_named_problems(err, len(data["anggota"]))
        found = {(e.key, e.member) for e in err.errors}
        for key, member in expected:
            if key.endswith("*"):
                assert any(k.startswith(key[:-1]) for k, _ in found), (key, found)
            else:
                assert (key, member) in found, ((key, member), found)
        assert expected, f"refused a family without a fault: {found}"
        return
    assert not expected, f"accepted despite {expected}"
    assert_invariants(fam)


@pytest.mark.parametrize("fault", sorted(FAULTS))
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(clean_family(), st.data())
def test_each_injected_fault_is_refused_on_its_member(fault, data, draws):
    members = data["anggota"]
    target = draws.draw(st.integers(0, len(members) - 1), label="member")
    found = FAULTS[fault](draws.draw, data, members, target)
    assert_outcome(data, {found} if found else set())


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(faulty_family())
def test_a_family_is_accepted_exactly_when_no_fault_was_injected(case):
    data, expected = case
    for key, _ in expected:
        event(key)
    assert_outcome(data, expected)
