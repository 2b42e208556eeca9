"""The text layer's default reader: rule-based statements and word-overlap repetition."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from midcourse.text import Repeat, Signal
from midcourse.text.signals import find_signals

_WORD = re.compile(r"[a-z']+")
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


class LexicalReader:
    """Rules for statements; bag-of-words cosine for repetition. No model, no cache needed."""

    def signals(self, texts: Sequence[str]) -> list[list[Signal]]:
        return [find_signals(t) for t in texts]

    def repeats(self, recent: Sequence[str], earlier: Sequence[str], threshold: float) -> list[Repeat]:
        earlier_terms = [_terms(t) for t in earlier]
        found = []
        for i, text in enumerate(recent):
            terms = _terms(text)
            if len(terms) < 4:  # too short to say it repeats anything
                continue
            scores = [cosine(terms, e) for e in earlier_terms]
            if scores:
                best = max(range(len(scores)), key=scores.__getitem__)
                if scores[best] >= threshold:
                    found.append(Repeat(i, best, scores[best]))
        return found
