"""The shipped talk-type model: its artifact, its numpy TF-IDF, and its predictions."""

import json

import numpy as np
import pytest

from midcourse.text.embeddings import available
from midcourse.text.talk import TalkTypeModel, ngrams, tfidf


class ZeroEmbedder:
    """Stands in for the sentence model where only the TF-IDF part is under test."""

    version = "zero/1"
    dim = 384

    def embed(self, texts):
        return np.zeros((len(texts), 384), dtype=np.float32)


def test_artifact_carries_its_provenance_and_figures():
    model = TalkTypeModel.load(embedder=ZeroEmbedder())
    meta = model.meta
    assert model.classes == ["change", "neutral", "sustain"]
    assert meta["data"]["transcripts"] == 106
    assert meta["evaluation"]["method"].startswith("GroupKFold(5) by transcript_id")
    assert 0.5 < meta["evaluation"]["macro_f1"] < 0.6
    assert model.plain.coef.shape == (3, 384 + len(model.plain.vocabulary))
    assert model.with_context is not None and model.with_context.context_vocabulary is not None
    assert model.with_context.coef.shape == (3, 2 * 384 + len(model.with_context.vocabulary)
                                             + len(model.with_context.context_vocabulary))
    assert meta["context"]["method"].startswith("GroupKFold(5) by transcript_id")


def test_ngrams_follow_the_default_token_pattern():
    assert ngrams("I'm NOT a fan, of it!") == ["not", "fan", "of", "it", "not fan", "fan of", "of it"]


def test_tfidf_follows_scikit_learns_formula():
    """Sublinear tf (1 + ln count) times the smoothed idf (ln((1 + n) / (1 + df)) + 1), rows unit length,
    as scikit-learn's TfidfVectorizer(sublinear_tf=True) computes it (worked out here by hand)."""
    texts = ["drinking drinking is fine", "I want to stop drinking", "fine"]
    vocabulary = {"drinking": 0, "fine": 1, "is fine": 2}
    n = len(texts)
    df = np.array([2, 2, 1])
    idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
    ours = tfidf(texts, vocabulary, idf)
    first = np.array([(1 + np.log(2)) * idf[0], idf[1], idf[2]])
    assert np.allclose(ours[0], first / np.linalg.norm(first), atol=1e-6)
    assert np.allclose(ours[1], [1, 0, 0])
    assert np.allclose(ours[2], [0, 1, 0])


def test_confidence_is_a_probability_with_or_without_context():
    model = TalkTypeModel.load(embedder=ZeroEmbedder())
    texts = ["I really want to stop drinking.", "Okay.", "Maybe."]
    for contexts in (None, ["What would you like?", None, "How do you feel about that?"]):
        for label, confidence in model.predict(texts, contexts):
            assert label in model.classes
            assert 0 < confidence <= 1


def test_the_context_changes_what_the_model_reads():
    model = TalkTypeModel.load(embedder=ZeroEmbedder())
    alone = model.probabilities(["Yeah."])
    after = model.probabilities(["Yeah."], ["So you'd like to cut down for your kids?"])
    assert not np.allclose(alone, after)


def test_trust_is_the_cross_validated_precision_of_the_label():
    model = TalkTypeModel.load(embedder=ZeroEmbedder())
    rows = model.meta["evaluation"]["trust"]
    row = next(r for r in rows if r["label"] == "sustain" and r["from"] == 0.5)
    assert model.trust("sustain", 0.6, with_context=False) == row["precision"]
    ctx_row = next(r for r in model.meta["context"]["trust"] if r["label"] == "neutral" and r["from"] == 0.7)
    assert model.trust("neutral", 0.9, with_context=True) == ctx_row["precision"]


@pytest.mark.skipif(not available(), reason="the ONNX model or onnxruntime is not installed")
def test_clear_examples_with_the_real_embeddings(tmp_path):
    from midcourse.text.cache import VectorCache
    from midcourse.text.embeddings import CachedEmbedder, MiniLM

    model = TalkTypeModel.load(embedder=CachedEmbedder(MiniLM(), VectorCache(tmp_path / "c.sqlite")))
    labels = [label for label, _ in model.predict([
        "I really want to cut down, I know it's hurting my kids.",
        "Yeah.",
        "I don't think I drink that much, honestly everyone drinks like me.",
    ])]
    assert labels == ["change", "neutral", "sustain"]


def test_model_card_reports_the_artifact_figures():
    from pathlib import Path

    card = (Path(__file__).resolve().parents[1] / "docs" / "model-card.md").read_text()
    meta = json.loads((Path(__file__).resolve().parents[1] / "src/midcourse/data/talk_type.json").read_text())
    for ev in (meta["evaluation"], meta["context"]):
        assert f"{ev['macro_f1']:.3f}" in card
        for name, figures in ev["per_class"].items():
            assert f"| {name} | {figures['precision']:.3f} | {figures['recall']:.3f} | {figures['f1']:.3f} |" in card
