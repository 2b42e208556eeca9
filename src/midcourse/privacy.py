"""Privacy across storage and the text cache: deleting a record completely (its rows and what the
cache derived from its words), turning encryption on without leaving the words readable in the
cache, and keying the cache with the record's secret while an encrypted record is open."""

from __future__ import annotations

import datetime as dt

from midcourse.analysis.window import texts_of
from midcourse.record import Record
from midcourse.store import Store
from midcourse.text.cache import VectorCache, text_key, use_secret
from midcourse.text.embeddings import MODEL_ID
from midcourse.text.sentences import sentences


def cached_keys(record: Record) -> set[str]:
    """The cache keys of every text and sentence of a record (what the embedder may have stored)."""
    keys: set[str] = set()
    for t in texts_of(record, dt.date.max):
        keys.add(text_key(MODEL_ID, t.text))
        keys.update(text_key(MODEL_ID, s.strip()) for _, s in sentences(t.text))
    return keys


def delete_record(store: Store, key: str, cache: VectorCache | None = None) -> int:
    """Delete a client's record and the cached embeddings of its words; returns how many were cached."""
    record = store.load(key)
    cache = cache if cache is not None else VectorCache()
    try:
        forgotten = cache.forget(cached_keys(record))
    finally:
        cache.close()
    store.delete_client(key)
    return forgotten


def protect_cache(store: Store) -> None:
    """Key the embedding cache with the store's secret while its record is open (no-op unencrypted)."""
    use_secret(store.cache_secret())


def encrypt(store: Store, passphrase: str, cache: VectorCache | None = None, cost: int | None = None) -> int:
    """Encrypt the store's free text, client names and vault paths, and remove from the cache what it
    held of those words unkeyed (from now on it is keyed with the record's secret); returns how many
    cache entries were removed."""
    keys: set[str] = set()
    for name in store.clients():
        keys |= cached_keys(store.load(name))
    store.enable_encryption(passphrase, cost)
    cache = cache if cache is not None else VectorCache(secret=None)
    try:
        return cache.forget(keys)
    finally:
        cache.close()
        protect_cache(store)
