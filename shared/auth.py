"""Staff PINs: salted, slow hashes (scrypt) and the lock-out after failures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_pin(pin: str, *, n: int | None = None) -> str:
    """A self-describing salted scrypt hash of ``pin`` (cost ``SCRYPT_N`` unless given)."""
    n = n or SCRYPT_N
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            pin.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


_decoys: dict[int, str] = {}


def decoy_hash() -> str:
    """A hash of no one's PIN at today's cost: checked for an unknown ID, so it takes as long."""
    n = SCRYPT_N
    if n not in _decoys:
        _decoys[n] = hash_pin(secrets.token_hex(8), n=n)
    return _decoys[n]
