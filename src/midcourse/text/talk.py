"""Client talk type (change / neutral / sustain), the motivational-interviewing categories.

A logistic regression over the sentence embedding (all-MiniLM-L6-v2) and TF-IDF of word 1-2-grams
of the utterance; when the utterance before it (`context`, mostly the counsellor's) is given, a
second regression that also reads the context's embedding and word 1-2-grams. Both were trained by
`scripts/train_talk_type.py` on AnnoMI (see docs/model-card.md); the artifact holds the
vocabularies, IDF weights and coefficients, small enough to ship in the package. TF-IDF is computed
here with numpy, the way scikit-learn's TfidfVectorizer computes it, so scikit-learn is needed only
for training. Every label comes with how far to trust it: the cross-validated precision of labels
of that class at that confidence (`trust`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from midcourse.text.embeddings import Embedder
from midcourse.text.tfidf import ngrams, tfidf

__all__ = ["TalkTypeModel", "ngrams", "tfidf"]

ARTIFACT = "talk_type.npz"
META = "talk_type.json"


@dataclass
class Regression:
    """One fitted logistic regression: its TF-IDF vocabularies and coefficients."""

    vocabulary: dict[str, int]
    idf: NDArray[np.float32]
    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]
    context_vocabulary: dict[str, int] | None = None
    context_idf: NDArray[np.float32] | None = None

    def logits(self, dense: NDArray[np.float32], texts: Sequence[str], context_dense: NDArray[np.float32] | None,
               contexts: Sequence[str] | None) -> NDArray[np.float64]:
        parts = [dense, tfidf(texts, self.vocabulary, self.idf)]
        if self.context_vocabulary is not None:
            assert context_dense is not None and contexts is not None and self.context_idf is not None
            parts += [context_dense, tfidf(contexts, self.context_vocabulary, self.context_idf)]
        x = np.hstack(parts).astype(np.float64)
        return np.asarray(x @ self.coef.T.astype(np.float64) + self.intercept)


def _softmax(logits: NDArray[np.float64]) -> NDArray[np.float64]:
    logits = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return np.asarray(p / p.sum(axis=1, keepdims=True))


@dataclass
class TalkTypeModel:
    classes: list[str]
    plain: Regression
    with_context: Regression | None
    embedding_weight: float
    meta: dict[str, Any]
    embedder: Embedder | None = None

    @classmethod
    def load(cls, folder: str | Path | None = None, embedder: Embedder | None = None) -> TalkTypeModel:
        """The model shipped in the package (or saved in a folder by the training script)."""
        base: Any = Path(folder) if folder is not None else resources.files("midcourse") / "data"
        meta = json.loads((base / META).read_text(encoding="utf-8"))
        with (base / ARTIFACT).open("rb") as handle:
            a = {k: np.asarray(v, dtype=np.float32) for k, v in np.load(handle).items()}
        plain = Regression({w: i for i, w in enumerate(meta["vocabulary"])}, a["idf"], a["coef"], a["intercept"])
        with_context = None
        if "context" in meta:
            c = meta["context"]
            with_context = Regression({w: i for i, w in enumerate(c["vocabulary"])}, a["ctx_idf"], a["ctx_coef"],
                                      a["ctx_intercept"], {w: i for i, w in enumerate(c["context_vocabulary"])},
                                      a["ctx_context_idf"])
        return cls(classes=meta["classes"], plain=plain, with_context=with_context,
                   embedding_weight=meta["embedding_weight"], meta=meta, embedder=embedder)

    def _embedder(self) -> Embedder:
        if self.embedder is None:
            from midcourse.text.embeddings import CachedEmbedder, MiniLM

            self.embedder = CachedEmbedder(MiniLM())
        return self.embedder

    def probabilities(self, texts: Sequence[str], contexts: Sequence[str | None] | None = None
                      ) -> NDArray[np.float64]:
        """Class probabilities per text; rows with a context use the context model when there is one."""
        contexts = list(contexts) if contexts is not None else [None] * len(texts)
        out = np.zeros((len(texts), len(self.classes)))
        if not texts:
            return out
        dense = self._embedder().embed(texts) * self.embedding_weight
        use = [i for i, c in enumerate(contexts) if c is not None and self.with_context is not None]
        rest = [i for i in range(len(texts)) if i not in set(use)]
        if rest:
            out[rest] = _softmax(self.plain.logits(dense[rest], [texts[i] for i in rest], None, None))
        if use:
            assert self.with_context is not None
            ctx = [contexts[i] or "" for i in use]
            ctx_dense = self._embedder().embed(ctx) * self.embedding_weight
            out[use] = _softmax(self.with_context.logits(dense[use], [texts[i] for i in use], ctx_dense, ctx))
        return out

    def trust(self, label: str, confidence: float, with_context: bool) -> float | None:
        """Cross-validated precision of labels of this class at about this confidence (None: not measured)."""
        table = self.meta.get("context" if with_context and self.with_context else "evaluation", {})
        for row in table.get("trust", []):
            if row["label"] == label and row["from"] <= confidence < row["to"]:
                return float(row["precision"])
        return None

    def predict(self, texts: Sequence[str], contexts: Sequence[str | None] | None = None
                ) -> list[tuple[str, float]]:
        """(talk type, confidence) for each text."""
        if not texts:
            return []
        p = self.probabilities(texts, contexts)
        return [(self.classes[int(i)], float(p[r, i])) for r, i in enumerate(p.argmax(axis=1))]

    def answers(self, texts: Sequence[str], contexts: Sequence[str | None] | None = None) -> list[dict[str, Any]]:
        """What `midcourse text talk-type` says of each text: the label, its confidence, how far to trust it
        (`trust`, None when not measured), whether the context was used, and whether the text is a crisis
        statement (then talk types do not describe it and `trust` is None)."""
        from midcourse.text.crisis import CrisisDetector

        contexts = list(contexts) if contexts is not None else [None] * len(texts)
        crisis = [bool(found) for found in CrisisDetector(self._embedder()).signals(texts)]
        out = []
        for (label, confidence), context, is_crisis in zip(self.predict(texts, contexts), contexts, crisis,
                                                           strict=True):
            answer: dict[str, Any] = {"talk_type": label, "confidence": round(confidence, 4),
                                      "trust": None if is_crisis else self.trust(label, confidence, context is not None),
                                      "context_used": context is not None and self.with_context is not None}
            if is_crisis:
                answer["crisis"] = True
                answer["note"] = "a crisis statement: change, neutral and sustain talk do not describe it"
            out.append(answer)
        return out

