"""Realistic, invented families for demos, the simulator and benchmarks.

:func:`fake_family` returns a family record in the exchange shape that passes
:func:`shared.family.validate_family`: a head of family, usually with a wife
and children of coherent ages, sometimes a parent, in-law, grandchild,
relative or domestic helper; names from Pontianak's communities (Malay,
Chinese-Indonesian, Dayak, Madurese, Javanese, Bugis); NIKs consistent with
each member's sex and birth date, mostly registered in Kota Pontianak; an
address in a real kelurahan with its postcode. Everything comes from the
given ``random.Random``, so a seed always gives the same families. Name and
place lists are data in ``shared/data/fake_names.toml``.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

from shared.enums import (
    BELUM_KAWIN,
    JENIS_KELAMIN,
    LAKI_LAKI,
    PENDIDIKAN,
    PEREMPUAN,
    WNA,
    WNI,
)
from shared.family import MAX_MEMBERS
from shared.nik import make_nik
from shared.regions import PONTIANAK_KECAMATAN, kecamatan_by_code, kecamatan_by_name, kelurahan_of

_DATA: dict[str, Any] = tomllib.loads(
    (resources.files("shared") / "data" / "fake_names.toml").read_bytes().decode("utf-8")
)
_GROUPS: dict[str, dict[str, Any]] = _DATA["groups"]
_YEAR = 365.25


@dataclass
class _Person:
    relation: str
    sex: str
    born: date
    status: str = BELUM_KAWIN
    married: date | None = None
    name: str = ""
    father: str = ""
    mother: str = ""
    birthplace: str = "PONTIANAK"
    citizenship: str = WNI


def _years(d: date, years: float) -> date:
    return d + timedelta(days=round(years * _YEAR))


def _between(rng: random.Random, lo: date, hi: date) -> date:
    return date.fromordinal(rng.randint(lo.toordinal(), max(lo, hi).toordinal()))


def _weighted(rng: random.Random, pairs: list[list[Any]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _name(rng: random.Random, g: dict[str, Any], sex: str, surname: str | None = None) -> str:
    key = "male" if sex == LAKI_LAKI else "female"
    last = surname or rng.choice(g[f"{key}_last"])
    return f"{rng.choice(g[key])} {last}"


def fake_family(
    rng: random.Random,
    *,
    today: date,
    members: int | None = None,
    kecamatan: str | None = None,
) -> dict[str, Any]:
    """A plausible family record (exchange shape) that passes ``validate_family``.

    ``members`` fixes the number of members (1 to ``MAX_MEMBERS``); ``kecamatan``
    (a Kota Pontianak kecamatan, by name or 6-digit code) fixes where it lives.
    """
    group = _GROUPS[rng.choices(list(_GROUPS), weights=[g["weight"] for g in _GROUPS.values()])[0]]
    size = (
        members
        if members is not None
        else rng.choices(range(1, 9), [5, 12, 22, 28, 18, 9, 4, 2])[0]
    )
    size = max(1, min(size, MAX_MEMBERS))
    people = _household(rng, group, size, today)
    home = _home(rng, kecamatan)
    niks: set[str] = set()
    religion = _weighted(rng, group["agama"])
    anggota = [_member(rng, p, religion, home["district"], niks, today) for p in people]
    head = people[0]
    nomor_kk = None
    if rng.random() < 0.6:
        # Re-issued whenever the family changes: not before the youngest member.
        since = max([head.married or _years(head.born, 17)] + [p.born for p in people])
        issued = _between(rng, max(since, date(2000, 1, 1)), today)
        nomor_kk = f"{home['district']}{issued:%d%m%y}{rng.randint(1, 2000):04d}"
    return {
        "nomor_kk": nomor_kk,
        "alamat": home["alamat"],
        "rt": f"{rng.randint(1, 30):03d}",
        "rw": f"{rng.randint(1, 15):03d}",
        "kelurahan": home["kelurahan"],
        "kecamatan": home["kecamatan"],
        "kabupaten_kota": "KOTA PONTIANAK",
        "provinsi": "KALIMANTAN BARAT",
        "kode_pos": home["kode_pos"],
        "anggota": anggota,
    }


def _home(rng: random.Random, kecamatan: str | None) -> dict[str, str]:
    if kecamatan is None:
        kec = rng.choice(PONTIANAK_KECAMATAN)
    else:
        found = (
            kecamatan_by_code(kecamatan) if kecamatan.isdigit() else kecamatan_by_name(kecamatan)
        )
        if found is None or not kelurahan_of(found.code):
            raise ValueError(f"not a kecamatan of Kota Pontianak: {kecamatan!r}")
        kec = found
    kel = rng.choice(kelurahan_of(kec.code))
    addr = _DATA["address"]
    number = rng.randint(1, 250)
    style = rng.random()
    if style < 0.6:
        alamat = f"{rng.choice(addr['streets'])} NO. {number}"
    elif style < 0.85:
        alamat = f"{rng.choice(addr['streets'])} {rng.choice(addr['alleys'])} NO. {number}"
    else:
        block = rng.choice("ABCDEFGH")
        alamat = f"{rng.choice(addr['complexes'])} BLOK {block} NO. {rng.randint(1, 40)}"
    return {
        "district": kec.code,
        "kecamatan": kec.name,
        "kelurahan": kel.name,
        "kode_pos": kel.kode_pos,
        "alamat": alamat,
    }


def _household(rng: random.Random, g: dict[str, Any], size: int, today: date) -> list[_Person]:
    """Head first, then spouse, children by age, then the other relations."""
    couple = size > 1 and rng.random() < 0.85
    lo_age = 22 if size <= 2 else 26 + min(size, 6)
    head_sex = LAKI_LAKI if couple or rng.random() < 0.35 else PEREMPUAN
    born = _between(rng, _years(today, -72), _years(today, -lo_age))
    head = _adult(rng, g, _Person("KEPALA KELUARGA", head_sex, born))
    surname = head.name.split()[-1] if g.get("surname") and head.sex == LAKI_LAKI else None
    people = [head]
    if couple:
        wife_born = min(_between(rng, head.born, _years(head.born, 8)), _years(today, -20))
        wife = _adult(rng, g, _Person("ISTRI", PEREMPUAN, wife_born))
        older = max(head.born, wife.born)
        wed = min(_between(rng, _years(older, 20), _years(older, 30)), today - timedelta(days=30))
        status = "KAWIN TERCATAT" if rng.random() < 0.92 else "KAWIN BELUM TERCATAT"
        for p in (head, wife):
            p.status, p.married = status, wed if status == "KAWIN TERCATAT" else None
        wife.citizenship = WNA if rng.random() < 0.01 else WNI
        people.append(wife)
        mother_born, first = wife.born, _years(wed, rng.uniform(0.8, 3))
    else:
        adult = _age(head.born, today) >= 30
        head.status = rng.choice(["CERAI MATI", "CERAI HIDUP TERCATAT"]) if adult else BELUM_KAWIN
        mother_born = head.born if head.sex == PEREMPUAN else _years(head.born, rng.uniform(0, 6))
        first = _years(mother_born, rng.uniform(21, 30))
    father = head.name if head.sex == LAKI_LAKI else _name(rng, g, LAKI_LAKI)
    mother = people[1].name if couple else head.name if head.sex == PEREMPUAN else ""
    mother = mother or _name(rng, g, PEREMPUAN)
    born = first
    while len(people) < size and head.status != BELUM_KAWIN:
        if born >= today or born > _years(mother_born, 42):
            break
        child = _Person("ANAK", rng.choice(JENIS_KELAMIN), born, father=father, mother=mother)
        keep = surname if child.sex == LAKI_LAKI or rng.random() < 0.7 else None
        child.name = _name(rng, g, child.sex, keep)
        if rng.random() < 0.1:
            child.birthplace = rng.choice(g["birthplaces"])
        people.append(child)
        born = _years(born, rng.uniform(1.5, 5))
    while len(people) < size:
        people.append(_relative(rng, g, people, today))
    return people


def _adult(rng: random.Random, g: dict[str, Any], p: _Person) -> _Person:
    """Give an adult a name, parents' names and a birthplace from the community."""
    p.name = _name(rng, g, p.sex)
    surname = p.name.split()[-1] if g.get("surname") and p.sex == LAKI_LAKI else None
    p.father = _name(rng, g, LAKI_LAKI, surname)
    p.mother = _name(rng, g, PEREMPUAN)
    p.birthplace = rng.choice(g["birthplaces"])
    return p


