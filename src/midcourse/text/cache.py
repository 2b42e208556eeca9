"""A cache of per-text results (embeddings) keyed by text hash and model version.

It lives in the user's cache directory (MIDCOURSE_CACHE overrides), a file only its user can read.
A damaged or foreign cache file is set aside and rebuilt, never fatal: the cache only ever saves
time. When the record is encrypted, the cache is keyed with a secret (`use_secret`): keys are
HMACs, so a key no longer confirms a guessed sentence, and vectors are encrypted (AES-GCM).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

FORMAT = "midcourse-cache/1"


def default_dir() -> Path:
    from midcourse.paths import cache_dir

    return cache_dir()


def text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()


_SECRET: list[bytes] = []


def use_secret(secret: bytes | None) -> None:
    """Key every cache of this process with a secret (an encrypted record's), or with none again."""
    _SECRET[:] = [secret] if secret else []


class VectorCache:
    """Vectors by (model version, text) in one SQLite file."""

    def __init__(self, path: str | Path | None = None, secret: bytes | None = None):
        self.path = Path(path) if path is not None else default_dir() / "embeddings.sqlite"
        self._default = path is None
        self._secret = secret
        self.conn = self._open()

    def _key(self) -> bytes | None:
        return self._secret if self._secret is not None else (_SECRET[0] if _SECRET else None)

    def _stored(self, key: str) -> str:
        secret = self._key()
        return key if secret is None else "k:" + hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()

    def _open(self) -> sqlite3.Connection | None:
        try:
            if not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, mode=0o700)
            elif self._default and self.path.parent.stat().st_mode & 0o077:
                os.chmod(self.path.parent, 0o700)  # midcourse's own cache folder
            if not self.path.exists():  # readable by its user only: it is derived from private words
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            return self._connect()
        except (sqlite3.DatabaseError, OSError, ValueError):
            # Damaged or foreign: move it aside and start again; if even that fails, run uncached.
            try:
                self.path.replace(self.path.with_suffix(".damaged"))
                return self._connect()
            except (sqlite3.DatabaseError, OSError, ValueError):
                return None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path)
        conn.execute("PRAGMA secure_delete=ON")  # a forgotten vector is overwritten, not left in the file
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER NOT NULL, "
                     "data BLOB NOT NULL)")
        found = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if found is None:
            conn.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
            conn.commit()
        elif found[0] != FORMAT:
            conn.close()
            raise ValueError(f"{self.path}: not a {FORMAT} cache")
        return conn

    def get(self, keys: Iterable[str], dim: int) -> dict[str, NDArray[np.float32]]:
        """The cached vectors among keys (of the right dimension)."""
        keys = list(keys)
        if self.conn is None or not keys:
            return {}
        by_stored = {self._stored(k): k for k in keys}
        secret = self._key()
        out: dict[str, NDArray[np.float32]] = {}
        try:
            stored = list(by_stored)
            for i in range(0, len(stored), 500):
                chunk = stored[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for key, d, data in self.conn.execute(
                        f"SELECT key, dim, data FROM vectors WHERE key IN ({marks})", chunk):
                    if d != dim:
                        continue
                    raw = _open_vector(secret, key, data) if secret is not None else data
                    if raw is not None and len(raw) == dim * 4:
                        out[by_stored[key]] = np.frombuffer(raw, dtype=np.float32)
        except sqlite3.DatabaseError:
            return out
        return out

    def put(self, items: dict[str, NDArray[np.float32]]) -> None:
        if self.conn is None or not items:
            return
        secret = self._key()
        rows = []
        for k, v in items.items():
            key, data = self._stored(k), np.asarray(v, dtype=np.float32).tobytes()
            rows.append((key, int(v.shape[0]), _seal_vector(secret, key, data) if secret is not None else data))
        try:
            self.conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
            self.conn.commit()
        except sqlite3.DatabaseError:
            pass

    def forget(self, keys: Iterable[str]) -> int:
        """Delete these entries, keyed or not (cached before encryption was on); returns how many
        there were. The file is compacted afterwards, so nothing of them stays in it."""
        given = list(keys)
        keys = list(dict.fromkeys([self._stored(k) for k in given] + given))
        if self.conn is None or not keys:
            return 0
        removed = 0
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                removed += self.conn.execute(
                    f"DELETE FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk).rowcount
            self.conn.commit()
            if removed:
                self.conn.execute("VACUUM")
        except sqlite3.DatabaseError:
            return removed
        return removed

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _cipher(secret: bytes) -> object:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(hmac.new(secret, b"vectors", hashlib.sha256).digest())


def _seal_vector(secret: bytes, key: str, data: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + _cipher(secret).encrypt(nonce, data, key.encode())  # type: ignore[attr-defined, no-any-return]


def _open_vector(secret: bytes, key: str, data: bytes) -> bytes | None:
    from cryptography.exceptions import InvalidTag

    try:
        return _cipher(secret).decrypt(data[:12], data[12:], key.encode())  # type: ignore[attr-defined, no-any-return]
    except (InvalidTag, ValueError):
        return None  # not ours (another secret) or damaged: computed again, never fatal
