"""The wall families read from check-ins and words: quitting, surface, stale, irritation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from midcourse.analysis.window import Text, Window
from midcourse.findings import Evidence, Finding, count
from midcourse.record import CheckIn, format_when
from midcourse.settings import Settings
from midcourse.text import Signal


@dataclass(frozen=True)
class TextFacts:
    """What the text layer found in a window's texts (aligned with Window.texts)."""

    signals: list[list[Signal]]
    repeats: list[tuple[Text, Text, float]]

    def statements(self, w: Window, kind: str, from_day: dt.date | None = None) -> list[Evidence]:
        """Evidence of every statement of a kind in the texts dated from a day on (all: None)."""
        out = []
        for text, found in zip(w.texts, self.signals, strict=True):
            if from_day is not None and text.day < from_day:
                continue
            for signal in found:
                if signal.kind == kind:
                    out.append(Evidence(format_when(text.date), text.source,
                                        f"wrote: {signal.evidence}", quote=signal.evidence, ref=text.ref))
        return out

    def recent_statements(self, w: Window, kind: str) -> list[Evidence]:
        """Statements of a kind in the recent window's texts."""
        return [] if w.since is None else self.statements(w, kind, w.since)


def _checkins(w: Window, test: Callable[[CheckIn], bool], describe: Callable[[CheckIn], str],
              value: Callable[[CheckIn], float | str | None]) -> list[Evidence]:
    out = []
    for s in w.recent:
        c: CheckIn | None = s.checkin
        if c is not None and test(c):
            out.append(Evidence(format_when(s.date), "check-in", describe(c), value=value(c), ref=s.key))
    return out


def quitting(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """A check-in with quit >= threshold, or a statement of wanting to stop therapy, recently."""
    ratings = _checkins(w, lambda c: c.quit is not None and c.quit >= settings.quit_threshold,
                        lambda c: f"rated thinking about stopping at {c.quit:g}/10", lambda c: c.quit)
    words = facts.recent_statements(w, "quitting")
    if not ratings and not words:
        return None
    parts = []
    if ratings:
        parts.append(f"{count(len(ratings), 'recent check-in')} with thoughts of stopping rated "
                     f"{settings.quit_threshold:g} or more")
    if words:
        parts.append(f"{count(len(words), 'recent statement')} about stopping, skipping or pausing therapy")
    return Finding("quitting", "; ".join(parts), ratings + words)


def _family(kind: str, w: Window, facts: TextFacts, ratings: list[Evidence], needed: int,
            rating_text: str, words_text: str, extra: list[Evidence] | None = None,
            rating_noun: str = "recent check-in") -> Finding | None:
    """A family that holds by enough ratings, or by words; {n} in the texts is '3 recent check-ins'."""
    words = facts.recent_statements(w, kind)
    extra = extra or []
    by_ratings = len(ratings) >= needed
    if not by_ratings and not words and not extra:
        return None
    parts = []
    if by_ratings:
        parts.append(rating_text.format(n=count(len(ratings), rating_noun)))
    if words:
        parts.append(words_text.format(n=count(len(words), "recent statement")))
    if extra:
        parts.append(f"{count(len(extra), 'recent note')} repeating earlier ones")
    return Finding(kind, "; ".join(parts), (ratings if by_ratings else []) + words + extra)


def surface(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Low depth in at least N recent check-ins, or recent text about staying on the surface."""
    ratings = _checkins(w, lambda c: c.depth is not None and c.depth <= settings.low_depth,
                        lambda c: f"rated depth {c.depth:g}/10", lambda c: c.depth)
    return _family("surface", w, facts, ratings, settings.low_depth_count,
                   f"{{n}} with depth {settings.low_depth:g} or lower",
                   "{n} about small talk, changing the subject or avoiding a topic")


def stale(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Low insight in N recent check-ins, text about going in circles, or notes that repeat."""
    ratings = _checkins(w, lambda c: c.insight is not None and c.insight <= settings.low_insight,
                        lambda c: f"rated insight {c.insight:g}/10", lambda c: c.insight)
    repeats = [Evidence(format_when(recent.date), recent.source,
                        f"restates an earlier {earlier.source} of {format_when(earlier.date)} "
                        f"(similarity {sim:.2f})", value=round(sim, 3), quote=recent.text[:200],
                        ref=recent.ref) for recent, earlier, sim in facts.repeats]
    return _family("stale", w, facts, ratings, settings.low_insight_count,
                   f"{{n}} with insight {settings.low_insight:g} or lower",
                   "{n} about going in circles or the same things over and over",
                   repeats)


IRRITATED = ("irritated", "upset")


def irritation(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Leaving irritated or upset after N recent sessions, or recent irritation with the therapist."""
    ratings = _checkins(w, lambda c: c.after in IRRITATED, lambda c: f"left the session {c.after}",
                        lambda c: c.after)
    return _family("irritation", w, facts, ratings, settings.irritation_count,
                   "left {n} irritated or upset",
                   "{n} of irritation with the therapist or the sessions", rating_noun="recent session")
