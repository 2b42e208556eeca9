"""Scoring statements against a labelled set (one sentence per row: kinds, text), and reading AnnoMI's
client sentences, the ordinary talk that false alarms are counted on."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
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


def score(expected: Sequence[set[str]], found: Sequence[set[str]]) -> list[Score]:
    """Per-kind counts of the kinds found against the kinds expected, row by row."""
    pairs = list(zip(expected, found, strict=True))
    return [Score(k, sum(k in e and k in f for e, f in pairs), sum(k not in e and k in f for e, f in pairs),
                  sum(k in e and k not in f for e, f in pairs)) for k in KINDS]


def evaluate(rows: list[tuple[set[str], str]]) -> tuple[list[Score], list[tuple[str, set[str], set[str]]]]:
    """Per-kind scores of the rules and the rows they got wrong (text, expected, found)."""
    found = [set(kinds(text)) for _, text in rows]
    errors = [(text, expected, f) for (expected, text), f in zip(rows, found, strict=True) if f != expected]
    return score([expected for expected, _ in rows], found), errors


def normal(text: str) -> str:
    """A sentence reduced to lower-case words, to find the same sentence in two files."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def annomi_sentences(path: str | Path) -> tuple[list[str], list[int], list[str]]:
    """Every sentence of every client utterance of an AnnoMI CSV: texts, transcript ids, utterance keys."""
    from midcourse.text.sentences import sentences

    texts, groups, utterances = [], [], []
    with Path(path).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["interlocutor"] != "client":
                continue
            for _, sentence in sentences(row["utterance_text"]):
                texts.append(sentence.strip())
                groups.append(int(row["transcript_id"]))
                utterances.append(f"{row['transcript_id']}/{row['utterance_id']}")
    return texts, groups, utterances

