"""Scoring the statement rules against a labelled set (one sentence per row: kinds, text)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from midcourse.text.signals import KINDS, kinds


@dataclass(frozen=True)
class Score:
    kind: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_labelled(path: str | Path) -> list[tuple[set[str], str]]:
    """Rows of (expected kinds, text) from a TSV with columns kinds and text ('-' = none)."""
    with Path(path).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [(set() if r["kinds"] == "-" else set(r["kinds"].split(",")), r["text"]) for r in rows]


def evaluate(rows: list[tuple[set[str], str]]) -> tuple[list[Score], list[tuple[str, set[str], set[str]]]]:
    """Per-kind scores and the rows the rules got wrong (text, expected, found)."""
    counts = {k: [0, 0, 0] for k in KINDS}
    errors = []
    for expected, text in rows:
        found = set(kinds(text))
        for k in KINDS:
            if k in found and k in expected:
                counts[k][0] += 1
            elif k in found:
                counts[k][1] += 1
            elif k in expected:
                counts[k][2] += 1
        if found != expected:
            errors.append((text, expected, found))
    return [Score(k, *counts[k]) for k in KINDS], errors
