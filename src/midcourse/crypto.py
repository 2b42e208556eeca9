"""Free text encrypted at rest: AES-256-GCM per field, the key derived from a passphrase (scrypt).

Dates, statuses and ratings stay readable (the database must order and match them); every free
text — notes, reasons, journal entries and tags, defense notes, the client's name, what was read
from a vault — is stored as `enc:v2:` + base64(nonce + ciphertext). Each value is bound by AES-GCM's
associated data to where it belongs (record, table, field and row), so a value moved to another
field, row or client no longer decrypts. Names that must be looked up (a client's key, a vault
note's path) are stored as keyed hashes (HMAC-SHA256 under a key derived from the same secret).
The passphrase is never stored; a token encrypted with the key tells a wrong passphrase from a
right one. Values written by earlier versions (`enc:v1:`, without associated data) still decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc:v2:"
LEGACY_PREFIX = "enc:v1:"  # no associated data (midcourse before 0.2)
CHECK = "midcourse"
CHECK_WHERE = "meta.check"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
NONCE = 12


class CryptoError(ValueError):
    """A wrong passphrase, or a value that cannot be decrypted."""


class Cipher:
    """Encrypts and decrypts text fields with one key, and derives keyed hashes from it."""

    def __init__(self, key: bytes):
        self._aead = AESGCM(key)
        self._mac_key = hmac.new(key, b"midcourse/hmac", hashlib.sha256).digest()
        self._key = key

    @classmethod
    def from_passphrase(cls, passphrase: str, salt: bytes, n: int = SCRYPT_N) -> Cipher:
        key = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32,
                             maxmem=256 * 1024 * 1024)
        return cls(key)

    def encrypt(self, text: str, where: str = "") -> str:
        """The text sealed to `where` (its associated data: record, table, field, row)."""
        nonce = secrets.token_bytes(NONCE)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), where.encode("utf-8"))
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, value: str, where: str = "") -> str:
        """The text of a sealed value (one written before encryption was on is returned as it is);
        raises CryptoError for a wrong key, a value moved from elsewhere, or a damaged value."""
        if value.startswith(PREFIX):
            aad: bytes | None = where.encode("utf-8")
            body = value[len(PREFIX):]
        elif value.startswith(LEGACY_PREFIX):
            aad, body = None, value[len(LEGACY_PREFIX):]
        else:
            return value  # written before encryption was turned on
        try:
            raw = base64.b64decode(body, validate=True)
            if len(raw) < NONCE + 16:
                raise CryptoError("a stored value is damaged (too short to be encrypted text)")
            return self._aead.decrypt(raw[:NONCE], raw[NONCE:], aad).decode("utf-8")
        except InvalidTag as exc:
            raise CryptoError("a stored value could not be decrypted with this passphrase") from exc
        except (binascii.Error, ValueError) as exc:
            if isinstance(exc, CryptoError):
                raise
            raise CryptoError("a stored value is damaged (not valid encrypted text)") from exc

    def mac(self, purpose: str, text: str) -> str:
        """A keyed hash of a name (hex): the same name gives the same hash, and without the
        passphrase the hash confirms nothing."""
        message = f"{purpose}\x00{text}".encode("utf-8", "surrogatepass")
        return hmac.new(self._mac_key, message, hashlib.sha256).hexdigest()

    def derive(self, purpose: str) -> bytes:
        """A 32-byte key for another use (the embedding cache), independent of this one."""
        return hmac.new(self._key, f"midcourse/derive/{purpose}".encode(), hashlib.sha256).digest()


def new_settings(passphrase: str, n: int = SCRYPT_N) -> tuple[str, Cipher]:
    """The (JSON) record of how the key is derived, with a check token, and the cipher itself."""
    salt = os.urandom(16)
    cipher = Cipher.from_passphrase(passphrase, salt, n)
    meta = {"kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode("ascii"), "check": cipher.encrypt(CHECK, CHECK_WHERE)}
    return json.dumps(meta), cipher


def open_settings(meta_json: str, passphrase: str) -> Cipher:
    """The cipher for stored settings; raises CryptoError for a wrong passphrase or damaged settings."""
    try:
        meta = json.loads(meta_json)
        salt = base64.b64decode(meta["salt"], validate=True)
        n = int(meta["n"])
        check = str(meta["check"])
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise CryptoError("the encryption settings stored in the database are damaged") from exc
    if not (2 <= n <= 2**20 and n & (n - 1) == 0):
        raise CryptoError("the encryption settings stored in the database are damaged")
    cipher = Cipher.from_passphrase(passphrase, salt, n)
    try:
        ok = cipher.decrypt(check, CHECK_WHERE) == CHECK
    except CryptoError:
        ok = False
    if not ok:
        raise CryptoError("wrong passphrase")
    return cipher
