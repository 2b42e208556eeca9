import datetime as dt

import numpy as np

from midcourse.analysis.window import texts_of
from midcourse.demo import demo_record
from midcourse.privacy import cached_keys, delete_record
from midcourse.store import Store
from midcourse.text.cache import VectorCache, text_key
from midcourse.text.embeddings import MODEL_ID, CachedEmbedder


class FakeMiniLM:
    """Stands in for the model, under its version, so the cache holds what the real one would."""

    version = MODEL_ID
    dim = 384

    def embed(self, texts):
        return np.ones((len(texts), 384), dtype=np.float32)


def test_deletion_removes_the_record_and_the_cached_embeddings_of_its_words(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    store.save("demo", demo_record())
    cache_path = tmp_path / "cache.sqlite"
    texts = [t.text for t in texts_of(demo_record(), dt.date.max)]
    other = "A sentence from someone else's record."
    CachedEmbedder(FakeMiniLM(), VectorCache(cache_path)).embed([*texts, other])
    keys = cached_keys(demo_record())
    assert len(VectorCache(cache_path).get(keys, 384)) == len(texts)

    assert delete_record(store, "demo", VectorCache(cache_path)) == len(texts)
    assert store.clients() == []
    assert VectorCache(cache_path).get(keys, 384) == {}
    assert len(VectorCache(cache_path).get([text_key(MODEL_ID, other)], 384)) == 1


def test_a_deleted_record_leaves_no_word_in_the_database_file_even_without_secure_delete(tmp_path, monkeypatch):
    """SQLite builds differ (SECURE_DELETE may be off): the app compacts the file after a deletion."""
    import midcourse.store as store_module

    connect = store_module._sqlite_connect

    def insecure(dbapi_connection, record):
        connect(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA secure_delete=OFF")

    monkeypatch.setattr(store_module, "_sqlite_connect", insecure)
    db = tmp_path / "db.sqlite"
    record = demo_record()
    record.journal[0].text = "Nobody may ever know about the letter to Anna."
    with Store(db) as store:
        store.save("demo", record)
        store.save("other", demo_record())
        delete_record(store, "demo", VectorCache(tmp_path / "cache.sqlite"))
        files = b"".join(p.read_bytes() for p in tmp_path.glob("db.sqlite*"))
        assert b"letter to Anna" not in files
        assert store.clients() == ["other"]


def test_with_a_secret_the_cache_neither_confirms_a_sentence_nor_shows_a_vector(tmp_path):
    secret = b"s" * 32
    path = tmp_path / "cache.sqlite"
    sentence = "I told Dr Klein about the abortion."
    key = text_key(MODEL_ID, sentence)
    vector = np.arange(384, dtype=np.float32)
    with_secret = VectorCache(path, secret=secret)
    with_secret.put({key: vector})
    assert np.array_equal(with_secret.get([key], 384)[key], vector)
    with_secret.close()
    raw = path.read_bytes()
    assert key.encode() not in raw and vector.tobytes() not in raw
    assert VectorCache(path).get([key], 384) == {}  # without the secret: nothing to find
    assert VectorCache(path, secret=b"t" * 32).get([key], 384) == {}
    assert VectorCache(path, secret=secret).forget([key]) == 1


def test_turning_encryption_on_removes_the_unkeyed_cache_of_the_record(tmp_path):
    from midcourse.privacy import encrypt

    store = Store(tmp_path / "db.sqlite")
    store.save("demo", demo_record())
    cache_path = tmp_path / "cache.sqlite"
    texts = [t.text for t in texts_of(demo_record(), dt.date.max)]
    CachedEmbedder(FakeMiniLM(), VectorCache(cache_path)).embed(texts)
    assert encrypt(store, "correct horse", VectorCache(cache_path), cost=2**10) == len(texts)
    assert VectorCache(cache_path).get(cached_keys(demo_record()), 384) == {}
