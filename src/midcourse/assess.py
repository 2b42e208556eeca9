"""The assessment: one primary state, every flag, the findings, a next step and a conversation starter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from midcourse.analysis import alliance, attendance, defenses, measures, pause, safety, walls
from midcourse.analysis.walls import TextFacts
from midcourse.analysis.window import Window, window
from midcourse.findings import Evidence, Finding
from midcourse.record import Record, format_when
from midcourse.resources import crisis_resources
from midcourse.settings import Settings
from midcourse.starter import conversation_starter
from midcourse.states import BY_NAME, FLAG_ORDER, NAMES, WALL_FAMILIES, Situation, choose
from midcourse.text import TextReader

# Kept for callers that import them from here; the table lives in midcourse.states.
STATES = NAMES
NEXT_STEPS = {s: BY_NAME[s].next_step for s in NAMES}
HEADLINES = {s: BY_NAME[s].headline for s in NAMES}
__all__ = ["FLAG_ORDER", "HEADLINES", "NEXT_STEPS", "STATES", "WALL_FAMILIES", "Assessment", "assess"]


@dataclass
class Assessment:
    """What midcourse sees as of a date, with every piece of evidence."""

    state: str
    flags: list[str]
    findings: list[Finding]
    next_step: str
    conversation_starter: str
    as_of: dt.date
    measures: list[dict[str, Any]]
    resources: list[str] = field(default_factory=list)
    defense_profile: dict[str, Any] = field(default_factory=dict)
    window: dict[str, Any] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        return BY_NAME[self.state].headline

    @property
    def alert(self) -> bool:
        """Whether the state tells the client that something needs attention."""
        return BY_NAME[self.state].alert

    def finding(self, kind: str) -> Finding | None:
        """The first finding of a kind, if any."""
        return next((f for f in self.findings if f.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state, "headline": self.headline, "as_of": self.as_of.isoformat(),
            "flags": self.flags, "resources": self.resources, "next_step": self.next_step,
            "conversation_starter": self.conversation_starter,
            "findings": [f.to_dict() for f in self.findings], "measures": self.measures,
            "defense_profile": self.defense_profile, "window": self.window,
        }


def _novelty(w: Window, settings: Settings, reader: TextReader) -> Finding | None:
    """What is new in the recent text: information for the insight side of the picture."""
    recent, earlier = w.recent_texts(), w.earlier_texts()
    if not recent or not earlier:
        return None
    scored = reader.novelty([t.text for t in recent], [t.text for t in earlier], settings.repeat_similarity)
    if not scored:
        return None
    new = [(i, s, sim) for i, s, sim in scored if sim < settings.repeat_similarity]
    newest = sorted(new, key=lambda x: x[2])[:5]  # the five least like anything earlier, shown in date order
    evidence = [Evidence(format_when(recent[i].date), recent[i].source, f"new: {s}", value=round(sim, 3),
                         quote=s, ref=recent[i].ref)
                for i, s, sim in sorted(newest, key=lambda x: (recent[x[0]].day, x[0]))]
    return Finding("novelty", f"{len(new)} of {len(scored)} recent sentences say something not written before",
                   evidence, flag=False, data={"new": len(new), "sentences": len(scored)})


def _text_facts(w: Window, settings: Settings, reader: TextReader) -> TextFacts:
    signals = reader.signals([t.text for t in w.texts])
    recent, earlier = w.recent_texts(), w.earlier_texts()
    repeats = [(recent[r.recent], earlier[r.earlier], r.similarity)
               for r in reader.repeats([t.text for t in recent], [t.text for t in earlier],
                                       settings.repeat_similarity, settings.repeat_share)]
    return TextFacts(signals, repeats)


def assess(record: Record, as_of: dt.date | None = None, settings: Settings | None = None,
           reader: TextReader | None = None) -> Assessment:
    """Assess a record as of a date (default: its last date)."""
    settings = settings or Settings()
    if reader is None:
        from midcourse.text.reader import LexicalReader

        reader = LexicalReader()
    w = window(record, as_of, settings)
    facts = _text_facts(w, settings, reader)

    found: list[Finding] = []

    def put(finding: Finding | None) -> None:
        if finding is not None:
            found.append(finding)

    for item in safety.crisis(record, w, settings, facts):
        put(item)
    summaries = measures.summarize(record, w, settings)
    for items in measures.findings(summaries, w, settings).values():
        for item in items:
            put(item)
    put(pause.paused(w, settings))
    fit = alliance.fit_concern(w, settings, facts)
    put(fit)
    for item in alliance.rupture_findings(w, settings):
        # An open rupture in an alliance that never formed is the fit concern itself.
        if not (item.kind == "rupture" and fit is not None and fit.data.get("low_alliance")):
            put(item)
    put(attendance.attendance(w, settings))
    put(walls.quitting(w, settings, facts))
    put(walls.surface(w, settings, facts))
    put(walls.stale(w, settings, facts))
    put(walls.irritation(w, settings, facts))
    put(_novelty(w, settings, reader))

    attended = len(w.attended())
    kinds = frozenset(f.kind for f in found if f.flag)
    state = choose(Situation(kinds, attended, settings))
    rank = {kind: i for i, kind in enumerate(FLAG_ORDER)}
    ordered = sorted(found, key=lambda f: (0, rank[f.kind]) if f.kind in rank else (1, 0))
    flags = [kind for kind in FLAG_ORDER if kind in kinds]
    answered = any(f.kind == "crisis_answered" for f in found)
    return Assessment(
        state=state.name, flags=flags, findings=ordered, next_step=state.next_step,
        conversation_starter=conversation_starter(state, ordered, w.as_of), as_of=w.as_of,
        measures=[m.to_dict() for m in summaries],
        resources=crisis_resources(settings.crisis_locale) if state.name == "crisis" or answered else [],
        defense_profile=defenses.profile(record, w),
        window={"sessions": len(w.sessions), "attended": attended,
                "recent": [format_when(s.date) for s in w.recent],
                "baseline": [format_when(s.date) for s in w.baseline]},
    )
