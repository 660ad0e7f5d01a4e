"""The family record (the KK's content) and the checks it must pass before it is stored.

The record has exactly the exchange shape of ``kk case input`` and ``kk case
show --json`` (domain-kk.md): the KK's own column names in snake_case,
enumeration values as SIAK spells them, dates ISO ``YYYY-MM-DD``, empty
optional fields ``null``. :func:`validate_family` takes whatever was parsed
from JSON and returns a :class:`Family`, or raises :class:`FamilyInvalid`
listing *every* failure, each naming the member (1-based row, ``None`` for
the header) and the field.

Decisions (beyond the checks domain-kk.md lists):

- Required: every field except ``nomor_kk`` (``null``: a new number is issued),
  ``tanggal_perkawinan``, ``no_paspor`` and ``no_kitas_kitap``. Golongan
  darah is required (``TIDAK TAHU`` exists for "not known"); the parents'
  names are required, a lone ``-`` meaning "not known".
- Normalised, not rejected: surrounding and repeated spaces, lower case
  (names, places, the address are upper-cased), accents, RT/RW without
  leading zeros ("3" → "003"), enumeration values differing only in case or
  spacing, kelurahan/kecamatan spelled with or without spaces.
- Rejected: anything not text where text belongs (numbers included), dates
  not in ``YYYY-MM-DD``, unknown keys (likely typos that would lose data),
  more than :data:`MAX_MEMBERS` members.
- Extra consistency checks: a SUAMI is LAKI-LAKI and an ISTRI PEREMPUAN, and
  neither is BELUM KAWIN; a marriage date is not in the future.
- Warnings (returned on ``Family.warnings``, never blocking): a NIK region
  not in the region table; an address outside Kota Pontianak's kecamatan and
  kelurahan; a postcode that is not the kelurahan's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.enums import (
    BELUM_KAWIN,
    KEPALA_KELUARGA,
    LAKI_LAKI,
    PEREMPUAN,
    WNA,
)
from shared.errors import FamilyInvalid, ValidationError
from shared.family_fields import FieldReader, Problems, check_address, shown
from shared.nik import DateRule, RegionRule, check_nik, check_nomor_kk

MAX_MEMBERS = 30
EARLIEST_BIRTH = date(1900, 1, 1)
SPOUSE_SEX = {"SUAMI": LAKI_LAKI, "ISTRI": PEREMPUAN}


@dataclass(frozen=True)
class Member:
    """One row of the KK's member table (anggota keluarga)."""

    nik: str
    nama_lengkap: str
    jenis_kelamin: str
    tempat_lahir: str
    tanggal_lahir: date
    agama: str
    pendidikan: str
    jenis_pekerjaan: str
    golongan_darah: str
    status_perkawinan: str
    tanggal_perkawinan: date | None
    status_hubungan: str
    kewarganegaraan: str
    no_paspor: str | None
    no_kitas_kitap: str | None
    nama_ayah: str
    nama_ibu: str

    def to_dict(self) -> dict[str, Any]:
        """The member in the exchange shape (dates ISO, empty optionals ``None``)."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class Family:
    """A validated family record: the KK header and its members, in KK order.

    ``warnings`` are things worth a second look that do not block storing
    (an unfamiliar NIK region, an address outside Kota Pontianak); they are
    not part of the record and not compared.
    """

    nomor_kk: str | None
    alamat: str
    rt: str
    rw: str
    kelurahan: str
    kecamatan: str
    kabupaten_kota: str
    provinsi: str
    kode_pos: str
    anggota: tuple[Member, ...]
    warnings: tuple[ValidationError, ...] = field(default=(), compare=False, repr=False)

    @property
    def kepala_keluarga(self) -> Member:
        """The head of the family (exactly one, by validation)."""
        return next(m for m in self.anggota if m.status_hubungan == KEPALA_KELUARGA)

    def to_dict(self) -> dict[str, Any]:
        """The family in the exchange shape of domain-kk.md."""
        out = {name: getattr(self, name) for name in HEADER_FIELDS if name != "anggota"}
        out["anggota"] = [m.to_dict() for m in self.anggota]
        return out


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


MEMBER_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Member))
HEADER_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Family) if f.name != "warnings"
)


def validate_family(
    data: object,
    *,
    today: date,
    nomor_kk_date_rule: DateRule = "lenient",
    unknown_region: RegionRule = "warn",
    max_members: int = MAX_MEMBERS,
) -> Family:
    """Check a raw family record (anything parsed from JSON) and return it normalised.

    Raises :class:`FamilyInvalid` with every failure found. ``today`` bounds
    birth and marriage dates. ``nomor_kk_date_rule`` and ``unknown_region``
    are passed on to :func:`~shared.nik.check_nomor_kk` and
    :func:`~shared.nik.check_nik`.
    """
    if not isinstance(data, Mapping):
        raise FamilyInvalid([ValidationError("family.not_object", field="family")])
    problems = Problems()
    header = _read_header(FieldReader(data, None, problems), nomor_kk_date_rule)
    members = _read_members(
        data.get("anggota"),
        problems,
        today=today,
        unknown_region=unknown_region,
        max_members=max_members,
    )
    if members:
        _check_family(members, problems)
    if problems.errors:
        raise FamilyInvalid(problems.errors)
    return Family(
        **header,
        anggota=tuple(Member(**m) for _, m in members),
        warnings=tuple(problems.warnings),
    )


def _read_header(r: FieldReader, date_rule: DateRule) -> dict[str, Any]:
    r.unknown_keys(HEADER_FIELDS, "family")
    nomor_kk = r.raw_text("nomor_kk", required=False)
    if nomor_kk is not None:
        found = check_nomor_kk(nomor_kk, date_rule=date_rule)
        r.problems.errors.extend(found)
        nomor_kk = None if found else nomor_kk
    header = {
        "nomor_kk": nomor_kk,
        "alamat": r.text("alamat"),
        "rt": r.rt_rw("rt"),
        "rw": r.rt_rw("rw"),
        "kelurahan": r.place("kelurahan"),
        "kecamatan": r.place("kecamatan"),
        "kabupaten_kota": r.place("kabupaten_kota"),
        "provinsi": r.place("provinsi"),
        "kode_pos": r.kode_pos("kode_pos"),
    }
    check_address(header, r)
    return header


def _read_members(
    raw: object,
    problems: Problems,
    *,
    today: date,
    unknown_region: RegionRule,
    max_members: int,
) -> list[tuple[int, dict[str, Any]]]:
    """Each readable member with its 1-based row number."""

    def error(key: str, member: int | None = None, **params: Any) -> None:
        problems.errors.append(ValidationError(key, field="anggota", member=member, **params))

    if raw is None:
        error("family.required")
        return []
    if not isinstance(raw, list | tuple):
        error("family.anggota_not_list", value=shown(raw))
        return []
    if not raw:
        error("family.empty")
        return []
    if len(raw) > max_members:
        error("family.too_many", max=max_members, count=len(raw))
        return []
    members = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            error("family.member_not_object", member=number, value=shown(item))
            continue
        reader = FieldReader(item, number, problems)
        members.append((number, _read_member(reader, today=today, unknown_region=unknown_region)))
    return members


def _read_member(r: FieldReader, *, today: date, unknown_region: RegionRule) -> dict[str, Any]:
    r.unknown_keys(MEMBER_FIELDS, "anggota")
    m: dict[str, Any] = {
        "nik": r.raw_text("nik"),
        "nama_lengkap": r.name("nama_lengkap"),
        "jenis_kelamin": r.choice("jenis_kelamin"),
        "tempat_lahir": r.place("tempat_lahir"),
        "tanggal_lahir": r.date("tanggal_lahir"),
        "agama": r.choice("agama"),
        "pendidikan": r.choice("pendidikan"),
        "jenis_pekerjaan": r.choice("jenis_pekerjaan"),
        "golongan_darah": r.choice("golongan_darah"),
        "status_perkawinan": r.choice("status_perkawinan"),
        "tanggal_perkawinan": r.date("tanggal_perkawinan", required=False),
        "status_hubungan": r.choice("status_hubungan"),
        "kewarganegaraan": r.choice("kewarganegaraan"),
        "no_paspor": r.document("no_paspor"),
        "no_kitas_kitap": r.document("no_kitas_kitap"),
        "nama_ayah": r.name("nama_ayah", allow_unknown=True),
        "nama_ibu": r.name("nama_ibu", allow_unknown=True),
    }
    born: date | None = m["tanggal_lahir"]
    if m["nik"] is not None:
        result = check_nik(
            m["nik"],
            sex=m["jenis_kelamin"],
            birth_date=born,
            member=r.member,
            unknown_region=unknown_region,
        )
        r.problems.errors.extend(result.errors)
        r.problems.warnings.extend(result.warnings)
    if born is not None and born > today:
        r.error("family.date_future", "tanggal_lahir", value=born.isoformat())
    elif born is not None and born < EARLIEST_BIRTH:
        r.error("family.birth_too_early", "tanggal_lahir", value=born.isoformat())
    _check_marriage(m, r, today=today)
    _check_relation(m, r)
    if m["kewarganegaraan"] == WNA and not any(
        _given(r.data.get(name)) for name in ("no_paspor", "no_kitas_kitap")
    ):
        r.error("family.wna_document", "no_paspor")
    return m


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _check_marriage(m: dict[str, Any], r: FieldReader, *, today: date) -> None:
    married: date | None = m["tanggal_perkawinan"]
    if married is None:
        return
    if m["status_perkawinan"] == BELUM_KAWIN:
        r.error("family.marriage_date_unmarried", "tanggal_perkawinan")
    born: date | None = m["tanggal_lahir"]
    if born is not None and married < born:
        r.error(
            "family.marriage_before_birth",
            "tanggal_perkawinan",
            value=married.isoformat(),
            born=born.isoformat(),
        )
    if married > today:
        r.error("family.date_future", "tanggal_perkawinan", value=married.isoformat())


def _check_relation(m: dict[str, Any], r: FieldReader) -> None:
    relation = m["status_hubungan"]
    expected = SPOUSE_SEX.get(relation)
    if expected is None:
        return
    if m["jenis_kelamin"] is not None and m["jenis_kelamin"] != expected:
        r.error("family.spouse_sex", "jenis_kelamin", relation=relation, expected=expected)
    if m["status_perkawinan"] == BELUM_KAWIN:
        r.error("family.spouse_unmarried", "status_perkawinan", relation=relation)


def _check_family(members: list[tuple[int, dict[str, Any]]], problems: Problems) -> None:
    """Checks across members: exactly one head, no NIK twice."""
    heads = [n for n, m in members if m["status_hubungan"] == KEPALA_KELUARGA]
    if not heads and all(m["status_hubungan"] for _, m in members):
        problems.errors.append(ValidationError("family.no_head", field="status_hubungan"))
    for extra in heads[1:]:
        problems.errors.append(
            ValidationError(
                "family.many_heads", field="status_hubungan", member=extra, first=heads[0]
            )
        )
    seen: dict[str, int] = {}
    for number, m in members:
        nik = m["nik"]
        if nik is None:
            continue
        if nik in seen:
            problems.errors.append(
                ValidationError("family.nik_duplicate", field="nik", member=number, other=seen[nik])
            )
        else:
            seen[nik] = number
