"""Statements recognised by meaning, with the rules as guards: every kind, sentence by sentence.

For quitting, surface, stale, irritation, fit_conduct and insight, a logistic regression per kind
over the all-MiniLM-L6-v2 sentence vector and the word 1-2-grams (`data/statements.*`, trained by
`scripts/train_signals.py` on the project's labelled sentences and thousands of ordinary ones)
recognises wording no rule was written for. A sentence counts for a kind when a rule finds it (with
its evidence span) or when the model's probability reaches the kind's threshold and the rules'
guards do not rule the sentence out (another person as the subject, a non-therapist's conduct).
Crisis statements have their own detector (`crisis.CrisisDetector`). Every finding quotes its
sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from midcourse.text import Signal
from midcourse.text.crisis import KIND as CRISIS
from midcourse.text.crisis import CrisisDetector
from midcourse.text.embeddings import Embedder
from midcourse.text.linear import LinearModel
from midcourse.text.sentences import sentences
from midcourse.text.signals import KINDS, find_signals, semantic_guard

NAME = "statements"  # data/statements.npz and statements.json
MODEL_KINDS = ("quitting", "surface", "stale", "irritation", "fit_conduct", "insight")


def load_model(folder: str | Path | None = None) -> LinearModel:
    """The shipped statement model (one output per kind of MODEL_KINDS, thresholds in its meta)."""
    return LinearModel.load(NAME, folder)


def model_kinds(sentence: str, row: NDArray[np.float64], model: LinearModel) -> list[str]:
    """The kinds the model finds in one sentence (its probabilities in `row`), after the guards."""
    thresholds = model.meta["thresholds"]
    return [kind for k, kind in enumerate(model.outputs)
            if row[k] >= thresholds[kind] and not semantic_guard(kind, sentence)]


class HybridSignals:
    """Rules, the crisis detector and the statement model together, sentence by sentence."""

    def __init__(self, embedder: Embedder, model: LinearModel | None = None,
                 crisis: CrisisDetector | None = None):
        self.embedder = embedder
        self.model = model or load_model()
        self.crisis = crisis or CrisisDetector(embedder)

    def signals(self, texts: Sequence[str]) -> list[list[Signal]]:
        # Rules first (their spans are the better evidence), crisis rules excepted: the detector has them.
        found = [find_signals(t, crisis_rules=False) for t in texts]
        spans = [(i, offset, s) for i, t in enumerate(texts) for offset, s in sentences(t)]
        if not spans:
            return found
        stripped = [s.strip() for _, _, s in spans]
        vectors = self.embedder.embed(stripped)
        p = self.model.probabilities(vectors, stripped)
        crisis = self.crisis.decide([s for _, _, s in spans], vectors)
        for (i, offset, sentence), row, span in zip(spans, p, crisis, strict=True):
            start = offset + len(sentence) - len(sentence.lstrip())
            end = start + len(sentence.strip())
            have = {s.kind for s in found[i] if start <= s.start < end}
            for kind in model_kinds(sentence, row, self.model):
                if kind not in have:
                    found[i].append(Signal(kind, sentence.strip(), start, end))
            if span is not None:
                found[i].append(Signal(CRISIS, sentence.strip(), offset + span[0], offset + span[1]))
        for items in found:
            items.sort(key=lambda s: (s.start, KINDS.index(s.kind)))
        return found
