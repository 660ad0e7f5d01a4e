"""The fake family generator: valid, coherent, deterministic."""

from __future__ import annotations

import random
from datetime import date

import pytest

from shared.enums import KEPALA_KELUARGA
from shared.fake import fake_family
from shared.family import MAX_MEMBERS, validate_family
from shared.nik import parse_nik
from shared.regions import PONTIANAK_KECAMATAN, kelurahan_of, postcode_of

TODAY = date(2026, 11, 23)


def test_500_generated_families_all_validate_and_round_trip():
    rng = random.Random(20261123)
    for _ in range(500):
        data = fake_family(rng, today=TODAY)
        family = validate_family(data, today=TODAY)
        assert family.to_dict() == data


def test_same_seed_gives_the_same_families():
    first = [fake_family(random.Random(7), today=TODAY) for _ in range(3)]
    again = [fake_family(random.Random(7), today=TODAY) for _ in range(3)]
    assert first == again
    assert fake_family(random.Random(8), today=TODAY) != first[0]


@pytest.mark.parametrize("size", [1, 2, 5, 9, 15, MAX_MEMBERS])
def test_requested_member_count_is_honoured(size):
    rng = random.Random(size)
    for _ in range(20):
        data = fake_family(rng, today=TODAY, members=size)
        assert len(data["anggota"]) == size
        validate_family(data, today=TODAY)


@pytest.mark.parametrize("kecamatan", [k.code for k in PONTIANAK_KECAMATAN] + ["Pontianak Utara"])
def test_requested_kecamatan_is_honoured_with_a_real_kelurahan_and_postcode(kecamatan):
    data = fake_family(random.Random(1), today=TODAY, kecamatan=kecamatan)
    names = [k.name for k in kelurahan_of(kecamatan)]
    assert data["kelurahan"] in names
    assert data["kode_pos"] == postcode_of(data["kelurahan"])
    warnings = validate_family(data, today=TODAY).warnings
    assert {w.key for w in warnings} <= {"nik.region_unknown"}  # never the address


def test_unknown_kecamatan_is_a_programming_error():
    with pytest.raises(ValueError):
        fake_family(random.Random(1), today=TODAY, kecamatan="SUNGAI RAYA")


def test_families_are_coherent_heads_children_and_niks():
    rng = random.Random(99)
    for _ in range(300):
        data = fake_family(rng, today=TODAY)
        members = data["anggota"]
        head = members[0]
        assert head["status_hubungan"] == KEPALA_KELUARGA
        born = {m["status_hubungan"]: date.fromisoformat(m["tanggal_lahir"]) for m in members}
        for m in members:
            if m["status_hubungan"] == "ANAK":
                child_born = date.fromisoformat(m["tanggal_lahir"])
                assert (child_born - born[KEPALA_KELUARGA]).days > 15 * 365
                if "ISTRI" in born:
                    assert (child_born - born["ISTRI"]).days > 15 * 365
                    assert m["nama_ibu"] == members[1]["nama_lengkap"]
            if m["status_hubungan"] == "ORANG TUA":
                assert m["nama_lengkap"] in (head["nama_ayah"], head["nama_ibu"])
        assert len({m["nik"] for m in members}) == len(members)


def test_most_niks_are_registered_in_pontianak_and_some_elsewhere():
    rng = random.Random(5)
    regions = [
        parse_nik(m["nik"]).regency
        for _ in range(200)
        for m in fake_family(rng, today=TODAY)["anggota"]
    ]
    share = regions.count("6171") / len(regions)
    assert 0.6 < share < 0.98


def test_communities_of_pontianak_are_represented():
    rng = random.Random(3)
    religions = {fake_family(rng, today=TODAY)["anggota"][0]["agama"] for _ in range(300)}
    assert {"ISLAM", "BUDHA", "KATHOLIK", "KRISTEN"} <= religions