def _relative(rng: random.Random, g: dict[str, Any], people: list[_Person], today: date) -> _Person:
    """Someone other than the head's spouse and children, of a coherent age."""
    head = people[0]
    head_age = _age(head.born, today)
    taken = [p.relation for p in people]
    options = ["FAMILI LAIN", "FAMILI LAIN"]
    if head_age <= 68 and "ORANG TUA" not in taken:
        options.append("ORANG TUA")
    if head_age <= 68 and "ISTRI" in taken and "MERTUA" not in taken:
        options.append("MERTUA")
    if head_age >= 45:
        options += ["CUCU", "CUCU"] + (["MENANTU"] if taken.count("MENANTU") < 2 else [])
    if taken.count("PEMBANTU") < 2:
        options.append("PEMBANTU")
    relation = rng.choice(options)
    sex = rng.choice(JENIS_KELAMIN)
    if relation in ("ORANG TUA", "MERTUA"):
        child = head if relation == "ORANG TUA" else people[1]
        born = _between(rng, _years(today, -95), _years(child.born, -20))
        p = _adult(rng, g, _Person(relation, sex, born, status="CERAI MATI"))
        p.name = child.father if sex == LAKI_LAKI else child.mother
    elif relation == "CUCU":
        born = _between(rng, _years(head.born, 42), today - timedelta(days=1))
        p = _adult(rng, g, _Person(relation, sex, born))
        p.birthplace = "PONTIANAK"
    elif relation == "MENANTU":
        hi = min(_years(head.born, 32), _years(today, -20))
        born = _between(rng, _years(head.born, 18), hi)
        p = _adult(rng, g, _Person(relation, sex, born, status="KAWIN TERCATAT"))
    elif relation == "PEMBANTU":
        born = _between(rng, _years(today, -55), _years(today, -18))
        p = _adult(rng, g, _Person(relation, PEREMPUAN, born))
    else:
        born = _between(rng, _years(today, -70), today - timedelta(days=1))
        p = _adult(rng, g, _Person(relation, sex, born))
        if _age(p.born, today) >= 35:
            p.status = rng.choice([BELUM_KAWIN, "CERAI MATI", "CERAI HIDUP TERCATAT"])
    return p


