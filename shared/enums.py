"""The KK's official enumerations, spelled exactly as SIAK prints them (upper case).

SIAK is the national population registry system; its values are what a KK
shows, so they are what the family record stores. Each enumeration is a tuple
of strings. The long occupation list (Jenis Pekerjaan, 89 SIAK codes) is data
in ``shared/data/pekerjaan.toml`` so it can be corrected without touching code.

:func:`canonical` maps what a clerk typed to the official spelling: case,
spacing around slashes and a few well-known variant spellings are forgiven
(``"katolik"`` → ``"KATHOLIK"``, ``"Tidak/Belum Sekolah"`` →
``"TIDAK / BELUM SEKOLAH"``); anything else is not a value of the list.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from types import MappingProxyType

JENIS_KELAMIN: tuple[str, ...] = ("LAKI-LAKI", "PEREMPUAN")
LAKI_LAKI, PEREMPUAN = JENIS_KELAMIN

AGAMA: tuple[str, ...] = (
    "ISLAM",
    "KRISTEN",
    "KATHOLIK",
    "HINDU",
    "BUDHA",
    "KHONGHUCU",
    "KEPERCAYAAN TERHADAP TUHAN YME",
)

PENDIDIKAN: tuple[str, ...] = (
    "TIDAK / BELUM SEKOLAH",
    "BELUM TAMAT SD/SEDERAJAT",
    "TAMAT SD / SEDERAJAT",
    "SLTP/SEDERAJAT",
    "SLTA / SEDERAJAT",
    "DIPLOMA I / II",
    "AKADEMI/ DIPLOMA III/S. MUDA",
    "DIPLOMA IV/ STRATA I",
    "STRATA II",
    "STRATA III",
)

# Permendagri 118/2017. Whether SIAK prints the split "cerai hidup" values is
# uncertain (domain-kk.md); both are accepted.
STATUS_PERKAWINAN: tuple[str, ...] = (
    "BELUM KAWIN",
    "KAWIN TERCATAT",
    "KAWIN BELUM TERCATAT",
    "CERAI HIDUP TERCATAT",
    "CERAI HIDUP BELUM TERCATAT",
    "CERAI MATI",
)
BELUM_KAWIN = "BELUM KAWIN"

# Everyone who has ever married may carry a Tanggal Perkawinan: a divorced or
# widowed person did marry. Only BELUM KAWIN may not.
MARRIED_STATUSES: tuple[str, ...] = tuple(s for s in STATUS_PERKAWINAN if s != BELUM_KAWIN)
# Currently married: the statuses a SUAMI or ISTRI in the family can have.
CURRENTLY_MARRIED: tuple[str, ...] = ("KAWIN TERCATAT", "KAWIN BELUM TERCATAT")

STATUS_HUBUNGAN: tuple[str, ...] = (
    "KEPALA KELUARGA",
    "SUAMI",
    "ISTRI",
    "ANAK",
    "MENANTU",
    "CUCU",
    "ORANG TUA",
    "MERTUA",
    "FAMILI LAIN",
    "PEMBANTU",
    "LAINNYA",
)
KEPALA_KELUARGA = "KEPALA KELUARGA"

GOLONGAN_DARAH: tuple[str, ...] = (
    "A",
    "B",
    "AB",
    "O",
    "A+",
    "A-",
    "B+",
    "B-",
    "AB+",
    "AB-",
    "O+",
    "O-",
    "TIDAK TAHU",
)

KEWARGANEGARAAN: tuple[str, ...] = ("WNI", "WNA")
WNI, WNA = KEWARGANEGARAAN


def _load_pekerjaan() -> tuple[str, ...]:
    raw = (resources.files("shared") / "data" / "pekerjaan.toml").read_bytes()
    rows = tomllib.loads(raw.decode("utf-8"))["pekerjaan"]
    return tuple(str(row["name"]) for row in sorted(rows, key=lambda r: int(r["code"])))


JENIS_PEKERJAAN: tuple[str, ...] = _load_pekerjaan()

# The family record's enumerated fields and their allowed values.
ENUMS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "jenis_kelamin": JENIS_KELAMIN,
        "agama": AGAMA,
        "pendidikan": PENDIDIKAN,
        "jenis_pekerjaan": JENIS_PEKERJAAN,
        "golongan_darah": GOLONGAN_DARAH,
        "status_perkawinan": STATUS_PERKAWINAN,
        "status_hubungan": STATUS_HUBUNGAN,
        "kewarganegaraan": KEWARGANEGARAAN,
    }
)

# Variant spellings met in practice (other systems, older forms) → SIAK's.
ALIASES: MappingProxyType[str, str] = MappingProxyType(
    {
        "L": LAKI_LAKI,
        "P": PEREMPUAN,
        "LAKI LAKI": LAKI_LAKI,
        "KATOLIK": "KATHOLIK",
        "BUDDHA": "BUDHA",
        "KONGHUCU": "KHONGHUCU",
        "KHONGHUCHU": "KHONGHUCU",
        "TIDAK_TAHU": "TIDAK TAHU",
    }
)


def _key(text: str) -> str:
    return "".join(text.upper().split())


_INDEX: dict[str, dict[str, str]] = {
    field: {_key(v): v for v in values} for field, values in ENUMS.items()
}


def canonical(field: str, value: str) -> str | None:
    """The official spelling of ``value`` for the enumerated ``field``, or ``None``.

    Case and whitespace do not matter; the few variants in :data:`ALIASES`
    are accepted. ``field`` is a key of :data:`ENUMS`.
    """
    index = _INDEX[field]
    found = index.get(_key(value))
    if found is None:
        alias = ALIASES.get(" ".join(value.upper().split()))
        if alias is not None:
            found = index.get(_key(alias))
    return found
