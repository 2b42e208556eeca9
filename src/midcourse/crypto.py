"""Free text encrypted at rest: AES-256-GCM per field, the key derived from a passphrase (scrypt).

Dates, statuses and ratings stay readable (the database must order and match them); every free
text — notes, reasons, journal entries and tags, defense notes, the client's name, what was read
from a vault — is stored as `enc:v1:` + base64(nonce + ciphertext). The passphrase is never stored;
a token encrypted with the key tells a wrong passphrase from a right one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc:v1:"
CHECK = "midcourse"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


class CryptoError(ValueError):
    """A wrong passphrase, or a value that cannot be decrypted."""


class Cipher:
    """Encrypts and decrypts text fields with one key."""

    def __init__(self, key: bytes):
        self._aead = AESGCM(key)

    @classmethod
    def from_passphrase(cls, passphrase: str, salt: bytes, n: int = SCRYPT_N) -> Cipher:
        key = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32,
                             maxmem=256 * 1024 * 1024)
        return cls(key)

    def encrypt(self, text: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), None)
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, value: str) -> str:
        if not value.startswith(PREFIX):
            return value  # written before encryption was turned on
        raw = base64.b64decode(value[len(PREFIX):])
        try:
            return self._aead.decrypt(raw[:12], raw[12:], None).decode("utf-8")
        except InvalidTag as exc:
            raise CryptoError("a stored value could not be decrypted with this passphrase") from exc


def new_settings(passphrase: str, n: int = SCRYPT_N) -> tuple[str, Cipher]:
    """The (JSON) record of how the key is derived, with a check token, and the cipher itself."""
    salt = os.urandom(16)
    cipher = Cipher.from_passphrase(passphrase, salt, n)
    meta = {"kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode("ascii"), "check": cipher.encrypt(CHECK)}
    return json.dumps(meta), cipher


def open_settings(meta_json: str, passphrase: str) -> Cipher:
    """The cipher for stored settings; raises CryptoError for a wrong passphrase."""
    meta = json.loads(meta_json)
    cipher = Cipher.from_passphrase(passphrase, base64.b64decode(meta["salt"]), int(meta["n"]))
    try:
        ok = cipher.decrypt(meta["check"]) == CHECK
    except CryptoError:
        ok = False
    if not ok:
        raise CryptoError("wrong passphrase")
    return cipher
