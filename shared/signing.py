"""The KK's electronic signature and the QR code anyone can check offline.

What is signed
    The *canonical form* of the KK (:func:`canonical_kk`): compact JSON with
    sorted keys, UTF-8, of the Nomor KK, the issue date, the address of the
    header and, member by member in KK order, every column the KK prints.
    Its SHA-256 is the *digest*. The Ed25519 signature covers the QR text up
    to the signature itself, ``KK1|<nomor KK>|<YYYYMMDD>|<key id>|<digest>``,
    so the QR alone proves "this office issued KK <nomor> on <date> with this
    content digest", and the data (from the store, or a record) can then be
    matched against the digest.

The QR payload (:func:`qr_payload`), about 170 characters::

    KK1|6171012311260001|20261123|1a2b3c4d|<digest, 43 b64url>|<signature, 86 b64url>

Verifying (:func:`verify_payload`) gives a :class:`Verdict`: ``VALID``,
``ALTERED`` (our key named, but the signature or the data does not match) or
``NOT_OURS`` (not this format, or a key this office does not know).
Key files: :mod:`shared.signing_keys`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.errors import DomainError
from shared.i18n import t
from shared.signing_keys import Signer

FORMAT = "KK1"
ALGORITHM = "Ed25519"
SEPARATOR = "|"

# The columns the KK prints (domain-kk.md), fixed here: adding a field to the
# family record later must not change what old signatures cover.
HEADER_FIELDS = (
    "alamat", "rt", "rw", "kelurahan", "kecamatan", "kabupaten_kota", "provinsi", "kode_pos",
)  # fmt: skip
MEMBER_FIELDS = (
    "nik", "nama_lengkap", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "agama",
    "pendidikan", "jenis_pekerjaan", "golongan_darah", "status_perkawinan",
    "tanggal_perkawinan", "status_hubungan", "kewarganegaraan", "no_paspor",
    "no_kitas_kitap", "nama_ayah", "nama_ibu",
)  # fmt: skip


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if value is None or isinstance(value, bool | int | float):
        return value
    raise DomainError("signing.bad_family", detail=type(value).__name__)


def canonical_kk(family: Mapping[str, Any], nomor_kk: str, issued_on: date) -> bytes:
    """The deterministic bytes that stand for the KK's content (whatever the dict order)."""
    members = family.get("anggota") if isinstance(family, Mapping) else None
    if not isinstance(members, list) or not all(isinstance(m, Mapping) for m in members):
        raise DomainError("signing.bad_family", detail="anggota")
    doc: dict[str, Any] = {"format": FORMAT, "nomor_kk": nomor_kk, "issued_on": _value(issued_on)}
    doc.update({name: _value(family.get(name)) for name in HEADER_FIELDS})
    doc["anggota"] = [{name: _value(m.get(name)) for name in MEMBER_FIELDS} for m in members]
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def kk_digest(family: Mapping[str, Any], nomor_kk: str, issued_on: date) -> bytes:
    """SHA-256 of :func:`canonical_kk`."""
    return hashlib.sha256(canonical_kk(family, nomor_kk, issued_on)).digest()


def _signed_text(nomor_kk: str, issued_on: date, key_id: str, digest: str) -> str:
    return SEPARATOR.join((FORMAT, nomor_kk, f"{issued_on:%Y%m%d}", key_id, digest))


