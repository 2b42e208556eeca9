"""Outcome and alliance instruments: their facts, never their item text."""

from __future__ import annotations

import math
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
        if self.cutoff is None:
            return None
        if self.worse == "higher":
            return score >= self.cutoff
        return score < self.cutoff

    def improvement(self, first: float, latest: float) -> float:
        """Change in the better direction (positive = better)."""
        return first - latest if self.worse == "higher" else latest - first

    def to_dict(self) -> dict[str, object]:
        """The `instruments` entry of a midcourse/1 record (fields that are set)."""
        fields: dict[str, object] = {"min": self.min, "max": self.max, "worse": self.worse}
        for name in ("cutoff", "reliable_change", "reliability", "sd"):
            value = getattr(self, name)
            if value is not None:
                fields[name] = value
        return fields


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


def from_definition(instrument_id: str, fields: dict[str, object]) -> Instrument:
    """Build an Instrument from a validated `instruments` entry of a record."""
    def num(name: str) -> float | None:
        value = fields.get(name)
        return None if value is None else float(value)  # type: ignore[arg-type]

    return Instrument(
        id=instrument_id,
        min=float(fields["min"]),  # type: ignore[arg-type]
        max=float(fields["max"]),  # type: ignore[arg-type]
        worse=fields["worse"],  # type: ignore[arg-type]
        cutoff=num("cutoff"),
        reliable_change=num("reliable_change"),
        reliability=num("reliability"),
        sd=num("sd"),
        source="defined in the record",
    )