_PEOPLE: dict[str, Any] = _DATA["people"]


def _occupation(rng: random.Random, education: str) -> str:
    """A common occupation that fits the education."""
    job = str(_weighted(rng, _PEOPLE["jobs"]))
    needed = _PEOPLE["requires"].get(job)
    if needed and PENDIDIKAN.index(education) < PENDIDIKAN.index(needed):
        return rng.choice(["KARYAWAN SWASTA", "WIRASWASTA", "PEDAGANG", "BURUH HARIAN LEPAS"])
    return job


def _schooling(rng: random.Random, age: int) -> tuple[str, str]:
    """(pendidikan, jenis_pekerjaan) for a child or young person, else empty."""
    if age < 6:
        return "TIDAK / BELUM SEKOLAH", "BELUM/TIDAK BEKERJA"
    if age < 13:
        return "BELUM TAMAT SD/SEDERAJAT", "PELAJAR/MAHASISWA"
    if age < 16:
        return "TAMAT SD / SEDERAJAT", "PELAJAR/MAHASISWA"
    if age < 19:
        return "SLTP/SEDERAJAT", "PELAJAR/MAHASISWA"
    if age < 23 and rng.random() < 0.6:
        return "SLTA / SEDERAJAT", "PELAJAR/MAHASISWA"
    return "", ""


def _member(
    rng: random.Random, p: _Person, religion: str, home: str, niks: set[str], today: date
) -> dict[str, Any]:
    age = _age(p.born, today)
    education, job = _schooling(rng, age)
    if not education:
        education = _weighted(rng, _PEOPLE["adult_education"])
        if age < 25:  # too young for more than a first degree
            education = PENDIDIKAN[min(PENDIDIKAN.index(education), 4 if age < 23 else 7)]
        if p.relation == "PEMBANTU":
            job = "PEMBANTU RUMAH TANGGA"
        elif age >= 60 and rng.random() < 0.5:
            job = "PENSIUNAN"
        elif p.sex == PEREMPUAN and rng.random() < 0.4:
            job = "MENGURUS RUMAH TANGGA"
        else:
            job = _occupation(rng, education)
    wna = p.citizenship == WNA
    regions = _DATA["birthplace_region"].get(p.birthplace, [home])
    local = wna or p.birthplace == "PONTIANAK" or rng.random() < 0.4
    district = home if local else rng.choice(regions)
    nik = make_nik(district, p.born, p.sex, rng.randint(1, 9999))
    while nik in niks:
        nik = make_nik(district, p.born, p.sex, rng.randint(1, 9999))
    niks.add(nik)
    return {
        "nik": nik,
        "nama_lengkap": p.name,
        "jenis_kelamin": p.sex,
        "tempat_lahir": "KUCHING" if wna else p.birthplace,
        "tanggal_lahir": p.born.isoformat(),
        "agama": religion,
        "pendidikan": education,
        "jenis_pekerjaan": job,
        "golongan_darah": rng.choice(_PEOPLE["blood"]),
        "status_perkawinan": p.status,
        "tanggal_perkawinan": p.married.isoformat() if p.married else None,
        "status_hubungan": p.relation,
        "kewarganegaraan": p.citizenship,
        "no_paspor": f"A{rng.randint(10**7, 10**8 - 1)}" if wna else None,
        "no_kitas_kitap": f"2C21JE{rng.randint(1000, 9999)}-AA" if wna else None,
        "nama_ayah": p.father,
        "nama_ibu": p.mother,
    }
