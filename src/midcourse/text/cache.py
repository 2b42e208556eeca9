"""A cache of per-text results (embeddings) keyed by text hash and model version.

It lives in the user's cache directory (MIDCOURSE_CACHE overrides). A damaged or foreign cache
file is set aside and rebuilt, never fatal: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
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
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


class VectorCache:
    """Vectors by (model version, text) in one SQLite file."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_dir() / "embeddings.sqlite"
        self.conn = self._open()

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
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
        out: dict[str, NDArray[np.float32]] = {}
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for key, d, data in self.conn.execute(
                        f"SELECT key, dim, data FROM vectors WHERE key IN ({marks})", chunk):
                    if d == dim and len(data) == dim * 4:
                        out[key] = np.frombuffer(data, dtype=np.float32)
        except sqlite3.DatabaseError:
            return out
        return out

    def put(self, items: dict[str, NDArray[np.float32]]) -> None:
        if self.conn is None or not items:
            return
        try:
            self.conn.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(k, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])
            self.conn.commit()
        except sqlite3.DatabaseError:
            pass

    def forget(self, keys: Iterable[str]) -> int:
        """Delete these entries; returns how many there were."""
        keys = list(keys)
        if self.conn is None or not keys:
            return 0
        removed = 0
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                removed += self.conn.execute(
                    f"DELETE FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk).rowcount
            self.conn.commit()
        except sqlite3.DatabaseError:
            return removed
        return removed

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
