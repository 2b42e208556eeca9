"""Nearest-exemplar features: how close a sentence is to the training statements of each group.

A model that stores exemplars (`NAME_exemplars.npz`: one array of L2-normalised sentence vectors per
group, float16) adds, for each group, the mean cosine similarity of a sentence to its `top` nearest
exemplars, times `scale`, to its logit with one learnt weight per group. The crisis model keeps two
groups: its crisis statements and its hard negatives (docs/text.md). numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

CHUNK = 2048  # sentences compared at once: bounds the similarity matrix's memory


def top_mean(similarities: NDArray[np.float32], top: int) -> NDArray[np.float32]:
    """Each row's mean of its `top` largest values."""
    top = min(top, similarities.shape[1])
    if top == 0:
        return np.zeros(similarities.shape[0], dtype=np.float32)
    part = np.partition(similarities, similarities.shape[1] - top, axis=1)[:, -top:]
    return np.asarray(part.mean(axis=1), dtype=np.float32)


@dataclass
class Exemplars:
    """The exemplar vectors of each group and what turns their similarities into a logit."""

    groups: dict[str, NDArray[np.float32]]  # group -> (exemplars x dimension), rows L2-normalised
    weights: dict[str, float]  # group -> logistic-regression coefficient of its feature
    top: int
    scale: float

    @classmethod
    def load(cls, name: str, meta: dict[str, Any], folder: str | Path | None = None) -> Exemplars:
        """NAME_exemplars.npz beside the model; `meta` is the model's "exemplars" entry."""
        base: Any = Path(folder) if folder is not None else resources.files("midcourse") / "data"
        with (base / f"{name}_exemplars.npz").open("rb") as handle:
            arrays = {k: np.asarray(v, dtype=np.float32) for k, v in np.load(handle).items()}
        return cls({g: arrays[g] for g in meta["weights"]}, {g: float(w) for g, w in meta["weights"].items()},
                   int(meta["top"]), float(meta["scale"]))

    def save(self, name: str, folder: str | Path) -> None:
        arrays: dict[str, Any] = {g: v.astype(np.float16) for g, v in self.groups.items()}
        np.savez_compressed(Path(folder) / f"{name}_exemplars.npz", **arrays)

    @property
    def meta(self) -> dict[str, Any]:
        return {"weights": self.weights, "top": self.top, "scale": self.scale,
                "exemplars": {g: len(v) for g, v in self.groups.items()}}

    def features(self, vectors: NDArray[np.float32]) -> NDArray[np.float32]:
        """(sentences x groups): each group's scaled mean similarity to the sentence's nearest exemplars."""
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        q = np.asarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float32)
        out = np.zeros((len(q), len(self.groups)), dtype=np.float32)
        for j, g in enumerate(self.groups.values()):
            for i in range(0, len(q), CHUNK):
                out[i:i + CHUNK, j] = top_mean(q[i:i + CHUNK] @ g.T, self.top)
        return out * np.float32(self.scale)

    def logits(self, vectors: NDArray[np.float32]) -> NDArray[np.float64]:
        """What the exemplars add to each sentence's logit."""
        w = np.array(list(self.weights.values()), dtype=np.float64)
        return np.asarray(self.features(vectors).astype(np.float64) @ w)
