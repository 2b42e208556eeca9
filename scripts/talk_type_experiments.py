"""Reproduce the talk-type variants and the learning curve reported in docs/model-card.md.

    .venv/bin/python scripts/talk_type_experiments.py [--data ../shared/data/annomi/annomi_simple_train.csv]

Every figure is a grouped 5-fold cross-validation (GroupKFold on transcript_id), pooled
macro-F1, the same protocol as scripts/train_talk_type.py. Nothing is written into the package.
About 10 minutes on 2 cores (the embeddings are cached in the user's cache directory).
Fine-tuning runs are not here: they take close to an hour on this machine; the model card gives
their settings and figures.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix, hstack, spmatrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from export_onnx import sentence_transformer
from train_talk_type import read

from midcourse.text.embeddings import CachedEmbedder, MiniLM

# (train rows, test rows) -> the feature block for the training rows and for the test rows
Block = Callable[[NDArray[np.int_], NDArray[np.int_]], tuple[spmatrix, spmatrix]]


def layer_means(texts: list[str]) -> list[NDArray[np.float32]]:
    """Mean-pooled, unit-length hidden states of every MiniLM layer (0 = word embeddings)."""
    import torch

    model: Any = sentence_transformer()  # the torch model (train extra), for its hidden states
    tokenizer, encoder = model.tokenizer, model[0].auto_model
    parts: list[list[NDArray[np.float32]]] = []
    with torch.no_grad():
        for start in range(0, len(texts), 64):
            batch = tokenizer(texts[start:start + 64], truncation=True, max_length=128, padding=True,
                              return_tensors="pt")
            mask = batch["attention_mask"].unsqueeze(-1).float()
            states = encoder(**batch, output_hidden_states=True).hidden_states
            parts.append([((h * mask).sum(1) / mask.sum(1)).numpy() for h in states])
    layers = [np.concatenate([p[k] for p in parts]) for k in range(len(parts[0]))]
    return [x / np.linalg.norm(x, axis=1, keepdims=True) for x in layers]


def dense(matrix: NDArray[np.float32]) -> Block:
    return lambda tr, te: (csr_matrix(matrix[tr]), csr_matrix(matrix[te]))


def words(texts: NDArray[np.object_], weight: float = 1.0, **options: object) -> Block:
    def block(tr: NDArray[np.int_], te: NDArray[np.int_]) -> tuple[spmatrix, spmatrix]:
        settings = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, **options}
        vectorizer = TfidfVectorizer(**settings)  # type: ignore[arg-type]
        return vectorizer.fit_transform(texts[tr]) * weight, vectorizer.transform(texts[te]) * weight
    return block


def macro_f1(blocks: list[Block], labels: NDArray[np.str_], groups: NDArray[np.str_],
             train_share: float = 1.0, folds: int = 5, seed: int = 0) -> float:
    """Pooled macro-F1 of a balanced logistic regression (C = 0.5) under grouped CV."""
    rng = np.random.default_rng(seed)
    predicted = np.empty(len(labels), dtype=object)
    for train, test in GroupKFold(folds).split(labels, labels, groups):
        if train_share < 1:
            transcripts = np.unique(groups[train])
            kept = rng.choice(transcripts, int(len(transcripts) * train_share), replace=False)
            train = train[np.isin(groups[train], kept)]
        pairs = [b(train, test) for b in blocks]
        model = LogisticRegression(C=0.5, class_weight="balanced", max_iter=5000)
        model.fit(hstack([p[0] for p in pairs]).tocsr(), labels[train])
        predicted[test] = model.predict(hstack([p[1] for p in pairs]).tocsr())
    return float(f1_score(labels, predicted, average="macro"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/annomi/annomi_simple_train.csv")
    args = parser.parse_args()
    texts, before, labels, groups = read(args.data)
    t, b = np.array(texts, dtype=object), np.array(before, dtype=object)
    y, g = np.array(labels), np.array(groups)
    embedder = CachedEmbedder(MiniLM())
    client = embedder.embed(texts)
    context = embedder.embed([x or "." for x in before])
    layers = layer_means(texts)
    upper = np.hstack(layers[4:])

    shipped = [dense(client), words(t)]
    variants: list[tuple[str, list[Block]]] = [
        ("shipped: embedding + word 1-2-grams", shipped),
        ("layers 4-6 of MiniLM + word 1-2-grams", [dense(upper), words(t)]),
        ("+ character 2-5-grams", [dense(upper), words(t),
                                   words(t, 0.5, analyzer="char_wb", ngram_range=(2, 5), min_df=3,
                                         max_features=30000)]),
        ("+ utterance before: embedding and its product with the client's", shipped + [
            dense(np.hstack([0.5 * context, 8 * client * context]))]),
        ("+ utterance before: embedding and its word 1-2-grams", shipped + [
            dense(0.5 * context), words(b, 0.5, min_df=3)]),
    ]
    for name, blocks in variants:
        print(f"{macro_f1(blocks, y, g):.4f}  {name}", flush=True)
    print("learning curve (share of the training transcripts in each fold, mean of 3 draws):")
    for share in (0.25, 0.5, 0.75):
        scores = [macro_f1(shipped, y, g, share, seed=s) for s in range(3)]
        print(f"  {share:.2f}: {np.mean(scores):.4f}", flush=True)
    print(f"  1.00: {macro_f1(shipped, y, g):.4f}")
    print(f"  10 folds (95 transcripts to train): {macro_f1(shipped, y, g, folds=10):.4f}")


if __name__ == "__main__":
    main()
