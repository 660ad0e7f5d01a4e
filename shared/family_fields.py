"""Reading one field of a raw family record: type, presence, format, normalisation.

Used by :mod:`shared.family`. A :class:`FieldReader` wraps one JSON object
(the family header or one member) and reads its fields one by one; every
problem is added to a shared :class:`Problems` list instead of being raised,
so a record reports all its failures at once. Each reader returns the
normalised value, or ``None`` when the field is absent (optional) or invalid.
:func:`check_address` adds the (non-blocking) warnings about the address.

Normalisation: strings are trimmed and inner runs of spaces collapsed; names,
places and addresses are upper-cased (the KK is printed in capitals) and
accents dropped ("JOSÉ" → "JOSE"); RT/RW are zero-padded to three digits
("3" → "003"); enumeration values get SIAK's exact spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.enums import ENUMS, canonical
from shared.errors import ValidationError
from shared.regions import (
    KALIMANTAN_BARAT,
    KOTA_PONTIANAK,
    kecamatan_by_name,
    kelurahan_by_name,
    name_key,
    province_name,
    regency_name,
)

MAX_TEXT = 120  # alamat, and any free text
MAX_NAME = 80
MAX_DOCUMENT = 30

_NAME = re.compile(r"[A-Z][A-Z .,'-]*")
_PLACE = re.compile(r"[A-Z0-9][A-Z0-9 .,'()/-]*")
_DOCUMENT = re.compile(r"[A-Z0-9][A-Z0-9./-]*")
# [0-9], not \d: \d also matches other scripts' digits ("٣"), which a KK cannot print.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RTRW = re.compile(r"[0-9]{1,3}")
_KODE_POS = re.compile(r"[0-9]{5}")
SHORT_CHOICE_LIST = 15  # longer lists are not spelled out in the message


@dataclass
class Problems:
    """Errors (which block) and warnings (which do not) found so far."""

    errors: list[ValidationError] = field(default_factory=list)
    warnings: list[ValidationError] = field(default_factory=list)


def shown(value: Any, limit: int = 40) -> str:
    """A short printable form of what was typed, for a message (never raises)."""
    if isinstance(value, str):
        text = value[: limit * 2]
    elif isinstance(value, list | tuple):
        text = "[...]"
    elif isinstance(value, Mapping):
        text = "{...}"
    elif value is None or isinstance(value, bool | int | float):
        try:
            text = repr(value)
        except ValueError:  # an integer too long to print
            text = "..."
    else:
        text = f"<{type(value).__name__}>"
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ascii_upper(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


class FieldReader:
    """Reads the fields of one JSON object (header: ``member=None``; member: 1-based)."""

    def __init__(self, data: Mapping[str, Any], member: int | None, problems: Problems) -> None:
        self.data = data
        self.member = member
        self.problems = problems

    def error(self, key: str, field: str, **params: Any) -> None:
        """Record an error about ``field`` of this object."""
        self.problems.errors.append(ValidationError(key, field=field, member=self.member, **params))

    def warn(self, key: str, field: str, **params: Any) -> None:
        """Record a warning about ``field`` of this object."""
        self.problems.warnings.append(
            ValidationError(key, field=field, member=self.member, **params)
        )

    def raw_text(self, name: str, *, required: bool = True) -> str | None:
        """The field as a trimmed string with single spaces; ``None`` if absent or wrong."""
        value = self.data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error("family.required", name)
            return None
        if not isinstance(value, str):
            self.error("family.not_text", name, value=shown(value))
            return None
        return " ".join(value.split())

    def text(self, name: str, *, required: bool = True, max_len: int = MAX_TEXT) -> str | None:
        """Free text (the address): printable, upper-cased, at most ``max_len`` long."""
        value = self.raw_text(name, required=required)
        if value is None:
            return None
        if not value.isprintable():
            self.error("family.bad_chars", name, value=shown(value))
            return None
        if len(value) > max_len:
            self.error("family.too_long", name, max=max_len, length=len(value))
            return None
        return value.upper()

    def _pattern(self, name: str, pattern: re.Pattern[str], key: str, max_len: int) -> str | None:
        value = self.raw_text(name)
        if value is None:
            return None
        upper = _ascii_upper(value)
        if len(upper) > max_len:
            self.error("family.too_long", name, max=max_len, length=len(upper))
            return None
        if not pattern.fullmatch(upper):
            self.error(key, name, value=shown(value))
            return None
        return upper

    def name(self, name: str, *, allow_unknown: bool = False) -> str | None:
        """A person's name: letters plus ``' . , -`` and spaces, upper-cased.

        With ``allow_unknown`` (the parents' names) a lone ``-`` says "not known".
        """
        value = self.data.get(name)
        if allow_unknown and isinstance(value, str) and value.strip() == "-":
            return "-"
        return self._pattern(name, _NAME, "family.name_chars", MAX_NAME)

    def place(self, name: str) -> str | None:
        """A place or region name: letters, digits and common punctuation, upper-cased."""
        return self._pattern(name, _PLACE, "family.place_chars", MAX_NAME)

    def choice(self, name: str) -> str | None:
        """A value of the enumeration ``name``, in SIAK's spelling."""
        value = self.raw_text(name)
        if value is None:
            return None
        found = canonical(name, value)
        if found is None:
            allowed = ENUMS[name]
            if len(allowed) <= SHORT_CHOICE_LIST:
                self.error("family.choice", name, value=shown(value), choices=", ".join(allowed))
            else:
                self.error("family.choice_long", name, value=shown(value))
        return found

    def date(self, name: str, *, required: bool = True) -> date | None:
        """An ISO date ``YYYY-MM-DD`` that exists in the calendar."""
        value = self.raw_text(name, required=required)
        if value is None:
            return None
        if _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error("family.date_format", name, value=shown(value))
        return None

    def rt_rw(self, name: str) -> str | None:
        """An RT or RW number, 1 to 3 digits, stored zero-padded ("3" → "003")."""
        value = self.raw_text(name)
        if value is None:
            return None
        if not _RTRW.fullmatch(value) or int(value) == 0:
            self.error("family.rt_rw_format", name, value=shown(value))
            return None
        return value.zfill(3)

    def kode_pos(self, name: str) -> str | None:
        """A postcode: exactly five digits."""
        value = self.raw_text(name)
        if value is not None and not _KODE_POS.fullmatch(value):
            self.error("family.kode_pos_format", name, value=shown(value))
            return None
        return value

    def document(self, name: str) -> str | None:
        """An optional passport or KITAS/KITAP number: letters, digits, ``. / -``."""
        value = self.raw_text(name, required=False)
        if value is None:
            return None
        compact = value.replace(" ", "").upper()
        if len(compact) > MAX_DOCUMENT:
            self.error("family.too_long", name, max=MAX_DOCUMENT, length=len(compact))
            return None
        if not _DOCUMENT.fullmatch(compact):
            self.error("family.document_format", name, value=shown(value))
            return None
        return compact

    def unknown_keys(self, allowed: tuple[str, ...], where: str) -> None:
        """Report every key that is not a field of this object (a likely typo)."""
        for key in self.data:
            if key not in allowed:
                self.error("family.unknown_field", where, name=shown(key))


def check_address(h: dict[str, Any], r: FieldReader) -> None:
    """Warn about an address outside Kota Pontianak; use the table's spelling of names."""
    kec = kecamatan_by_name(h["kecamatan"]) if h["kecamatan"] else None
    if h["kecamatan"] and kec is None:
        r.warn("address.kecamatan_unknown", "kecamatan", value=h["kecamatan"])
    if kec is not None:
        h["kecamatan"] = kec.name
    kel = kelurahan_by_name(h["kelurahan"], kec.code) if kec and h["kelurahan"] else None
    if kec is not None and h["kelurahan"] and kel is None:
        r.warn("address.kelurahan_unknown", "kelurahan", value=h["kelurahan"], kecamatan=kec.name)
    if kel is not None:
        h["kelurahan"] = kel.name
        if h["kode_pos"] and h["kode_pos"] != kel.kode_pos:
            r.warn(
                "address.kode_pos_mismatch",
                "kode_pos",
                value=h["kode_pos"],
                expected=kel.kode_pos,
                kelurahan=kel.name,
            )
    city = regency_name(KOTA_PONTIANAK) or ""
    if h["kabupaten_kota"] and name_key(h["kabupaten_kota"]) != name_key(city):
        r.warn("address.outside_city", "kabupaten_kota", value=h["kabupaten_kota"], city=city)
    province = province_name(KALIMANTAN_BARAT) or ""
    if h["provinsi"] and name_key(h["provinsi"]) != name_key(province):
        r.warn("address.outside_province", "provinsi", value=h["provinsi"], province=province)