def sign_kk(
    signer: Signer,
    family: Mapping[str, Any],
    nomor_kk: str,
    issued_on: date,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The signature record kept on the case (``case.signature``)."""
    if not nomor_kk or not nomor_kk.isdigit() or len(nomor_kk) != 16:
        raise DomainError("signing.bad_nomor_kk", nomor_kk=nomor_kk or "-")
    digest = _b64(kk_digest(family, nomor_kk, issued_on))
    message = _signed_text(nomor_kk, issued_on, signer.key_id, digest)
    return {
        "format": FORMAT,
        "algorithm": ALGORITHM,
        "key_id": signer.key_id,
        "digest": digest,
        "signature": _b64(signer.private.sign(message.encode("ascii"))),
        "signed_at": (now or datetime.now(UTC)).isoformat(),
    }


def qr_payload(signature: Mapping[str, Any], nomor_kk: str, issued_on: date) -> str:
    """The text of the KK's QR code (compact, ASCII, about 170 characters)."""
    head = _signed_text(nomor_kk, issued_on, signature["key_id"], signature["digest"])
    return head + SEPARATOR + signature["signature"]


class Outcome(StrEnum):
    """What a verification concluded."""

    VALID = "VALID"
    ALTERED = "ALTERED"
    NOT_OURS = "NOT_OURS"


@dataclass(frozen=True)
class Verdict:
    """The answer of :func:`verify_payload`, with the reason as a catalogue key.

    ``data_checked``: the KK data itself was compared with the digest (not
    only the QR's own signature).
    """

    outcome: Outcome
    reason: str
    nomor_kk: str | None = None
    issued_on: date | None = None
    key_id: str | None = None
    data_checked: bool = False

    @property
    def valid(self) -> bool:
        return self.outcome == Outcome.VALID

    def message(self, lang: str | None = None) -> str:
        params = {
            "nomor_kk": self.nomor_kk or "-",
            "issued_on": f"{self.issued_on:%d-%m-%Y}" if self.issued_on else "-",
            "key_id": self.key_id or "-",
        }
        head = t(f"verify.{self.outcome.value.lower()}", lang, **params)
        return f"{head} {t(self.reason, lang, **params)}"

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "reason": self.reason,
            "message": self.message(lang),
            "nomor_kk": self.nomor_kk,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "key_id": self.key_id,
            "data_checked": self.data_checked,
        }


@dataclass(frozen=True)
class _Parsed:
    nomor_kk: str
    issued_on: date
    key_id: str
    digest: str
    signature: bytes
    signed_text: str


def _parse(text: str) -> _Parsed | None:
    parts = text.strip().split(SEPARATOR)
    if len(parts) != 6 or parts[0] != FORMAT:
        return None
    _, nomor, day, kid, digest, sig = parts
    if not (nomor.isdigit() and len(nomor) == 16 and day.isdigit() and len(day) == 8):
        return None
    try:
        issued = datetime.strptime(day, "%Y%m%d").date()
        signature = _unb64(sig)
        if len(_unb64(digest)) != 32 or len(signature) != 64:
            return None
    except (ValueError, binascii.Error):
        return None
    return _Parsed(nomor, issued, kid, digest, signature, SEPARATOR.join(parts[:5]))


def verify_payload(
    text: str,
    public_keys: Mapping[str, Ed25519PublicKey],
    *,
    family: Mapping[str, Any] | None = None,
    issued_on: date | None = None,
) -> Verdict:
    """Check a QR payload against the office's public keys, and the data if given.

    ``family`` (the record from the store, or one to check) is compared with
    the signed digest; its ``nomor_kk``, when present, and ``issued_on``,
    when given, with the payload's.
    """
    p = _parse(text)
    if p is None:
        return Verdict(Outcome.NOT_OURS, "verify.reason.format")

    def verdict(outcome: Outcome, reason: str, data_checked: bool = False) -> Verdict:
        return Verdict(outcome, reason, p.nomor_kk, p.issued_on, p.key_id, data_checked)

    public = public_keys.get(p.key_id)
    if public is None:
        return verdict(Outcome.NOT_OURS, "verify.reason.unknown_key")
    try:
        public.verify(p.signature, p.signed_text.encode("ascii"))
    except InvalidSignature:
        return verdict(Outcome.ALTERED, "verify.reason.signature")
    if family is None:
        return verdict(Outcome.VALID, "verify.reason.payload_only")
    if family.get("nomor_kk") not in (None, p.nomor_kk):
        return verdict(Outcome.ALTERED, "verify.reason.nomor_kk", True)
    if issued_on is not None and issued_on != p.issued_on:
        return verdict(Outcome.ALTERED, "verify.reason.issued_on", True)
    if _b64(kk_digest(family, p.nomor_kk, p.issued_on)) != p.digest:
        return verdict(Outcome.ALTERED, "verify.reason.data", True)
    return verdict(Outcome.VALID, "verify.reason.data_match", True)
