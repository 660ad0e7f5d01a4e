"""Region codes (kode wilayah): provinces, Kalimantan Barat, and Kota Pontianak in full.

Codes follow Kepmendagri 300.2.2-2138/2025, written without dots: province
``61`` (Kalimantan Barat), regency/city ``6171`` (Kota Pontianak), kecamatan
``617101`` (Pontianak Selatan), kelurahan ``6171011003`` (Benua Melayu Darat).
The tables are data in ``shared/data/regions.toml`` (sources named there).

Names are looked up forgivingly: case, spaces and punctuation do not matter,
and a leading "KEC." / "KELURAHAN" is ignored, so "Benuamelayu Darat",
"BENUA MELAYU DARAT" and "Kel. Benua Melayu Darat" are the same kelurahan.
Kecamatan and kelurahan names are only looked up inside Kota Pontianak
(names repeat elsewhere: there is a Sungai Raya in Kubu Raya and in Bengkayang).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

KALIMANTAN_BARAT = "61"
KOTA_PONTIANAK = "6171"


@dataclass(frozen=True)
class Kecamatan:
    """A district (kecamatan): its 6-digit code and upper-case name."""

    code: str
    name: str


@dataclass(frozen=True)
class Kelurahan:
    """An urban village (kelurahan) of Kota Pontianak, with its postcode.

    ``name`` is the spelling used on KKs ("BENUA MELAYU DARAT");
    ``official_name`` the 2025 code list's ("BENUAMELAYU DARAT").
    ``kode_pos_checked`` is false where the public sources were incomplete.
    """

    code: str
    name: str
    official_name: str
    kode_pos: str
    kode_pos_checked: bool = True

    @property
    def kecamatan_code(self) -> str:
        """The 6-digit code of the kecamatan the kelurahan belongs to."""
        return self.code[:6]


def _load() -> dict[str, Any]:
    raw = (resources.files("shared") / "data" / "regions.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


_DATA = _load()

PROVINCES: MappingProxyType[str, str] = MappingProxyType(dict(_DATA["provinsi"]))
REGENCIES: MappingProxyType[str, str] = MappingProxyType(dict(_DATA["kabupaten_kota"]))
DISTRICTS: MappingProxyType[str, str] = MappingProxyType(dict(_DATA["kecamatan"]))

PONTIANAK_KECAMATAN: tuple[Kecamatan, ...] = tuple(
    Kecamatan(code, name) for code, name in sorted(DISTRICTS.items()) if code[:4] == KOTA_PONTIANAK
)
PONTIANAK_KELURAHAN: tuple[Kelurahan, ...] = tuple(
    Kelurahan(
        code=row["code"],
        name=row["name"],
        official_name=row.get("official", row["name"]),
        kode_pos=row["kode_pos"],
        kode_pos_checked=row.get("kode_pos_checked", True),
    )
    for row in _DATA["pontianak"]["kelurahan"]
)

_PREFIXES = ("KECAMATAN", "KEC", "KELURAHAN", "KEL", "DESA")


def name_key(name: str) -> str:
    """A comparison key for a region name: letters only, upper case, no prefix."""
    words = name.upper().replace(".", ". ").split()
    if words and words[0].rstrip(".") in _PREFIXES and len(words) > 1:
        words = words[1:]
    return "".join(ch for ch in "".join(words) if "A" <= ch <= "Z")


_KECAMATAN_BY_KEY = {name_key(k.name): k for k in PONTIANAK_KECAMATAN}
_KELURAHAN_BY_KEY: dict[str, list[Kelurahan]] = {}
for _k in PONTIANAK_KELURAHAN:
    for _n in {name_key(_k.name), name_key(_k.official_name)}:
        _KELURAHAN_BY_KEY.setdefault(_n, []).append(_k)
_KELURAHAN_BY_CODE = {k.code: k for k in PONTIANAK_KELURAHAN}


def province_name(code: str) -> str | None:
    """The name of the province with the 2-digit ``code``, or ``None``."""
    return PROVINCES.get(code)


def is_known_province(code: str) -> bool:
    """Whether ``code`` (2 digits) is an Indonesian province code."""
    return code in PROVINCES


def regency_name(code: str) -> str | None:
    """The name of a regency/city (4 digits), if it is in the table (Kalimantan Barat)."""
    return REGENCIES.get(code)


def is_known_region(code: str) -> bool:
    """Whether the 6-digit kecamatan ``code`` is in the table.

    The table holds every kecamatan of Kalimantan Barat; a code from another
    province is "unknown" here even when it is real, which is why an unknown
    region in a NIK is only a warning.
    """
    return code in DISTRICTS


def kecamatan_by_code(code: str) -> Kecamatan | None:
    """The kecamatan with the 6-digit ``code`` (any in the table), or ``None``."""
    name = DISTRICTS.get(code)
    return Kecamatan(code, name) if name is not None else None


def kecamatan_by_name(name: str) -> Kecamatan | None:
    """The Kota Pontianak kecamatan called ``name``, or ``None``."""
    return _KECAMATAN_BY_KEY.get(name_key(name))


def kecamatan_code(name: str) -> str | None:
    """The 6-digit code of the Kota Pontianak kecamatan called ``name``, or ``None``."""
    found = kecamatan_by_name(name)
    return found.code if found else None


def _kecamatan(kecamatan: str) -> Kecamatan | None:
    text = kecamatan.strip()
    if text.isdigit():
        found = kecamatan_by_code(text)
        return found if found and found.code[:4] == KOTA_PONTIANAK else None
    return kecamatan_by_name(text)


def kelurahan_of(kecamatan: str) -> tuple[Kelurahan, ...]:
    """The kelurahan of a Kota Pontianak kecamatan, given by name or 6-digit code.

    An unknown kecamatan has none: ``()``.
    """
    found = _kecamatan(kecamatan)
    if found is None:
        return ()
    return tuple(k for k in PONTIANAK_KELURAHAN if k.kecamatan_code == found.code)


def kelurahan_by_name(name: str, kecamatan: str | None = None) -> Kelurahan | None:
    """The Kota Pontianak kelurahan called ``name`` (optionally within ``kecamatan``)."""
    candidates = _KELURAHAN_BY_KEY.get(name_key(name), [])
    if kecamatan is not None:
        where = _kecamatan(kecamatan)
        candidates = [k for k in candidates if where and k.kecamatan_code == where.code]
    return candidates[0] if len(candidates) == 1 else None


def kelurahan_by_code(code: str) -> Kelurahan | None:
    """The Kota Pontianak kelurahan with the 10-digit ``code``, or ``None``."""
    return _KELURAHAN_BY_CODE.get(code.strip())


def postcode_of(kelurahan: str) -> str | None:
    """The postcode (kode pos) of a Kota Pontianak kelurahan, by name or 10-digit code."""
    text = kelurahan.strip()
    found = kelurahan_by_code(text) if text.isdigit() else kelurahan_by_name(text)
    return found.kode_pos if found else None
