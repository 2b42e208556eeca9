"""Statements recognised by meaning: a logistic regression per kind over sentence embeddings.

The rules in `signals.py` are precise but miss new phrasings; this model, trained by
`scripts/train_statements.py` on the project's own labelled sentences (tests/data), catches
paraphrases. It is used for **crisis only** (USED_KINDS): there a missed statement is the worst
error and a false alarm is acceptable. For the other kinds it also fired on ordinary session notes
("She asked about my father again." scored 0.85 as fit_conduct), which would change the state of a
record for no reason; they stay with the rules (see docs/text.md).
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

from midcourse.text import Signal
from midcourse.text.embeddings import Embedder
from midcourse.text.signals import KINDS, find_signals, semantic_guard, sentences

ARTIFACT = "statements.npz"
META = "statements.json"
USED_KINDS = ("crisis",)


@dataclass
class StatementModel:
    kinds: list[str]
    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]
    thresholds: dict[str, float]
    meta: dict[str, Any]

    @classmethod
    def load(cls, folder: str | Path | None = None) -> StatementModel:
        base: Any = Path(folder) if folder is not None else resources.files("midcourse") / "data"
        meta = json.loads((base / META).read_text(encoding="utf-8"))
        with (base / ARTIFACT).open("rb") as handle:
            arrays = np.load(handle)
            coef, intercept = arrays["coef"], arrays["intercept"]
        return cls(meta["kinds"], coef.astype(np.float32), intercept.astype(np.float32), meta["thresholds"], meta)

    def probabilities(self, vectors: NDArray[np.float32]) -> NDArray[np.float64]:
        logits = vectors.astype(np.float64) @ self.coef.T.astype(np.float64) + self.intercept
        return np.asarray(1 / (1 + np.exp(-logits)))


class HybridSignals:
    """Rules and the embedding model together, sentence by sentence."""

    def __init__(self, embedder: Embedder, model: StatementModel | None = None,
                 kinds: Sequence[str] = USED_KINDS):
        self.embedder = embedder
        self.model = model or StatementModel.load()
        self.kinds = set(kinds)

    def signals(self, texts: Sequence[str]) -> list[list[Signal]]:
        found = [find_signals(t) for t in texts]
        spans = [(i, offset, s) for i, t in enumerate(texts) for offset, s in sentences(t) if s.strip()]
        if not spans:
            return found
        p = self.model.probabilities(self.embedder.embed([s.strip() for _, _, s in spans]))
        for (i, offset, sentence), row in zip(spans, p, strict=True):
            have = {(sig.kind, sig.evidence) for sig in found[i]}
            for k, kind in enumerate(self.model.kinds):
                if kind not in self.kinds or row[k] < self.model.thresholds[kind] or (kind, sentence.strip()) in have:
                    continue
                if semantic_guard(kind, sentence):
                    continue
                start = offset + len(sentence) - len(sentence.lstrip())
                found[i].append(Signal(kind, sentence.strip(), start, start + len(sentence.strip())))
        for items in found:
            items.sort(key=lambda s: (s.start, KINDS.index(s.kind)))
        return found
