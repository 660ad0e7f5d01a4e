"""NIK and Nomor KK: the 16-digit numbers on a KK, their structure and checks.

A NIK (Nomor Induk Kependudukan, the personal ID number) reads::

    61 71 01 570890 0003
    |  |  |  |      serial, from 0001
    |  |  |  birth date DDMMYY, with 40 added to DD for women (17 Aug 1990 -> 570890)
    |  |  kecamatan (district) where first registered
    |  regency / city
    province

A Nomor KK (the family card number) starts with the issuing region's 6-digit
code; the next six digits are, by common reading, the registration date
DDMMYY and the last four a serial. That reading is *uncertain* for old cards,
so its date check is configurable (:data:`NOMOR_KK_DATE_RULES`).

A NIK only has two digits of the birth year: the century is taken from the
member's own birth date when checking consistency, otherwise the most recent
past year is assumed (:meth:`NikInfo.birth_date`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from typing import Literal

from shared.enums import LAKI_LAKI, PEREMPUAN
from shared.errors import ValidationError
from shared.regions import is_known_province, is_known_region, province_name

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40

RegionRule = Literal["warn", "error", "ignore"]
DateRule = Literal["strict", "lenient", "off"]
NOMOR_KK_DATE_RULES: tuple[DateRule, ...] = ("strict", "lenient", "off")


@dataclass(frozen=True)
class NikInfo:
    """What a well-formed NIK says: region, sex, birth day and month, 2-digit year."""

    nik: str
    province: str  # 2 digits
    regency: str  # 4 digits
    district: str  # 6 digits, the kecamatan
    day: int  # the real day of month (the 40 for women removed)
    month: int
    year2: int  # the last two digits of the birth year
    sex: str  # LAKI-LAKI or PEREMPUAN
    serial: str  # 4 digits

    def matches(self, birth_date: date) -> bool:
        """Whether the NIK's DDMMYY is ``birth_date`` (any century)."""
        return (birth_date.day, birth_date.month, birth_date.year % 100) == (
            self.day,
            self.month,
            self.year2,
        )

    def birth_date(self, *, today: date, hint: date | None = None) -> date:
        """The birth date, the century resolved by ``hint`` or else the most recent past year."""
        if hint is not None and self.matches(hint):
            return hint
        candidates = [d for d in _dates(self.day, self.month, self.year2) if d <= today]
        if candidates:
            return max(candidates)
        return min(_dates(self.day, self.month, self.year2))


def _dates(day: int, month: int, year2: int) -> list[date]:
    """The real dates DD-MM-YY can be, in the 1900s and 2000s."""
    out = []
    for century in (1900, 2000):
        with contextlib.suppress(ValueError):
            out.append(date(century + year2, month, day))
    return out


def _digits(text: str, *, kind: str, field: str, member: int | None) -> str:
    """``text`` stripped, checked to be exactly 16 digits (``kind`` names the number)."""
    value = text.strip()
    if not value:
        raise ValidationError(f"{kind}.required", field=field, member=member)
    bad = next((ch for ch in value if not ("0" <= ch <= "9")), None)
    if bad is not None:
        raise ValidationError(f"{kind}.not_digits", field=field, member=member, found=bad)
    if len(value) != NIK_LENGTH:
        raise ValidationError(f"{kind}.length", field=field, member=member, length=len(value))
    return value


def _region(value: str, *, kind: str, field: str, member: int | None) -> None:
    if not is_known_province(value[:2]):
        raise ValidationError(
            f"{kind}.province_unknown", field=field, member=member, code=value[:2]
        )
    if value[2:4] == "00" or value[4:6] == "00":
        raise ValidationError(f"{kind}.region_invalid", field=field, member=member, code=value[:6])


def parse_nik(text: str, *, field: str = "nik", member: int | None = None) -> NikInfo:
    """Read a NIK, raising :class:`ValidationError` on the first thing wrong with it.

    Checked: present, digits only, 16 long, known province, no ``00`` regency
    or kecamatan, a possible birth date (day 01–31 for men, 41–71 for women),
    a serial other than ``0000``. Surrounding spaces are ignored.
    """
    if not isinstance(text, str):
        raise ValidationError("nik.not_text", field=field, member=member)
    value = _digits(text, kind="nik", field=field, member=member)
    _region(value, kind="nik", field=field, member=member)
    dd, mm, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    sex = PEREMPUAN if dd > FEMALE_DAY_OFFSET else LAKI_LAKI
    day = dd - FEMALE_DAY_OFFSET if sex == PEREMPUAN else dd
    if day < 1 or not _dates(day, mm, yy):
        raise ValidationError("nik.date_invalid", field=field, member=member, ddmmyy=value[6:12])
    if value[12:] == "0000":
        raise ValidationError("nik.serial_zero", field=field, member=member)
    return NikInfo(
        nik=value,
        province=value[:2],
        regency=value[:4],
        district=value[:6],
        day=day,
        month=mm,
        year2=yy,
        sex=sex,
        serial=value[12:],
    )


