"""TF-IDF of word n-grams in numpy, computed the way scikit-learn's TfidfVectorizer computes it.

Shipped models keep their vocabulary and IDF weights; scikit-learn is needed only to train them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from midcourse.text.memo import by_text

TOKEN = re.compile(r"(?u)\b\w\w+\b")


def ngrams(text: str, n_max: int = 2) -> list[str]:
    """Lower-cased word 1..n-grams, tokenised as scikit-learn's default token pattern does."""
    return list(_ngrams(text, n_max))


@by_text
@lru_cache(maxsize=20_000)
def _ngrams(text: str, n_max: int) -> tuple[str, ...]:
    # Two models read the same sentence's n-grams: worked out once.
    tokens = TOKEN.findall(text.lower())
    grams = list(tokens)
    for n in range(2, n_max + 1):
        grams += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return tuple(grams)


def tfidf_rows(texts: Sequence[str], vocabulary: dict[str, int], idf: NDArray[np.float32],
               n_max: int = 2) -> list[tuple[NDArray[np.int64], NDArray[np.float32]]]:
    """Sublinear TF x IDF of each text, scaled to unit length, as (column indices, values)."""
    rows = []
    for text in texts:
        counts = Counter(g for g in _ngrams(text, n_max) if g in vocabulary)
        columns = np.array([vocabulary[g] for g in counts], dtype=np.int64)
        values = np.array([(1 + np.log(c)) * idf[vocabulary[g]] for g, c in counts.items()], dtype=np.float32)
        norm = float(np.linalg.norm(values)) if len(values) else 0.0
        rows.append((columns, values / norm if norm > 0 else values))
    return rows


def tfidf(texts: Sequence[str], vocabulary: dict[str, int], idf: NDArray[np.float32],
          n_max: int = 2) -> NDArray[np.float32]:
    """The same as a dense matrix (rows x vocabulary)."""
    out = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    for r, (columns, values) in enumerate(tfidf_rows(texts, vocabulary, idf, n_max)):
        out[r, columns] = values
    return out


def tfidf_dot(texts: Sequence[str], vocabulary: dict[str, int], idf: NDArray[np.float32],
              weights: NDArray[np.float32]) -> NDArray[np.float64]:
    """tfidf(texts) @ weights.T without the dense matrix (weights: outputs x vocabulary)."""
    out = np.zeros((len(texts), weights.shape[0]))
    for r, (columns, values) in enumerate(tfidf_rows(texts, vocabulary, idf)):
        if len(columns):
            out[r] = weights[:, columns].astype(np.float64) @ values.astype(np.float64)
    return out
