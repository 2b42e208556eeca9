"""Reliable change and clinical significance (Jacobson & Truax 1991)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from midcourse.instruments import Z_95, is_clinical, standard_error_of_difference

Direction = Literal["higher", "lower"]
CATEGORIES = ("recovered", "improved", "unchanged", "deteriorated", "harmed")


def cutoff_c(clinical_mean: float, clinical_sd: float, functional_mean: float, functional_sd: float) -> float:
    """Cutoff c, between the clinical and functional populations: (s0*M1 + s1*M0) / (s0 + s1)."""
    return (clinical_sd * functional_mean + functional_sd * clinical_mean) / (clinical_sd + functional_sd)


def reliable_change_index(pre: float, post: float, sd: float, reliability: float) -> float:
    """RC = (post - pre) / S_diff."""
    return (post - pre) / standard_error_of_difference(sd, reliability)


@dataclass(frozen=True)
class ReliableChangeRule:
    """How to judge one person's change: by reliability and SD, or by a threshold in points."""

    worse: Direction
    sd: float | None = None
    reliability: float | None = None
    threshold: float | None = None
    cutoff: float | None = None

    def __post_init__(self) -> None:
        if self.threshold is None and (self.sd is None or self.reliability is None):
            raise ValueError("give a threshold in points, or both a reliability and an SD")

    def rci(self, pre: float, post: float) -> float:
        """The reliable-change index; with a threshold in points, the change in S_diff units."""
        if self.sd is not None and self.reliability is not None:
            return reliable_change_index(pre, post, self.sd, self.reliability)
        assert self.threshold is not None
        return (post - pre) / (self.threshold / Z_95) if self.threshold else math.copysign(math.inf, post - pre)

    def is_reliable(self, pre: float, post: float) -> bool:
        """|RC| > 1.96; with a published threshold in points: a change of at least that many points."""
        if self.sd is not None and self.reliability is not None:
            return abs(self.rci(pre, post)) > Z_95
        assert self.threshold is not None
        return abs(post - pre) >= self.threshold

    def clinical(self, score: float) -> bool | None:
        return is_clinical(score, self.cutoff, self.worse)

    def category(self, pre: float, post: float) -> str:
        """recovered / improved / unchanged / deteriorated / harmed (the last needs a cutoff)."""
        if not self.is_reliable(pre, post):
            return "unchanged"
        better = (post < pre) if self.worse == "higher" else (post > pre)
        if better:
            return "recovered" if self.clinical(post) is False else "improved"
        if self.clinical(pre) is False and self.clinical(post) is True:
            return "harmed"
        return "deteriorated"


@dataclass(frozen=True)
class PersonChange:
    id: str
    pre: float | None
    post: float | None
    change: float | None
    rci: float | None
    category: str | None

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "pre": self.pre, "post": self.post, "change": self.change,
                "rci": None if self.rci is None else round(self.rci, 4), "category": self.category}


def assess_people(rows: list[tuple[str, float | None, float | None]], rule: ReliableChangeRule
                  ) -> tuple[list[PersonChange], dict[str, int]]:
    """Each person's change and category, and the counts per category (plus `missing`)."""
    people: list[PersonChange] = []
    summary = {name: 0 for name in CATEGORIES if rule.cutoff is not None or name not in ("recovered", "harmed")}
    summary["missing"] = 0
    for person_id, pre, post in rows:
        if pre is None or post is None:
            people.append(PersonChange(person_id, pre, post, None, None, None))
            summary["missing"] += 1
            continue
        category = rule.category(pre, post)
        summary[category] += 1
        people.append(PersonChange(person_id, pre, post, post - pre, rule.rci(pre, post), category))
    return people, summary
