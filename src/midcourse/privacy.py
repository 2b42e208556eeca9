"""Deleting a record completely: its rows and what the text cache derived from its words."""

from __future__ import annotations

import datetime as dt

from midcourse.analysis.window import texts_of
from midcourse.record import Record
from midcourse.store import Store
from midcourse.text.cache import VectorCache, text_key
from midcourse.text.embeddings import MODEL_ID
from midcourse.text.signals import sentences


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
