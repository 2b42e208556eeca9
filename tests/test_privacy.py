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
