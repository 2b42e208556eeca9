"""Outcome and alliance instruments: their facts, never their item text."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Direction = Literal["higher", "lower"]
Z_95 = 1.96


@dataclass(frozen=True)
class Instrument:
    """What midcourse needs to know about a questionnaire to interpret its total score."""

    id: str
    min: float
    max: float
    worse: Direction
    cutoff: float | None = None
    reliable_change: float | None = None
    reliability: float | None = None
    sd: float | None = None
    source: str = ""
    # Questionnaires that can be entered item by item: how many items, each scored 0..item_max.
    items: int | None = None
    item_max: int | None = None

    def rc_threshold(self) -> float | None:
        """The reliable-change threshold in points (Jacobson & Truax 1991)."""
        if self.reliability is not None and self.sd is not None:
            return reliable_change_threshold(self.sd, self.reliability)
        return self.reliable_change

    def is_clinical(self, score: float) -> bool | None:
        """Whether a score lies on the clinical side of the cutoff (None without a cutoff)."""
        return is_clinical(score, self.cutoff, self.worse)

    def improvement(self, first: float, latest: float) -> float:
        """Change in the better direction (positive = better)."""
        return first - latest if self.worse == "higher" else latest - first


def is_clinical(score: float, cutoff: float | None, worse: Direction) -> bool | None:
    """Clinical is at or above the cutoff where higher is worse, below it where lower is worse."""
    if cutoff is None:
        return None
    return score >= cutoff if worse == "higher" else score < cutoff


def standard_error_of_difference(sd: float, reliability: float) -> float:
    """S_diff = sqrt(2 * SE^2), SE = SD * sqrt(1 - r_xx) (Jacobson & Truax 1991)."""
    se = sd * math.sqrt(1 - reliability)
    return math.sqrt(2 * se * se)


def reliable_change_threshold(sd: float, reliability: float) -> float:
    """The smallest change in points that is reliable at p < .05: 1.96 * S_diff."""
    return Z_95 * standard_error_of_difference(sd, reliability)


BUILT_IN: dict[str, Instrument] = {
    i.id: i
    for i in (
        Instrument("PHQ-9", 0, 27, "higher", cutoff=10, reliable_change=6,
                   source="NHS Talking Therapies thresholds (Kroenke et al. 2001)", items=9, item_max=3),
        Instrument("GAD-7", 0, 21, "higher", cutoff=8, reliable_change=4,
                   source="NHS Talking Therapies thresholds (Spitzer et al. 2006)", items=7, item_max=3),
        Instrument("ORS", 0, 40, "lower", cutoff=25, reliable_change=5,
                   source="Outcome Rating Scale, PCOMS (Miller, Duncan et al. 2003)"),
        Instrument("SRS", 0, 40, "lower", cutoff=36,
                   source="Session Rating Scale, PCOMS (Duncan et al. 2003); an alliance measure"),
        Instrument("CORE-10", 0, 40, "higher", cutoff=11, reliable_change=6,
                   source="Barkham et al. 2013"),
        Instrument("OQ-45", 0, 180, "higher", cutoff=64, reliable_change=14,
                   source="OQ Measures (Lambert et al.)"),
    )
}

# Alliance measures are not outcomes: they feed the alliance index, not reliable change.
ALLIANCE_INSTRUMENTS = frozenset({"SRS"})

# The project's own short labels for the items of the questionnaires that can be entered item by
# item: paraphrases written for midcourse (the questionnaires are free to use, their item text is not
# reproduced here), so that a client entering item scores knows which item is which.
ITEM_LABELS: dict[str, tuple[str, ...]] = {
    "PHQ-9": (
        "little interest or joy in doing things",
        "feeling low, down or without hope",
        "sleeping badly, or far too much",
        "tired, or low on energy",
        "eating too little or too much",
        "feeling bad about myself, or a failure",
        "hard to keep my mind on things",
        "slowed down, or too restless to sit still",
        "thoughts of being better off dead, or of hurting myself",
    ),
    "GAD-7": (
        "nervous, anxious or on edge",
        "unable to stop or control worrying",
        "worrying too much about many things",
        "hard to relax",
        "so restless it is hard to sit still",
        "easily annoyed or irritable",
        "afraid that something awful might happen",
    ),
}
# How often, over the last two weeks, for every item of both (the project's own words).
ITEM_ANSWERS = ("not at all", "some days", "more than half the days", "nearly every day")


def name_key(name: str) -> str:
    """What is left of an instrument name for matching: letters and digits, case-folded ('PHQ 9' → 'phq9')."""
    return re.sub(r"[\W_]+", "", name).casefold()


def match_name(name: str, defined: Iterable[str] = ()) -> str | None:
    """The instrument id that a name means, matched case- and punctuation-insensitively among the
    record's own instruments and the built-in ones ('phq9', 'phq-9' → 'PHQ-9'); None if none."""
    known = [*defined, *BUILT_IN]
    if name in known:
        return name
    wanted = name_key(name)
    return next((k for k in known if wanted and name_key(k) == wanted), None)


def from_definition(instrument_id: str, fields: dict[str, object]) -> Instrument:
    """Build an Instrument from a validated `instruments` entry of a record."""
    def num(name: str) -> float | None:
        value = fields.get(name)
        return None if value is None else float(value)  # type: ignore[arg-type]

    low, high, worse = num("min"), num("max"), fields.get("worse")
    if low is None or high is None or not low < high or worse not in ("higher", "lower"):
        raise ValueError(f"{instrument_id}: not a usable instrument definition")
    # A definition stored before validation refused these must not divide by zero in an assessment:
    # a reliability outside (0, 1), an SD or threshold that is not above 0 are as good as absent.
    reliability, sd, threshold = num("reliability"), num("sd"), num("reliable_change")
    if reliability is None or sd is None or not (0 < reliability < 1 and 0 < sd < math.inf):
        reliability = sd = None
    if threshold is not None and not 0 < threshold < math.inf:
        threshold = None
    return Instrument(
        id=instrument_id,
        min=low,
        max=high,
        worse=worse,
        cutoff=num("cutoff"),
        reliable_change=threshold,
        reliability=reliability,
        sd=sd,
        source="defined in the record",
    )
