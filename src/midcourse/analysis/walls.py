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

    def statements(self, w: Window, kind: str, from_day: dt.date | None = None,
                   own_only: bool = True) -> list[Evidence]:
        """Evidence of every statement of a kind in the texts dated from a day on (all: None); only the
        client's own words unless `own_only` is False."""
        out = []
        for text, found in zip(w.texts, self.signals, strict=True):
            if (from_day is not None and text.day < from_day) or (own_only and not text.own):
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


def fading(w: Window, settings: Settings, evidence: list[Evidence]) -> bool:
    """Whether a family's signs have all faded: none in the last `wall_fade_sessions` sessions."""
    since = w.fade_since(settings.wall_fade_sessions)
    return since is not None and all(dt.date.fromisoformat(e.date[:10]) < since for e in evidence)


def quitting(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """A check-in with quit >= threshold, or a statement of wanting to stop therapy, recently."""
    ratings = _checkins(w, lambda c: c.quit is not None and c.quit >= settings.quit_threshold,
                        lambda c: f"rated thinking about stopping at {c.quit:g}/10", lambda c: c.quit)
    words = facts.recent_statements(w, "quitting")
    if (not ratings and not words) or fading(w, settings, ratings + words):
        return None
    parts = []
    if ratings:
        parts.append(f"{count(len(ratings), 'recent check-in')} with thoughts of stopping rated "
                     f"{settings.quit_threshold:g} or more")
    if words:
        parts.append(f"{count(len(words), 'recent statement')} about stopping, skipping or pausing therapy")
    return Finding("quitting", "; ".join(parts), ratings + words,
                   data={"threshold": settings.quit_threshold, "ratings": [e.value for e in ratings],
                         "rating_dates": [e.date for e in ratings], "statements": len(words)})


def _family(kind: str, w: Window, settings: Settings, facts: TextFacts, ratings: list[Evidence], needed: int,
            rating_text: str, words_text: str, extra: list[Evidence] | None = None,
            rating_noun: str = "recent check-in", threshold: float | None = None) -> Finding | None:
    """A family that holds by enough ratings, or by words, while its signs are recent; {n} in the
    texts is '3 recent check-ins'."""
    words = facts.recent_statements(w, kind)
    extra = extra or []
    by_ratings = len(ratings) >= needed
    if not by_ratings and not words and not extra:
        return None
    if fading(w, settings, (ratings if by_ratings else []) + words + extra):
        return None
    parts = []
    if by_ratings:
        parts.append(rating_text.format(n=count(len(ratings), rating_noun)))
    if words:
        parts.append(words_text.format(n=count(len(words), "recent statement")))
    if extra:
        parts.append(f"{count(len(extra), 'recent note')} repeating earlier ones")
    data = {"threshold": threshold, "needed": needed, "ratings": [e.value for e in ratings] if by_ratings else [],
            "rating_dates": [e.date for e in ratings] if by_ratings else [], "statements": len(words),
            "repeats": len(extra)}
    return Finding(kind, "; ".join(parts), (ratings if by_ratings else []) + words + extra, data=data)


def surface(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Low depth in at least N recent check-ins, or recent text about staying on the surface."""
    ratings = _checkins(w, lambda c: c.depth is not None and c.depth <= settings.low_depth,
                        lambda c: f"rated depth {c.depth:g}/10", lambda c: c.depth)
    return _family("surface", w, settings, facts, ratings, settings.low_depth_count,
                   f"{{n}} with depth {settings.low_depth:g} or lower",
                   "{n} about small talk, changing the subject or avoiding a topic", threshold=settings.low_depth)


def stale(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Low insight in N recent check-ins, text about going in circles, or notes that repeat."""
    ratings = _checkins(w, lambda c: c.insight is not None and c.insight <= settings.low_insight,
                        lambda c: f"rated insight {c.insight:g}/10", lambda c: c.insight)
    repeats = [Evidence(format_when(recent.date), recent.source,
                        f"restates an earlier {earlier.source} of {format_when(earlier.date)} "
                        f"(similarity {sim:.2f})", value=round(sim, 3), quote=recent.text[:200],
                        ref=recent.ref) for recent, earlier, sim in facts.repeats]
    return _family("stale", w, settings, facts, ratings, settings.low_insight_count,
                   f"{{n}} with insight {settings.low_insight:g} or lower",
                   "{n} about going in circles or the same things over and over",
                   repeats, threshold=settings.low_insight)


def _upset_corroborated(w: Window, facts: TextFacts) -> bool:
    """`upset` after a session is often the mark of a hard, good session: it counts toward irritation
    only with the client's own words of irritation, or a rise over their own baseline."""
    if facts.recent_statements(w, "irritation"):
        return True
    recent = sum(1 for s in w.recent if s.checkin is not None and s.checkin.after == "upset")
    earlier = [s for s in w.sessions[: len(w.sessions) - len(w.recent)] if s.checkin is not None
               and s.checkin.after is not None]
    if len(earlier) < 4:  # too few earlier check-ins to know the client's own rate
        return False
    return recent / max(1, len(w.recent)) > sum(1 for s in earlier if s.checkin and s.checkin.after == "upset") \
        / len(earlier) * 2


def irritation(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Leaving irritated (or upset, corroborated) after N recent sessions, or recent irritation with the
    therapist in the client's words."""
    counted = ("irritated", "upset") if _upset_corroborated(w, facts) else ("irritated",)
    ratings = _checkins(w, lambda c: c.after in counted, lambda c: f"left the session {c.after}",
                        lambda c: c.after)
    return _family("irritation", w, settings, facts, ratings, settings.irritation_count,
                   "left {n} " + " or ".join(x for x in counted if any(e.value == x for e in ratings)),
                   "{n} of irritation with the therapist or the sessions", rating_noun="recent session")
