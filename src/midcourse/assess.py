"""The assessment: one primary state, every flag, the findings, a next step and a conversation starter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from midcourse.analysis import alliance, attendance, defenses, measures, safety, walls
from midcourse.analysis.walls import TextFacts
from midcourse.analysis.window import Window, window
from midcourse.findings import Evidence, Finding
from midcourse.record import Record, format_when
from midcourse.resources import crisis_resources
from midcourse.settings import Settings
from midcourse.starter import conversation_starter
from midcourse.text import TextReader

STATES = ("crisis", "deteriorating", "fit_concern", "rupture", "wall", "breakthrough", "early", "on_track",
          "insufficient_data")
WALL_FAMILIES = ("attendance", "quitting", "surface", "stale", "irritation")
FLAG_ORDER = ("crisis", "deterioration", "sudden_loss", "fit_concern", "rupture", *WALL_FAMILIES,
              "sudden_gain", "reliable_improvement")

NEXT_STEPS = {
    "crisis": "Your safety comes first. Use the crisis resources above now, and tell your therapist what "
              "you wrote; you do not have to wait for your next session.",
    "deteriorating": "Raise it with your therapist now, and ask for a review of how therapy is going.",
    "fit_concern": "Name it with your therapist. Asking for a consultation or a second opinion is reasonable.",
    "rupture": "Bring the tension into the room: tell your therapist what changed for you.",
    "wall": "This is common, and often a sign of progress. Say it out loud in your next session.",
    "breakthrough": "Notice what changed, and talk with your therapist about how to consolidate it.",
    "early": "Keep going, and keep recording after each session.",
    "on_track": "Keep going.",
    "insufficient_data": "Start recording: add your sessions and a check-in after each one.",
}

HEADLINES = {
    "crisis": "Your words suggest you may be in danger",
    "deteriorating": "Things have been getting worse",
    "fit_concern": "There are signs this may not be a good fit",
    "rupture": "Something has strained between you and your therapist",
    "wall": "You may have hit a wall: a hard but common stage",
    "breakthrough": "Something has shifted for the better",
    "early": "Early days",
    "on_track": "On track",
    "insufficient_data": "Not enough recorded yet",
}


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
        return HEADLINES[self.state]

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
    novelty = getattr(reader, "novelty", None)
    recent, earlier = w.recent_texts(), w.earlier_texts()
    if novelty is None or not recent or not earlier:
        return None
    scored = novelty([t.text for t in recent], [t.text for t in earlier], settings.repeat_similarity)
    if not scored:
        return None
    new = [(i, s, sim) for i, s, sim in scored if sim < settings.repeat_similarity]
    evidence = [Evidence(format_when(recent[i].date), recent[i].source, f"new: {s}", value=round(sim, 3),
                         quote=s, ref=recent[i].ref)
                for i, s, sim in sorted(new, key=lambda x: x[2])[:5]]
    return Finding("novelty", f"{len(new)} of {len(scored)} recent sentences say something not written before",
                   evidence, flag=False, data={"new": len(new), "sentences": len(scored)})


def _text_facts(w: Window, settings: Settings, reader: TextReader) -> TextFacts:
    signals = reader.signals([t.text for t in w.texts])
    recent, earlier = w.recent_texts(), w.earlier_texts()
    repeats = [(recent[r.recent], earlier[r.earlier], r.similarity)
               for r in reader.repeats([t.text for t in recent], [t.text for t in earlier],
                                       settings.repeat_similarity, settings.repeat_share)]
    return TextFacts(signals, repeats)


def _state(found: dict[str, list[Finding]], attended: int, settings: Settings) -> str:
    def has(kind: str) -> bool:
        return bool(found.get(kind))

    if has("crisis"):
        return "crisis"
    if has("deterioration") or has("sudden_loss"):
        return "deteriorating"
    if has("fit_concern"):
        return "fit_concern"
    if has("rupture"):
        return "rupture"
    families = sum(1 for k in WALL_FAMILIES if has(k))
    if families >= settings.wall_min_families and attended >= settings.min_attended:
        return "wall"
    if has("sudden_gain") or has("reliable_improvement"):
        return "breakthrough"
    if attended == 0:
        return "insufficient_data"
    if attended < settings.min_attended:
        return "early"
    return "on_track"


def assess(record: Record, as_of: dt.date | None = None, settings: Settings | None = None,
           reader: TextReader | None = None) -> Assessment:
    """Assess a record as of a date (default: its last date)."""
    settings = settings or Settings()
    if reader is None:
        from midcourse.text.reader import LexicalReader

        reader = LexicalReader()
    w = window(record, as_of, settings)
    facts = _text_facts(w, settings, reader)

    found: dict[str, list[Finding]] = {}

    def put(finding: Finding | None) -> None:
        if finding is not None:
            found.setdefault(finding.kind, []).append(finding)

    put(safety.crisis(w, settings, facts))
    summaries = measures.summarize(record, w, settings)
    for items in measures.findings(summaries, w).values():
        for item in items:
            put(item)
    put(alliance.fit_concern(w, settings, facts))
    for item in alliance.rupture_findings(w, settings):
        put(item)
    put(attendance.attendance(w, settings))
    put(walls.quitting(w, settings, facts))
    put(walls.surface(w, settings, facts))
    put(walls.stale(w, settings, facts))
    put(walls.irritation(w, settings, facts))
    put(_novelty(w, settings, reader))

    attended = len(w.attended())
    state = _state(found, attended, settings)
    ordered = [f for kind in FLAG_ORDER for f in found.get(kind, [])]
    ordered += [f for kind, items in found.items() if kind not in FLAG_ORDER for f in items]
    flags = [kind for kind in FLAG_ORDER if found.get(kind)]
    return Assessment(
        state=state, flags=flags, findings=ordered, next_step=NEXT_STEPS[state],
        conversation_starter=conversation_starter(state, ordered, w.as_of), as_of=w.as_of,
        measures=[m.to_dict() for m in summaries],
        resources=crisis_resources(settings.crisis_locale) if state == "crisis" else [],
        defense_profile=defenses.profile(record, w),
        window={"sessions": len(w.sessions), "attended": attended,
                "recent": [format_when(s.date) for s in w.recent],
                "baseline": [format_when(s.date) for s in w.baseline]},
    )
