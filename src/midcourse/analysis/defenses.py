"""The client's defense profile from self-observed defenses: information, never a verdict."""

from __future__ import annotations

from collections import Counter
from typing import Any

from midcourse.analysis.window import Window
from midcourse.defenses import CATALOGUE, LEVEL_NAMES
from midcourse.record import Record, day


def overall_defensive_functioning(levels: list[int]) -> float | None:
    """ODF = sum over levels of level x (share of observed defenses at that level); 1 to 7."""
    if not levels:
        return None
    counts = Counter(levels)
    return sum(level * n for level, n in counts.items()) / len(levels)


def profile(record: Record, w: Window) -> dict[str, Any]:
    """Counts per DMRS level, per month, and ODF overall and for the recent window."""
    observed = [d for d in record.defenses if day(d.date) <= w.as_of and d.defense in CATALOGUE]
    levels = [CATALOGUE[d.defense].level for d in observed]
    by_month: dict[str, Counter[int]] = {}
    for d in observed:
        by_month.setdefault(day(d.date).strftime("%Y-%m"), Counter())[CATALOGUE[d.defense].level] += 1
    since = w.since
    recent = [CATALOGUE[d.defense].level for d in observed if since is not None and day(d.date) >= since]
    odf = overall_defensive_functioning(levels)
    odf_recent = overall_defensive_functioning(recent)
    return {
        "observed": len(observed),
        "by_level": {str(level): {"name": LEVEL_NAMES[level], "count": levels.count(level)}
                     for level in sorted(LEVEL_NAMES, reverse=True)},
        "by_defense": dict(Counter(d.defense for d in observed).most_common()),
        "by_month": {m: {str(k): v for k, v in sorted(c.items(), reverse=True)} for m, c in sorted(by_month.items())},
        "odf": None if odf is None else round(odf, 2),
        "odf_recent": None if odf_recent is None else round(odf_recent, 2),
        "note": "Overall Defensive Functioning (Perry's DMRS) runs from 1 to 7; higher is more adaptive. "
                "It describes what you noticed in yourself, not who you are.",
    }
