"""Logistic regressions over a sentence's vector and its word 1-2-grams, as the shipped models store them.

One artifact (`NAME.npz`: dense and word coefficients, intercepts, IDF weights; `NAME.json`: the
outputs' names, the vocabulary, thresholds, provenance and figures) per model. The training
scripts fit them with scikit-learn; inference here is numpy only.
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

from midcourse.text.tfidf import tfidf_dot


@dataclass
class LinearModel:
    """One logistic regression per output over [sentence vector, TF-IDF of word 1-2-grams]."""

    outputs: list[str]
    dense: NDArray[np.float32]  # outputs x vector dimension
    words: NDArray[np.float32]  # outputs x vocabulary
    intercept: NDArray[np.float32]  # outputs
    vocabulary: dict[str, int]
    idf: NDArray[np.float32]
    meta: dict[str, Any]

    @classmethod
    def load(cls, name: str, folder: str | Path | None = None) -> LinearModel:
        """The model NAME shipped in the package (or saved in a folder by a training script)."""
        base: Any = Path(folder) if folder is not None else resources.files("midcourse") / "data"
        meta = json.loads((base / f"{name}.json").read_text(encoding="utf-8"))
        with (base / f"{name}.npz").open("rb") as handle:
            a = {k: np.asarray(v) for k, v in np.load(handle).items()}
        return cls(meta["outputs"], a["dense"].astype(np.float32), a["words"].astype(np.float32),
                   a["intercept"].astype(np.float32), {w: i for i, w in enumerate(meta["vocabulary"])},
                   a["idf"].astype(np.float32), meta)

    def save(self, name: str, folder: str | Path) -> None:
        """Write NAME.npz and NAME.json (the vocabulary in column order)."""
        folder = Path(folder)
        np.savez_compressed(folder / f"{name}.npz", dense=self.dense, words=self.words, intercept=self.intercept,
                            idf=self.idf)
        vocabulary = [w for w, _ in sorted(self.vocabulary.items(), key=lambda kv: kv[1])]
        meta = {"outputs": self.outputs, **self.meta, "vocabulary": vocabulary}
        (folder / f"{name}.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    def logits(self, vectors: NDArray[np.float32], texts: Sequence[str]) -> NDArray[np.float64]:
        """(texts x outputs) log-odds; `vectors` are the texts' sentence vectors."""
        if not len(texts):
            return np.zeros((0, len(self.outputs)))
        return np.asarray(vectors.astype(np.float64) @ self.dense.T.astype(np.float64)
                          + tfidf_dot(texts, self.vocabulary, self.idf, self.words) + self.intercept)

    def probabilities(self, vectors: NDArray[np.float32], texts: Sequence[str]) -> NDArray[np.float64]:
        """(texts x outputs) probabilities; `vectors` are the texts' sentence vectors."""
        return np.asarray(1 / (1 + np.exp(-self.logits(vectors, texts))))