@dataclass(frozen=True)
class NikCheck:
    """The outcome of :func:`check_nik`: errors block, warnings only inform."""

    errors: tuple[ValidationError, ...] = ()
    warnings: tuple[ValidationError, ...] = ()
    info: NikInfo | None = None

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors


def check_nik(
    nik: str,
    *,
    sex: str | None,
    birth_date: date | None,
    field: str = "nik",
    member: int | None = None,
    unknown_region: RegionRule = "warn",
) -> NikCheck:
    """Check a NIK on its own and against the member's sex and birth date.

    ``sex`` or ``birth_date`` may be ``None`` (not known or itself invalid):
    that comparison is then skipped. A kecamatan code not in the region table
    is a warning by default (people move, and the table holds only Kalimantan
    Barat in detail); ``unknown_region="error"`` makes it an error.
    """
    try:
        info = parse_nik(nik, field=field, member=member)
    except ValidationError as err:
        return NikCheck(errors=(err,))
    errors: list[ValidationError] = []
    warnings: list[ValidationError] = []
    if sex in (LAKI_LAKI, PEREMPUAN) and sex != info.sex:
        errors.append(
            ValidationError(
                "nik.sex_mismatch", field=field, member=member, nik_sex=info.sex, sex=sex
            )
        )
    if birth_date is not None and not info.matches(birth_date):
        errors.append(
            ValidationError(
                "nik.birth_mismatch",
                field=field,
                member=member,
                nik_date=f"{info.day:02d}-{info.month:02d}-{info.year2:02d}",
                birth_date=birth_date.strftime("%d-%m-%y"),
            )
        )
    if unknown_region != "ignore" and not is_known_region(info.district):
        problem = ValidationError(
            "nik.region_unknown",
            field=field,
            member=member,
            code=info.district,
            province=province_name(info.province) or info.province,
        )
        (errors if unknown_region == "error" else warnings).append(problem)
    return NikCheck(errors=tuple(errors), warnings=tuple(warnings), info=info)


def check_nomor_kk(
    text: str, *, field: str = "nomor_kk", date_rule: DateRule = "lenient"
) -> list[ValidationError]:
    """Check a Nomor KK; an empty list means it is acceptable.

    Always checked: 16 digits, a known province, no ``00`` regency or
    kecamatan. The middle DDMMYY (registration date by common reading, not
    certain for old cards) depends on ``date_rule``: ``"strict"`` requires a
    real calendar date; ``"lenient"`` (default) only day 01–31 and month
    01–12; ``"off"`` skips it.
    """
    if not isinstance(text, str):
        return [ValidationError("nomor_kk.not_text", field=field)]
    try:
        value = _digits(text, kind="nomor_kk", field=field, member=None)
        _region(value, kind="nomor_kk", field=field, member=None)
    except ValidationError as err:
        return [err]
    dd, mm, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    if date_rule == "strict":
        bad_date = not _dates(dd, mm, yy)
    elif date_rule == "lenient":
        bad_date = not (1 <= dd <= 31 and 1 <= mm <= 12)
    else:
        bad_date = False
    if bad_date:
        return [ValidationError("nomor_kk.date_invalid", field=field, ddmmyy=value[6:12])]
    return []


def make_nik(district: str, birth_date: date, sex: str, serial: int) -> str:
    """Compose a NIK from its parts (for tests, demos and the simulator)."""
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == PEREMPUAN else 0)
    return f"{district}{day:02d}{birth_date:%m%y}{serial:04d}"


def mask_nik(nik: str) -> str:
    """Hide the middle of a NIK for anything that leaves the office: ``6171**********01``.

    The first 4 digits (regency) and the last 2 stay visible; a value too
    short to keep anything private is masked entirely.
    """
    value = "".join(str(nik).split())
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]
