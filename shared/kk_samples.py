"""Made-up families that stress the KK's layout: long names, long places, odd characters.

For the KK document's samples (``docs/kk/``), its tests and its benchmark.
:func:`long_names_family` takes a realistic family from
:func:`shared.fake.fake_family` and gives it names as long as the record
allows (80 characters), with the apostrophes, hyphens, dots and commas
Indonesian names carry (``NUR'AINI``, ``AL-QADRIE``, ``R.A.``); the result
still passes :func:`shared.family.validate_family`. No real person.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from shared.enums import LAKI_LAKI
from shared.fake import fake_family
from shared.family_fields import MAX_NAME

LONG_MALE = (
    "SYARIF MUHAMMAD ABDURRAHMAN HAMID AL-QADRIE BIN SYARIF ABUBAKAR",
    "MUHAMMAD RIZKY ANANDA PRATAMA PUTRA SETIAWAN WIJAYAKUSUMA HADININGRAT",
    "ANTONIUS BENEDIKTUS FRANSISKUS XAVERIUS LIM TJHAI KHIONG SUTANTO",
    "MA'RUF AL-HABSYI",
    "YOHANES BAPTISTA ANYUK DJUWEK ANAK LAKI-LAKI DARI DAYAK KANAYATN",
    "ABDUL RAHMAN HAJI MUHAMMAD SALEH DAENG MAKKATUTU ANDI PATTAWARI",
    "O",
)
LONG_FEMALE = (
    "SYARIFAH NUR'AINI FATIMAH AZ-ZAHRA BINTI SYARIF HUSEIN ALKADRIE",
    "R.A. SEKAR AYU KUSUMAWARDHANI DEWI SARASWATI NINGRUM, S.PD.",
    "FLORENTINA MARIA THERESIA APAY BUNGAN LAWING",
    "SITI NUR'AZIZAH KHAIRUNNISA MAULIDYA RAHMADHANI PUTRI HANDAYANI",
    "TJHIA SUI LIN",
)
LONG_NAMES = LONG_MALE + LONG_FEMALE
LONG_PLACE = "KABUPATEN KUBU RAYA (SUNGAI RAYA DALAM), KALIMANTAN BARAT"


def longest(name: str) -> str:
    """``name`` lengthened with more given names to exactly :data:`MAX_NAME` characters."""
    out = (name + " WIDJAJA KUSUMA ATMADJA NINGRAT SURYADI" * 3)[:MAX_NAME]
    return out[:-1] + "A" if out.endswith(" ") else out


def long_names_family(seed: int, members: int, *, today: date) -> dict[str, Any]:
    """A valid family of ``members`` whose names (and some places) are long."""
    family = fake_family(random.Random(seed), today=today, members=members)
    for i, m in enumerate(family["anggota"]):
        names = LONG_MALE if m["jenis_kelamin"] == LAKI_LAKI else LONG_FEMALE
        m["nama_lengkap"] = longest(names[0]) if i == 0 else names[i % len(names)]
        m["nama_ayah"] = LONG_MALE[(i + 1) % len(LONG_MALE)]
        m["nama_ibu"] = LONG_FEMALE[(i + 2) % len(LONG_FEMALE)]
        if i % 3 == 1:
            m["tempat_lahir"] = LONG_PLACE
    family["alamat"] = (
        "JL. SULTAN SYARIF ABDURRAHMAN GG. H. MUHAMMAD SALEH NO. 117A, KOMPLEK BERSATU"
    )
    return family
