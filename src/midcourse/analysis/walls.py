"""The wall families read from check-ins and words: quitting, surface, stale, irritation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from midcourse.analysis.window import Text, Window
from midcourse.findings import Evidence, Finding
from midcourse.record import CheckIn, format_when
from midcourse.settings import Settings
from midcourse.text import Signal


@dataclass(frozen=True)
class TextFacts:
    """What the text layer found in a window's texts (aligned with Window.texts)."""

    signals: list[list[Signal]]
    repeats: list[tuple[Text, Text, float]]

    def statements(self, w: Window, kind: str, recent_only: bool = True) -> list[Evidence]:
        """Evidence of every statement of a kind, in recent texts (or all texts up to as-of)."""
        since = w.since
        out = []
        for text, found in zip(w.texts, self.signals, strict=True):
            if recent_only and (since is None or text.day < since):
                continue
            for signal in found:
                if signal.kind == kind:
                    out.append(Evidence(format_when(text.date), text.source,
                                        f"wrote: {signal.evidence}", quote=signal.evidence, ref=text.ref))
        return out


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
    words = facts.statements(w, "quitting")
    if not ratings and not words:
        return None
    parts = []
    if ratings:
        parts.append(f"{len(ratings)} recent check-in{'s' if len(ratings) > 1 else ''} with thoughts of "
                     f"stopping rated {settings.quit_threshold:g} or more")
    if words:
        parts.append(f"{len(words)} recent statement{'s' if len(words) > 1 else ''} about stopping, "
                     "skipping or pausing therapy")
    return Finding("quitting", "; ".join(parts), ratings + words)


def _plural(text: str, n: int) -> str:
    """'1 recent statements' reads '1 recent statement'; the templates are written in the plural."""
    if n != 1:
        return text
    return text.replace("statements", "statement").replace("check-ins", "check-in").replace(
        "sessions", "session")


def _family(kind: str, w: Window, facts: TextFacts, ratings: list[Evidence], needed: int,
            rating_text: str, words_text: str, extra: list[Evidence] | None = None) -> Finding | None:
    words = facts.statements(w, kind)
    extra = extra or []
    by_ratings = len(ratings) >= needed
    if not by_ratings and not words and not extra:
        return None
    parts = []
    if by_ratings:
        parts.append(_plural(rating_text.format(n=len(ratings)), len(ratings)))
    if words:
        parts.append(_plural(words_text.format(n=len(words)), len(words)))
    if extra:
        parts.append(f"{len(extra)} recent note{'s' if len(extra) > 1 else ''} repeating earlier ones")
    return Finding(kind, "; ".join(parts), (ratings if by_ratings else []) + words + extra)


def surface(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Low depth in at least N recent check-ins, or recent text about staying on the surface."""
    ratings = _checkins(w, lambda c: c.depth is not None and c.depth <= settings.low_depth,
                        lambda c: f"rated depth {c.depth:g}/10", lambda c: c.depth)
    return _family("surface", w, facts, ratings, settings.low_depth_count,
                   f"{{n}} recent check-ins with depth {settings.low_depth:g} or lower",
                   "{n} recent statements about small talk, changing the subject or avoiding a topic")


def stale(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Low insight in N recent check-ins, text about going in circles, or notes that repeat."""
    ratings = _checkins(w, lambda c: c.insight is not None and c.insight <= settings.low_insight,
                        lambda c: f"rated insight {c.insight:g}/10", lambda c: c.insight)
    repeats = [Evidence(format_when(recent.date), recent.source,
                        f"restates an earlier {earlier.source} of {format_when(earlier.date)} "
                        f"(similarity {sim:.2f})", value=round(sim, 3), quote=recent.text[:200],
                        ref=recent.ref) for recent, earlier, sim in facts.repeats]
    return _family("stale", w, facts, ratings, settings.low_insight_count,
                   f"{{n}} recent check-ins with insight {settings.low_insight:g} or lower",
                   "{n} recent statements about going in circles or the same things over and over",
                   repeats)


IRRITATED = ("irritated", "upset")


def irritation(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Leaving irritated or upset after N recent sessions, or recent irritation with the therapist."""
    ratings = _checkins(w, lambda c: c.after in IRRITATED, lambda c: f"left the session {c.after}",
                        lambda c: c.after)
    return _family("irritation", w, facts, ratings, settings.irritation_count,
                   "left {n} recent sessions irritated or upset",
                   "{n} recent statements of irritation with the therapist or the sessions")
