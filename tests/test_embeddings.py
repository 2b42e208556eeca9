"""The embedding cache, and the shipped all-MiniLM-L6-v2 (ONNX) model."""

import sqlite3
import subprocess
import sys
from pathlib import Path

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

    def forget(self):
        self.seen = []


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


needs_model = pytest.mark.skipif(not available(), reason="the ONNX model or onnxruntime is not installed")
REFERENCE = Path(__file__).parent / "data" / "minilm_reference.npz"


@pytest.fixture(scope="module")
def minilm():
    """The real model, loaded once for this module."""
    return MiniLM()


def test_the_model_ships_with_the_package_and_its_licence():
    from midcourse.text.embeddings import model_dir

    folder = model_dir()
    assert (folder / "model.onnx").stat().st_size < 50_000_000  # small enough for git
    assert "Apache License" in (folder / "LICENSE").read_text()
    assert "all-MiniLM-L6-v2" in (folder / "README.md").read_text()
    assert available()


@needs_model
def test_onnx_vectors_match_sentence_transformers(minilm):
    """Parity with the reference vectors that scripts/export_onnx.py took from sentence-transformers."""
    reference = np.load(REFERENCE)
    ours = minilm.embed([str(t) for t in reference["texts"]])
    cosine = (ours * reference["vectors"]).sum(axis=1)
    assert len(cosine) >= 20
    assert cosine.min() >= 0.9999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)


@needs_model
def test_batching_does_not_change_a_vector(minilm):
    """A text gets the same vector alone as padded in a batch of longer and shorter texts."""
    texts = ["Short one.", "A somewhat longer sentence about the week and the sessions.", "Mid length here."]
    together = minilm.embed(texts)
    alone = np.vstack([minilm.embed([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_runtime_needs_no_torch():
    """Embedding a text loads onnxruntime, never torch or sentence-transformers."""
    code = ("import sys; from midcourse.text.embeddings import MiniLM; MiniLM().embed(['hello']); "
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


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


def test_the_cli_starts_without_loading_the_model():
    """`midcourse --help` imports no model runtime: onnxruntime, tokenizers and numpy load only when needed."""
    code = ("import sys, midcourse.cli; "
            "print(sorted(m for m in ('onnxruntime', 'tokenizers', 'numpy', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_many_new_texts_are_embedded_and_cached_a_batch_at_a_time_with_progress(tmp_path, monkeypatch):
    from midcourse.text import embeddings

    monkeypatch.setattr(embeddings, "CACHE_BATCH", 100)
    calls: list[int] = []
    seen: list[tuple[int, int]] = []

    class Batches(CountingEmbedder):
        def embed(self, texts):
            calls.append(len(texts))
            return super().embed(texts)

    embeddings.report_progress(lambda done, total: seen.append((done, total)))
    try:
        cached = CachedEmbedder(Batches(), VectorCache(tmp_path / "c.sqlite"))
        vectors = cached.embed([f"text {i}" for i in range(250)])
    finally:
        embeddings.report_progress(None)
    assert calls == [100, 100, 50] and seen == [(100, 250), (200, 250), (250, 250)]
    assert vectors.shape == (250, 4)
    assert len(VectorCache(tmp_path / "c.sqlite").get([text_key("fake/1", f"text {i}") for i in range(250)], 4)) == 250


def test_most_similar_in_blocks_equals_the_whole_matrix():
    from midcourse.text.reader import _most_similar

    rng = np.random.default_rng(4)
    queries, docs = rng.normal(size=(37, 8)).astype(np.float32), rng.normal(size=(1000, 8)).astype(np.float32)
    top, where = _most_similar(queries, docs, block=64)
    full = queries @ docs.T
    assert np.array_equal(where, full.argmax(axis=1)) and np.allclose(top, full.max(axis=1))
