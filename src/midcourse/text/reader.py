"""The text layer's readers: statements, repetition and novelty, by words or by sentence embeddings."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from midcourse.text import Repeat, Signal, TextReader
from midcourse.text.embeddings import Embedder
from midcourse.text.memo import forget_texts
from midcourse.text.sentences import sentences
from midcourse.text.signals import find_signals

_WORD = re.compile(r"[a-z']+")
# Sentences shorter than this ("Good week.", "Cried.") say too little to restate or be new.
MIN_SENTENCE_WORDS = 3
_STOPWORDS = frozenset("""
a about after again all also am an and any are as at be been before being but by can could did do does
doing don't down during each few for from had has have having he her here hers herself him himself his how
i i'm i've if in into is it it's its itself just me more most my myself no nor not now of off on once only
or other our ours out over own same she should so some such than that the their them then there these they
this those through to too under until up very was we were what when where which while who whom why will
with would you your today week session really felt feel like get got went go going
""".split())


def _terms(text: str) -> Counter[str]:
    words = [w.strip("'") for w in _WORD.findall(text.lower())]
    return Counter(_stem(w) for w in words if w and w not in _STOPWORDS and len(w) > 2)


def _stem(word: str) -> str:
    for suffix in ("ingly", "ing", "edly", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two term-count vectors."""
    if not a or not b:
        return 0.0
    dot = sum(count * b[term] for term, count in a.items() if term in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def best_matches(queries: Sequence[Counter[str]], docs: Sequence[Counter[str]]) -> list[tuple[int, float]]:
    """For each query, the document with the highest cosine (the first of equals) and that cosine;
    (-1, 0.0) when none shares a term. An inverted index makes this proportional to the shared terms,
    not to queries x documents: 1,500 recent notes against 100,000 earlier ones take a second."""
    import numpy as np

    postings: dict[str, tuple[list[int], list[float]]] = {}
    norms = np.zeros(len(docs))
    for d, terms in enumerate(docs):
        norms[d] = math.sqrt(sum(v * v for v in terms.values()))
        for term, count in terms.items():
            ids, counts = postings.setdefault(term, ([], []))
            ids.append(d)
            counts.append(count)
    index = {t: (np.asarray(ids), np.asarray(counts, dtype=float)) for t, (ids, counts) in postings.items()}
    out = []
    for terms in queries:
        scores = np.zeros(len(docs))
        for term, count in terms.items():
            if term in index:
                doc_ids, doc_counts = index[term]
                scores[doc_ids] += count * doc_counts
        if not scores.any():
            out.append((-1, 0.0))
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            best = int(np.argmax(np.where(norms > 0, scores / norms, 0.0)))
        out.append((best, cosine(terms, docs[best])))  # the exact figure, as the pairwise loop gave it
    return out


class LexicalReader:
    """Rules for statements; bag-of-words cosine for repetition. No model, no cache needed."""

    def signals(self, texts: Sequence[str]) -> list[list[Signal]]:
        return [find_signals(t) for t in texts]

    def forget(self) -> None:
        forget_texts()

    def novelty(self, recent: Sequence[str], earlier: Sequence[str], threshold: float
                ) -> list[tuple[int, str, float]]:
        """Each recent sentence's highest bag-of-words cosine with any earlier sentence (stale ones left out)."""
        e = [_terms(s) for _, s in _long_sentences(earlier)]
        pairs = _not_stale(self, _long_sentences(recent))
        best = best_matches([_terms(s) for _, s in pairs], e)  # an inverted index: no all-pairs loop
        return [(i, s, score) for (i, s), (_, score) in zip(pairs, best, strict=True)]

    def repeats(self, recent: Sequence[str], earlier: Sequence[str], threshold: float,
                share: float = 0.5) -> list[Repeat]:
        """Whole texts compared as bags of words (`share` does not apply)."""
        earlier_terms = [_terms(t) for t in earlier]
        recent_terms = [(i, terms) for i, text in enumerate(recent)
                        if len(terms := _terms(text)) >= 4]  # shorter: too short to say it repeats anything
        found = []
        for (i, _), (best, score) in zip(recent_terms, best_matches([t for _, t in recent_terms], earlier_terms),
                                         strict=True):
            if best >= 0 and score >= threshold:
                found.append(Repeat(i, best, score))
        return found


class EmbeddingReader:
    """Rules for statements; sentence embeddings (cached) for repetition and novelty."""

    def __init__(self, embedder: Embedder | None = None):
        if embedder is None:
            from midcourse.text.embeddings import CachedEmbedder, MiniLM

            embedder = CachedEmbedder(MiniLM())
        self.embedder = embedder
        self._hybrid: Any = None

    def signals(self, texts: Sequence[str]) -> list[list[Signal]]:
        """Rules and the embedding model of statements together (see text/semantic.py)."""
        if self._hybrid is None:
            from midcourse.text.semantic import HybridSignals

            self._hybrid = HybridSignals(self.embedder)
        result: list[list[Signal]] = self._hybrid.signals(texts)
        return result

    def forget(self) -> None:
        """Drop the statements, n-grams and vectors of every text read (the vector cache file is privacy.py's)."""
        forget_texts()
        self.embedder.forget()

    def repeats(self, recent: Sequence[str], earlier: Sequence[str], threshold: float,
                share: float = 0.5) -> list[Repeat]:
        """A recent text repeats when at least `share` of its sentences restate earlier sentences."""
        flat_earlier, flat_recent = _long_sentences(earlier), _long_sentences(recent)
        if not flat_earlier or not flat_recent:
            return []
        vectors = self.embedder.embed([s for _, s in flat_earlier] + [s for _, s in flat_recent])
        e, r = vectors[: len(flat_earlier)], vectors[len(flat_earlier):]
        top, where = _most_similar(r, e)
        rows_of: dict[int, list[int]] = {}
        for k, (owner, _) in enumerate(flat_recent):
            rows_of.setdefault(owner, []).append(k)
        found = []
        for i in range(len(recent)):
            rows = rows_of.get(i)
            if not rows:
                continue
            best = top[rows]
            if (best >= threshold).mean() < share:
                continue
            owners = [flat_earlier[int(j)][0] for j in where[rows]]
            target = max(set(owners), key=owners.count)
            found.append(Repeat(i, target, float(best.mean())))
        return found

    def novelty(self, recent: Sequence[str], earlier: Sequence[str], threshold: float
                ) -> list[tuple[int, str, float]]:
        """(recent text index, sentence, highest similarity to any earlier sentence): low means new."""
        r = _not_stale(self, _long_sentences(recent))
        e = [s for _, s in _long_sentences(earlier)]
        if not r:
            return []
        if not e:
            return [(i, s, 0.0) for i, s in r]
        vectors = self.embedder.embed(e + [s for _, s in r])
        top, _ = _most_similar(vectors[len(e):], vectors[: len(e)])
        return [(i, s, float(m)) for (i, s), m in zip(r, top, strict=True)]


def _most_similar(queries: Any, docs: Any, block: int = 8192) -> tuple[Any, Any]:
    """Each query vector's highest dot product with any document vector, and which one; computed a
    block of documents at a time, so memory stays bounded (3,000 x 200,000 at once would be 2.4 GB)."""
    import numpy as np

    top = np.full(len(queries), -np.inf, dtype=np.float32)
    where = np.zeros(len(queries), dtype=np.int64)
    for start in range(0, len(docs), block):
        sims = queries @ docs[start:start + block].T
        best = sims.argmax(axis=1)
        value = sims[np.arange(len(queries)), best]
        better = value > top
        top[better], where[better] = value[better], best[better] + start
    return top, where


def _not_stale(reader: TextReader, pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The sentences that do not say the client is going in circles (such a sentence is no news)."""
    found = reader.signals([s for _, s in pairs]) if pairs else []
    return [pair for pair, signals in zip(pairs, found, strict=True) if not any(x.kind == "stale" for x in signals)]


def _long_sentences(texts: Sequence[str]) -> list[tuple[int, str]]:
    """(index of the text, sentence) for every sentence of MIN_SENTENCE_WORDS words or more."""
    return [(i, s.strip()) for i, t in enumerate(texts) for _, s in sentences(t)
            if len(s.split()) >= MIN_SENTENCE_WORDS]


def default_reader() -> TextReader:
    """Embeddings when their model is installed, else the word-overlap reader."""
    from midcourse.text.embeddings import available

    return EmbeddingReader() if available() else LexicalReader()
