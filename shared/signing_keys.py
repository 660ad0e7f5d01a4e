"""The office's signing key pair on disk: created once, loaded with its passphrase.

The Kepala Dinas signs every KK with an Ed25519 key pair (``kk keys init``).
A keys folder holds:

- ``signing-key.pem``: the private key, PKCS#8 encrypted with the passphrase
  (the best encryption ``cryptography`` offers), mode ``0600``;
- ``signing-key.pub.pem``: its public key, which ``kk verify`` and the kiosk
  need (copy it, alone, to any machine that verifies);
- ``retired-<key id>.pub.pem``: public keys replaced by ``kk keys init
  --force``, kept so KKs signed before the change still verify.

The folder is never inside the store: the store is backed up and shared
between processes, and the private key must stay on the signing station.
The command line chooses it as ``--keys DIR``, else ``$KK_KEYS``, else the
folder ``keys`` next to the store folder (``data/keys`` for the default
``data/store``); see :func:`keys_folder`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from shared.errors import DomainError

PRIVATE_FILE = "signing-key.pem"
PUBLIC_FILE = "signing-key.pub.pem"
RETIRED_PATTERN = "retired-{key_id}.pub.pem"
KEYS_ENV = "KK_KEYS"
MIN_PASSPHRASE = 8
KEY_ID_HEX = 8  # 32 bits: enough to tell the office's keys apart, not a security margin


class SigningKeyError(DomainError):
    """The key files cannot be created or used (missing, damaged, wrong passphrase)."""

    key = "signing.key_error"


def raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex, in groups of four for reading aloud."""
    digest = hashlib.sha256(raw_public(public)).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def key_id(public: Ed25519PublicKey) -> str:
    """The short id a signature names its key by: the fingerprint's first 8 hex digits."""
    return hashlib.sha256(raw_public(public)).hexdigest()[:KEY_ID_HEX]


@dataclass(frozen=True)
class Signer:
    """A loaded private key, ready to sign (keep it only as long as needed)."""

    private: Ed25519PrivateKey
    key_id: str

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()


def keys_folder(explicit: str | Path | None, store: Path) -> Path:
    """Where the keys live: ``explicit``, else ``$KK_KEYS``, else ``<store's parent>/keys``.

    Refused (:class:`SigningKeyError`) when that folder is the store or inside it.
    """
    text = str(explicit) if explicit else os.environ.get(KEYS_ENV, "").strip()
    folder = Path(text).expanduser() if text else store.parent / "keys"
    folder, store = folder.absolute(), store.absolute()
    # resolved: a symlink into the store is inside it too
    if store.resolve() in (folder.resolve(), *folder.resolve().parents):
        raise SigningKeyError("signing.keys_in_store", folder=str(folder), store=str(store))
    return folder


def init_keys(folder: str | Path, passphrase: str, *, force: bool = False) -> Signer:
    """Create a new key pair in ``folder``; refuse to replace one unless ``force``.

    With ``force`` the old public key is kept as ``retired-<id>.pub.pem``.
    """
    folder = Path(folder)
    if len(passphrase) < MIN_PASSPHRASE:
        raise SigningKeyError("signing.passphrase_short", minimum=MIN_PASSPHRASE)
    private_path, public_path = folder / PRIVATE_FILE, folder / PUBLIC_FILE
    if (private_path.exists() or public_path.exists()) and not force:
        raise SigningKeyError("signing.key_exists", path=str(private_path))
    private = Ed25519PrivateKey.generate()
    signer = Signer(private, key_id(private.public_key()))
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if public_path.exists():
            _retire(folder, public_path)
        _write(private_path, pem, 0o600)
        _write(public_path, public_pem, 0o644)
    except OSError as exc:
        raise SigningKeyError(
            "signing.cannot_write", path=str(folder), error=exc.strerror
        ) from None
    return signer


def _retire(folder: Path, public_path: Path) -> None:
    try:
        old = _public_from(public_path)
    except SigningKeyError:
        return  # a damaged public file is simply replaced
    target = folder / RETIRED_PATTERN.format(key_id=key_id(old))
    if not target.exists():
        os.replace(public_path, target)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write through a temporary file created with ``mode``, then rename: never half a key."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, mode)  # whatever the umask
    os.replace(tmp, path)


def load_signer(folder: str | Path, passphrase: str) -> Signer:
    """The private key of ``folder``, decrypted; a clear error if it cannot be."""
    path = Path(folder) / PRIVATE_FILE
    data = _read(path)
    try:
        private = serialization.load_pem_private_key(data, passphrase.encode("utf-8"))
    except TypeError:  # stored without encryption: never written by us
        raise SigningKeyError("signing.key_unencrypted", path=str(path)) from None
    except ValueError as exc:
        wrong = "password" in str(exc).lower()
        key = "signing.wrong_passphrase" if wrong else "signing.key_damaged"
        raise SigningKeyError(key, path=str(path)) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningKeyError("signing.key_damaged", path=str(path))
    signer = Signer(private, key_id(private.public_key()))
    public_path = Path(folder) / PUBLIC_FILE
    if public_path.exists() and key_id(_public_from(public_path)) != signer.key_id:
        raise SigningKeyError("signing.key_mismatch", path=str(public_path))
    return signer


def load_public_keys(folder: str | Path) -> dict[str, Ed25519PublicKey]:
    """Every public key of ``folder`` (current and retired), by key id."""
    folder = Path(folder)
    paths = sorted(folder.glob("*.pub.pem")) if folder.is_dir() else []
    if not paths:
        raise SigningKeyError("signing.no_public_key", path=str(folder / PUBLIC_FILE))
    keys = [_public_from(p) for p in paths]
    return {key_id(k): k for k in keys}


def current_public_key(folder: str | Path) -> Ed25519PublicKey:
    """The public key now in use (``signing-key.pub.pem``)."""
    return _public_from(Path(folder) / PUBLIC_FILE)


def has_private_key(folder: str | Path) -> bool:
    return (Path(folder) / PRIVATE_FILE).exists()


def _public_from(path: Path) -> Ed25519PublicKey:
    try:
        public = serialization.load_pem_public_key(_read(path))
    except ValueError:
        raise SigningKeyError("signing.key_damaged", path=str(path)) from None
    if not isinstance(public, Ed25519PublicKey):
        raise SigningKeyError("signing.key_damaged", path=str(path))
    return public


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SigningKeyError("signing.no_key", path=str(path)) from None
    except OSError as exc:
        raise SigningKeyError("signing.cannot_read", path=str(path), error=exc.strerror) from None
